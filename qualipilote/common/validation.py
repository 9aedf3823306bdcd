"""Checks every input from outside goes through (forms, API, imports), whatever app it fills.

Two rules the whole project shares, so that a form, the API and an import give the same answer:
- text never carries control characters (a vertical tab pasted from a document, a NUL byte in a
  file): they break the XLSX exports and PostgreSQL refuses NUL. Tab, line feed and carriage
  return are ordinary text and are kept;
- a number fits the column it goes to: finite, with no more digits than the database keeps.
  The bounds are read from the model field (`column_decimal_bounds`, `integer_column_range`),
  never copied by hand, so that a migration changing a column changes every check.

The messages are the end of a French sentence whose subject the caller gives: the field's
label in a form, its name in the API (`named`), the line and column in an import.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db.backends.base.operations import BaseDatabaseOperations

# C0 controls but tab (\x09), line feed (\x0a) and carriage return (\x0d); DEL and C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character_error(value) -> str | None:
    """A French sentence naming the first control character of `value`, or None if it has none.

    `value` is a text, or what a form or a JSON body carries: lists and mappings of texts
    (checked all the way down, keys included); numbers, booleans, files and None have none."""
    if isinstance(value, str):
        found = CONTROL_CHARACTERS.search(value)
        if found is None:
            return None
        return (
            f"contient un caractère de contrôle invisible (U+{ord(found.group()):04X}) : "
            "retirez-le ou retapez le texte."
        )
    if isinstance(value, Mapping):
        parts = [part for item in value.items() for part in item]
    elif isinstance(value, list | tuple):
        parts = value
    else:
        return None
    return next(filter(None, map(control_character_error, parts)), None)


def named(name: str, message: str) -> str:
    """The message with its subject: « numerator » doit être un nombre fini."""
    return f"« {name} » {message}"


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
    limit = decimal_limit(max_digits, decimal_places)
    if abs(number) >= limit:
        return f"doit être inférieur à {_french_integer(limit)} en valeur absolue."
    return None


def decimal_limit(max_digits: int, decimal_places: int) -> Decimal:
    """The smallest number a DecimalField(max_digits, decimal_places) cannot hold."""
    return Decimal(10) ** (max_digits - decimal_places)


def column_decimal_bounds(model_field) -> dict[str, int]:
    """{max_digits, decimal_places} of a model DecimalField, for decimal_bounds_error and the
    form and API fields built from it."""
    return {"max_digits": model_field.max_digits, "decimal_places": model_field.decimal_places}


def column_decimal_error(model_field, value) -> str | None:
    """decimal_bounds_error with the bounds of the model DecimalField `model_field`."""
    return decimal_bounds_error(value, **column_decimal_bounds(model_field))


def integer_column_range(model_field) -> tuple[int, int]:
    """(lowest, highest) value of an integer model field, the same on every database.

    Django's SQLite backend lets any 64-bit integer into a PositiveSmallIntegerField (SQLite
    does not check), PostgreSQL refuses above 32767: a value accepted in development would
    break the production database. The portable range of the column's type is used instead."""
    return BaseDatabaseOperations.integer_field_ranges[model_field.get_internal_type()]


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
