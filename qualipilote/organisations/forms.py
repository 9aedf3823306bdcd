"""Forms of the organisation's pages: structure (units, sites, channels), people, invitations."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation

from qualipilote.accounts.models import Title
from qualipilote.common.forms import Form, ModelForm

from .enums import Role
from .models import ReceptionChannel, Site, Unit
from .services import unit_tree

TITLE_CHOICES = [
    (Title.MADAME, "Madame"),
    (Title.MONSIEUR, "Monsieur"),
    (Title.UNSPECIFIED, "Non précisé"),
]


class OrganisationModelForm(ModelForm):
    """A ModelForm of something that belongs to `organisation`, set before validation so that
    its own rules (a unit's code unique in the organisation…) are checked by the form."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation


def _descendants(unit: Unit) -> set[int]:
    found, frontier = set(), [unit.pk]
    while frontier:
        children = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in children if pk not in found]
        found.update(frontier)
    return found


class UnitForm(OrganisationModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "kind", "parent", "headcount", "contact_email"]
        help_texts = {"parent": "Déplacez l'unité en changeant son unité de rattachement."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        excluded = set()
        if self.instance.pk:  # never under itself nor under one of its own sub-units
            excluded = {self.instance.pk, *_descendants(self.instance)}
        choices = [
            (unit.pk, "\u00a0\u00a0" * depth + unit.name)
            for unit, depth in unit_tree(self.organisation)
            if unit.pk not in excluded
        ]
        self.fields["parent"].queryset = self.organisation.units.exclude(pk__in=excluded)
        self.fields["parent"].choices = [("", "Aucune (en tête de l'organigramme)"), *choices]


class SiteForm(OrganisationModelForm):
    class Meta:
        model = Site
        fields = ["name", "kind", "address", "description"]


class ChannelForm(OrganisationModelForm):
    class Meta:
        model = ReceptionChannel
        fields = ["kind", "name", "contact", "site"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = self.organisation.sites.all()
        self.fields["site"].empty_label = "Aucun en particulier"


def _unit_field(organisation) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label="Unité", queryset=organisation.units.all(), required=False)
    field.empty_label = "Aucune"
    return field


class InvitationForm(Form):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Celle de ProConnect, s'il ou elle l'utilise : l'invitation y est envoyée.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    title = forms.ChoiceField(
        label="Civilité",
        choices=TITLE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text="Donne la forme du rôle : référente, référent ou référent·e.",
    )
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(organisation)


class MemberForm(Form):
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(organisation)


class InvitationPasswordForm(Form):
    """The password of a new account created from an invitation, checked by Django's password
    validators against the person the invitation names."""

    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 8 caractères, pas uniquement des chiffres, ni trop courant, ni proche "
        "de votre nom ou de votre adresse.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif first:
            person = get_user_model()(
                username=self.invitation.email,
                email=self.invitation.email,
                first_name=self.invitation.first_name,
                last_name=self.invitation.last_name,
            )
            try:
                password_validation.validate_password(first, person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
