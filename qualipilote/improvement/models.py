"""The action plan and the label cycle's audits.

An action answers a gap found somewhere (a self-assessment "not met", an audit finding, an
indicator off target, a complaint…). Its origin is kept as explicit nullable foreign keys to the
records that exist (self-assessment, finding, complaint or suggestion; indicators through the
linked indicators) rather than a generic relation: the database keeps them consistent
(PROTECT / SET_NULL), lists filter and join on them, and the tenancy check is a plain
`organisation=` on the related row. Sources whose app does not exist yet (surveys, committees,
lessons learned) carry a `source_detail` text until their app adds its own key.

Every change is kept by django-simple-history (who, when, what). Rules that span rows (a
nonconformity is closed only once its actions are done and judged) live in services.py and
audits.py, which every path (pages, API, admin, imports) goes through.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .enums import (
    OPEN_ACTION_STATUSES,
    ActionKind,
    ActionSource,
    ActionStatus,
    AuditKind,
    FindingStatus,
    MilestoneKind,
)


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)

    def due_between(self, start, end):
        return self.open().filter(due_on__gte=start, due_on__lte=end)


class Action(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="actions"
    )
    # PA-74-2026-00015: the organisation's short code, the year of creation, a number that
    # follows on (allocate_action_references, below).
    reference = models.CharField("référence", max_length=60, unique=True, editable=False)
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    kind = models.CharField("nature", max_length=20, choices=ActionKind.choices)
    source = models.CharField("origine", max_length=30, choices=ActionSource.choices)
    source_detail = models.CharField(
        "précision sur l'origine",
        max_length=300,
        blank=True,
        help_text="Ex. enquête d'octobre 2025, COPIL du 12 janvier.",
    )
    self_assessment = models.ForeignKey(
        "assessments.SelfAssessment",
        verbose_name="auto-diagnostic d'origine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    finding = models.ForeignKey(
        "improvement.Finding",
        verbose_name="constat d'audit d'origine",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    feedback = models.ForeignKey(
        "registers.Feedback",
        verbose_name="réclamation ou suggestion d'origine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    commitments = models.ManyToManyField(
        "frameworks.Commitment", verbose_name="engagements liés", blank=True, related_name="actions"
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name="indicateurs liés", blank=True, related_name="actions"
    )
    owner_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name="unité pilote",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pilote",
        on_delete=models.PROTECT,
        related_name="owned_actions",
    )
    due_on = models.DateField("échéance")
    status = models.CharField(
        "état", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    abandon_reason = models.TextField("motif d'abandon", blank=True)
    completed_on = models.DateField("réalisée le", null=True, blank=True)
    effectiveness = models.TextField("vérification de l'efficacité", blank=True)
    effectiveness_checked_at = models.DateTimeField("efficacité vérifiée le", null=True, blank=True)
    effectiveness_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="efficacité vérifiée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[commitments, indicators])

    class Meta:
        verbose_name = "action"
        ordering = ["due_on", "reference"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"], name="action_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.ABANDONED) | ~Q(abandon_reason=""),
                name="abandoned_action_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | Q(completed_on__isnull=False),
                name="done_action_has_a_completion_date",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def has_verdict(self) -> bool:
        return bool(self.effectiveness.strip())

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on < today


class ActionNote(models.Model):
    """A progress note: what was done, what blocks. Notes are added, never edited."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("note")
    written_at = models.DateTimeField("écrite le")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "note d'avancement"
        verbose_name_plural = "notes d'avancement"
        ordering = ["written_at", "pk"]

    def __str__(self):
        return self.text[:80]


class ActionReferenceCounter(models.Model):
    """The last action number handed out to an organisation for a year (like the registers'
    FeedbackReferenceCounter)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("année")
    last_number = models.PositiveIntegerField("dernier numéro attribué", default=0)

    class Meta:
        verbose_name = "compteur de références des actions"
        verbose_name_plural = "compteurs de références des actions"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_action_counter_per_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.year} : {self.last_number}"


def audit_report_path(audit: Audit, filename: str) -> str:
    return f"audits/{audit.organisation.code}/{uuid.uuid4().hex}/{filename}"


class Audit(models.Model):
    """An audit of the label cycle: internal (ministry auditor) or external (certification body),
    planned from the labelling date (audits.plan_cycle) or recorded as it happened."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="audits"
    )
    kind = models.CharField("nature", max_length=20, choices=AuditKind.choices)
    version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        verbose_name="référentiel",
        on_delete=models.PROTECT,
        related_name="audits",
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    auditors = models.CharField("auditeurs", max_length=300, blank=True)
    body = models.CharField(
        "organisme", max_length=200, blank=True, help_text="Ex. AFNOR, SOCOTEC, IGA."
    )
    scope = models.TextField("périmètre audité", blank=True)
    report = models.FileField("rapport", upload_to=audit_report_path, blank=True, max_length=300)
    report_filename = models.CharField("nom du rapport", max_length=255, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name="audit précédent (base de départ)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
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
        verbose_name = "audit"
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="audit_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.starts_on:%d/%m/%Y}"


class Finding(models.Model):
    """What an auditor found for one commitment, graded on the version's scale
    (FrameworkVersion.finding_grades)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    commitment = models.ForeignKey(
        "frameworks.Commitment",
        verbose_name="engagement",
        on_delete=models.PROTECT,
        related_name="findings",
    )
    grade = models.CharField("cotation", max_length=40)
    text = models.TextField("constat")
    status = models.CharField(
        "état", max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    recorded_at = models.DateTimeField("relevé le")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="relevé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when a new audit started from the previous one and took this open finding over.
    carried_from = models.ForeignKey(
        "self",
        verbose_name="repris du constat",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_into",
    )
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="clos par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "constat d'audit"
        verbose_name_plural = "constats d'audit"
        ordering = ["commitment__position", "commitment__number", "pk"]

    def __str__(self):
        return f"{self.grade_label} — engagement {self.commitment.number}"

    @property
    def grade_label(self) -> str:
        return self.audit.version.grade_label(self.grade)

    @property
    def is_nonconformity(self) -> bool:
        return self.grade in self.audit.version.nonconformity_grades()


class Milestone(models.Model):
    """A date the quality lead types in the calendar (a committee presentation, the BEGES, a
    document review…); the other milestones come from the records themselves (milestones.py)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField("intitulé", max_length=200)
    on = models.DateField("date")
    kind = models.CharField("nature", max_length=20, choices=MilestoneKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "jalon"
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["organisation", "on"], name="milestone_on")]

    def __str__(self):
        return f"{self.title} ({self.on:%d/%m/%Y})"


class CalendarFeed(models.Model):
    """The secret of an organisation's iCalendar feed: calendar apps cannot sign in, so the
    feed's address carries a token; only its SHA-256 is kept, and regenerating it replaces the
    hash (the old address then answers 404)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    regenerated_at = models.DateTimeField("régénéré le", auto_now=True)

    class Meta:
        verbose_name = "flux iCalendar"
        verbose_name_plural = "flux iCalendar"

    def __str__(self):
        return f"Flux iCalendar de {self.organisation}"
