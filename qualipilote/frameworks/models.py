"""Frameworks as data: a framework (Quali-ATE, Qual-e-pref, Services Publics+) has versions; a
version has numbered modules and commitments, and commitments may have sub-criteria (1.1, 1.2…).

Rows are written only by the loader (`loader.py`, from data/*.yaml or an XLSX import), never
typed in. Self-assessments point at a version's commitments, so loading a new version leaves
the assessments of the previous one attached to it.

The labelling scope of an organisation (which version, which modules, units, sites and channels)
lives here too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .enums import ModuleKind, TextStatus


class Framework(models.Model):
    code = models.SlugField(
        "code", max_length=40, unique=True, help_text="Code stable, ex. quali-ate."
    )
    name = models.CharField("nom", max_length=200)
    publisher = models.CharField("éditeur", max_length=200, blank=True)
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "référentiel"
        ordering = ["name"]

    def __str__(self):
        return self.name


class FrameworkVersionQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("framework__name", "-version")


class FrameworkVersion(models.Model):
    """One published version of a framework, loaded from one data file."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField("version", max_length=20, help_text="Ex. 2019, 2024.")
    title = models.CharField("intitulé", max_length=300)
    published_on = models.DateField("date de publication", null=True, blank=True)
    source = models.TextField(
        "sources", blank=True, help_text="D'où viennent les textes de cette version."
    )
    notes = models.TextField("remarques", blank=True)
    min_modules_for_label = models.PositiveSmallIntegerField(
        "nombre minimal de modules pour le label", default=1
    )
    label_validity_years = models.PositiveSmallIntegerField(
        "durée du label (années)", null=True, blank=True
    )
    includes = models.ManyToManyField(
        "self",
        verbose_name="inclut les engagements de",
        symmetrical=False,
        blank=True,
        related_name="included_in",
    )
    label_levels = models.JSONField(
        "niveaux de label", default=list, blank=True, help_text="Ex. bronze, argent, or."
    )
    # The label cycle and the certification body's grading scale are data of the version: the
    # improvement app plans the audits and grades the findings from them, never from code.
    follow_up_months = models.PositiveSmallIntegerField(
        "audit de suivi (mois après la labellisation)", null=True, blank=True
    )
    finding_grades = models.JSONField(
        "échelle de cotation des constats",
        default=list,
        blank=True,
        help_text="[{code, label, nonconformity}] dans l'ordre de l'échelle.",
    )
    data_file = models.CharField("fichier de données", max_length=200, blank=True)
    data_checksum = models.CharField("empreinte du fichier", max_length=64, blank=True)
    loaded_at = models.DateTimeField("chargée le", null=True, blank=True)

    objects = FrameworkVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "version de référentiel"
        verbose_name_plural = "versions de référentiel"
        ordering = ["framework__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version"], name="one_framework_version_number"
            )
        ]

    def __str__(self):
        return f"{self.framework.name} {self.version}"

    def grade_label(self, code: str) -> str:
        for grade in self.finding_grades:
            if grade.get("code") == code:
                return grade.get("label", code)
        return code

    def nonconformity_grades(self) -> set[str]:
        return {g["code"] for g in self.finding_grades if g.get("nonconformity")}


class Module(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="modules")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField(
        "intitulé", max_length=300, blank=True, help_text="Vide quand aucune source ne le donne."
    )
    title_status = models.CharField(
        "statut de l'intitulé", max_length=10, choices=TextStatus.choices, default=TextStatus.KNOWN
    )
    kind = models.CharField("nature", max_length=10, choices=ModuleKind.choices, blank=True)
    mandatory = models.BooleanField("obligatoire pour le label", default=False)
    description = models.TextField("description", blank=True)
    notes = models.TextField("remarques", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "module"
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="module_number_per_version")
        ]

    def __str__(self):
        return f"Module {self.number} — {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title or "Intitulé non connu"


class Commitment(models.Model):
    """A numbered commitment. `version` repeats `module.version` so that a number is unique in
    a version and indicators can refer to (framework, version, number)."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="commitments"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=500)
    section = models.CharField(
        "rubrique", max_length=200, blank=True, help_text="Ex. Téléphonie, Sites internet."
    )
    auditor_expectations = models.TextField("attendus de l'auditeur", blank=True)
    evidence_guidance = models.TextField("modalités de preuve", blank=True)
    indicator_codes = models.JSONField("indicateurs liés", default=list, blank=True)
    notes = models.TextField("remarques", blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    # Number, title, section and sub-criteria without accents, in lower case, for a search that
    # ignores accents and case on every database (filled by the loader, see search.py).
    search_text = models.TextField("texte de recherche", blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "engagement"
        ordering = ["version", "position", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="commitment_number_per_version"
            )
        ]

    def __str__(self):
        return f"Engagement {self.number} — {self.title}"

    def clean(self):
        if self.module_id and self.version_id and self.module.version_id != self.version_id:
            raise ValidationError({"module": "Le module doit appartenir à la même version."})


class SubCriterion(models.Model):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="sub_criteria"
    )
    code = models.CharField("code", max_length=20, help_text="Ex. 1.1, 1.2.")
    title = models.TextField("intitulé")
    title_status = models.CharField(
        "statut de l'intitulé", max_length=10, choices=TextStatus.choices, default=TextStatus.KNOWN
    )
    notes = models.TextField("remarques", blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "sous-critère"
        ordering = ["commitment", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "code"], name="sub_criterion_code")
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"


class CommitmentCorrespondence(models.Model):
    """A commitment that covers another framework's commitment, where a source states it."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="correspondences"
    )
    corresponds_to = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="corresponded_by"
    )
    source = models.CharField("source", max_length=300, blank=True)

    class Meta:
        verbose_name = "correspondance entre engagements"
        verbose_name_plural = "correspondances entre engagements"
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "corresponds_to"], name="one_correspondence_per_pair"
            )
        ]

    def __str__(self):
        return f"{self.commitment} ↔ {self.corresponds_to}"


class LabellingScope(models.Model):
    """What an organisation asks the label for: one framework version, the modules chosen, and
    the units, sites and channels concerned. Changed only through `scope.set_scope`, which
    checks the rules (mandatory modules, minimum count) before anything is saved."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="labelling_scope"
    )
    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name="référentiel",
        on_delete=models.PROTECT,
        related_name="scopes",
    )
    modules = models.ManyToManyField(Module, verbose_name="modules retenus", related_name="scopes")
    units = models.ManyToManyField(
        "organisations.Unit",
        verbose_name="unités concernées",
        blank=True,
        related_name="labelling_scopes",
    )
    sites = models.ManyToManyField(
        "organisations.Site",
        verbose_name="sites concernés",
        blank=True,
        related_name="labelling_scopes",
    )
    channels = models.JSONField("canaux d'accueil concernés", default=list, blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifié par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[modules, units, sites])

    class Meta:
        verbose_name = "périmètre de labellisation"
        verbose_name_plural = "périmètres de labellisation"

    def __str__(self):
        return f"Périmètre {self.organisation.name_with_de} ({self.version})"
