"""French formatting shared by the annual review's sections (numbers, rates, dates, plurals), so
that every app writes its figures the same way in the review."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MONTHS = [
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


def number(value, digits: int = 0) -> str:
    """1 234 ; 4,1 (digits=1): a narrow no-break space for thousands, a comma for decimals."""
    quantum = Decimal(1).scaleb(-digits)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def percent(value, digits: int = 0) -> str:
    """ "93 %" (a no-break space before the sign); "—" without a value."""
    if value is None:
        return "—"
    return f"{number(value, digits)}\u00a0%"


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 réclamation", "30 réclamations"."""
    word = singular if count <= 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def date(day: dt.date) -> str:
    """ "5 juillet 2019", "1er juin 2019"."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"
