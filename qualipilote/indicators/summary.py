"""Last month's indicators against their targets, for the organisation's home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from .enums import Status
from .periods import add_months, month_of
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
