"""Months as the indicators count them: a month is its first day (a `date`)."""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
SHORT_MONTH_NAMES = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]
MAX_MONTHS = 60
_MONTH_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"),
    re.compile(r"^(?P<month>\d{1,2})/(?P<year>\d{4})$"),
)


def month_of(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every month from `start` to `end`, both included."""
    months = []
    month = month_of(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def parse_month(value) -> dt.date:
    """ "2019-01", "01/2019" or a date (its month). Raises ValueError with a French message."""
    if isinstance(value, dt.datetime):
        return month_of(value.date())
    if isinstance(value, dt.date):
        return month_of(value)
    text = str(value or "").strip()
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match["year"]), int(match["month"])
            if 1 <= month <= 12 and year >= 2000:
                return dt.date(year, month, 1)
    raise ValueError(f"« {text} » n'est pas un mois (attendu AAAA-MM, par exemple 2019-01).")


def format_month(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def month_label(month: dt.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def short_month_label(month: dt.date) -> str:
    return f"{SHORT_MONTH_NAMES[month.month - 1]} {month.year}"
