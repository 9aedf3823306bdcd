"""Self-assessment (auto-diagnostic): an organisation rates itself against each commitment of
its labelling scope and attaches the evidence. Every change is kept in the history."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .enums import AssessmentStatus, EvidenceKind


class SelfAssessment(models.Model):
    """The current rating of one commitment by one organisation (one row per pair)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="self_assessments"
    )
    commitment = models.ForeignKey(
        "frameworks.Commitment",
        verbose_name="engagement",
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    status = models.CharField("appréciation", max_length=20, choices=AssessmentStatus.choices)
    not_applicable_reason = models.TextField("motif de non-application", blank=True)
    comment = models.TextField("commentaire", blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="évalué par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField("évalué le")
    # True once a new self-assessment started from this answer (baseline.start_from_previous),
    # until someone records the answer again.
    carried_over = models.BooleanField("reprise de l'auto-diagnostic précédent", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "auto-diagnostic d'un engagement"
        verbose_name_plural = "auto-diagnostics"
        ordering = ["commitment__position", "commitment__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "commitment"], name="one_assessment_per_commitment"
            ),
            models.CheckConstraint(
                condition=~Q(status=AssessmentStatus.NOT_APPLICABLE) | ~Q(not_applicable_reason=""),
                name="not_applicable_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.commitment} : {self.get_status_display()}"


def evidence_upload_path(evidence: Evidence, filename: str) -> str:
    """Files are grouped by organisation, each in a folder of its own with a random name: a path
    cannot be guessed, and evidence is only ever served by the organisation's download view."""
    return f"preuves/{evidence.assessment.organisation.code}/{uuid.uuid4().hex}/{filename}"


class Evidence(models.Model):
    """A file (through Django's storage API) or a link that proves a commitment is kept."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField("nature", max_length=10, choices=EvidenceKind.choices)
    title = models.CharField("intitulé", max_length=300)
    file = models.FileField("fichier", upload_to=evidence_upload_path, blank=True, max_length=300)
    url = models.URLField("lien", blank=True, max_length=1000)
    filename = models.CharField(
        "nom du fichier", max_length=255, blank=True, help_text="Nom du fichier envoyé."
    )
    content_type = models.CharField("type de fichier", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("taille (octets)", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ajouté par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField("ajouté le", auto_now_add=True)
    expires_on = models.DateField(
        "valable jusqu'au",
        null=True,
        blank=True,
        help_text="Une attestation, un contrat ou une convention qui expire cesse de prouver.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "preuve"
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=EvidenceKind.FILE) & ~Q(file="") & Q(url=""))
                | (Q(kind=EvidenceKind.LINK) & Q(file="") & ~Q(url="")),
                name="evidence_is_a_file_or_a_link",
            )
        ]

    def __str__(self):
        return self.title

    def is_expired(self, today) -> bool:
        return self.expires_on is not None and self.expires_on < today


class AssessmentRound(models.Model):
    """A new self-assessment started from the previous answers: the answers as they stood are
    copied into its baseline (BaselineAnswer), so that what changed since can be shown."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    started_at = models.DateTimeField("commencé le")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="commencé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The commitments of the scope when the round started: those added since are highlighted.
    scope_commitments = models.JSONField("engagements du périmètre", default=list)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "campagne d'auto-diagnostic"
        verbose_name_plural = "campagnes d'auto-diagnostic"
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"Auto-diagnostic commencé le {self.started_at:%d/%m/%Y}"


class BaselineAnswer(models.Model):
    """The previous answer to one commitment, as it was when the round started (never edited)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="baseline")
    commitment = models.ForeignKey(
        "frameworks.Commitment", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("appréciation", max_length=20, choices=AssessmentStatus.choices)
    not_applicable_reason = models.TextField("motif de non-application", blank=True)
    comment = models.TextField("commentaire", blank=True)
    # [{"id", "title", "kind", "url", "filename", "expires_on"}] of the evidence then attached.
    evidence = models.JSONField("preuves", default=list)

    class Meta:
        verbose_name = "réponse reprise"
        verbose_name_plural = "réponses reprises"
        constraints = [
            models.UniqueConstraint(fields=["round", "commitment"], name="one_baseline_answer")
        ]

    def __str__(self):
        return f"{self.commitment_id} : {self.status}"
