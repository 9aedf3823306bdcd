"""A publication of results: what the quality lead chose to show the public, frozen when published.

A draft holds only choices (which indicators, whether the commitments and the survey results are
shown); its preview is computed from today's data. Publishing computes the content once and keeps
it in `content` (JSON): a later correction of a figure in the indicators or the surveys does not
change what the public reads; only a new publication does. At most one publication of an
organisation is in force (status "published"): the database refuses a second one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .enums import PublicationStatus


class PublicationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=PublicationStatus.PUBLISHED)


class Publication(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="publications"
    )
    status = models.CharField(
        "état", max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    indicator_codes = models.JSONField(
        "indicateurs publiés", default=list, blank=True, help_text="Codes du catalogue."
    )
    include_commitments = models.BooleanField("publier les engagements du périmètre", default=True)
    include_survey = models.BooleanField(
        "publier les résultats de la dernière enquête close", default=True
    )
    content = models.JSONField(
        "contenu figé", default=dict, blank=True, help_text="Calculé une fois, à la publication."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="préparée par",
    )
    created_at = models.DateTimeField("préparée le", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="publiée par",
    )
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    ended_at = models.DateTimeField(
        "hors ligne depuis", null=True, blank=True, help_text="Remplacée ou retirée."
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="retirée par",
    )
    withdraw_reason = models.TextField("motif du retrait", blank=True)

    history = HistoricalRecords()
    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "publication des résultats"
        verbose_name_plural = "publications des résultats"
        ordering = ["-published_at", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status=PublicationStatus.PUBLISHED),
                name="one_current_publication_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(status=PublicationStatus.DRAFT) | Q(published_at__isnull=False),
                name="publication_has_a_date",
            ),
        ]

    def __str__(self):
        if self.published_at is None:
            return f"Brouillon n° {self.pk}"
        return f"Publication du {self.published_on:%d/%m/%Y}"

    @property
    def published_on(self):
        """The day of publication in Paris (the date the public reads)."""
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def is_draft(self) -> bool:
        return self.status == PublicationStatus.DRAFT

    @property
    def is_current(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED
