"""The bases of every serializer of the API, and its numbers.

Every serializer of the project derives from `Serializer` or `ModelSerializer` below
(common/tests/test_edges.py walks the code and fails on one that does not). They refuse control
characters in any field sent, before the field reads it, with a French message naming the field:
a NUL byte in a unit code answered 500 on PostgreSQL, a vertical tab stored in a topic broke the
XLSX exports. Numbers are bounded by their column (`DecimalField`, `decimal_field_for`): 1e15
or 1e28 sent as a figure answered 500.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from rest_framework import serializers

from qualipilote.common.validation import (
    column_decimal_bounds,
    control_character_error,
    decimal_bounds_error,
    integer_column_range,
    named,
)


class CleanInputMixin:
    """Refuses control characters in the fields sent, all at once, before any field reads its
    value (a SlugRelatedField looks it up in the database, which PostgreSQL cannot do with a
    NUL byte). Nested serializers are checked as one value of their field."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            for field in self._writable_fields:
                error = control_character_error(field.get_value(data))
                if error:
                    errors[field.field_name] = [named(field.field_name, error)]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class DecimalField(serializers.DecimalField):
    """A decimal sent as a JSON number (the schema says `number`) that must fit its column:
    finite and below 10^(max_digits − decimal_places), said in French with the field's name.
    DRF alone counted digits in an English-like sentence, or answered 500 when a value passed
    it (max_digits=None) and reached the database."""

    def __init__(self, *, max_digits, decimal_places, **kwargs):
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_internal_value(self, data):
        if data not in ("", None):
            error = decimal_bounds_error(
                data, max_digits=self.max_digits, decimal_places=self.decimal_places
            )
            if error:
                raise serializers.ValidationError(named(self.field_name, error), code="bounds")
        return super().to_internal_value(data)


def decimal_field_for(model_field, **kwargs) -> DecimalField:
    """An API field with the bounds of the model DecimalField `model_field`."""
    return DecimalField(**column_decimal_bounds(model_field), **kwargs)


class Serializer(CleanInputMixin, serializers.Serializer):
    """The base of every plain serializer of the API."""


class ModelSerializer(CleanInputMixin, serializers.ModelSerializer):
    """The base of every model serializer of the API: decimals as bounded JSON numbers, integers
    within the range of their column on every database (validation.integer_column_range)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: DecimalField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.IntegerField) and "choices" not in field_kwargs:
            lowest, highest = integer_column_range(model_field)
            field_kwargs["min_value"] = max(field_kwargs.get("min_value", lowest), lowest)
            field_kwargs["max_value"] = min(field_kwargs.get("max_value", highest), highest)
        return field_class, field_kwargs
