"""Form pieces shared by every app.

Every form of the project derives from `Form` or `ModelForm` below (the admin's from
`CleanInputModelForm`, see common/admin.py); common/tests/test_edges.py walks the code and fails
on a form that does not. They refuse control characters in whatever is posted, before any field
reads it, with a French message naming the field: a NUL byte reaching a choice field backed by
the database answered 500 on PostgreSQL, and a vertical tab stored from a form broke the XLSX
exports. Numbers are bounded by the column they go to (`decimal_field_for`, and the integer
columns of a ModelForm), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from dsfr.forms import DsfrBaseForm

from .validation import (
    column_decimal_bounds,
    control_character_error,
    decimal_bounds_error,
    integer_column_range,
    named,
)


class CleanInputMixin:
    """Refuses control characters in any posted field, whatever its type.

    The check runs on the raw value, before the field's own cleaning: a ModelChoiceField looks
    its value up in the database while cleaning, which PostgreSQL cannot do with a NUL byte.
    A refused field is not cleaned at all, so it shows only this message."""

    def _clean_fields(self):
        # Django's BaseForm._clean_fields (5.2), with the control-character check first.
        for name, bound_field in self._bound_items():
            field = bound_field.field
            error = None if field.disabled else control_character_error(bound_field.data)
            if error:
                self.add_error(name, named(bound_field.label, error))
                continue
            try:
                self.cleaned_data[name] = field._clean_bound_field(bound_field)
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as error:
                self.add_error(name, error)


class ColumnBoundsMixin:
    """A ModelForm's integer fields get the range of their column on every database (see
    validation.integer_column_range); Django gives them the range of the current backend only,
    which on SQLite is any 64-bit integer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            try:
                column = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(column, models.IntegerField) and isinstance(field, forms.IntegerField):
                _bound_integer_field(field, *integer_column_range(column))


def _bound_integer_field(field: forms.IntegerField, lowest: int, highest: int) -> None:
    if field.min_value is None or field.min_value < lowest:
        field.min_value = lowest
        field.validators.append(MinValueValidator(lowest))
        field.widget.attrs["min"] = lowest
    if field.max_value is None or field.max_value > highest:
        field.max_value = highest
        field.validators.append(MaxValueValidator(highest))
        field.widget.attrs["max"] = highest


# Django's empty choice ("---------") said in French, as the DSFR's select does.
DJANGO_EMPTY_LABEL = "---------"
EMPTY_SELECT_LABEL = "Sélectionner une option"
EMPTY_RADIO_LABEL = "Non précisé"


class FrenchEmptyChoiceMixin:
    """Drop-downs open on « Sélectionner une option », never on Django's « --------- »; an
    optional radio group offers « Non précisé ». A form that chose its own empty label keeps it.

    Forms also say how optional fields are marked (common/templatetags/qp_forms.py):
    `marks_optional = False` on filter and search forms, `conditionally_required` for fields
    required only in some cases."""

    marks_optional = True
    conditionally_required: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DJANGO_EMPTY_LABEL:
                    field.empty_label = EMPTY_SELECT_LABEL
            elif isinstance(field, forms.ChoiceField):
                empty = (
                    EMPTY_RADIO_LABEL
                    if isinstance(field.widget, forms.RadioSelect)
                    else EMPTY_SELECT_LABEL
                )
                choices = list(field.choices)
                if any(label == DJANGO_EMPTY_LABEL for _value, label in choices):
                    field.choices = [
                        (value, empty if label == DJANGO_EMPTY_LABEL else label)
                        for value, label in choices
                    ]


class Form(CleanInputMixin, FrenchEmptyChoiceMixin, DsfrBaseForm):
    """The base of every form of the project's pages (DSFR rendering)."""


class ModelForm(
    CleanInputMixin, FrenchEmptyChoiceMixin, ColumnBoundsMixin, DsfrBaseForm, forms.ModelForm
):
    """The base of every ModelForm of the project's pages (DSFR rendering)."""


class CleanInputModelForm(CleanInputMixin, ColumnBoundsMixin, forms.ModelForm):
    """The same checks for the Django admin, which renders its forms itself."""


class DecimalField(forms.DecimalField):
    """A decimal that must fit its column: finite and below 10^(max_digits − decimal_places),
    said in French (Django would count digits); too many decimals keep Django's message."""

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        error = decimal_bounds_error(
            value, max_digits=self.max_digits, decimal_places=self.decimal_places
        )
        if error:
            raise ValidationError(named(self.label or "Ce nombre", error), code="bounds")


def decimal_field_for(model_field, **kwargs) -> DecimalField:
    """A form field with the bounds of the model DecimalField `model_field`."""
    return DecimalField(**column_decimal_bounds(model_field), **kwargs)


def validate_import_size(upload) -> None:
    """Imports (registers, figures, frameworks) are refused above settings.IMPORT_MAX_BYTES,
    read at each call so that a deployment or a test can change it."""
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"Le fichier dépasse la taille maximale de {limit // (1024 * 1024)} Mo."
        )
