"""The bases of every serializer of the API, and its numbers.

Every serializer of the project derives from `Serializer` or `ModelSerializer` below
(common/tests/test_edges.py walks the code and fails on one that does not). They refuse control
characters in any field sent, before the field reads it, with a French message naming the field:
a NUL byte in a unit code answered 500 on PostgreSQL, a vertical tab stored in a topic broke the
XLSX exports. In a JSON body each value must have the JSON type the schema gives its field.
Numbers are bounded by their column (`DecimalField`, `decimal_field_for`): 1e15 or 1e28 sent as
a figure answered 500.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from django.http import QueryDict
from rest_framework import serializers
from rest_framework.fields import empty

from qualipilote.common.validation import (
    column_decimal_bounds,
    control_character_error,
    decimal_bounds_error,
    integer_column_range,
    named,
)


class CleanInputMixin:
    """Refuses, all at once and before any field reads its value, control characters in the
    fields sent (a SlugRelatedField looks its value up in the database, which PostgreSQL cannot
    do with a NUL byte) and, in a JSON body, a value of another JSON type than the schema says
    (DRF took 0 for the text "0", "1e15" for a number, "yes" for true). Nested serializers are
    checked as one value of their field. Query strings are all text: only the characters."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            in_json = not isinstance(data, QueryDict)
            errors = {}
            for field in self._writable_fields:
                value = field.get_value(data)
                error = control_character_error(value) or (
                    in_json and json_type_error(field, value)
                )
                if error:
                    errors[field.field_name] = [named(field.field_name, error)]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


TEXT_FIELDS = (serializers.CharField, serializers.SlugRelatedField)
NUMBER_FIELDS = (serializers.DecimalField, serializers.IntegerField, serializers.FloatField)


def json_type_error(field, value) -> str | None:
    """A French sentence if `value`, read from JSON, is not of the JSON type of `field`."""
    if value is empty or value is None:
        return None
    if isinstance(field, TEXT_FIELDS) and not isinstance(value, str):
        return "doit être un texte, entre guillemets."
    if isinstance(field, serializers.BooleanField) and not isinstance(value, bool):
        return "doit être un booléen : true ou false."
    if isinstance(field, NUMBER_FIELDS) and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        return "doit être un nombre, écrit sans guillemets."
    return None


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
        if (
            isinstance(model_field, models.IntegerField)
            and "choices" not in field_kwargs
            and not field_kwargs.get("read_only")
        ):
            lowest, highest = integer_column_range(model_field)
            field_kwargs["min_value"] = max(field_kwargs.get("min_value", lowest), lowest)
            field_kwargs["max_value"] = min(field_kwargs.get("max_value", highest), highest)
        return field_class, field_kwargs
