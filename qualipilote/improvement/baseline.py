"""The indicators' side of "what changed since the previous self-assessment": the assessments
app, below the indicators, asks every AppConfig for `assessment_changes(organisation, since)`
(ImprovementConfig answers with this module)."""

from __future__ import annotations

from qualipilote.frameworks.scope import commitments_in_scope
from qualipilote.indicators.models import MonthClosure, MonthlyMeasurement

from .effectiveness import met_expression


def _status(met) -> str:
    if met is None:
        return "sans valeur ou sans objectif"
    return "objectif atteint" if met else "objectif manqué"


def indicator_changes(organisation, since) -> list[dict]:
    """The indicators linked to the scope's commitments whose status (target met or not) in the
    latest closed month differs from the one in the latest month closed before `since`."""
    codes = {
        code
        for codes in commitments_in_scope(organisation).values_list("indicator_codes", flat=True)
        for code in codes or []
    }
    closures = MonthClosure.objects.in_force().filter(organisation=organisation).order_by("-month")
    latest = closures.values_list("month", flat=True).first()
    before = closures.filter(closed_at__lt=since).values_list("month", flat=True).first()
    if not codes or latest is None or before is None or latest == before:
        return []
    rows = (
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, indicator__code__in=codes, month__in=[before, latest])
        .annotate(met=met_expression())
        .values_list("indicator__code", "indicator__label", "month", "met")
    )
    status: dict[str, dict] = {}
    for code, label, month, met in rows:
        status.setdefault(code, {"label": label})[month] = met
    changes = []
    for _code, found in sorted(status.items()):
        old, new = found.get(before), found.get(latest)
        if old != new:
            changes.append(
                {
                    "label": found["label"],
                    "before": f"{_status(old)} ({before:%m/%Y})",
                    "after": f"{_status(new)} ({latest:%m/%Y})",
                }
            )
    return changes
