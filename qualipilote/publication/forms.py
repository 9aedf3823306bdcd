"""Forms of the lead's publication pages (common.forms: control characters refused)."""

from __future__ import annotations

from django import forms

from qualipilote.common.forms import Form

from .snapshot import publishable_indicators

REASON_MAX_LENGTH = 2000


class DraftForm(Form):
    indicators = forms.MultipleChoiceField(
        label="Indicateurs publiés",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leur résultat du dernier mois clôturé, avec l'objectif ; un indicateur sans "
        "données ce mois-là n'est pas publié.",
    )
    include_commitments = forms.BooleanField(
        label="Publier les engagements du périmètre de labellisation", required=False
    )
    include_survey = forms.BooleanField(
        label="Publier les résultats de la dernière enquête de satisfaction close", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [
            (indicator.code, indicator.label) for indicator in publishable_indicators()
        ]


class WithdrawForm(Form):
    reason = forms.CharField(
        label="Motif du retrait",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif du retrait."},
    )
