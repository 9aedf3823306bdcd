from django import forms

from qualipilote.common.forms import Form

from .models import LAST_YEAR, TEXT_LIMIT


class CreateReviewForm(Form):
    year = forms.IntegerField(
        label="Année du bilan",
        help_text="Par exemple 2019.",
        min_value=1,
        max_value=LAST_YEAR,
        error_messages={"invalid": "Saisissez une année en chiffres (par exemple 2019)."},
    )


class ReviewTextsForm(Form):
    foreword = forms.CharField(
        label="Avant-propos",
        help_text="Texte simple, paragraphes séparés par une ligne vide ; le code HTML est "
        "affiché tel quel.",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    conclusion = forms.CharField(
        label="Conclusion",
        help_text="Texte simple, paragraphes séparés par une ligne vide.",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
