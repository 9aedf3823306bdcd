"""Model fields shared by every app."""

from __future__ import annotations

import decimal
import logging

from django.db import models
from django.db.models.expressions import Col
from django.utils.functional import cached_property

from .validation import decimal_limit

logger = logging.getLogger(__name__)


class TolerantDecimalField(models.DecimalField):
    """A DecimalField whose reading never fails: a value its column cannot hold (written around
    the application, by hand or by an older version) reads as None, "no data", with a warning
    naming the column, instead of making every page that reads the row answer 500.

    Why it failed: Django's SQLite backend rounds the stored number to the column's decimal
    places in `context` (max_digits of precision), which raised decimal.InvalidOperation for
    1e15 in a numeric(16, 2) column; PostgreSQL cannot hold 1e15 there but keeps 'NaN', on
    which every comparison raises the same error. Writing is unchanged: forms, the API and the
    services refuse such numbers (common.validation), and the database refuses them too."""

    @cached_property
    def context(self):
        # One more digit than the column: SQLite keeps 15 significant digits, so the largest
        # value a numeric(16, 2) column holds may come back rounded up to 10^14. A value that
        # still does not fit becomes NaN (InvalidOperation is not trapped) and is dropped below.
        return decimal.Context(
            prec=self.max_digits + 1, traps=[decimal.DivisionByZero, decimal.Overflow]
        )

    def deconstruct(self):
        # Only reading differs, not the column: migrations see a plain DecimalField, so adopting
        # this field changes no schema (and rebuilds no SQLite table).
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if not value.is_finite() or (
            # A column's own value is bounded; a sum of a column (an aggregate) is not.
            isinstance(expression, Col)
            and abs(value) > decimal_limit(self.max_digits, self.decimal_places)
        ):
            logger.warning(
                "%s.%s : valeur %s hors des bornes de la colonne (%s chiffres dont %s après la "
                "virgule), lue comme vide.",
                self.model._meta.label,
                self.name,
                value,
                self.max_digits,
                self.decimal_places,
            )
            return None
        return value
