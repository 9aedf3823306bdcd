"""Demo figures of the indicators, loaded by `manage.py load_demo` (IndicatorsConfig.load_demo).

Haute-Savoie (pref-74), January–July 2019: the entered indicators of the 2019 report's table.
The report gives percentages only; the numerator/denominator pairs below were chosen (within
plausible volumes) so that every month reproduces the report's percentage to 2 decimals AND the
ratio of sums over the seven months reproduces its "Résultats" column (93,54 %, 9,38 %, 2,32 %)
— which a mean of the monthly percentages would not (93,52 % and 2,30 %). Digital access point
visitors are the report's counts; the satisfaction survey (June/July 2019) is put in July.

Both demo organisations also get the last four finished months (deterministic values), the
last one without the digital access point figures so that the missing-figures list has
something to show. Computed measurements are then stored, and a few months closed.
Loading twice changes nothing: existing figures and months already closed once are left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from qualipilote.indicators.catalogue import load_catalogue
from qualipilote.indicators.enums import Source
from qualipilote.indicators.models import Indicator, MonthClosure, MonthlyMeasurement
from qualipilote.indicators.periods import add_months, month_of
from qualipilote.indicators.services import (
    EnteredFigure,
    close_month,
    record_entered_figure,
    refresh_measurements,
)
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership

REPORT_2019 = "Bilan Qual-e-pref 2019 de la Haute-Savoie (données de démonstration)"
# (numerator, denominator) per month, January to July 2019.
PHONE_2019 = [
    (4699, 5090),  # 92,32 %
    (4616, 4937),  # 93,50 %
    (3835, 4125),  # 92,97 %
    (5838, 6217),  # 93,90 %
    (3791, 4037),  # 93,91 %
    (5383, 5728),  # 93,98 %
    (4617, 4908),  # 94,07 %  → 32 779 / 35 042 = 93,54 %
]
WEBSITE_2019 = [
    (11514, 130392),  # 8,83 %
    (7810, 107572),  # 7,26 %
    (9910, 121441),  # 8,16 %
    (14470, 110287),  # 13,12 %
    (8845, 109876),  # 8,05 %
    (12810, 136281),  # 9,40 %
    (13314, 123046),  # 10,82 %  → 78 673 / 838 895 = 9,38 %
]
SOCIAL_2019 = [
    (975, 45357),  # 2,15 %
    (758, 42566),  # 1,78 %
    (1478, 60819),  # 2,43 %
    (1486, 65453),  # 2,27 %
    (1419, 66020),  # 2,15 %
    (1579, 61218),  # 2,58 %
    (1541, 56026),  # 2,75 %  → 9 236 / 397 459 = 2,32 %
]
VISITORS_2019 = [223, 196, 306, 188, 194, 193, 248]
SATISFACTION_JULY_2019 = (42, 42)  # 100,00 % (the report gives the rate only)
CLOSED_2019 = range(1, 7)  # January–June 2019 closed; July left open
RATIO_SOURCES = {
    "phone_answer_rate": (PHONE_2019, Source.IMPORTED),
    "website_visit_share": (WEBSITE_2019, Source.IMPORTED),
    "social_engagement_rate": (SOCIAL_2019, Source.IMPORTED),
}


def load_demo(organisations, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if not Indicator.objects.exists():
        load_catalogue()
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for organisation in organisations:
        with transaction.atomic():
            figures = _recent_figures(organisation, indicators, today)
            if organisation.code == "pref-74":
                figures = _report_2019_figures(indicators) + figures
            _record_missing_ones(organisation, figures, today)
    if organisations:
        refresh_measurements(
            start=dt.date(2019, 1, 1),
            end=month_of(today),
            today=today,
            organisations=[organisation.pk for organisation in organisations],
        )
    for organisation in organisations:
        _close_demo_months(organisation, today)


def _report_2019_figures(indicators) -> list[tuple[EnteredFigure, str]]:
    figures = []
    for code, (pairs, source) in RATIO_SOURCES.items():
        for month, (numerator, denominator) in enumerate(pairs, 1):
            figure = EnteredFigure(
                indicator=indicators[code],
                month=dt.date(2019, month, 1),
                numerator=Decimal(numerator),
                denominator=Decimal(denominator),
                source_detail=REPORT_2019,
            )
            figures.append((figure, source))
    for month, visitors in enumerate(VISITORS_2019, 1):
        figure = EnteredFigure(
            indicator=indicators["digital_point_visitors"],
            month=dt.date(2019, month, 1),
            value=Decimal(visitors),
            source_detail=REPORT_2019,
        )
        figures.append((figure, Source.ENTERED))
    satisfied, answers = SATISFACTION_JULY_2019
    figure = EnteredFigure(
        indicator=indicators["digital_point_satisfaction_rate"],
        month=dt.date(2019, 7, 1),
        numerator=Decimal(satisfied),
        denominator=Decimal(answers),
        source_detail=f"Enquête de satisfaction juin/juillet 2019 — {REPORT_2019}",
    )
    figures.append((figure, Source.ENTERED))
    return figures


def _recent_figures(organisation, indicators, today) -> list[tuple[EnteredFigure, str]]:
    """The last four finished months; the digital access point of last month is left missing."""
    rng = random.Random(f"indicators-demo-{organisation.code}")
    figures = []
    for months_ago in range(4, 0, -1):
        month = add_months(month_of(today), -months_ago)
        detail = f"Démonstration — extraction de {month:%m/%Y}"
        received = rng.randint(4200, 6400)
        visits = rng.randint(95000, 140000)
        impressions = rng.randint(40000, 70000)
        ratios = {
            "phone_answer_rate": (round(received * rng.uniform(0.87, 0.96)), received),
            "website_visit_share": (round(visits * rng.uniform(0.06, 0.12)), visits),
            "social_engagement_rate": (round(impressions * rng.uniform(0.017, 0.03)), impressions),
        }
        for code, (numerator, denominator) in ratios.items():
            figure = EnteredFigure(
                indicator=indicators[code],
                month=month,
                numerator=Decimal(numerator),
                denominator=Decimal(denominator),
                source_detail=detail,
            )
            figures.append((figure, Source.IMPORTED))
        if months_ago == 1:
            continue
        visitors = EnteredFigure(
            indicator=indicators["digital_point_visitors"],
            month=month,
            value=Decimal(rng.randint(150, 320)),
            source_detail=detail,
        )
        figures.append((visitors, Source.ENTERED))
        answers = rng.randint(20, 45)
        satisfaction = EnteredFigure(
            indicator=indicators["digital_point_satisfaction_rate"],
            month=month,
            numerator=Decimal(answers - rng.randint(0, 6)),
            denominator=Decimal(answers),
            source_detail=f"Questionnaire du point numérique — {detail}",
        )
        figures.append((satisfaction, Source.ENTERED))
    return figures


def _record_missing_ones(organisation, figures, today) -> None:
    present = set(
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation)
        .values_list("indicator_id", "month")
    )
    for figure, source in figures:
        if (figure.indicator.pk, figure.month) in present:
            continue
        record_entered_figure(organisation, figure, user=None, source=source, today=today)


def _close_demo_months(organisation, today) -> None:
    """Haute-Savoie's January–June 2019 and, for both, the third and fourth months before today;
    a month closed once (even reopened since) is left as the users left it."""
    months = [add_months(month_of(today), -4), add_months(month_of(today), -3)]
    if organisation.code == "pref-74":
        months = [dt.date(2019, month, 1) for month in CLOSED_2019] + months
    already = set(
        MonthClosure.objects.filter(organisation=organisation).values_list("month", flat=True)
    )
    lead = (
        Membership.objects.filter(organisation=organisation, role=Role.QUALITY_LEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    for month in months:
        if month not in already:
            close_month(organisation, month, user=lead.user if lead else None, today=today)
