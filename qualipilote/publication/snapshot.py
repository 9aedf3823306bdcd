"""What a publication shows, computed from the organisation's data at one instant.

`build_content` reads the labelling scope's commitments, the results of the latest closed month of
the indicators (only those chosen, only those with data), and the latest closed survey wave's
satisfaction questions (rates with the number of answers behind them, counted in the database by
surveys.results). The result is plain JSON (numbers as decimal strings) so that it can be frozen
in `Publication.content` and read back identically later, whatever happens to the data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from qualipilote.frameworks.scope import commitments_in_scope, scope_of
from qualipilote.indicators.enums import Aggregate, Method
from qualipilote.indicators.models import Indicator, MonthClosure
from qualipilote.indicators.periods import month_label
from qualipilote.indicators.table import build_table
from qualipilote.surveys.enums import QuestionKind, Satisfaction
from qualipilote.surveys.models import Survey
from qualipilote.surveys.results import question_results

OVERALL_INDICATOR = "overall_satisfaction_rate"
DISSATISFIED_CODES = (Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(Decimal("0.01")), "f")


def publishable_indicators():
    return Indicator.objects.active().in_table_order()


def latest_closed_month(organisation) -> dt.date | None:
    closure = (
        MonthClosure.objects.in_force().filter(organisation=organisation).order_by("-month").first()
    )
    return closure.month if closure is not None else None


def latest_closed_wave(organisation) -> Survey | None:
    return (
        Survey.objects.filter(organisation=organisation, closed_at__isnull=False)
        .order_by("-closes_on", "-closed_at", "-pk")
        .first()
    )


def commitments_part(organisation) -> dict | None:
    scope = scope_of(organisation)
    if scope is None:
        return None
    items = [
        {"number": c.number, "title": c.title}
        for c in commitments_in_scope(organisation).only("number", "title")
    ]
    return {"framework": str(scope.version), "items": items} if items else None


def indicators_part(organisation, codes, *, today: dt.date) -> dict | None:
    month = latest_closed_month(organisation)
    if month is None or not codes:
        return None
    table = build_table(organisation, month, month, today=today)
    rows, omitted = [], []
    for row in table.rows:
        indicator = row.indicator
        if indicator.code not in codes:
            continue
        if row.result_value is None:
            omitted.append(indicator.label)  # no data that month: not published, never zero
            continue
        figure = row.result
        rows.append(
            {
                "code": indicator.code,
                "label": indicator.label,
                "unit": indicator.unit,
                "value": _text(row.result_value),
                "numerator": _text(figure.numerator),
                "denominator": _text(figure.denominator) if figure.denominator else None,
                "denominator_label": indicator.denominator_label,
                "target": indicator.target_display(),
                "status": row.status,
                "register": indicator.register,
                "on_time_rate": indicator.method == Method.COMPUTED
                and indicator.aggregate == Aggregate.RATE,
            }
        )
    return {
        "month": month.isoformat(),
        "month_label": month_label(month),
        "rows": rows,
        "omitted": omitted,
    }


def survey_part(organisation) -> dict | None:
    wave = latest_closed_wave(organisation)
    if wave is None:
        return None
    results = question_results(wave, comments=False)
    questions = []
    for result in results.questions:
        if result.kind != QuestionKind.SATISFACTION or not result.answers_with_opinion:
            continue
        dissatisfied = sum(c.count for c in result.counts if c.code in DISSATISFIED_CODES)
        indicator = result.question.feeds_indicator
        questions.append(
            {
                "code": result.code,
                "label": result.label,
                "answers_with_opinion": result.answers_with_opinion,
                "satisfied": result.satisfied,
                "dissatisfied": dissatisfied,
                "rate": _text(result.satisfaction_rate),
                "overall": indicator is not None and indicator.code == OVERALL_INDICATOR,
            }
        )
    if not questions:
        return None
    return {
        "title": wave.title,
        "opens_on": wave.opens_on.isoformat(),
        "closes_on": wave.closes_on.isoformat(),
        "responses": results.responses,
        "questions": questions,
    }


def build_content(organisation, *, indicator_codes, include_commitments, include_survey) -> dict:
    today = timezone.localdate()
    return {
        "organisation": {"code": organisation.code, "name": organisation.name},
        "computed_at": timezone.now().isoformat(),
        "commitments": commitments_part(organisation) if include_commitments else None,
        "indicators": indicators_part(organisation, set(indicator_codes), today=today),
        "survey": survey_part(organisation) if include_survey else None,
    }


def has_figures(content: dict) -> bool:
    return bool(
        content.get("commitments")
        or (content.get("indicators") or {}).get("rows")
        or content.get("survey")
    )
