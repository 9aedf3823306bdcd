"""Last month's indicators against their targets, for the organisation's home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from qualipilote.organisations.permissions import CLOSE_MONTHS, ENTER_MEASUREMENTS

from .enums import Status
from .models import MonthClosure
from .periods import add_months, month_label, month_of
from .services import closable_months, missing_figures
from .table import Row, build_table


@dataclass
class MonthSummary:
    month: dt.date
    rows: list[Row] = field(default_factory=list)

    def _count(self, status) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def met(self) -> int:
        return self._count(Status.MET)

    @property
    def not_met(self) -> int:
        return self._count(Status.NOT_MET)

    @property
    def no_data(self) -> int:
        return self._count(Status.NO_DATA)

    @property
    def below_target(self) -> list[Row]:
        return [row for row in self.rows if row.status == Status.NOT_MET]


def last_month_summary(organisation, today: dt.date) -> MonthSummary:
    month = add_months(month_of(today), -1)
    table = build_table(organisation, month, month, today=today)
    return MonthSummary(month, table.rows)


def home_panel(request):
    summary = last_month_summary(request.organisation, timezone.localdate())
    return {
        "title": "Indicateurs du mois dernier",
        "url": reverse("indicators:dashboard", kwargs={"org_code": request.organisation.code}),
        "template": "indicators/home_panel.html",
        "month": summary.month,
        "rows": summary.rows,
        "met": summary.met,
        "not_met": summary.not_met,
        "no_data": summary.no_data,
        "below_target": summary.below_target,
    }


def work_queue(request) -> list[dict]:
    """The indicators' part of the signed-in person's work queue (organisations' home page):
    last month's entered figures still missing (ENTER_MEASUREMENTS), and the finished months of
    the last twelve not closed yet (CLOSE_MONTHS). Each count links to the page where it is
    done."""
    membership = request.membership
    if membership is None:
        return []
    organisation = request.organisation
    today = timezone.localdate()
    counts = []
    if membership.can(ENTER_MEASUREMENTS):
        last_month = add_months(month_of(today), -1)
        missing = missing_figures(organisation, [last_month]).get(last_month, [])
        counts.append(
            {
                "label": f"Chiffres à saisir pour {month_label(last_month)}",
                "count": len(missing),
                "url": reverse("indicators:figures", kwargs={"org_code": organisation.code}),
                "urgent": bool(missing),
            }
        )
    if membership.can(CLOSE_MONTHS):
        closable = closable_months(today, 12)
        closed = set(
            MonthClosure.objects.in_force()
            .filter(organisation=organisation, month__in=closable)
            .values_list("month", flat=True)
        )
        to_close = len([month for month in closable if month not in closed])
        counts.append(
            {
                "label": "Mois terminés à clôturer (douze derniers)",
                "count": to_close,
                "url": reverse("indicators:months", kwargs={"org_code": organisation.code}),
                "urgent": False,
            }
        )
    if not counts:
        return []
    return [{"key": "indicators", "title": "Indicateurs", "counts": counts}]
