"""API representations of the indicators. Field names are a contract with integrations: rename
nothing without a new API version.

Numbers are JSON numbers (never strings): `value` in the indicator's unit (a percentage from
0 to 100, days, or a count) with at most 4 decimals, `numerator` and `denominator` with at most
2. `null` means "no data", which is not 0.
"""

from __future__ import annotations

import datetime as dt
import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qualipilote.api.serializers import Serializer, decimal_field_for
from qualipilote.registers.serializers import UnitCodeField

from .enums import MeasureUnit, Source, TargetOperator
from .models import MonthlyMeasurement
from .periods import add_months, format_month, month_of
from .services import EnteredFigure

MAX_API_MONTHS = 36
# The schema says what the field accepts: a month of the years 2000 to 2999.
MONTH_REGEX = r"^(?P<year>2\d{3})-(?P<month>0[1-9]|1[0-2])$"
MONTH_PATTERN = re.compile(MONTH_REGEX)
FIRST_MONTH, LAST_MONTH = dt.date(2000, 1, 1), dt.date(2999, 12, 1)
MONTH_SCHEMA = {
    "type": "string",
    "pattern": r"^2\d{3}-(0[1-9]|1[0-2])$",
    "example": "2019-01",
}


@extend_schema_field(MONTH_SCHEMA)
class MonthField(serializers.Field):
    """A month written YYYY-MM; its value is the first day of the month."""

    default_error_messages = {
        "invalid": "« {value} » n'est pas un mois : écrivez AAAA-MM, par exemple 2019-01.",
    }

    def to_internal_value(self, data):
        text = str(data).strip()
        match = MONTH_PATTERN.match(text)
        if not match:
            self.fail("invalid", value=text)
        return dt.date(int(match["year"]), int(match["month"]), 1)

    def to_representation(self, value):
        return format_month(value)


@extend_schema_field(OpenApiTypes.STR)
class UnitCode(UnitCodeField):
    """A unit of the organisation by its code (typed as a string in the schema)."""


def number_field(decimal_places: int, **kwargs) -> serializers.DecimalField:
    """A decimal the API answers with, as a JSON number (the schema says `number`). Unbounded:
    a period's sums may exceed a column. What is received is bounded by its column
    (`column_number`)."""
    return serializers.DecimalField(
        max_digits=None, decimal_places=decimal_places, coerce_to_string=False, **kwargs
    )


def column_number(name: str, **kwargs):
    """A number received for the MonthlyMeasurement column `name`, within its bounds."""
    return decimal_field_for(MonthlyMeasurement._meta.get_field(name), **kwargs)


# --- GET …/indicators/ --------------------------------------------------------------------------


class IndicatorPeriodSerializer(Serializer):
    """The query string: `from` and `to` (YYYY-MM, both included). Python cannot name an
    attribute `from`, so the fields are declared as `start` and `end` and renamed below."""

    start = MonthField(
        required=False,
        help_text="Premier mois (AAAA-MM, inclus). Par défaut : 11 mois avant `to`.",
    )
    end = MonthField(
        required=False,
        help_text=f"Dernier mois (AAAA-MM, inclus), au plus {MAX_API_MONTHS} mois après `from`. "
        "Par défaut : le mois en cours.",
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("start")
        fields["to"] = fields.pop("end")
        return fields

    def validate(self, attrs):
        today = self.context["today"]
        # A default bound never leaves the months the field accepts (the answer says them).
        end = attrs.get("to") or (
            min(add_months(attrs["from"], 11), LAST_MONTH) if "from" in attrs else month_of(today)
        )
        start = attrs.get("from") or max(add_months(end, -11), FIRST_MONTH)
        if start > end:
            raise serializers.ValidationError(
                {"to": ["Le mois de fin (to) ne peut pas précéder le mois de début (from)."]}
            )
        if (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_API_MONTHS:
            raise serializers.ValidationError(
                {"to": [f"Une période compte au plus {MAX_API_MONTHS} mois."]}
            )
        return {"start": start, "end": end}


class TargetSerializer(Serializer):
    operator = serializers.ChoiceField(choices=TargetOperator.choices)
    value = number_field(2)


class FigureSerializer(Serializer):
    value = number_field(
        4, allow_null=True, help_text="Valeur dans l'unité de l'indicateur ; null : pas de données."
    )
    numerator = number_field(2, allow_null=True)
    denominator = number_field(
        2, allow_null=True, help_text="null pour un comptage (et sans données)."
    )


class MonthFigureSerializer(FigureSerializer):
    period = MonthField()
    sampled = serializers.BooleanField(help_text="Mesuré sur la semaine échantillonnée.")
    closed = serializers.BooleanField(help_text="Mois clôturé : valeur figée.")

    def get_fields(self):
        """The month first, then its figure."""
        fields = super().get_fields()
        order = ("period", "value", "numerator", "denominator", "sampled", "closed")
        return {name: fields[name] for name in order}


class IndicatorSeriesSerializer(Serializer):
    """One row of the indicator table: the months, the period result and the target."""

    code = serializers.SlugField()
    label = serializers.CharField()
    unit = serializers.ChoiceField(choices=MeasureUnit.choices)
    target = TargetSerializer(allow_null=True)
    months = MonthFigureSerializer(many=True)
    result = FigureSerializer(
        help_text="La période entière : somme des numérateurs / somme des dénominateurs."
    )
    met = serializers.BooleanField(
        allow_null=True,
        help_text="Objectif atteint sur la période ; null sans données ou sans objectif.",
    )


def _figure(indicator, figure, value) -> dict:
    return {
        "value": value,
        "numerator": figure.numerator if figure else None,
        "denominator": figure.denominator if figure else None,
    }


def series_of(row) -> dict:
    """The API's view of a table.Row (the dashboard reads the same rows)."""
    indicator = row.indicator
    return {
        "code": indicator.code,
        "label": indicator.label,
        "unit": indicator.unit,
        "target": {"operator": indicator.target_operator, "value": indicator.target_value}
        if indicator.has_target
        else None,
        "months": [
            {
                "period": cell.month,
                **_figure(indicator, cell.figure, cell.value),
                "sampled": cell.sampled,
                "closed": cell.closed,
            }
            for cell in row.cells
        ],
        "result": _figure(indicator, row.result, row.result_value),
        "met": indicator.is_met(row.result_value),
    }


# --- POST …/indicators/<code>/measurements/ -----------------------------------------------------


class EnteredFigureSerializer(Serializer):
    """An entered figure: a rate or an average as numerator and denominator, a count as value."""

    period = MonthField(help_text="Mois mesuré (AAAA-MM), ni futur ni clôturé.")
    numerator = column_number(
        "numerator", required=False, allow_null=True, help_text="Taux ou délai : le numérateur."
    )
    denominator = column_number(
        "denominator",
        required=False,
        allow_null=True,
        help_text="Taux ou délai : le dénominateur (> 0).",
    )
    value = column_number(
        "value",
        required=False,
        allow_null=True,
        help_text="Comptage : la valeur (entier). Taux ou délai : facultative, contrôlée.",
    )
    unit = UnitCode(help_text="Code de l'unité mesurée ; absent : toute l'organisation.")
    line = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Ligne téléphonique, poste…"
    )
    source_detail = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Source précise ; par défaut celle du catalogue.",
    )

    def figure(self, indicator) -> EnteredFigure:
        data = self.validated_data
        return EnteredFigure(
            indicator=indicator,
            month=data["period"],
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            value=data.get("value"),
            unit=data.get("unit"),
            line=data.get("line", "").strip(),
            source_detail=data.get("source_detail", "").strip(),
        )


class MeasurementSerializer(Serializer):
    """A stored monthly measurement."""

    id = serializers.IntegerField()
    indicator = serializers.SlugField(source="indicator.code")
    period = MonthField(source="month")
    unit = serializers.CharField(source="unit.code", allow_null=True, default=None)
    line = serializers.CharField()
    numerator = number_field(2, allow_null=True)
    denominator = number_field(2, allow_null=True)
    value = number_field(4, allow_null=True)
    sampled = serializers.BooleanField()
    source = serializers.ChoiceField(choices=Source.choices)
    source_detail = serializers.CharField()
    updated_at = serializers.DateTimeField()
