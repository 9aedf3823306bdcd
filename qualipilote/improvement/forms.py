"""Forms of the action plan and audit pages: they collect the input; the rules are checked by
services.py and audits.py, whose French messages come back on the fields."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from qualipilote.frameworks.models import Commitment
from qualipilote.frameworks.scope_forms import DsfrForm as Form
from qualipilote.indicators.models import Indicator
from qualipilote.organisations.models import Unit

from .enums import ActionKind, ActionSource, ActionStatus, AuditKind, MilestoneKind
from .models import Audit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(Form):
    title = forms.CharField(label="Intitulé", max_length=300)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(label="Nature", choices=ActionKind.choices)
    source = forms.ChoiceField(label="Origine", choices=ActionSource.choices)
    source_detail = forms.CharField(label="Précision sur l'origine", required=False, max_length=300)
    owner = forms.ModelChoiceField(
        label="Pilote",
        queryset=get_user_model().objects.none(),
        error_messages={
            "required": "Indiquez le pilote de l'action (un membre de l'organisation)."
        },
    )
    owner_unit = forms.ModelChoiceField(
        label="Unité pilote", queryset=Unit.objects.none(), required=False
    )
    due_on = forms.DateField(
        label="Échéance",
        widget=DATE,
        error_messages={"required": "Indiquez l'échéance de l'action."},
    )
    commitments = forms.ModelMultipleChoiceField(
        label="Engagements liés", queryset=Commitment.objects.none(), required=False
    )
    indicators = forms.ModelMultipleChoiceField(
        label="Indicateurs liés", queryset=Indicator.objects.none(), required=False
    )

    def __init__(self, organisation, *args, commitments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__organisation=organisation, memberships__suspended_at__isnull=True
            )
            .order_by("last_name", "first_name")
        )
        self.fields["owner_unit"].queryset = Unit.objects.filter(organisation=organisation)
        self.fields["commitments"].queryset = (
            commitments if commitments is not None else (Commitment.objects.none())
        )
        self.fields["indicators"].queryset = Indicator.objects.active().in_table_order()


class StatusForm(Form):
    status = forms.ChoiceField(label="Nouvel état", choices=ActionStatus.choices)
    abandon_reason = forms.CharField(
        label="Motif d'abandon", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EffectivenessForm(Form):
    effectiveness = forms.CharField(
        label="Constat d'efficacité",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="L'action a-t-elle supprimé l'écart ? Appuyez-vous sur les chiffres ci-dessus.",
    )


class NoteForm(Form):
    text = forms.CharField(label="Note d'avancement", widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(Form):
    file = forms.FileField(label="Fichier du plan d'actions (CSV ou XLSX)")


class AuditForm(Form):
    kind = forms.ChoiceField(label="Nature", choices=AuditKind.choices)
    starts_on = forms.DateField(
        label="Début",
        widget=DATE,
        error_messages={"required": "Indiquez la date de début de l'audit."},
    )
    ends_on = forms.DateField(
        label="Fin", widget=DATE, error_messages={"required": "Indiquez la date de fin de l'audit."}
    )
    auditors = forms.CharField(label="Auditeurs", required=False, max_length=300)
    body = forms.CharField(label="Organisme", required=False, max_length=200)
    scope = forms.CharField(label="Périmètre audité", required=False, widget=forms.Textarea)
    previous = forms.ModelChoiceField(
        label="Partir de l'audit précédent",
        queryset=Audit.objects.none(),
        required=False,
        help_text="Ses constats s'afficheront à côté des nouveaux.",
    )
    report = forms.FileField(label="Rapport d'audit", required=False)

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous"].queryset = Audit.objects.filter(organisation=organisation).order_by(
            "-starts_on"
        )


class CycleForm(Form):
    labelled_on = forms.DateField(label="Date de labellisation", widget=DATE)


class FindingForm(Form):
    commitment = forms.ModelChoiceField(
        label="Engagement",
        queryset=Commitment.objects.none(),
        error_messages={"required": "Indiquez l'engagement concerné."},
    )
    grade = forms.ChoiceField(label="Cotation", choices=())
    text = forms.CharField(
        label="Constat",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Rédigez le constat."},
    )

    def __init__(self, audit, commitments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments
        self.fields["grade"].choices = [
            (g["code"], g["label"]) for g in audit.version.finding_grades
        ]


class MilestoneForm(Form):
    title = forms.CharField(
        label="Intitulé",
        max_length=200,
        error_messages={"required": "Indiquez l'intitulé du jalon."},
    )
    on = forms.DateField(
        label="Date",
        widget=DATE,
        error_messages={
            "required": "Indiquez la date du jalon.",
            "invalid": "Saisissez une date valide (jj/mm/aaaa).",
        },
    )
    kind = forms.ChoiceField(label="Nature", choices=MilestoneKind.choices)
