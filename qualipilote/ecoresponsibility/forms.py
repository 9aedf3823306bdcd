"""Forms of the eco-responsibility pages; services.py checks the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from qualipilote.common.forms import Form, decimal_field_for

from .enums import INDICATOR_CHOICES, ActionStatus, Area, InitiativeStatus
from .models import BegesReport, EcoFigure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def _members(organisation):
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation=organisation, memberships__suspended_at__isnull=True
        )
        .order_by("last_name", "first_name")
    )


class ActionForm(Form):
    area = forms.ChoiceField(label="Domaine", choices=Area.choices)
    title = forms.CharField(label="Intitulé", max_length=300)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = MemberField(label="Pilote", queryset=get_user_model().objects.none())
    due_on = forms.DateField(label="Échéance", widget=DATE)
    beges_report = forms.ModelChoiceField(
        label="Plan d'action du BEGES", queryset=BegesReport.objects.none(), required=False
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _members(organisation)
        self.fields["beges_report"].queryset = BegesReport.objects.filter(organisation=organisation)


class StatusForm(Form):
    status = forms.ChoiceField(label="État", choices=ActionStatus.choices)


class InitiativeStatusForm(Form):
    status = forms.ChoiceField(label="État", choices=InitiativeStatus.choices)


class FigureForm(Form):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    indicator = forms.ChoiceField(label="Indicateur", choices=INDICATOR_CHOICES)
    value = decimal_field_for(EcoFigure._meta.get_field("value"), label="Valeur")
    source = forms.CharField(label="Source", max_length=200, required=False)


class ImportForm(Form):
    file = forms.FileField(label="Fichier des données annuelles (CSV ou XLSX)")


class BegesForm(Form):
    reported_on = forms.DateField(label="Date du bilan", widget=DATE)
    emissions_tco2e = decimal_field_for(
        BegesReport._meta.get_field("emissions_tco2e"), label="Émissions (t CO₂e)", required=False
    )
    summary = forms.CharField(
        label="Principaux postes d'émission",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InitiativeForm(Form):
    area = forms.ChoiceField(
        label="Domaine", choices=[("", "Non précisé"), *Area.choices], required=False
    )
    description = forms.CharField(
        label="Description de l'initiative",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
