"""The document base of an organisation: themes of the procedure guide, documents (procedure
sheets and others), their versions with a file and an approval workflow, and the staff's
readings. Written only through services.py."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .enums import CommitteeKind, DocumentKind, VersionStatus

MAX_SHEET_NUMBER = 99


class DocumentTheme(models.Model):
    """A chapter of the procedure guide (0 pilotage … 7 communication d'urgence): data of each
    organisation, loaded with the demo from the seed's guide."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="document_themes"
    )
    number = models.PositiveSmallIntegerField(
        "numéro",
        validators=[
            MaxValueValidator(9, "Le numéro du thème doit être compris entre 0 et 9."),
        ],
    )
    title = models.CharField("intitulé", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thème du guide des procédures"
        verbose_name_plural = "thèmes du guide des procédures"
        ordering = ["organisation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="document_theme_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__lte=9), name="document_theme_number_0_9"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Document(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("nature", max_length=30, choices=DocumentKind.choices)
    theme = models.ForeignKey(
        DocumentTheme,
        verbose_name="thème",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    number = models.PositiveSmallIntegerField(
        "numéro de fiche",
        null=True,
        blank=True,
        help_text="Numéro de la fiche dans le guide des procédures (ex. 23 : thème 2).",
    )
    title = models.CharField("intitulé", max_length=300)
    owner_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name="unité responsable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    commitments = models.ManyToManyField(
        "frameworks.Commitment",
        verbose_name="engagements liés",
        blank=True,
        related_name="documents",
    )
    next_review_on = models.DateField("prochaine revue", null=True, blank=True)
    # The day the last review reminder was sent, so that the daily task tells once per threshold.
    review_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField("créé le")
    updated_at = models.DateTimeField("mis à jour le")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "document"
        ordering = ["organisation", "number", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                condition=Q(number__isnull=False),
                name="document_number_unique_per_org",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__lte=MAX_SHEET_NUMBER),
                name="document_number_0_99",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DocumentKind.PROCEDURE)
                | (Q(number__isnull=False) & Q(theme__isnull=False)),
                name="procedure_sheet_numbered",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}" if self.reference else self.title

    @property
    def reference(self) -> str:
        return f"Fiche {self.number}" if self.number is not None else ""


def version_upload_path(version: DocumentVersion, filename: str) -> str:
    """Grouped by organisation, each file in a folder with a random name, like evidence: served
    only by the organisation's download view."""
    return f"documents/{version.document.organisation.code}/{uuid.uuid4().hex}/{filename}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    status = models.CharField(
        "état", max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    file = models.FileField("fichier", upload_to=version_upload_path, max_length=300)
    filename = models.CharField("nom du fichier", max_length=255)
    content_type = models.CharField("type de fichier", max_length=200, blank=True)
    summary = models.TextField("modifications", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédacteur",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le")
    updated_at = models.DateTimeField("mise à jour le")
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="relecteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("relue le", null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="approbateur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("validée le", null=True, blank=True)
    committee_kind = models.CharField(
        "instance de validation", max_length=20, choices=CommitteeKind.choices, blank=True
    )
    committee_met_on = models.DateField("date de la séance", null=True, blank=True)
    returned_comment = models.TextField("motif du renvoi", blank=True)
    superseded_at = models.DateTimeField("remplacée le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "version de document"
        verbose_name_plural = "versions de documents"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_version_number_unique"
            ),
            # One current version per document, whatever the application does.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status=VersionStatus.APPROVED),
                name="one_approved_version_per_document",
            ),
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | ~Q(approver=F("author")),
                name="approver_is_not_the_author",
            ),
            models.CheckConstraint(condition=~Q(file=""), name="document_version_has_a_file"),
        ]

    def __str__(self):
        return f"{self.document} (v{self.number})"


class Reading(models.Model):
    """A member acknowledged having read a version: once per person per version."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="readings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_readings"
    )
    read_at = models.DateTimeField("lu le")

    class Meta:
        verbose_name = "prise de connaissance"
        verbose_name_plural = "prises de connaissance"
        ordering = ["-read_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_reading_per_version")
        ]

    def __str__(self):
        return f"{self.user} — {self.version}"
