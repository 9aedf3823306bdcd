"""The review's content: every installed app's sections (AppConfig.annual_review), in order,
with the quality lead's foreword and conclusion. The same content feeds the PDF and the DOCX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

from qualipilote.common.annual_review import ReviewSection


@dataclass
class ReviewContent:
    organisation: object
    year: int
    foreword: str
    conclusion: str
    sections: list[ReviewSection]
    generated_at: dt.datetime = field(default_factory=timezone.localtime)

    @property
    def title(self) -> str:
        return f"Bilan annuel de la qualité {self.year}"

    @property
    def subtitle(self) -> str:
        name = self.organisation.name_with_article
        return name[:1].upper() + name[1:]

    @property
    def has_data(self) -> bool:
        return any(not section.is_empty for section in self.sections)


def contributors() -> list:
    return [config for config in apps.get_app_configs() if hasattr(config, "annual_review")]


def collect_sections(
    organisation, year: int, progress: Callable[[int, int, str], None] | None = None
) -> list[ReviewSection]:
    """Every app's sections for the year, sorted by order (then title, for a stable document)."""
    sections: list[ReviewSection] = []
    configs = contributors()
    for index, config in enumerate(configs):
        if progress is not None:
            progress(index, len(configs), str(config.verbose_name))
        sections += list(config.annual_review(organisation, year) or [])
    return sorted(sections, key=lambda section: (section.order, section.title))


def build_content(organisation, year: int, *, foreword="", conclusion="", progress=None):
    return ReviewContent(
        organisation=organisation,
        year=year,
        foreword=foreword,
        conclusion=conclusion,
        sections=collect_sections(organisation, year, progress),
    )
