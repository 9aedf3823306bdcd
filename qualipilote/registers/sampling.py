"""Sampling (échantillonnage): an organisation may follow its e-mails or letters on one week a
month (memo of 5 July 2019: "le suivi peut être effectué sur un échantillonnage équivalent à une
semaine par mois"). It is the organisation's choice, per register and dated (`SamplingPlan`);
the records received in the sampled week are flagged from their date of receipt, never by hand.

Definitions (stated in French on the sampling page):
- a *full week* runs from Monday to Sunday with its seven days in the month, so the first full
  week starts on the month's first Monday; every month has three full weeks, some four;
- a plan samples the first, second, third or last full week of each month it covers; public
  holidays and closure days do not move the week (it simply has fewer working days);
- a plan starts on the first day of a month and ends on the last day of a month (or never), so a
  month is either under a plan or not;
- a record's `sampled` flag is True when it was received in the sampled week of a month under a
  plan of its register, False when received in such a month outside that week, and None when no
  plan covers its month: then every record counts.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
from collections import defaultdict

from .enums import SampledRegister, SampledWeek

SAMPLED_REGISTERS = frozenset(SampledRegister.values)
WEEK_INDEX = {SampledWeek.FIRST: 0, SampledWeek.SECOND: 1, SampledWeek.THIRD: 2}


def full_weeks(year: int, month: int) -> list[dt.date]:
    """The Mondays of the month's full weeks (Monday to Sunday inside the month)."""
    first = dt.date(year, month, 1)
    monday = first + dt.timedelta(days=-first.weekday() % 7)
    last_day = dt.date(year, month, calendar.monthrange(year, month)[1])
    mondays = []
    while monday + dt.timedelta(days=6) <= last_day:
        mondays.append(monday)
        monday += dt.timedelta(days=7)
    return mondays


@functools.lru_cache(maxsize=4096)
def sampled_week(week: str, year: int, month: int) -> tuple[dt.date, dt.date]:
    """(Monday, Sunday) of the sampled week of a month."""
    mondays = full_weeks(year, month)
    monday = mondays[-1] if week == SampledWeek.LAST else mondays[WEEK_INDEX[week]]
    return monday, monday + dt.timedelta(days=6)


def is_first_of_month(day: dt.date) -> bool:
    return day.day == 1


def is_last_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


class SamplingBook:
    """The sampling plans of one organisation, by register, sorted by start date: answers for
    any record whether it is in the sample, without a query."""

    def __init__(self, plans):
        self._by_register: dict[str, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
        for plan in sorted(plans, key=lambda p: p.valid_from):
            self._by_register[plan.register].append((plan.valid_from, plan.valid_until, plan.week))
        self._starts = {
            register: [start for start, _end, _week in periods]
            for register, periods in self._by_register.items()
        }

    def status(self, register: str, received_on: dt.date) -> bool | None:
        """True: in the sampled week; False: in a sampled month, outside the week; None: no
        plan covers the month (every record counts)."""
        starts = self._starts.get(register)
        if not starts:
            return None
        index = bisect.bisect_right(starts, received_on) - 1
        if index < 0:
            return None
        _start, end, week = self._by_register[register][index]
        if end is not None and received_on > end:
            return None
        monday, sunday = sampled_week(week, received_on.year, received_on.month)
        return monday <= received_on <= sunday
