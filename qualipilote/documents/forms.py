from __future__ import annotations

from django import forms

from qualipilote.common.forms import Form
from qualipilote.frameworks.scope import commitments_in_scope

from .enums import CommitteeKind, DocumentKind
from .models import MAX_SHEET_NUMBER, DocumentTheme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Saisissez une date valide (jj/mm/aaaa)."}


class DocumentForm(Form):
    kind = forms.ChoiceField(label="Nature", choices=DocumentKind.choices)
    theme = forms.ModelChoiceField(
        label="Thème du guide", queryset=DocumentTheme.objects.none(), required=False
    )
    number = forms.IntegerField(
        label="Numéro de fiche",
        required=False,
        min_value=0,
        max_value=MAX_SHEET_NUMBER,
        help_text="Fiches de procédure : le numéro commence par celui du thème (ex. 23).",
    )
    title = forms.CharField(
        label="Intitulé", max_length=300, error_messages={"required": "Indiquez l'intitulé."}
    )
    owner_unit = forms.ModelChoiceField(label="Unité responsable", queryset=None, required=False)
    commitments = forms.ModelMultipleChoiceField(
        label="Engagements liés",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    next_review_on = forms.DateField(
        label="Prochaine revue",
        required=False,
        widget=DATE,
        error_messages=DATE_ERRORS,
    )

    def __init__(self, organisation, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:  # set by the approval; changed afterwards on the edit page
            del self.fields["next_review_on"]
        self.fields["theme"].queryset = DocumentTheme.objects.filter(organisation=organisation)
        self.fields["owner_unit"].queryset = organisation.units.order_by("name")
        self.fields["commitments"].queryset = commitments_in_scope(organisation)


class VersionForm(Form):
    file = forms.FileField(
        label="Fichier",
        required=False,
        help_text="PDF, document bureautique ou image.",
    )
    summary = forms.CharField(
        label="Modifications apportées",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApproveForm(Form):
    committee_kind = forms.ChoiceField(
        label="Instance qui a validé",
        choices=[("", "Aucune (approbation directe)"), *CommitteeKind.choices],
        required=False,
    )
    committee_met_on = forms.DateField(
        label="Date de la séance", required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    next_review_on = forms.DateField(
        label="Prochaine revue",
        required=False,
        widget=DATE,
        error_messages=DATE_ERRORS,
        help_text="Laissée vide : selon la nature du document (ex. deux ans pour une fiche).",
    )


class ReturnForm(Form):
    comment = forms.CharField(
        label="Motif du renvoi",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indiquez le motif du renvoi au rédacteur."},
    )
