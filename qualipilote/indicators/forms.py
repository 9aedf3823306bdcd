"""Forms of the indicator pages: dashboard filters, an entered figure, closing and reopening."""

from __future__ import annotations

import datetime as dt

from django import forms

from qualipilote.common.forms import Form, decimal_field_for, validate_import_size
from qualipilote.organisations.calendar import FIRST_YEAR

from .models import MonthlyMeasurement
from .periods import MAX_MONTHS, add_months, format_month, month_label, month_of, parse_month


class MonthField(forms.CharField):
    """A month typed as AAAA-MM (the browser's month picker sends that)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value):
        return format_month(value) if isinstance(value, dt.date) else value


def _month_count(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


class DashboardFilterForm(Form):
    """Year, or a period from one month to another, and optionally one unit."""

    marks_optional = False  # a filter: every field may stay empty

    year = forms.TypedChoiceField(label="Année", coerce=int, required=False, empty_value=None)
    start = MonthField(label="Du mois", required=False)
    end = MonthField(label="Au mois", required=False)
    unit = forms.ModelChoiceField(
        label="Unité",
        queryset=None,
        required=False,
        empty_label="Toute l'organisation",
        help_text="Les chiffres d'une unité sont recalculés depuis les registres (non figés).",
    )

    def __init__(self, *args, organisation, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["unit"].queryset = organisation.units.order_by("name")
        years = range(today.year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [("", "Période choisie")] + [(y, str(y)) for y in years]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "Le mois de fin doit suivre le mois de début.")
        elif start and end and _month_count(start, end) > MAX_MONTHS:
            self.add_error("end", f"Une période compte au plus {MAX_MONTHS} mois.")
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        """The months to show: the period typed, else the year, else the current year so far."""
        current = month_of(self.today)
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("start") or data.get("end"):
            start = data.get("start") or add_months(data["end"], -11)
            end = data.get("end") or min(add_months(start, 11), current)
            return start, end
        year = data.get("year") or self.today.year
        return dt.date(year, 1, 1), min(dt.date(year, 12, 1), max(current, dt.date(year, 1, 1)))

    def selected_unit(self):
        return self.cleaned_data.get("unit") if self.is_bound and self.is_valid() else None


def _column(name: str):
    return MonthlyMeasurement._meta.get_field(name)


class EnteredFigureForm(Form):
    """One monthly figure of an entered indicator (the labels come from the catalogue)."""

    period = MonthField(label="Mois")
    # Bounded by their columns; a count is kept as numerator and value, so it must also fit
    # the value column, which the service checks (services.entered_figure_errors).
    numerator = decimal_field_for(_column("numerator"), label="Numérateur", min_value=0)
    denominator = decimal_field_for(_column("denominator"), label="Dénominateur", min_value=0)
    unit = forms.ModelChoiceField(
        label="Unité",
        queryset=None,
        required=False,
        empty_label="Toute l'organisation",
    )
    line = forms.CharField(
        label="Ligne ou poste",
        max_length=100,
        required=False,
        help_text="Pour la téléphonie : la ligne concernée. Vide : le total.",
    )
    source_detail = forms.CharField(
        label="Source",
        max_length=300,
        required=False,
        help_text="D'où vient le chiffre (outil, rapport, date d'extraction).",
    )

    def __init__(self, *args, indicator, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["unit"].queryset = organisation.units.order_by("name")
        self._relabel("numerator", indicator.numerator_label)
        self.fields["source_detail"].initial = indicator.source
        if indicator.takes_ratio:
            self._relabel("denominator", indicator.denominator_label)
        else:
            del self.fields["denominator"]
            self.fields["numerator"].decimal_places = 0

    def _relabel(self, name: str, label: str) -> None:
        # DsfrBaseForm.__init__ has already built the bound fields, which copy the label.
        self.fields[name].label = self[name].label = label


class CloseMonthForm(Form):
    month = forms.TypedChoiceField(label="Mois à clôturer", coerce=parse_month)

    def __init__(self, *args, months: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(format_month(m), month_label(m)) for m in months]


class ReopenMonthForm(Form):
    month = MonthField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Motif de la réouverture",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="Obligatoire : il reste dans l'historique de la clôture.",
    )


class ImportForm(Form):
    file = forms.FileField(
        label="Fichier CSV ou XLSX",
        help_text="Une ligne par mois (et par ligne ou bureau). Rien n'est enregistré s'il y a une erreur.",
        validators=[validate_import_size],
    )
