"""Committees of an organisation and their meetings (issue 11, item 4).

A committee (COPIL, users' committee, staff committee, working group) has a chair and usual
members; each meeting has its own chair, attendees (members of the organisation or external
people such as user representatives, with their quality), an ordered agenda saved as a copy
(later data changes do not alter it), minutes (text and/or a file served only to members) and
decisions. A decision is an action of the action plan (source "committee"): the decision keeps
the link to its action, since the action plan sits below this app and knows nothing of it.

Every change is kept by django-simple-history; rules live in services.py.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .enums import CommitteeKind, MeetingStatus


class Committee(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="committees"
    )
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=CommitteeKind.choices)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="présidence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="membres habituels", blank=True, related_name="+"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "comité"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="one_committee_name_per_organisation"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_steering(self) -> bool:
        return self.kind == CommitteeKind.STEERING


def minutes_path(meeting: Meeting, filename: str) -> str:
    return f"comites/{meeting.committee.organisation.code}/{uuid.uuid4().hex}/{filename}"


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="présidence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "état", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField("compte rendu", blank=True)
    minutes_file = models.FileField(
        "compte rendu (fichier)", upload_to=minutes_path, blank=True, max_length=300
    )
    minutes_filename = models.CharField("nom du fichier", max_length=255, blank=True)
    minutes_content_type = models.CharField("type du fichier", max_length=200, blank=True)
    agenda_saved_at = models.DateTimeField("ordre du jour enregistré le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "réunion"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["committee", "held_on"], name="meeting_held_on")]

    def __str__(self):
        return f"{self.committee.name} du {self.held_on:%d/%m/%Y}"

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes.strip() or self.minutes_file)


class Attendee(models.Model):
    """A member of the organisation (user) or an external person (name and quality)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("nom", max_length=200, blank=True)
    quality = models.CharField(
        "qualité", max_length=200, blank=True, help_text="Ex. représentante d'une association."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "participant"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="attendee_is_someone"
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="member_attends_once",
            ),
        ]

    def __str__(self):
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        return f"{self.name} ({self.quality})" if self.quality else self.name

    @property
    def is_external(self) -> bool:
        return self.user_id is None


class AgendaItem(models.Model):
    """One item of a meeting's saved agenda: text copied when the agenda is saved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField("rang")
    section = models.CharField("rubrique", max_length=100, blank=True)
    title = models.CharField("point", max_length=500)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_rank")
        ]

    def __str__(self):
        return self.title


class Decision(models.Model):
    """A decision taken in a meeting; it is carried out as an action of the action plan."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("décision")
    action = models.OneToOneField(
        "improvement.Action",
        verbose_name="action du plan",
        on_delete=models.PROTECT,
        related_name="committee_decision",
    )
    recorded_at = models.DateTimeField("enregistrée le")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "décision"
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return self.text[:80]
