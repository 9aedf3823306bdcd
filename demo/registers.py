"""Demo register records for the demo organisations: deterministic (fixed seed), small, built
with the bulk path (DeadlineComputer before bulk_create) and idempotent (an organisation that
already has register records is left alone).

Haute-Savoie, January–July 2019, follows the 2019 report: it samples its e-mails on the first
full week of each month from January 2019 (a sampling plan, set before the records so that they
are flagged from their dates), records the e-mails of that week, mostly answered within 5
working days, letters under the 15-day rule, 30 complaints in 2019 of
which 28 on time (93 %) with 4 working days on average, website and IVR updates all within 3
working days. Both organisations also get the last four months up to today, with some items
overdue and some due within one working day. Savoie has no plan: the e-mails it records, on the
same week of each month, all count.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership
from qualipilote.registers.deadlines import DeadlineComputer
from qualipilote.registers.enums import (
    AcknowledgementMode,
    FeedbackKind,
    FeedbackSource,
    SampledWeek,
    UpdateTarget,
)
from qualipilote.registers.models import (
    Correspondence,
    Feedback,
    FeedbackAuthor,
    UpdateRequest,
    allocate_feedback_references,
    search_text_of,
)
from qualipilote.registers.sampling import sampled_week
from qualipilote.registers.services import set_sampling_plan

TOPICS = [
    "Renouvellement de titre de séjour",
    "Permis de conduire : suivi de dossier",
    "Carte grise : changement d'adresse",
    "Demande de naturalisation",
    "Associations : déclaration de modification",
    "Manifestation sur la voie publique",
    "Horaires d'ouverture de l'accueil",
    "Prise de rendez-vous en ligne",
]
THEMES = [
    "Accueil",
    "Délais de traitement",
    "Prise de rendez-vous",
    "Signalétique",
    "Site internet",
]
# 28 answers on time summing 86 working days, plus 2 late ones (16 and 18): 30 complaints,
# 93 % on time, 4 working days on average, as the 2019 report states.
COMPLAINT_DAYS_2019 = [2, 3, 4, 3, 2, 5, 3, 4, 1, 3] * 2 + [3, 4, 3, 2, 5, 3, 4, 2] + [16, 18]
# The week whose e-mails the demo records, and that Haute-Savoie samples from January 2019.
DEMO_WEEK = SampledWeek.FIRST
SAMPLING_FROM = dt.date(2019, 1, 1)
SAMPLING_NOTE = "Note de service du 5 juillet 2019 : suivi sur une semaine par mois"


def load_demo(organisations) -> None:
    today = timezone.localdate()
    for organisation in organisations:
        if _has_records(organisation):
            continue
        with transaction.atomic():
            if organisation.code == "pref-74":
                set_sampling_plan(
                    organisation,
                    register="email",
                    week=DEMO_WEEK,
                    valid_from=SAMPLING_FROM,
                    note=SAMPLING_NOTE,
                )
            DemoBuilder(organisation, today).build()


def _has_records(organisation) -> bool:
    return any(
        model.objects.filter(organisation=organisation).exists()
        for model in (Correspondence, Feedback, UpdateRequest)
    )


class DemoBuilder:
    def __init__(self, organisation, today: dt.date):
        self.organisation = organisation
        self.today = today
        self.random = random.Random(f"registers-demo-{organisation.code}")
        self.computer = DeadlineComputer.for_organisation(organisation)
        self.calendar = self.computer.calendar
        self.units = list(organisation.units.order_by("code"))
        self.correspondences: list[Correspondence] = []
        self.feedbacks: list[Feedback] = []
        self.authors: dict[int, FeedbackAuthor] = {}
        self.updates: list[UpdateRequest] = []

    def build(self) -> None:
        if self.organisation.code == "pref-74":
            for month in range(1, 8):
                self.month_of_2019(month)
            self.complaints_of_2019()
        for months_ago in range(4, -1, -1):
            self.recent_month(months_ago)
        self.open_items_for_today()
        self.save()

    # --- periods --------------------------------------------------------------------------

    def month_of_2019(self, month: int) -> None:
        for day in self.sampled_days(dt.date(2019, month, 1)):
            for _ in range(self.random.randint(1, 3)):
                self.email(day, answer_days=self.random.choice([0, 1, 1, 2, 2, 3, 4, 6]))
        for _ in range(6):
            self.letter(self.working_day_in(2019, month), answer_days=self.random.randint(4, 13))
        for _ in range(4):
            self.update(self.working_day_in(2019, month), UpdateTarget.WEBSITE)
        for _ in range(2):
            self.update(self.working_day_in(2019, month), UpdateTarget.IVR)

    def complaints_of_2019(self) -> None:
        for index, days in enumerate(COMPLAINT_DAYS_2019):
            month = index % 12 + 1
            received = self.working_day_in(2019, month)
            self.feedback(received, FeedbackKind.COMPLAINT, answer_days=days, with_author=True)

    def recent_month(self, months_ago: int) -> None:
        first = _first_of_month(self.today, months_ago)
        for day in self.sampled_days(first):
            for _ in range(self.random.randint(1, 3)):
                self.email(day, answer_days=self.random.choice([0, 1, 2, 2, 3, 5, 7]))
        for _ in range(4):
            self.letter(self.random_day(first), answer_days=self.random.randint(3, 12))
        for kind in (FeedbackKind.COMPLAINT, FeedbackKind.SUGGESTION, FeedbackKind.COMPLAINT):
            self.feedback(
                self.random_day(first),
                kind,
                answer_days=self.random.randint(1, 14),
                with_author=True,
            )
        self.update(self.random_day(first), UpdateTarget.WEBSITE)
        self.update(self.random_day(first), UpdateTarget.IVR)

    def open_items_for_today(self) -> None:
        """Unanswered items: two late letters, one late e-mail, and items due within a day."""
        self.letter(self.today - dt.timedelta(days=30), answer_days=None)
        self.letter(self.today - dt.timedelta(days=21), answer_days=None)
        self.email(self.today - dt.timedelta(days=12), answer_days=None)
        next_working_day = self.calendar.add_working_days(self.today, 1)
        for delay, make in ((5, self.email), (10, self.letter)):
            received = self.received_for_due_date(delay, next_working_day)
            if received is not None:
                make(received, answer_days=None)
        received = self.received_for_due_date(15, self.today)
        if received is not None:
            self.feedback(received, FeedbackKind.COMPLAINT, answer_days=None, with_author=True)

    # --- records ---------------------------------------------------------------------------

    def email(self, received: dt.date, answer_days: int | None) -> None:
        answered = self.answer_date(received, answer_days)
        self.correspondences.append(
            Correspondence(
                organisation=self.organisation,
                channel="email",
                unit=self.unit(),
                received_on=received,
                received_at=dt.time(
                    self.random.randint(8, 17), self.random.choice([0, 15, 30, 45])
                ),
                topic=self.random.choice(TOPICS),
                acknowledged_on=received if self.random.random() < 0.9 else None,
                acknowledgement_mode=AcknowledgementMode.AUTOMATIC,
                answered_on=answered,
                signature_compliant=self.random.random() < 0.93 if answered else None,
            )
        )

    def letter(self, received: dt.date, answer_days: int | None) -> None:
        answered = self.answer_date(received, answer_days)
        self.correspondences.append(
            Correspondence(
                organisation=self.organisation,
                channel="letter",
                unit=self.unit(),
                received_on=received,
                topic=self.random.choice(TOPICS),
                answered_on=answered,
                answer_compliant=self.random.random() < 0.9 if answered else None,
            )
        )

    def feedback(self, received, kind, answer_days, with_author=False) -> None:
        source = self.random.choice(
            [
                FeedbackSource.BOX,
                FeedbackSource.WEB_FORM,
                FeedbackSource.EMAIL,
                FeedbackSource.LETTER,
            ]
        )
        answered = self.answer_date(received, answer_days)
        record = Feedback(
            organisation=self.organisation,
            kind=kind,
            source=source,
            unit=self.unit(),
            theme=self.random.choice(THEMES),
            description="Avis de démonstration.",
            received_on=received,
            answered_on=answered,
            answer="Réponse adressée à l'usager." if answered else "",
        )
        self.feedbacks.append(record)
        if with_author:
            number = len(self.feedbacks)
            self.authors[number - 1] = FeedbackAuthor(
                name=f"Usager de démonstration {number}",
                email=f"usager{number}@example.org",
                consent_given=True,
            )

    def update(self, received: dt.date, target: str) -> None:
        self.updates.append(
            UpdateRequest(
                organisation=self.organisation,
                target=target,
                unit=self.unit(),
                received_on=received,
                answered_on=self.answer_date(received, self.random.randint(0, 3)),
                description="Mise à jour des horaires et des démarches en ligne.",
            )
        )

    # --- helpers ---------------------------------------------------------------------------

    def answer_date(self, received: dt.date, answer_days: int | None) -> dt.date | None:
        if answer_days is None:
            return None
        answered = (
            received if answer_days == 0 else self.calendar.add_working_days(received, answer_days)
        )
        return answered if answered <= self.today else None

    def unit(self):
        return self.random.choice(self.units) if self.units else None

    def sampled_days(self, month: dt.date) -> list[dt.date]:
        """The working days (up to today) of the month's demo week."""
        monday, _sunday = sampled_week(DEMO_WEEK, month.year, month.month)
        week = [monday + dt.timedelta(days=n) for n in range(5)]
        return [day for day in week if self.calendar.is_working_day(day) and day <= self.today]

    def working_day_in(self, year: int, month: int) -> dt.date:
        day = dt.date(year, month, self.random.randint(1, 28))
        while not self.calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def random_day(self, first: dt.date) -> dt.date:
        last = min(self.today - dt.timedelta(days=1), first + dt.timedelta(days=27))
        span = max((last - first).days, 0)
        return first + dt.timedelta(days=self.random.randint(0, span))

    def received_for_due_date(self, delay: int, due_by: dt.date) -> dt.date | None:
        """The latest working day of receipt whose deadline falls between today and `due_by`."""
        for back in range(1, 40):
            received = self.today - dt.timedelta(days=back)
            due = self.calendar.add_working_days(received, delay)
            if self.today <= due <= due_by and self.calendar.is_working_day(received):
                return received
        return None

    def save(self) -> None:
        for records in (self.correspondences, self.feedbacks, self.updates):
            for record in records:
                self.computer.apply(record)
        self.assign_references()
        self.assign_open_records()
        for records in (self.correspondences, self.feedbacks, self.updates):
            for record in records:
                record.search_text = search_text_of(record)
        bulk_create_with_history(self.correspondences, Correspondence, batch_size=500)
        bulk_create_with_history(self.updates, UpdateRequest, batch_size=500)
        created = bulk_create_with_history(self.feedbacks, Feedback, batch_size=500)
        saved = {
            record.reference: record
            for record in Feedback.objects.filter(
                reference__in=[record.reference for record in created]
            )
        }
        authors = []
        for index, author in self.authors.items():
            author.feedback = saved[self.feedbacks[index].reference]
            authors.append(author)
        bulk_create_with_history(authors, FeedbackAuthor, batch_size=500)

    def assign_open_records(self) -> None:
        """The open records are somebody's work: every other one goes to the demo agent, the
        rest to the unit concerned. Feedback from the public form waits to be taken."""
        agent = (
            Membership.objects.active()
            .filter(organisation=self.organisation, role=Role.AGENT)
            .order_by("pk")
            .first()
        )
        open_records = [
            record
            for records in (self.correspondences, self.feedbacks, self.updates)
            for record in records
            if record.answered_on is None
            and getattr(record, "source", "") not in (FeedbackSource.WEB_FORM,)
        ]
        for index, record in enumerate(open_records):
            if agent is not None and index % 2 == 0:
                record.assigned_to_id = agent.user_id
            elif record.unit_id:
                record.assigned_unit_id = record.unit_id

    def assign_references(self) -> None:
        by_year: dict[int, list[Feedback]] = {}
        for record in sorted(self.feedbacks, key=lambda r: r.received_on):
            by_year.setdefault(record.received_on.year, []).append(record)
        for year, records in by_year.items():
            references = allocate_feedback_references(self.organisation, year, len(records))
            for record, reference in zip(records, references, strict=True):
                record.reference = reference


def _first_of_month(today: dt.date, months_ago: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months_ago
    return dt.date(index // 12, index % 12 + 1, 1)
