"""Closed months as evidence: the values frozen at closing, the commitments each one proves, and
how today's recomputation from the registers compares with them.

The frozen values are read from the closure's snapshot (what was kept at closing, with its
source), never recomputed; the live figure is computed beside it so that a register record
changed after closing shows as a difference instead of silently rewriting the month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps

from .catalogue import commitment_ref_labels, linked_commitments
from .computation import computed_figures
from .enums import Source
from .models import Indicator, MonthClosure, format_value


@dataclass
class FrozenFigure:
    indicator: Indicator
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    sampled: bool
    source: str
    source_detail: str
    references: list[str]
    commitments: list
    live_value: Decimal | None = None
    live_differs: bool = False

    @property
    def formatted(self) -> str:
        return format_value(self.value, self.indicator.unit)

    @property
    def live_formatted(self) -> str:
        return format_value(self.live_value, self.indicator.unit)

    @property
    def source_label(self) -> str:
        return Source(self.source).label if self.source in Source.values else self.source


@dataclass
class ClosureEvidence:
    closure: MonthClosure
    figures: list[FrozenFigure] = field(default_factory=list)
    missing: list[Indicator] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return sum(1 for figure in self.figures if figure.live_differs)


def _scope_version_id(organisation):
    """The framework version of the organisation's labelling scope, if the frameworks app has
    one for it (resolved lazily: the frameworks app may be absent from a deployment)."""
    try:
        scope_model = apps.get_model("frameworks", "LabellingScope")
    except LookupError:
        return None
    scopes = scope_model.objects.filter(organisation=organisation)
    return scopes.values_list("version_id", flat=True).first()


def _decimal(text) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


def _rounded(value: Decimal | None):
    return None if value is None else round(value, 2)


def closure_evidence(organisation, closures: list[MonthClosure], today: dt.date):
    """One ClosureEvidence per closure, in the order given: a few queries whatever the count
    (the catalogue, one aggregate per register model, the linked commitments per indicator)."""
    if not closures:
        return []
    indicators = list(Indicator.objects.monthly().in_table_order())
    by_code = {indicator.code: indicator for indicator in indicators}
    months = [closure.month for closure in closures]
    live = computed_figures(
        indicators, start=min(months), end=max(months), today=today, organisation=organisation
    )
    links: dict[str, tuple[list[str], list]] = {}
    scope_version_id = _scope_version_id(organisation)

    def links_of(indicator):
        if indicator.code not in links:
            commitments = linked_commitments(indicator)
            # The commitments of the framework the organisation is labelled against, when it
            # has chosen one and the indicator proves some of them; every linked one otherwise.
            in_scope = [c for c in commitments if c.version_id == scope_version_id]
            links[indicator.code] = (commitment_ref_labels(indicator), in_scope or commitments)
        return links[indicator.code]

    result = []
    for closure in closures:
        evidence = ClosureEvidence(closure)
        frozen_codes = set()
        for item in closure.snapshot:
            indicator = by_code.get(item["code"])
            if indicator is None:
                continue  # an indicator removed from the catalogue since
            frozen_codes.add(indicator.code)
            evidence.figures.append(
                _frozen_figure(indicator, item, live, organisation, closure.month, links_of)
            )
        # A computed indicator without records at closing had no data; records added since
        # would show as a difference too.
        for indicator in indicators:
            if not indicator.is_computed or indicator.code in frozen_codes:
                continue
            figure = live[indicator.code].get((organisation.pk, closure.month))
            if figure is not None:
                references, commitments = links_of(indicator)
                evidence.figures.append(
                    FrozenFigure(
                        indicator=indicator,
                        value=None,
                        numerator=None,
                        denominator=None,
                        sampled=False,
                        source=Source.COMPUTED,
                        source_detail="",
                        references=references,
                        commitments=commitments,
                        live_value=indicator.value_of(figure.numerator, figure.denominator),
                        live_differs=True,
                    )
                )
        evidence.figures.sort(key=lambda figure: (figure.indicator.position, figure.indicator.code))
        evidence.missing = [by_code[code] for code in closure.missing if code in by_code]
        result.append(evidence)
    return result


def _frozen_figure(indicator, item, live, organisation, month, links_of) -> FrozenFigure:
    references, commitments = links_of(indicator)
    frozen = FrozenFigure(
        indicator=indicator,
        value=_decimal(item.get("value")),
        numerator=_decimal(item.get("numerator")),
        denominator=_decimal(item.get("denominator")),
        sampled=bool(item.get("sampled")),
        source=item.get("source", ""),
        source_detail=item.get("source_detail", ""),
        references=references,
        commitments=commitments,
    )
    if indicator.is_computed:
        figure = live[indicator.code].get((organisation.pk, month))
        frozen.live_value = (
            indicator.value_of(figure.numerator, figure.denominator) if figure else None
        )
        frozen.live_differs = _rounded(frozen.live_value) != _rounded(frozen.value)
    return frozen
