"""Working days of an organisation: Monday to Friday, minus the public holidays of its
département (from the `holidays` package), minus its own closure days.

Deadline rule used everywhere: a request received on day R with a delay of N working days is
due on the N-th working day strictly after R, so a request received on a Saturday or a holiday
is due on the same day as one received the working day before. The working days taken by an
answer are the working days in (received, answered].

The calendar keeps a sorted list of working days so that both operations are a bisection:
computing 10 million due dates for a national benchmark takes seconds, not hours.

Building it (about 15 years of holidays) costs milliseconds, too much for every record saved and
every page: `WorkingCalendar.for_organisation` keeps each organisation's calendar in a memo of
the process, and the registers keep their deadline rules and sampling plans there too
(`remember`). A copy is keyed by what it was built from that the organisation's row carries
(département, Whit Monday setting) and by `Organisation.calendar_version`, a random stamp that
every change of the other settings (closure days, deadline rules, sampling plans) renews with
`invalidate`, in the transaction of the change. Every process reads the organisation's row for
each request anyway, so every app server sees the new stamp and builds again: nothing to clear
elsewhere, no shared cache to reach, and a rolled-back change leaves a stamp nobody will read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import uuid
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any

import holidays
from dateutil.easter import easter

# `holidays` names Alsace (Bas-Rhin 67, Haut-Rhin 68) "6AE"; Moselle and the overseas
# départements keep their own number.
HOLIDAY_SUBDIVISIONS = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
}

FIRST_YEAR = 2015
YEARS_AHEAD = 3
# Organisations whose calendar a process keeps (about 20 kB each); the least recently used goes.
MEMO_SIZE = 1024


def whit_monday(year: int) -> dt.date:
    return easter(year) + dt.timedelta(days=50)


def public_holidays(departement: str, years: Iterable[int]) -> dict[dt.date, str]:
    return dict(
        holidays.France(
            years=list(years), subdiv=HOLIDAY_SUBDIVISIONS.get(departement), language="fr"
        )
    )


class WorkingCalendar:
    def __init__(
        self,
        departement: str,
        *,
        whit_monday_worked: bool = False,
        closure_days: Iterable[dt.date] = (),
        last_year: int | None = None,
    ):
        self.departement = departement
        self.whit_monday_worked = whit_monday_worked
        self.closure_days = frozenset(closure_days)
        self.first_year = FIRST_YEAR
        self.last_year = last_year or dt.date.today().year + YEARS_AHEAD
        self._build()

    @classmethod
    def for_organisation(cls, organisation) -> WorkingCalendar:
        """The organisation's calendar, built once per process and settings version."""
        return remember(
            organisation,
            "working_calendar",
            lambda: cls(
                organisation.departement,
                whit_monday_worked=organisation.whit_monday_worked,
                closure_days=organisation.closure_days.values_list("date", flat=True),
            ),
        )

    def _build(self) -> None:
        years = range(self.first_year, self.last_year + 1)
        non_working = set(public_holidays(self.departement, years))
        if self.whit_monday_worked:
            non_working -= {whit_monday(year) for year in years}
        non_working |= self.closure_days
        day = dt.date(self.first_year, 1, 1)
        end = dt.date(self.last_year, 12, 31)
        days = array("i")  # a quarter of a list's memory: calendars are kept (see `remember`)
        while day <= end:
            if day.weekday() < 5 and day not in non_working:
                days.append(day.toordinal())
            day += dt.timedelta(days=1)
        # Replaced whole, never modified: another thread reading the calendar meanwhile keeps a
        # consistent copy (a longer calendar only adds days after the last one).
        self._non_working = frozenset(non_working)
        self._working_ordinals = days

    def _ensure_covers(self, day: dt.date) -> None:
        if day.year < self.first_year:
            raise ValueError(f"Date antérieure à {self.first_year} : {day:%d/%m/%Y}.")
        if day.year + 1 > self.last_year:
            self.last_year = day.year + YEARS_AHEAD
            self._build()

    @cached_property
    def holidays(self) -> dict[dt.date, str]:
        return public_holidays(self.departement, range(self.first_year, self.last_year + 1))

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self._non_working

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day strictly after `start` (count >= 1)."""
        if count < 1:
            raise ValueError("Un délai se compte en jours ouvrés, au moins un.")
        self._ensure_covers(start)
        index = bisect.bisect_right(self._working_ordinals, start.toordinal()) + count - 1
        while index >= len(self._working_ordinals):
            self.last_year += YEARS_AHEAD
            self._build()
        return dt.date.fromordinal(self._working_ordinals[index])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; 0 when end is not after start."""
        if end <= start:
            return 0
        self._ensure_covers(start)
        self._ensure_covers(end)
        return bisect.bisect_right(self._working_ordinals, end.toordinal()) - bisect.bisect_right(
            self._working_ordinals, start.toordinal()
        )


# --- One calendar per organisation and process ------------------------------------------------


class ProcessMemo:
    """Values built from an organisation's calendar settings, kept by this process (threads
    share them: they are never modified once built), least recently used dropped first."""

    def __init__(self, size: int = MEMO_SIZE):
        self.size = size
        self._values: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = build()  # outside the lock: building reads the database
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


_memo = ProcessMemo()


def settings_key(organisation) -> tuple:
    """What an organisation's calendar and register settings were built from, as its row says."""
    return (
        organisation.pk,
        organisation.calendar_version,
        organisation.departement,
        organisation.whit_monday_worked,
    )


def remember(organisation, name: str, build: Callable[[], Any]) -> Any:
    """`build()`, kept for `organisation` under `name` until its settings change.

    An organisation not saved yet has no settings of its own to key on: built every time."""
    if organisation.pk is None:
        return build()
    return _memo.get((name, *settings_key(organisation)), build)


def invalidate(organisation) -> None:
    """Makes every process build `organisation`'s calendar and register settings again.

    Call it in the transaction that changes its closure days, deadline rules or sampling plans
    (their models call it on save and delete, so the admin and the shell do too) or, for
    clarity, its département or Whit Monday setting (these two are part of the key already).
    `organisation` gets the new stamp, so the caller's next `for_organisation` sees the change.
    """
    organisation.calendar_version = stamp_new_version(organisation.pk)


def stamp_new_version(organisation_id: int) -> uuid.UUID:
    """Writes a new `calendar_version` on the organisation's row; returns it."""
    from .models import Organisation

    version = uuid.uuid4()
    Organisation.objects.filter(pk=organisation_id).update(calendar_version=version)
    return version


def invalidate_on_change(sender, instance, **kwargs) -> None:
    """post_save / post_delete receiver of the models that hold calendar settings (an
    `organisation` foreign key): the organisation's instance, when loaded, gets the stamp too."""
    if type(instance).organisation.is_cached(instance):
        invalidate(instance.organisation)
    else:
        stamp_new_version(instance.organisation_id)
