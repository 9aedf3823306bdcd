"""The registers: correspondence (e-mails and letters), complaints and suggestions, website and
IVR update requests, the deadline rules they are measured against and the sampling plans that
say which week of each month the indicators read.

Every register record shares `DeadlineTrackedRecord`: its due date, the delay applied, the
working days taken, whether it was on time and whether it is in the sampled week are computed
by `deadlines.DeadlineComputer` on save (or explicitly before a bulk insert), never typed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from qualipilote.common.text import fold
from qualipilote.organisations.enums import Channel
from qualipilote.organisations.models import Membership, Unit

from .deadlines import DeadlineComputer, record_date_errors
from .enums import (
    AcknowledgementMode,
    ContactDetails,
    CorrespondenceChannel,
    FeedbackKind,
    FeedbackSource,
    PublicFeeling,
    RegisterKind,
    SampledRegister,
    SampledWeek,
    UpdateTarget,
)
from .hooks import announce_records_changed
from .querysets import DeadlineTrackedQuerySet
from .sampling import is_first_of_month, is_last_of_month, sampled_week

OVERLAPPING_RULES = (
    "Un autre délai de ce registre est déjà en vigueur sur cette période (du %(start)s au %(end)s)."
)


class DeadlineRule(models.Model):
    """The delay, in working days, of one register during a period of validity."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="deadline_rules"
    )
    register = models.CharField("registre", max_length=20, choices=RegisterKind.choices)
    working_days = models.PositiveSmallIntegerField(
        "délai (jours ouvrés)", validators=[MinValueValidator(1)]
    )
    valid_from = models.DateField("en vigueur à partir du")
    valid_until = models.DateField(
        "en vigueur jusqu'au", null=True, blank=True, help_text="Vide : sans date de fin."
    )
    note = models.CharField("motif ou référence", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "règle de délai"
        verbose_name_plural = "règles de délai"
        ordering = ["register", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "register", "valid_from"],
                name="one_deadline_rule_per_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="deadline_rule_period_ordered",
            ),
        ]

    def __str__(self):
        end = f" au {self.valid_until:%d/%m/%Y}" if self.valid_until else ""
        return (
            f"{self.get_register_display()} : {self.working_days} jours ouvrés "
            f"(du {self.valid_from:%d/%m/%Y}{end})"
        )

    def clean(self):
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": "La date de fin ne peut pas précéder la date de début."}
            )
        overlapping = self.overlapping_rules().first()
        if overlapping is not None:
            end = f"{overlapping.valid_until:%d/%m/%Y}" if overlapping.valid_until else "…"
            raise ValidationError(
                OVERLAPPING_RULES,
                params={"start": f"{overlapping.valid_from:%d/%m/%Y}", "end": end},
            )

    def overlapping_rules(self):
        if not (self.organisation_id and self.register and self.valid_from):
            return DeadlineRule.objects.none()
        others = DeadlineRule.objects.filter(
            organisation_id=self.organisation_id, register=self.register
        ).exclude(pk=self.pk)
        others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until:
            others = others.filter(valid_from__lte=self.valid_until)
        return others


OVERLAPPING_PLANS = (
    "Un autre plan d'échantillonnage de ce registre est déjà en vigueur sur cette période "
    "(du %(start)s au %(end)s)."
)
PLAN_STARTS_ON_FIRST = "Un plan d'échantillonnage commence le premier jour d'un mois."
PLAN_ENDS_ON_LAST = "Un plan d'échantillonnage se termine le dernier jour d'un mois."


class SamplingPlan(models.Model):
    """The organisation follows a register on one full week a month during a period of whole
    months; outside its plans every record counts (see sampling.py for the definitions)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="sampling_plans"
    )
    register = models.CharField("registre", max_length=20, choices=SampledRegister.choices)
    week = models.CharField("semaine échantillonnée", max_length=10, choices=SampledWeek.choices)
    valid_from = models.DateField("en vigueur à partir du", help_text="Premier jour d'un mois.")
    valid_until = models.DateField(
        "en vigueur jusqu'au",
        null=True,
        blank=True,
        help_text="Dernier jour d'un mois ; vide : sans date de fin.",
    )
    note = models.CharField("motif ou référence", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "plan d'échantillonnage"
        verbose_name_plural = "plans d'échantillonnage"
        ordering = ["register", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "register", "valid_from"],
                name="one_sampling_plan_per_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="sampling_plan_period_ordered",
            ),
        ]

    def __str__(self):
        end = f" au {self.valid_until:%m/%Y}" if self.valid_until else ""
        return f"{self.get_register_display()} : {self.get_week_display().lower()} (de {self.valid_from:%m/%Y}{end})"

    def clean(self):
        errors = {}
        if self.valid_from and not is_first_of_month(self.valid_from):
            errors["valid_from"] = PLAN_STARTS_ON_FIRST
        if self.valid_until and not is_last_of_month(self.valid_until):
            errors["valid_until"] = PLAN_ENDS_ON_LAST
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = "La date de fin ne peut pas précéder la date de début."
        if errors:
            raise ValidationError(errors)
        overlapping = self.overlapping_plans().first()
        if overlapping is not None:
            end = f"{overlapping.valid_until:%d/%m/%Y}" if overlapping.valid_until else "…"
            raise ValidationError(
                OVERLAPPING_PLANS,
                params={"start": f"{overlapping.valid_from:%d/%m/%Y}", "end": end},
            )

    def overlapping_plans(self):
        if not (self.organisation_id and self.register and self.valid_from):
            return SamplingPlan.objects.none()
        others = SamplingPlan.objects.filter(
            organisation_id=self.organisation_id, register=self.register
        ).exclude(pk=self.pk)
        others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until:
            others = others.filter(valid_from__lte=self.valid_until)
        return others

    def week_of(self, month: dt.date) -> tuple[dt.date, dt.date]:
        """(Monday, Sunday) of the sampled week of `month` (any day of it)."""
        return sampled_week(self.week, month.year, month.month)


# What the indicators count for one organisation and period (indicators.computation) is carried
# by the index on (organisation, received_on): the database then answers the dashboard from the
# index alone (an index-only scan on PostgreSQL, a covering index on SQLite) instead of reading
# one table page per record once the table holds millions of rows of every organisation
# (bench_indicators, 10 million rows: dashboard p50 146 ms → 92 ms). Key columns rather than
# INCLUDE, which SQLite does not support.
COUNTED_COLUMNS = (
    "unit",
    "in_scope",
    "sampled",
    "answered_on",
    "due_on",
    "on_time",
    "working_days_taken",
)


def period_index(name: str, *extra: str) -> models.Index:
    return models.Index(fields=["organisation", "received_on", *extra, *COUNTED_COLUMNS], name=name)


class DeadlineTrackedRecord(models.Model):
    """What every register record shares: dates typed by people, deadline figures computed."""

    # Reverse accessors are Django's defaults: organisation.correspondence_set, unit.feedback_set…
    # No index of its own: the period index below starts with the organisation and serves every
    # lookup by organisation (a second one cost 58 MB at 10 million rows in the benchmark).
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, db_index=False
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name="unité", null=True, blank=True, on_delete=models.PROTECT
    )
    received_on = models.DateField("reçu le")
    answered_on = models.DateField("répondu le", null=True, blank=True)
    in_scope = models.BooleanField("dans le périmètre de labellisation", default=True)
    # Computed by DeadlineComputer.apply(), never typed.
    sampled = models.BooleanField(
        "semaine échantillonnée",
        null=True,
        editable=False,
        help_text=(
            "Calculé d'après le plan d'échantillonnage du registre : oui, reçu pendant la "
            "semaine échantillonnée ; non, reçu un autre jour d'un mois échantillonné ; vide, "
            "mois sans plan (tous les dossiers comptent)."
        ),
    )
    due_on = models.DateField("échéance", editable=False)
    deadline_days = models.PositiveSmallIntegerField(
        "délai appliqué (jours ouvrés)", editable=False
    )
    working_days_taken = models.PositiveIntegerField(
        "jours ouvrés pour répondre", null=True, editable=False
    )
    on_time = models.BooleanField("dans les délais", null=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Whose work the record is: a person (a member of the organisation) or a unit, never both.
    # Changed through registers.assignment (bulk assignment, a person leaving), with history.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="attribué à",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_%(class)s",
    )
    assigned_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name="attribué à l'unité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_%(class)s",
    )
    # The searched words (SEARCH_FIELDS) folded by common.text.fold, written on every save:
    # the search box looks words up here with the same LIKE on SQLite and PostgreSQL. Left out
    # of the history (derived) and purged with the free text (registers.purge).
    search_text = models.TextField("texte de recherche", default="", editable=False)

    objects = DeadlineTrackedQuerySet.as_manager()

    COMPUTED_FIELDS = ("due_on", "deadline_days", "working_days_taken", "on_time", "sampled")
    SEARCH_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["-received_on", "-pk"]
        indexes = [period_index("%(class)s_org_recv")]
        constraints = [
            models.CheckConstraint(
                condition=Q(assigned_to__isnull=True) | Q(assigned_unit__isnull=True),
                name="%(class)s_one_assignee",
            )
        ]

    def save(self, *args, computer: DeadlineComputer | None = None, **kwargs):
        (computer or DeadlineComputer.for_organisation(self.organisation)).apply(self)
        self.search_text = search_text_of(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *self.COMPUTED_FIELDS,
                "search_text",
                "updated_at",
            }
        super().save(*args, **kwargs)
        # Whatever is computed from the record's months (the indicators) is told; a corrected
        # date of receipt changes both months.
        loaded = getattr(self, "_received_on_at_load", None)
        announce_records_changed(self.organisation, [self.received_on, loaded])
        self._received_on_at_load = self.received_on

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # A corrected date of receipt moves the record to another month: both months change.
        record._received_on_at_load = record.__dict__.get("received_on")
        return record

    @property
    def register_kind(self) -> str:
        raise NotImplementedError

    def is_overdue(self, today: dt.date) -> bool:
        return self.answered_on is None and self.due_on is not None and self.due_on < today

    def acknowledgement_date(self) -> dt.date | None:
        return None

    def clean(self, today: dt.date | None = None):
        errors = record_date_errors(
            received_on=self.received_on,
            answered_on=self.answered_on,
            acknowledged_on=self.acknowledgement_date(),
            today=today,
        )
        if (
            self.unit_id
            and self.organisation_id
            and self.unit.organisation_id != self.organisation_id
        ):
            errors.setdefault("unit", []).append("L'unité doit appartenir à cette organisation.")
        for name, messages in assignee_errors(
            self.organisation_id, self.assigned_to_id, self.assigned_unit_id
        ).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    @property
    def assignee(self):
        """The person or the unit the record is assigned to, or None."""
        return self.assigned_to if self.assigned_to_id else self.assigned_unit


UNKNOWN_ASSIGNEE = "Choisissez une personne ou une unité de l'organisation."
TWO_ASSIGNEES = "Attribuez le dossier à une personne ou à une unité, pas aux deux."


def assignee_errors(organisation_id, user_id, unit_id) -> dict[str, list[str]]:
    """The rules of an assignee: a member of the record's organisation, or one of its units,
    never both."""
    errors: dict[str, list[str]] = {}
    if user_id and unit_id:
        errors["assigned_to"] = [TWO_ASSIGNEES]
    # Any member, a suspended one included (their records wait for them or for a handover);
    # new assignments take active members only (assignment.parse_assignee).
    if (
        user_id
        and not Membership.objects.filter(organisation_id=organisation_id, user_id=user_id).exists()
    ):
        errors.setdefault("assigned_to", []).append(UNKNOWN_ASSIGNEE)
    if unit_id and not Unit.objects.filter(organisation_id=organisation_id, pk=unit_id).exists():
        errors["assigned_unit"] = [UNKNOWN_ASSIGNEE]
    return errors


def search_text_of(record) -> str:
    """What the search box finds a record by (its SEARCH_FIELDS), folded. Reads attributes
    only, so the import's unsaved rows get it too."""
    return fold(" ".join(str(getattr(record, name) or "") for name in record.SEARCH_FIELDS))


class Correspondence(DeadlineTrackedRecord):
    """A general information request received by e-mail or letter."""

    channel = models.CharField("canal", max_length=10, choices=CorrespondenceChannel.choices)
    received_at = models.TimeField("heure de réception", null=True, blank=True)
    topic = models.CharField("objet", max_length=300, blank=True)
    acknowledged_on = models.DateField("accusé de réception le", null=True, blank=True)
    acknowledgement_mode = models.CharField(
        "mode d'accusé de réception",
        max_length=10,
        choices=AcknowledgementMode.choices,
        blank=True,
    )
    signature_compliant = models.BooleanField(
        "signature conforme (courriels)",
        null=True,
        blank=True,
        help_text="Prénom et nom, fonction, adresse.",
    )
    answer_compliant = models.BooleanField(
        "réponse conforme (courriers)",
        null=True,
        blank=True,
        help_text="Agent traitant, date et lieu, objet, signataire.",
    )

    history = HistoricalRecords(excluded_fields=["search_text"])
    SEARCH_FIELDS = ("topic",)

    class Meta(DeadlineTrackedRecord.Meta):
        verbose_name = "courrier ou courriel"
        verbose_name_plural = "courriers et courriels"
        indexes = [period_index("correspondence_org_recv", "channel")]

    def __str__(self):
        return f"{self.get_channel_display()} reçu le {self.received_on:%d/%m/%Y}"

    @property
    def register_kind(self) -> str:
        return self.channel

    def acknowledgement_date(self):
        return self.acknowledged_on


# --- Complaint references ------------------------------------------------------------------------
#
# AV-74-2026-00015: the organisation, the year of receipt and a number that follows on. Numbers
# come from one counter row per organisation and year, incremented by an UPDATE inside the
# transaction that saves the feedback: the row stays locked until that transaction ends, so
# simultaneous submissions (public form, API, import) wait for each other for the few
# milliseconds of an insert instead of taking the same number, and a save that fails gives its
# number back (the increment is rolled back with it): no duplicate, no gap to explain.


def feedback_reference_prefix(organisation) -> str:
    """ "AV-74" for pref-74: the organisation's short code, unique among organisations."""
    return f"AV-{organisation.short_code}"


def format_feedback_reference(organisation, year: int, number: int) -> str:
    return f"{feedback_reference_prefix(organisation)}-{year}-{number:05d}"


class FeedbackReferenceCounter(models.Model):
    """The last reference number handed out to an organisation for a year."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("année")
    last_number = models.PositiveIntegerField("dernier numéro attribué", default=0)

    class Meta:
        verbose_name = "compteur de références des avis"
        verbose_name_plural = "compteurs de références des avis"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_reference_counter_per_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.year} : {self.last_number}"


def allocate_feedback_references(organisation, year: int, count: int = 1) -> list[str]:
    """Takes the next `count` references of `organisation` for `year`, in order.

    Call it inside the transaction that stores them: the counter row stays locked until that
    transaction ends, and a rollback returns the numbers."""
    if count < 1:
        return []
    counter = FeedbackReferenceCounter.objects.filter(organisation=organisation, year=year)
    with transaction.atomic():
        if not counter.update(last_number=F("last_number") + count):
            _create_counter(organisation, year, count)
        last = counter.values_list("last_number", flat=True).get()
    return [
        format_feedback_reference(organisation, year, number)
        for number in range(last - count + 1, last + 1)
    ]


def _create_counter(organisation, year: int, count: int) -> None:
    """The year's first reference. The counter starts after the highest reference already in use
    (references stored before the counters existed, or written by hand), and if another
    transaction creates the same counter at the same moment, the unique constraint refuses ours
    and we increment theirs."""
    start = highest_reference_number(organisation, year)
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the transaction usable
            FeedbackReferenceCounter.objects.create(
                organisation=organisation, year=year, last_number=start + count
            )
    except IntegrityError:
        FeedbackReferenceCounter.objects.filter(organisation=organisation, year=year).update(
            last_number=F("last_number") + count
        )


def highest_reference_number(organisation, year: int) -> int:
    head = f"{feedback_reference_prefix(organisation)}-{year}-"
    references = Feedback.objects.filter(organisation=organisation, reference__startswith=head)
    numbers = [
        int(tail)
        for tail in (
            reference.removeprefix(head)
            for reference in references.values_list("reference", flat=True)
        )
        if tail.isdigit()
    ]
    return max(numbers, default=0)


class Feedback(DeadlineTrackedRecord):
    """A complaint or a suggestion. The author's personal data is kept apart (FeedbackAuthor)."""

    # "AV-" + an organisation code of up to 40 characters + "-2026-00001" (or more digits).
    reference = models.CharField("référence", max_length=60, unique=True, editable=False)
    kind = models.CharField("nature", max_length=12, choices=FeedbackKind.choices)
    source = models.CharField("origine", max_length=20, choices=FeedbackSource.choices)
    channel = models.CharField("canal concerné", max_length=20, choices=Channel.choices, blank=True)
    theme = models.CharField("thème", max_length=200, blank=True)
    description = models.TextField("description", blank=True)
    answer = models.TextField("réponse apportée", blank=True)
    # The action plan comes in a later issue; until then the actions a feedback triggered are
    # noted here in plain text, and will become a relation to the actions app.
    related_actions_note = models.TextField("actions engagées", blank=True)
    # Set by registers.purge once the retention period is over: the free text above was replaced
    # by a marker (names, e-mails and phones are typed there too) and the author anonymised.
    personal_data_purged_on = models.DateField(
        "données personnelles retirées le", null=True, blank=True, editable=False
    )
    # Experiences imported from Services Publics+ (registers.spplus): the feeling the user gave,
    # and the experience's identifier there, so that importing the same export adds nothing.
    feeling = models.CharField("ressenti", max_length=10, choices=PublicFeeling.choices, blank=True)
    external_id = models.CharField(
        "identifiant chez Services Publics+", max_length=80, blank=True, editable=False
    )

    FREE_TEXT_FIELDS = ("description", "answer", "related_actions_note")
    SEARCH_FIELDS = ("reference", "theme", "description")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta(DeadlineTrackedRecord.Meta):
        verbose_name = "réclamation ou suggestion"
        verbose_name_plural = "réclamations et suggestions"
        constraints = [
            *DeadlineTrackedRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"],
                condition=~Q(external_id=""),
                name="feedback_external_id_once",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.reference:
            super().save(*args, **kwargs)
            return
        # The number is taken in the same transaction as the insert (see the references above).
        with transaction.atomic():
            self.reference = allocate_feedback_references(self.organisation, self.received_on.year)[
                0
            ]
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.reference = ""  # rolled back with the counter: the number is free again
                raise

    @property
    def register_kind(self) -> str:
        return RegisterKind.FEEDBACK

    @property
    def contact_author(self) -> FeedbackAuthor | None:
        """The author's record when contact details were recorded (even if anonymised since)."""
        author = getattr(self, "author", None)  # a missing one-to-one raises AttributeError
        if author is None or not (author.anonymised_at or author.has_contact_details()):
            return None
        return author

    @property
    def contact_details(self) -> str:
        """What every member may know about the contact details: none, recorded, anonymised."""
        author = self.contact_author
        if author is None:
            return ContactDetails.NONE
        return ContactDetails.ANONYMISED if author.anonymised_at else ContactDetails.RECORDED


class FeedbackAuthor(models.Model):
    """Personal data of whoever gave the feedback; anonymised after the retention period."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="author")
    name = models.CharField("nom", max_length=200, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    address = models.TextField("adresse postale", blank=True)
    consent_given = models.BooleanField("consentement à être recontacté", default=False)
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True, editable=False)

    history = HistoricalRecords()

    PERSONAL_FIELDS = ("name", "email", "phone", "address")

    class Meta:
        verbose_name = "auteur d'un avis"
        verbose_name_plural = "auteurs des avis"

    def __str__(self):
        return self.name or "Auteur anonyme"

    def has_contact_details(self) -> bool:
        return any(getattr(self, name) for name in self.PERSONAL_FIELDS)


class UpdateRequest(DeadlineTrackedRecord):
    """A request to update the website or the interactive voice server (IVR)."""

    received_on = models.DateField("demandée le")
    answered_on = models.DateField("publiée le", null=True, blank=True)
    target = models.CharField("support", max_length=10, choices=UpdateTarget.choices)
    description = models.TextField("mise à jour demandée")

    history = HistoricalRecords(excluded_fields=["search_text"])
    SEARCH_FIELDS = ("description",)

    class Meta(DeadlineTrackedRecord.Meta):
        verbose_name = "demande de mise à jour"
        verbose_name_plural = "demandes de mise à jour"
        indexes = [period_index("updaterequest_org_recv", "target")]

    def __str__(self):
        return f"{self.get_target_display()} — demandée le {self.received_on:%d/%m/%Y}"

    @property
    def register_kind(self) -> str:
        if self.target == UpdateTarget.IVR:
            return RegisterKind.IVR_UPDATE
        return RegisterKind.WEBSITE_UPDATE


class ImportJob(models.Model):
    """An import of a register file run by a background task: the page that started it follows
    its progress. The file waits in the storage (local disk or object storage) until the task
    has read it, then is deleted. The task is atomic and idempotent (registers.import_jobs): a
    consumer killed mid-way leaves nothing written, and the task put back in the queue imports
    the whole file once."""

    class Status(models.TextChoices):
        QUEUED = "queued", "en attente"
        READING = "reading", "lecture et vérification"
        WRITING = "writing", "enregistrement"
        DONE = "done", "terminé"
        FAILED = "failed", "refusé"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="import_jobs"
    )
    register = models.CharField("registre", max_length=30)
    filename = models.CharField("nom du fichier", max_length=255)
    file = models.FileField("fichier", upload_to="imports/%Y/%m/", max_length=300, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField("lignes", null=True, blank=True)
    rows_read = models.PositiveIntegerField("lignes lues", default=0)
    imported = models.PositiveIntegerField("enregistrements importés", null=True, blank=True)
    errors = models.JSONField("erreurs", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import de registre"
        verbose_name_plural = "imports de registres"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        # Reading is most of the work; writing is shown as the last tenth.
        share = 90 if self.status != self.Status.WRITING else 95
        return min(share, self.rows_read * 90 // self.rows_total)
