"""The year's quality review of an organisation (its foreword and conclusion, written by the
quality lead) and its generations: each click on "Générer" produces one PDF and one DOCX, kept
with their date and author."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

FIRST_YEAR, LAST_YEAR = 2000, 2100
TEXT_LIMIT = 20_000


def generation_path(generation: ReviewGeneration, filename: str) -> str:
    review = generation.review
    return f"bilans/{review.organisation.code}/{review.year}/{filename}"


class AnnualReview(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="annual_reviews"
    )
    year = models.PositiveSmallIntegerField(
        "année",
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    foreword = models.TextField("avant-propos", blank=True, max_length=TEXT_LIMIT)
    conclusion = models.TextField("conclusion", blank=True, max_length=TEXT_LIMIT)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bilan annuel"
        verbose_name_plural = "bilans annuels"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_review_per_year")
        ]

    def __str__(self) -> str:
        return f"Bilan qualité {self.year}"


class ReviewGeneration(models.Model):
    """One generation of the review, run by a background task (review.generation); the page
    that started it polls its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "en attente"
        RUNNING = "running", "en cours"
        DONE = "done", "terminé"
        FAILED = "failed", "échec"

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="generations")
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField("étape", max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField("avancement", default=0)
    pdf = models.FileField("PDF", upload_to=generation_path, max_length=300, blank=True)
    docx = models.FileField("DOCX", upload_to=generation_path, max_length=300, blank=True)
    error = models.TextField("erreur", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="généré par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField("demandé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    seconds = models.DecimalField("durée (s)", max_digits=8, decimal_places=2, null=True)

    class Meta:
        verbose_name = "génération du bilan"
        verbose_name_plural = "générations du bilan"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.review} — {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
