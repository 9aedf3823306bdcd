"""Forms of the campaign pages: they collect the input; services.py checks the rules and its
French messages come back on the fields."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from qualipilote.common.forms import validate_import_size
from qualipilote.frameworks.scope_forms import DsfrForm as Form
from qualipilote.organisations.models import Unit

from .enums import CampaignChannel, Rule, RunBy, Score, TimeSlot
from .services import partner_leads

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class CampaignForm(Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    channel = forms.ChoiceField(label="Canal testé", choices=CampaignChannel.choices)
    starts_on = forms.DateField(label="Début", widget=DATE)
    ends_on = forms.DateField(label="Fin", widget=DATE)
    run_by = forms.ChoiceField(label="Réalisée par", choices=RunBy.choices)
    cross_auditor = forms.ModelChoiceField(
        label="Référent·e qualité de l'organisation partenaire (audit croisé)",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="Cette personne ne verra que cette enquête de votre organisation.",
    )
    contractor = forms.CharField(label="Prestataire", max_length=200, required=False)
    weak_threshold = forms.IntegerField(
        label="Seuil de faiblesse (%)",
        min_value=1,
        max_value=100,
        initial=80,
        help_text="Un critère sous ce taux de « oui » peut devenir une action du plan.",
    )
    conditionally_required = ("cross_auditor", "contractor")

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leads = partner_leads(organisation)
        self.fields["cross_auditor"].queryset = get_user_model().objects.filter(
            pk__in=leads.values("user")
        )
        names = {m.user_id: m.organisation.name for m in leads}
        self.fields["cross_auditor"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({names.get(user.pk, '')})"
        )


class CampaignSettingsForm(Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    starts_on = forms.DateField(label="Début", widget=DATE)
    ends_on = forms.DateField(label="Fin", widget=DATE)
    weak_threshold = forms.IntegerField(label="Seuil de faiblesse (%)", min_value=1, max_value=100)


class CriterionForm(Form):
    label = forms.CharField(label="Libellé du critère", max_length=200)
    code = forms.SlugField(
        label="Code",
        max_length=40,
        help_text="Lettres, chiffres et tirets ; nomme la colonne du fichier d'import.",
    )
    rule = forms.ChoiceField(label="Mode de notation", choices=Rule.choices, initial=Rule.TYPED)
    delay_days = forms.IntegerField(
        label="Délai (jours ouvrés)",
        min_value=1,
        max_value=60,
        required=False,
        help_text="Pour une réponse dans un délai.",
    )
    requires_answer = forms.BooleanField(
        label="Sans objet quand aucune réponse n'est reçue", required=False
    )
    conditionally_required = ("delay_days",)


class CriterionLabelForm(Form):
    """Rewording a criterion of the grid before the first test ("moins de 4 sonneries")."""

    label = forms.CharField(label="Libellé du critère", max_length=200)
    delay_days = forms.IntegerField(
        label="Délai (jours ouvrés)",
        min_value=1,
        max_value=60,
        required=False,
        help_text="Pour une réponse dans un délai.",
    )


class PlanLineForm(Form):
    unit = forms.ModelChoiceField(label="Unité", queryset=Unit.objects.none(), required=False)
    month = forms.DateField(
        label="Mois", widget=MONTH, input_formats=["%Y-%m", "%Y-%m-%d"], help_text="AAAA-MM"
    )
    time_slot = forms.ChoiceField(label="Créneau", choices=TimeSlot.choices)
    planned = forms.IntegerField(label="Tests prévus", min_value=1, max_value=1000)

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)


class TestContactForm(Form):
    """The test's dates and, for each typed criterion of the grid, a yes / no / n.a. choice."""

    __test__ = False

    contacted_on = forms.DateField(label="Date d'envoi ou d'appel", widget=DATE)
    contacted_time = forms.TimeField(label="Heure d'envoi ou d'appel", widget=TIME)
    unit = forms.ModelChoiceField(
        label="Unité testée", queryset=Unit.objects.none(), required=False
    )
    subject = forms.CharField(label="Objet de la demande", max_length=300, required=False)
    answered_on = forms.DateField(
        label="Réponse reçue le",
        widget=DATE,
        required=False,
        help_text="Vide si aucune réponse. Le délai en jours ouvrés est calculé.",
    )
    comment = forms.CharField(
        label="Observations", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, campaign, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=campaign.organisation)
        self.criteria = [c for c in campaign.criteria.all() if not c.is_computed]
        for criterion in self.criteria:
            help_text = "Sans objet si aucune réponse." if criterion.requires_answer else ""
            self.fields[f"critere_{criterion.code}"] = forms.ChoiceField(
                label=criterion.label,
                choices=Score.choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=help_text,
            )

    def values(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        contacted_at = None
        if data.get("contacted_on") and data.get("contacted_time"):
            contacted_at = timezone.make_aware(
                dt.datetime.combine(data["contacted_on"], data["contacted_time"])
            )
        values = {
            "contacted_at": contacted_at,
            "unit": data.get("unit"),
            "answered_on": data.get("answered_on"),
            "subject": data.get("subject", ""),
            "comment": data.get("comment", ""),
        }
        scores = {
            c.code: data.get(f"critere_{c.code}")
            for c in self.criteria
            if data.get(f"critere_{c.code}")
        }
        return values, scores

    def field_name(self, service_field: str) -> str | None:
        if service_field == "contacted_at":
            return "contacted_on"
        if service_field in self.fields:
            return service_field
        if f"critere_{service_field}" in self.fields:
            return f"critere_{service_field}"
        return None


class ImportForm(Form):
    file = forms.FileField(
        label="Fichier du prestataire (CSV ou XLSX)", validators=[validate_import_size]
    )
