"""Checks every input from outside goes through (forms, API, imports), whatever app it fills.

Two rules the whole project shares, so that a form, the API and an import give the same answer:
- text never carries control characters (a vertical tab pasted from a document, a NUL byte in a
  file): they break the XLSX exports and PostgreSQL refuses NUL. Tab, line feed and carriage
  return are ordinary text and are kept;
- a number fits the column it goes to: finite, with no more digits than the database keeps.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

# C0 controls but tab (\x09), line feed (\x0a) and carriage return (\x0d); DEL and C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character_error(text: str) -> str | None:
    """A French sentence naming the first control character of `text`, or None if it has none."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    return (
        f"contient un caractère de contrôle invisible (U+{ord(found.group()):04X}) : "
        "retirez-le ou retapez le texte."
    )


def decimal_bounds_error(value, *, max_digits: int, decimal_places: int) -> str | None:
    """A French sentence if `value` cannot be stored in a DecimalField(max_digits,
    decimal_places): not finite, or too many digits before the decimal point. None if it fits
    (extra decimals are the caller's to round)."""
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return "n'est pas un nombre."
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        return "doit être un nombre fini."
    limit = Decimal(10) ** (max_digits - decimal_places)
    if abs(number) >= limit:
        return f"doit être inférieur à {_french_integer(limit)} en valeur absolue."
    return None


def _french_integer(number: Decimal | int) -> str:
    return f"{int(number):,}".replace(",", "\u202f")


def integer_bounds_error(
    value: int, *, minimum: int | None = None, maximum: int | None = None
) -> str | None:
    """A French sentence if the integer `value` is outside [minimum, maximum] (an integer
    column's range, e.g. 0 to 32,767 for a PositiveSmallIntegerField), None if it fits."""
    if minimum is not None and value < minimum:
        return f"doit être supérieur ou égal à {_french_integer(minimum)}."
    if maximum is not None and value > maximum:
        return f"doit être inférieur ou égal à {_french_integer(maximum)}."
    return None
