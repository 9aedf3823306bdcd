"""Forms of the training pages: they collect the input; services.py checks the rules and its
French messages come back on the fields."""

from __future__ import annotations

from django import forms

from qualipilote.common.forms import Form, decimal_field_for
from qualipilote.organisations.models import Membership, Unit

from .enums import NeedOrigin, NeedStatus, SessionKind, Theme
from .models import TrainingSession
from .services import members

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.user.get_full_name() or obj.user.username
        return f"{name} ({obj.unit.name})" if obj.unit_id else name


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.user.get_full_name() or obj.user.username


def _member_field(label, **kwargs):
    return MemberChoiceField(
        label=label,
        queryset=Membership.objects.none(),
        error_messages={"required": f"Indiquez {label.lower()}."},
        **kwargs,
    )


class NeedForm(Form):
    member = _member_field("L'agent")
    unit = forms.ModelChoiceField(label="Unité", queryset=Unit.objects.none(), required=False)
    origin = forms.ChoiceField(label="Origine", choices=NeedOrigin.choices)
    theme = forms.ChoiceField(label="Thème", choices=Theme.choices)
    description = forms.CharField(
        label="Besoin exprimé", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    expressed_on = forms.DateField(label="Exprimé le", widget=DATE)

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members(organisation)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)


class NeedStatusForm(Form):
    status = forms.ChoiceField(label="État", choices=NeedStatus.choices)


class SessionForm(Form):
    kind = forms.ChoiceField(label="Nature", choices=SessionKind.choices)
    title = forms.CharField(label="Intitulé", max_length=200)
    theme = forms.ChoiceField(label="Thème", choices=Theme.choices)
    held_on = forms.DateField(label="Date", widget=DATE)
    duration_hours = decimal_field_for(
        TrainingSession._meta.get_field("duration_hours"), label="Durée (heures)"
    )
    trainer = forms.CharField(label="Formateur ou formatrice", max_length=200, required=False)
    attendees = MembersChoiceField(
        label="Participants",
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members(organisation)


class AttendanceForm(Form):
    present = MembersChoiceField(
        label="Présents",
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, session, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = session.attendees.select_related("user").order_by(
            "user__last_name", "pk"
        )


class TutoringForm(Form):
    tutor = _member_field("Le tuteur ou la tutrice")
    newcomer = _member_field("Le nouvel arrivant")
    starts_on = forms.DateField(label="Début", widget=DATE)
    ends_on = forms.DateField(label="Fin", widget=DATE, required=False)

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutor"].queryset = members(organisation)
        self.fields["newcomer"].queryset = members(organisation)


class ArrivalForm(Form):
    member = _member_field("L'agent")
    arrival_date = forms.DateField(label="Date d'arrivée", widget=DATE)

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members(organisation)


class AwarenessForm(Form):
    member = _member_field("Le nouvel arrivant")
    on = forms.DateField(label="Date de la sensibilisation", widget=DATE)

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members(organisation)


class YearForm(Form):
    marks_optional = False
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100, required=False)
