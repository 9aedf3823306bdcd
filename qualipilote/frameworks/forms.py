from django import forms

from qualipilote.common.forms import Form, validate_import_size

from .models import Framework, FrameworkVersion
from .schema import VERSION
from .services import ImportTarget


class SearchForm(Form):
    marks_optional = False  # a search: every field may stay empty

    q = forms.CharField(
        label="Rechercher un engagement",
        max_length=200,
        required=False,
        help_text="Un numéro (15) ou des mots (délai, réseaux sociaux) ; accents et majuscules "
        "sont indifférents.",
    )
    version = forms.ModelChoiceField(
        label="Référentiel",
        queryset=FrameworkVersion.objects.select_related("framework").latest_first(),
        required=False,
        empty_label="Tous les référentiels",
    )


class FrameworkImportForm(Form):
    # Required for a new framework or version only: their hints say so.
    conditionally_required = ("framework_name", "title")

    framework_code = forms.SlugField(
        label="Code du référentiel",
        max_length=40,
        help_text="Ex. quali-ate. Un code nouveau crée un référentiel.",
    )
    framework_name = forms.CharField(
        label="Nom du référentiel",
        max_length=200,
        required=False,
        help_text="Obligatoire pour un nouveau référentiel ; sinon, remplace le nom s'il est donné.",
    )
    version = forms.RegexField(
        label="Version",
        max_length=20,
        regex=VERSION,
        error_messages={"invalid": "Lettres, chiffres, points et tirets seulement."},
        help_text="Ex. 2024. Une version nouvelle est créée ; une version existante est complétée.",
    )
    title = forms.CharField(
        label="Intitulé de la version",
        max_length=300,
        required=False,
        help_text="Obligatoire pour une nouvelle version.",
    )
    min_modules_for_label = forms.IntegerField(
        label="Nombre minimal de modules pour le label",
        min_value=1,
        max_value=50,
        required=False,
        help_text="Laissez vide pour garder la valeur connue (1 pour une nouvelle version).",
    )
    label_validity_years = forms.IntegerField(
        label="Durée du label (années)", min_value=1, max_value=20, required=False
    )
    file = forms.FileField(
        label="Classeur à importer",
        help_text="Fichier .xlsx : une ligne par module, engagement ou sous-critère, colonnes "
        "décrites ci-dessous.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        validators=[validate_import_size],
    )

    def clean(self):
        data = super().clean()
        code, version = data.get("framework_code"), data.get("version")
        if not code or not version:
            return data
        if not data.get("framework_name") and not Framework.objects.filter(code=code).exists():
            self.add_error("framework_name", "Obligatoire : ce référentiel n'existe pas encore.")
        new_version = not FrameworkVersion.objects.filter(
            framework__code=code, version=version
        ).exists()
        if new_version and not data.get("title"):
            self.add_error("title", "Obligatoire : cette version n'existe pas encore.")
        return data

    def target(self) -> ImportTarget:
        data = self.cleaned_data
        return ImportTarget(
            framework_code=data["framework_code"],
            version=data["version"],
            framework_name=data.get("framework_name") or "",
            title=data.get("title") or "",
            min_modules_for_label=data.get("min_modules_for_label"),
            label_validity_years=data.get("label_validity_years"),
        )
