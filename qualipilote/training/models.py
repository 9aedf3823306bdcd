"""Training needs, training sessions (and the newcomers' day) with their attendees, tutoring
pairs and the newcomers' awareness of the quality programme. Changed only through services.py;
the database constraints repeat the rules that fit in a row."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from qualipilote.organisations.models import Membership, Organisation, Unit

from .enums import NeedOrigin, NeedStatus, SessionKind, Theme


class TrainingNeed(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="training_needs"
    )
    member = models.ForeignKey(
        Membership,
        verbose_name="agent",
        on_delete=models.CASCADE,
        related_name="training_needs",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="unité",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_needs",
    )
    origin = models.CharField("origine", max_length=20, choices=NeedOrigin.choices)
    theme = models.CharField("thème", max_length=20, choices=Theme.choices)
    description = models.TextField("besoin exprimé", max_length=2000)
    status = models.CharField(
        "état", max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    expressed_on = models.DateField("exprimé le")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "besoin de formation"
        verbose_name_plural = "besoins de formation"
        ordering = ["-expressed_on", "-pk"]

    def __str__(self):
        return f"{self.get_theme_display()} — {self.member.user}"


class TrainingSession(models.Model):
    """A training session, or (kind newcomers_day) a newcomers' day."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="training_sessions"
    )
    kind = models.CharField(
        "nature", max_length=20, choices=SessionKind.choices, default=SessionKind.TRAINING
    )
    title = models.CharField("intitulé", max_length=200)
    theme = models.CharField("thème", max_length=20, choices=Theme.choices)
    held_on = models.DateField("date")
    duration_hours = models.DecimalField(
        "durée (heures)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(100)],
    )
    trainer = models.CharField("formateur ou formatrice", max_length=200, blank=True)
    attendees = models.ManyToManyField(
        Membership, through="Attendance", related_name="training_sessions"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "session de formation"
        verbose_name_plural = "sessions de formation"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_hours__gte=0.5, duration_hours__lte=100),
                name="training_session_duration_bounds",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Attendance(models.Model):
    """A member registered for a session; `present` is recorded after it (None: not yet)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField("présent", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "participation"
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_attendance_per_member")
        ]

    def __str__(self):
        return f"{self.member.user} — {self.session}"


class TutoringPair(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="tutoring_pairs"
    )
    tutor = models.ForeignKey(
        Membership, verbose_name="tuteur ou tutrice", on_delete=models.CASCADE, related_name="+"
    )
    newcomer = models.ForeignKey(
        Membership,
        verbose_name="nouvel arrivant",
        on_delete=models.CASCADE,
        related_name="tutoring_pairs",
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "binôme de tutorat"
        verbose_name_plural = "binômes de tutorat"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(tutor=F("newcomer")), name="tutoring_tutor_is_not_newcomer"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="tutoring_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.tutor.user} → {self.newcomer.user}"


class QualityAwareness(models.Model):
    """A newcomer was made aware of the quality programme (by the quality lead), on a date."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="quality_awareness"
    )
    member = models.OneToOneField(
        Membership,
        verbose_name="nouvel arrivant",
        on_delete=models.CASCADE,
        related_name="quality_awareness",
    )
    on = models.DateField("date")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "sensibilisation à la démarche qualité"
        verbose_name_plural = "sensibilisations à la démarche qualité"
        ordering = ["-on"]

    def __str__(self):
        return f"{self.member.user} — {self.on:%d/%m/%Y}"
