"""Forms of the self-assessment pages. The rules (reason required when not applicable, file
types and size, http(s) links) are checked by services; these forms only collect the input."""

from __future__ import annotations

from django import forms

from qualipilote.frameworks.scope_forms import DsfrForm

from .enums import AssessmentStatus
from .files import ACCEPTED_HINT, max_size_label


class UploadInput(forms.FileInput):
    group_class = "fr-upload-group"  # DSFR's upload field (read by dsfr's input snippet)


def _file_field(label: str, required: bool) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text=f"{ACCEPTED_HINT} ; {max_size_label()} au plus.",
        widget=UploadInput(
            attrs={
                "class": "fr-upload",
                "accept": ".pdf,.doc,.docx,.odt,.xls,.xlsx,.ods,.ppt,.pptx,.odp,"
                ".png,.jpg,.jpeg,.gif,.webp",
            }
        ),
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )


def _link_field(label: str, required: bool) -> forms.CharField:
    # A CharField: the service checks the address (http or https only) with its own message.
    return forms.CharField(
        label=label,
        required=required,
        max_length=1000,
        help_text="Adresse complète, par exemple https://intranet.exemple.gouv.fr/qualite",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        error_messages={"required": "Indiquez l'adresse du lien."},
    )


def _expiry_field() -> forms.DateField:
    return forms.DateField(
        label="Valable jusqu'au",
        required=False,
        help_text="Pour une preuve qui expire (attestation, convention) ; vide sinon.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AssessmentForm(DsfrForm):
    status = forms.ChoiceField(
        label="Appréciation",
        choices=AssessmentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une appréciation."},
    )
    status.template_name = "dsfr/form_field_snippets/radioselect_snippet.html"
    not_applicable_reason = forms.CharField(
        label="Motif de non-application",
        help_text="Obligatoire si l'engagement est jugé non applicable.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = _file_field("Joindre un fichier de preuve", required=False)
    url = _link_field("Ou un lien de preuve", required=False)
    link_title = forms.CharField(label="Intitulé du lien", required=False, max_length=300)

    conditionally_required = ("not_applicable_reason",)  # its hint says when
    EVIDENCE_FIELDS = ("file", "url", "link_title")

    def __init__(self, *args, with_evidence: bool = True, **kwargs):
        """`with_evidence`: the first assessment may bring its evidence along; once assessed,
        the page adds evidence with its own file and link forms, so this one offers no upload
        (the page showed two)."""
        super().__init__(*args, **kwargs)
        if not with_evidence:
            for name in self.EVIDENCE_FIELDS:
                del self.fields[name]

    @classmethod
    def initial_from(cls, assessment) -> dict:
        if assessment is None:
            return {}
        return {
            "status": assessment.status,
            "not_applicable_reason": assessment.not_applicable_reason,
            "comment": assessment.comment,
        }


class FileEvidenceForm(DsfrForm):
    prefix = "fichier"
    file = _file_field("Fichier", required=True)
    title = forms.CharField(
        label="Intitulé",
        required=False,
        max_length=300,
        help_text="Par défaut, le nom du fichier.",
    )
    expires_on = _expiry_field()


class LinkEvidenceForm(DsfrForm):
    prefix = "lien"
    url = _link_field("Lien", required=True)
    title = forms.CharField(label="Intitulé", required=False, max_length=300)
    expires_on = _expiry_field()
