"""Forms of the register pages. Computed fields (due date, on time…) are never in a form."""

from __future__ import annotations

import datetime as dt

from django import forms

from qualipilote.common.forms import Form, ModelForm
from qualipilote.organisations.calendar import FIRST_YEAR
from qualipilote.organisations.models import Unit

from .enums import (
    CorrespondenceChannel,
    FeedbackKind,
    RecordStatus,
    RegisterKind,
    SampledRegister,
    SampledWeek,
    UpdateTarget,
)
from .models import Correspondence, Feedback, FeedbackAuthor, UpdateRequest


class DateInput(forms.DateInput):
    """A plain text date, typed as 13/05/2024 (ISO 2024-05-13 is accepted too).

    Native date pickers follow the browser's language for the order of day and month and
    split the field in segments: a text field is faster and predictable for an agent typing
    a week's sample.
    """

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "jj/mm/aaaa",
            "inputmode": "numeric",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class RecordForm(ModelForm):
    """Binds the unit choices to the record's organisation (the instance carries it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = Unit.objects.filter(
                organisation_id=self.instance.organisation_id
            ).order_by("name")
            self.fields["unit"].empty_label = "— Aucune unité —"


class CorrespondenceForm(RecordForm):
    # Fields kept from one entry to the next in "Enregistrer et saisir le suivant". Whether a
    # record is in the sampled week is computed from its date (sampling plans), never typed.
    SAME_AS_PREVIOUS = ("received_on", "channel", "unit", "in_scope")

    class Meta:
        model = Correspondence
        fields = [
            "received_on",
            "channel",
            "unit",
            "in_scope",
            "received_at",
            "topic",
            "acknowledged_on",
            "acknowledgement_mode",
            "answered_on",
            "signature_compliant",
            "answer_compliant",
        ]
        widgets = {
            "received_on": DateInput(),
            "acknowledged_on": DateInput(),
            "answered_on": DateInput(),
            "received_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def focus(self, field_name: str) -> None:
        for name, field in self.fields.items():
            field.widget.attrs.pop("autofocus", None)
            if name == field_name:
                field.widget.attrs["autofocus"] = True

    @classmethod
    def initial_from_previous(cls, query) -> dict:
        """The "same as previous" values carried in the query string after a save."""
        initial = {}
        for name in cls.SAME_AS_PREVIOUS:
            if name in query:
                value = query[name]
                if name == "in_scope":
                    value = value == "1"
                elif name == "received_on":
                    value = _parse_iso_date(value)
                initial[name] = value
        return initial

    def carried_values(self) -> dict[str, str]:
        """The query string that pre-fills the next entry with the fields kept."""
        data = self.cleaned_data
        return {
            "received_on": data["received_on"].isoformat(),
            "channel": data["channel"],
            "unit": str(data["unit"].pk) if data.get("unit") else "",
            "in_scope": "1" if data["in_scope"] else "0",
        }


def _parse_iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


class FeedbackForm(RecordForm):
    class Meta:
        model = Feedback
        fields = [
            "kind",
            "source",
            "received_on",
            "unit",
            "channel",
            "theme",
            "description",
            "in_scope",
            "answered_on",
            "answer",
            "related_actions_note",
        ]
        widgets = {"received_on": DateInput(), "answered_on": DateInput()}


class FeedbackAuthorForm(ModelForm):
    class Meta:
        model = FeedbackAuthor
        fields = ["name", "email", "phone", "address", "consent_given"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def has_content(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) for name in FeedbackAuthor.PERSONAL_FIELDS)


class UpdateRequestForm(RecordForm):
    class Meta:
        model = UpdateRequest
        fields = ["target", "received_on", "description", "unit", "in_scope", "answered_on"]
        widgets = {
            "received_on": DateInput(),
            "answered_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class RecordFilterForm(Form):
    """Filters of a register list, read from the query string."""

    marks_optional = False  # a filter: every field may stay empty

    start = forms.DateField(label="Reçu à partir du", required=False, widget=DateInput())
    end = forms.DateField(label="Reçu jusqu'au", required=False, widget=DateInput())
    unit = forms.ModelChoiceField(
        label="Unité", queryset=Unit.objects.none(), required=False, empty_label="Toutes"
    )
    status = forms.ChoiceField(
        label="Statut", choices=[("", "Tous"), *RecordStatus.choices], required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation).order_by(
            "name"
        )

    def filter(self, queryset, today: dt.date):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        queryset = queryset.received_between(data["start"], data["end"])
        if data["unit"]:
            queryset = queryset.filter(unit=data["unit"])
        queryset = queryset.with_status(data["status"], today)
        for name in self.extra_filters:
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        return queryset

    extra_filters: tuple[str, ...] = ()


class CorrespondenceFilterForm(RecordFilterForm):
    channel = forms.ChoiceField(
        label="Canal", choices=[("", "Tous"), *CorrespondenceChannel.choices], required=False
    )
    extra_filters = ("channel",)


class FeedbackFilterForm(RecordFilterForm):
    kind = forms.ChoiceField(
        label="Nature", choices=[("", "Toutes"), *FeedbackKind.choices], required=False
    )
    extra_filters = ("kind",)


class UpdateRequestFilterForm(RecordFilterForm):
    target = forms.ChoiceField(
        label="Support", choices=[("", "Tous"), *UpdateTarget.choices], required=False
    )
    extra_filters = ("target",)


class DeadlineChangeForm(Form):
    register = forms.ChoiceField(label="Registre", choices=RegisterKind.choices)
    working_days = forms.IntegerField(
        label="Nouveau délai (jours ouvrés)", min_value=1, max_value=365
    )
    valid_from = forms.DateField(
        label="À partir du",
        widget=DateInput(),
        help_text="Les dossiers reçus avant cette date gardent leur échéance.",
    )
    note = forms.CharField(label="Motif ou référence", max_length=300, required=False)


class ClosureDayForm(Form):
    date = forms.DateField(label="Date", widget=DateInput())
    label = forms.CharField(label="Motif", max_length=200)


class WhitMondayForm(Form):
    whit_monday_worked = forms.BooleanField(
        label="Le lundi de Pentecôte est travaillé (journée de solidarité)", required=False
    )


class DepartementForm(Form):
    departement = forms.CharField(
        label="Département",
        max_length=3,
        help_text="Ses jours fériés s'appliquent (Alsace-Moselle et outre-mer ont les leurs) : "
        "toutes les échéances sont recalculées.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 4}),
    )


class MonthField(forms.Field):
    """A month typed as 03/2019 (or 2019-03), cleaned to its first day."""

    INVALID = "Indiquez un mois sous la forme MM/AAAA, par exemple 01/2019."

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"placeholder": "mm/aaaa", "inputmode": "numeric", "maxlength": 10}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > 10:
            raise forms.ValidationError(self.INVALID, code="invalid")
        if "/" in text:
            month, _sep, year = text.partition("/")
        else:
            year, _sep, month = text.partition("-")
        try:
            first = dt.date(int(year), int(month), 1)
        except ValueError:
            raise forms.ValidationError(self.INVALID, code="invalid") from None
        if not FIRST_YEAR <= first.year <= 2100:
            raise forms.ValidationError(
                f"Le mois doit être postérieur au 1er janvier {FIRST_YEAR}.", code="invalid"
            )
        return first

    def prepare_value(self, value):
        return f"{value:%m/%Y}" if isinstance(value, dt.date) else value


class SamplingPlanForm(Form):
    register = forms.ChoiceField(label="Registre", choices=SampledRegister.choices)
    week = forms.ChoiceField(label="Semaine échantillonnée", choices=SampledWeek.choices)
    valid_from = MonthField(
        label="À partir du mois de",
        help_text="Mois et année (mm/aaaa). Un mois passé recalcule les dossiers déjà saisis.",
    )
    note = forms.CharField(label="Motif ou référence", max_length=300, required=False)


class SamplingStopForm(Form):
    register = forms.ChoiceField(label="Registre", choices=SampledRegister.choices)
    valid_from = MonthField(
        label="À partir du mois de",
        help_text="Mois et année (mm/aaaa) à partir desquels tous les dossiers comptent.",
    )
