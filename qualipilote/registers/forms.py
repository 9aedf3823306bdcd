"""Forms of the register pages. Computed fields (due date, on time…) are never in a form."""

from __future__ import annotations

import datetime as dt

from django import forms

from qualipilote.common.forms import Form, ModelForm
from qualipilote.organisations.calendar import FIRST_YEAR
from qualipilote.organisations.models import Unit

from .assignment import assignee_choices, parse_assignee
from .enums import (
    RegisterKind,
    SampledRegister,
    SampledWeek,
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
    """Binds the unit and assignee choices to the record's organisation (the instance carries
    it). The assignee (a person or a unit) is one select, parsed by registers.assignment."""

    assignee = forms.CharField(label="Attribué à", required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance.organisation
        if "unit" in self.fields:
            self.fields["unit"].queryset = Unit.objects.filter(
                organisation_id=self.instance.organisation_id
            ).order_by("name")
            self.fields["unit"].empty_label = "— Aucune unité —"
        self.fields["assignee"].widget = forms.Select(
            choices=[("", "— Personne —"), *assignee_choices(organisation)]
        )
        current = self.instance
        if current.assigned_to_id or current.assigned_unit_id:
            self.initial["assignee"] = (
                f"personne-{current.assigned_to_id}"
                if current.assigned_to_id
                else f"unite-{current.assigned_unit_id}"
            )

    def clean_assignee(self):
        value = self.cleaned_data.get("assignee", "")
        if not value:
            return None
        if value == self.initial.get("assignee"):  # unchanged: a suspended person may stay
            return "unchanged"
        return parse_assignee(self.instance.organisation, value)

    def _post_clean(self):
        assignee = self.cleaned_data.get("assignee")
        if assignee is None and "assignee" not in self.errors:
            self.instance.assigned_to, self.instance.assigned_unit = None, None
        elif assignee not in (None, "unchanged"):
            self.instance.assigned_to = assignee.user
            self.instance.assigned_unit = assignee.unit
        super()._post_clean()

    def _update_errors(self, errors):
        # The model names its assignee fields; the form has one select for both.
        if hasattr(errors, "error_dict"):
            for name in ("assigned_to", "assigned_unit"):
                if name in errors.error_dict:
                    errors.error_dict.setdefault("assignee", []).extend(errors.error_dict.pop(name))
        super()._update_errors(errors)


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


BULK_ACTIONS = [("assign", "Attribuer"), ("answer", "Marquer comme répondu")]


class BulkActionForm(Form):
    """An action on the records ticked in a register list. The records are looked up among the
    organisation's records of the list's model only; the assignee is parsed by
    registers.assignment (an active member or a unit of the organisation)."""

    marks_optional = False  # its fields are required by the chosen action, which the help says

    action = forms.ChoiceField(label="Action sur la sélection", choices=BULK_ACTIONS)
    records = forms.ModelMultipleChoiceField(
        label="Dossiers sélectionnés",
        queryset=Correspondence.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "Cochez au moins un dossier dans la liste.",
            "invalid_choice": "Un des dossiers cochés n'existe pas dans ce registre.",
            "invalid_pk_value": "Un des dossiers cochés n'existe pas dans ce registre.",
        },
    )
    assignee = forms.CharField(label="Attribuer à", required=False, max_length=40)
    answered_on = forms.DateField(
        label="Répondu le",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Indiquez la date de réponse sous la forme jj/mm/aaaa."},
    )

    def __init__(self, *args, model, organisation, assignee_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["records"].queryset = model.objects.filter(organisation=organisation)
        self.fields["assignee"].widget = forms.Select(
            choices=[("", "— Choisir —"), *assignee_choices]
        )

    def clean_assignee(self):
        value = self.cleaned_data.get("assignee", "")
        return parse_assignee(self.organisation, value) if value else None

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "assign" and not data.get("assignee") and "assignee" not in self.errors:
            self.add_error("assignee", "Choisissez la personne ou l'unité à qui attribuer.")
        if action == "answer" and not data.get("answered_on") and "answered_on" not in self.errors:
            self.add_error("answered_on", "Indiquez la date de réponse (jj/mm/aaaa).")
        return data


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
