"""Forms of the labelling-scope pages. The rules themselves are checked by scope.set_scope."""

from __future__ import annotations

from django import forms

from qualipilote.common.forms import Form
from qualipilote.organisations.enums import Channel
from qualipilote.organisations.services import unit_tree

from .models import FrameworkVersion, LabellingScope


class DsfrForm(Form):
    """DsfrBaseForm whose text fields name their DSFR group: django-dsfr's input snippet reads
    `widget.group_class`, which only its selects and radios set."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not hasattr(field.widget, "group_class"):
                field.widget.group_class = "fr-input-group"

    def focus_first_error(self) -> None:
        """Puts the keyboard focus on the first field in error (non-field errors skipped)."""
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                return


class VersionChoiceForm(DsfrForm):
    """First step of the edit page: which framework version the modules are chosen from."""

    version = forms.ModelChoiceField(
        label="Référentiel et version",
        queryset=FrameworkVersion.objects.select_related("framework").latest_first(),
        empty_label=None,
        error_messages={"invalid_choice": "Ce référentiel n'existe pas."},
    )


CHECKBOXES_SNIPPET = "dsfr/form_field_snippets/checkboxselectmultiple_snippet.html"


class TreeCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """DSFR checkboxes, indented by depth in the organisation chart, with a hint (headcount,
    address, "Obligatoire") under each label."""

    option_template_name = "frameworks/scope/_tree_option.html"

    def __init__(self, *args, details=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.details = details or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        depth, hint = self.details.get(_pk(value), (0, ""))
        option.update(depth=depth, hint=hint)
        return option


def _pk(value):
    return getattr(value, "value", value)


class ScopeForm(DsfrForm):
    """Second step: the modules of the chosen version, the units, sites and channels."""

    version = forms.ModelChoiceField(
        queryset=FrameworkVersion.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Ce référentiel n'existe pas."},
    )
    modules = forms.ModelMultipleChoiceField(
        label="Modules retenus",
        help_text="Les modules obligatoires ne peuvent pas être retirés.",
        queryset=None,
        widget=TreeCheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez les modules du périmètre, dont les modules obligatoires.",
            "invalid_choice": "Ce module n'appartient pas au référentiel choisi.",
            "invalid_pk_value": "Ce module n'existe pas.",
        },
    )
    units = forms.ModelMultipleChoiceField(
        label="Unités concernées",
        help_text="Directions, bureaux, services et pôles en relation avec les usagers.",
        queryset=None,
        required=False,
        widget=TreeCheckboxSelectMultiple,
        error_messages={"invalid_choice": "Cette unité n'appartient pas à l'organisation."},
    )
    sites = forms.ModelMultipleChoiceField(
        label="Sites d'accueil concernés",
        queryset=None,
        required=False,
        widget=TreeCheckboxSelectMultiple,
        error_messages={"invalid_choice": "Ce site n'appartient pas à l'organisation."},
    )
    channels = forms.MultipleChoiceField(
        label="Canaux d'accueil concernés",
        choices=Channel.choices,
        required=False,
        widget=TreeCheckboxSelectMultiple,
        error_messages={"invalid_choice": "Le canal « %(value)s » n'existe pas."},
    )

    def __init__(self, *args, organisation, version: FrameworkVersion, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("modules", "units", "sites", "channels"):
            self.fields[name].template_name = CHECKBOXES_SNIPPET
        self._bind_modules(version)
        self._bind_units(organisation)
        sites = organisation.sites.order_by("name")
        self.fields["sites"].queryset = sites
        self.fields["sites"].widget.details = {
            site.pk: (0, f"{site.get_kind_display()} — {site.address}") for site in sites
        }

    def _bind_modules(self, version):
        modules = version.modules.order_by("number")
        self.fields["modules"].queryset = modules
        self.fields["modules"].widget.details = {
            module.pk: (0, "Obligatoire" if module.mandatory else "") for module in modules
        }

    def _bind_units(self, organisation):
        field = self.fields["units"]
        field.queryset = organisation.units.all()
        tree = unit_tree(organisation)
        # Choices in chart order (the queryset still validates what is posted).
        field.choices = [(unit.pk, unit.name) for unit, _depth in tree]
        field.widget.details = {
            unit.pk: (depth, f"{unit.get_kind_display()} — {unit.headcount} agent(s)")
            for unit, depth in tree
        }

    @classmethod
    def initial_from(cls, scope: LabellingScope | None, version: FrameworkVersion) -> dict:
        if scope is None:
            return {
                "version": version,
                "modules": list(version.modules.filter(mandatory=True)),
                "channels": list(Channel.values),
            }
        same_version = scope.version_id == version.pk
        return {
            "version": version,
            "modules": list(scope.modules.all())
            if same_version
            else list(version.modules.filter(mandatory=True)),
            "units": list(scope.units.all()),
            "sites": list(scope.sites.all()),
            "channels": scope.channels,
        }
