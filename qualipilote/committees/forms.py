"""Forms of the committees' pages: they collect the input; the rules are checked by
services.py, whose French messages come back on the fields."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from qualipilote.frameworks.scope_forms import DsfrForm as Form
from qualipilote.improvement.enums import ActionKind

from .enums import CommitteeKind
from .services import DECISION_WITHOUT_DUE_DATE, DECISION_WITHOUT_RESPONSIBLE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def members_of(organisation):
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation=organisation, memberships__suspended_at__isnull=True
        )
        .order_by("last_name", "first_name", "username")
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CommitteeForm(Form):
    name = forms.CharField(
        label="Nom", max_length=200, error_messages={"required": "Indiquez le nom du comité."}
    )
    kind = forms.ChoiceField(label="Nature", choices=CommitteeKind.choices)
    chair = MemberChoiceField(label="Présidence", queryset=None, required=False)
    members = MembersChoiceField(
        label="Membres habituels",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = members_of(organisation)
        self.fields["members"].queryset = members_of(organisation)


class MeetingForm(Form):
    held_on = forms.DateField(
        label="Date de la réunion",
        widget=DATE,
        error_messages={
            "required": "Indiquez la date de la réunion.",
            "invalid": "Saisissez une date valide (jj/mm/aaaa).",
        },
    )
    chair = MemberChoiceField(
        label="Présidence",
        queryset=None,
        required=False,
        help_text="Par défaut, la présidence du comité.",
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = members_of(organisation)


class AttendeeForm(Form):
    member = MemberChoiceField(label="Membre de l'organisation", queryset=None, required=False)
    name = forms.CharField(label="Ou personne extérieure : nom", max_length=200, required=False)
    quality = forms.CharField(
        label="Qualité",
        max_length=200,
        required=False,
        help_text="Ex. représentante d'une association d'usagers.",
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members_of(organisation)


class MinutesForm(Form):
    minutes = forms.CharField(
        label="Compte rendu", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    minutes_file = forms.FileField(label="Fichier du compte rendu", required=False)


class DecisionForm(Form):
    text = forms.CharField(
        label="Décision",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indiquez la décision prise."},
    )
    kind = forms.ChoiceField(
        label="Nature de l'action", choices=ActionKind.choices, initial=ActionKind.IMPROVEMENT
    )
    responsible = MemberChoiceField(
        label="Responsable",
        queryset=None,
        help_text="La personne chargée de la mettre en œuvre (pilote de l'action).",
        error_messages={"required": DECISION_WITHOUT_RESPONSIBLE},
    )
    due_on = forms.DateField(
        label="Échéance",
        widget=DATE,
        error_messages={
            "required": DECISION_WITHOUT_DUE_DATE,
            "invalid": "Saisissez une date valide (jj/mm/aaaa).",
        },
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members_of(organisation)


class AgendaForm(Form):
    """The items kept (checkboxes, in order) and the items added (one a line)."""

    added = forms.CharField(
        label="Points à ajouter (un par ligne)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
