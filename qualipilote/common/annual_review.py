"""The shape of the annual quality review's content, shared by every app that contributes to it.

The review app (top of the layers contract) renders the year's review as PDF and DOCX. It imports
no domain app to gather the content: each app's AppConfig may define

    def annual_review(self, organisation, year) -> list[ReviewSection]

and the review app collects the sections of every installed app, sorted by `order`. So the review
grows with the apps, each app owns what it says of itself, and the same content feeds both
formats. Everything here is plain text and numbers: the renderers escape it, so a foreword or a
complaint theme typed with HTML is shown as text.

Orders used (gaps leave room): 10 scope, 20 organisation and headcount, 30 steering and committees,
40 indicators, 50 satisfaction surveys, 55 public reviews, 60 mystery-shopper audits, 70 complaints
and suggestions, 80 action plan, 85 audits, 90 emergency communication, 100 documents,
110 training, 120 eco-responsibility, 130 upcoming milestones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ReviewTable:
    """A table: one header row, then rows of cells already formatted in French (texts), so the PDF
    and the DOCX show the same thing. `caption` says what the table is."""

    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ReviewBar:
    label: str
    value: Decimal | float | int | None  # None: no figure (drawn as "—", never as zero)
    target: Decimal | float | int | None = None


@dataclass(frozen=True)
class ReviewChart:
    """A horizontal bar chart, drawn the same way in both formats. `unit` is shown after values
    ("%", "j", "")."""

    title: str
    bars: list[ReviewBar]
    unit: str = "%"
    maximum: Decimal | float | int | None = None  # None: 100 for "%", else the largest value


@dataclass(frozen=True)
class ReviewSection:
    order: int
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[ReviewTable] = field(default_factory=list)
    charts: list[ReviewChart] = field(default_factory=list)
    # Said instead of empty tables when the app has nothing for the year: the review states it in
    # words ("Aucune enquête de satisfaction n'a été menée en 2019.").
    empty_statement: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.paragraphs or self.tables or self.charts)
