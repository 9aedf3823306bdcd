"""Working days of an organisation: Monday to Friday, minus the public holidays of its
département (from the `holidays` package), minus its own closure days.

Deadline rule used everywhere: a request received on day R with a delay of N working days is
due on the N-th working day strictly after R, so a request received on a Saturday or a holiday
is due on the same day as one received the working day before. The working days taken by an
answer are the working days in (received, answered].

The calendar keeps a sorted list of working days so that both operations are a bisection:
computing 10 million due dates for a national benchmark takes seconds, not hours.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from functools import cached_property

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
        return cls(
            organisation.departement,
            whit_monday_worked=organisation.whit_monday_worked,
            closure_days=organisation.closure_days.values_list("date", flat=True),
        )

    def _build(self) -> None:
        years = range(self.first_year, self.last_year + 1)
        non_working = set(public_holidays(self.departement, years))
        if self.whit_monday_worked:
            non_working -= {whit_monday(year) for year in years}
        non_working |= self.closure_days
        day = dt.date(self.first_year, 1, 1)
        end = dt.date(self.last_year, 12, 31)
        days: list[int] = []
        while day <= end:
            if day.weekday() < 5 and day not in non_working:
                days.append(day.toordinal())
            day += dt.timedelta(days=1)
        self._working_ordinals = days
        self._non_working = frozenset(non_working)

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
