"""A synthetic national data set for the benchmark: organisations of every kind, their units,
their sampling plans, register rows over N months, and the entered monthly figures.

Rows are written in bulk (COPY on PostgreSQL, executemany on SQLite), month after month, in
order of receipt with the organisations interleaved at random within each day, as in a real
shared database (not one organisation's rows together, which would flatter its queries). Their
computed columns (due date, delay applied, working days taken, on time, sampled week) come from
the registers' own `DeadlineComputer`, as on the registers' bulk import path. Without history
rows: the benchmark does not read them.

Half the organisations sample their e-mails (second full week of each month) and one in five
its letters (first full week), from the first month, as declared through the registers'
service; the others count every record.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone

from qualipilote.indicators.enums import MeasureUnit, Source
from qualipilote.indicators.models import Indicator, MonthlyMeasurement
from qualipilote.indicators.periods import add_months, month_of
from qualipilote.organisations.enums import OrganisationKind, UnitKind
from qualipilote.organisations.models import DEPARTEMENT_CODES, Organisation, Unit
from qualipilote.organisations.services import create_organisation
from qualipilote.registers.deadlines import DeadlineComputer
from qualipilote.registers.enums import SampledWeek
from qualipilote.registers.models import Correspondence, Feedback, UpdateRequest
from qualipilote.registers.services import set_sampling_plan

# Share of the register rows by register: information e-mails are most of the traffic.
SHARES = {
    "email": 0.78,
    "letter": 0.14,
    "feedback": 0.05,
    "website_update": 0.02,
    "ivr_update": 0.01,
}
# Relative size of an organisation by kind (a prefecture receives four times a sub-prefecture).
SIZE = {
    OrganisationKind.PREFECTURE: 4.0,
    OrganisationKind.SUB_PREFECTURE: 1.0,
    OrganisationKind.INTERMINISTERIAL_DIRECTORATE: 2.0,
}
UNITS_PER_ORGANISATION = 5
DAY_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 1.0, 0.08, 0.04)  # Monday … Sunday
CODE_PREFIX = "bench-"


@dataclass(frozen=True)
class Plan:
    organisations: int
    rows: int
    months: int
    today: dt.date
    seed: int = 2019

    @property
    def first_month(self) -> dt.date:
        return add_months(month_of(self.today), -(self.months - 1))

    @property
    def months_list(self) -> list[dt.date]:
        return [add_months(self.first_month, n) for n in range(self.months)]


@dataclass
class Profile:
    """How one organisation behaves: its size and how well it answers."""

    organisation: Organisation
    weight: float
    on_time: float  # probability of an answer within the deadline
    answered: float  # probability of an answer at all
    in_scope: float
    units: list[int] = field(default_factory=list)


# --- Organisations ------------------------------------------------------------------------------


def kind_of(index: int) -> str:
    if index % 10 in (0, 3, 6):
        return OrganisationKind.PREFECTURE
    if index % 10 == 9:
        return OrganisationKind.INTERMINISTERIAL_DIRECTORATE
    return OrganisationKind.SUB_PREFECTURE


def samples(index: int) -> dict[str, str]:
    """The registers organisation n° `index` samples, and which week."""
    plans = {}
    if index % 2 == 0:
        plans["email"] = SampledWeek.SECOND
    if index % 5 == 0:
        plans["letter"] = SampledWeek.FIRST
    return plans


def create_organisations(plan: Plan, rng: random.Random) -> list[Profile]:
    """Organisations created as production does (create_organisation: deadline rules and every
    app's defaults), with a few units each and their sampling plans."""
    departements = sorted(DEPARTEMENT_CODES)
    profiles = []
    for index in range(plan.organisations):
        kind = kind_of(index)
        departement = departements[(index // 3) % len(departements)]
        organisation = create_organisation(
            code=f"{CODE_PREFIX}{index:03d}",
            name=f"{OrganisationKind(kind).label} {departement} (banc n° {index})",
            kind=kind,
            departement=departement,
        )
        profiles.append(
            Profile(
                organisation=organisation,
                weight=SIZE[kind] * rng.uniform(0.6, 1.4),
                on_time=rng.uniform(0.55, 0.97),
                answered=rng.uniform(0.97, 0.998),
                in_scope=rng.uniform(0.85, 1.0),
            )
        )
        for register, week in samples(index).items():
            set_sampling_plan(
                organisation, register=register, week=week, valid_from=plan.first_month
            )
    Unit.objects.bulk_create(
        Unit(
            organisation=profile.organisation,
            code=f"u{n}",
            name=f"Bureau {n}",
            kind=UnitKind.BUREAU,
        )
        for profile in profiles
        for n in range(UNITS_PER_ORGANISATION)
    )
    units: dict[int, list[int]] = {}
    for organisation_id, unit_id in Unit.objects.filter(
        organisation__code__startswith=CODE_PREFIX
    ).values_list("organisation_id", "pk"):
        units.setdefault(organisation_id, []).append(unit_id)
    for profile in profiles:
        profile.units = units[profile.organisation.pk]
    return profiles


# --- Register rows ------------------------------------------------------------------------------


class _Probe:
    """What DeadlineComputer.apply() reads and writes, without a model instance."""

    __slots__ = (
        "register_kind",
        "received_on",
        "answered_on",
        "due_on",
        "deadline_days",
        "working_days_taken",
        "on_time",
        "sampled",
    )


COMMON = (
    "organisation_id",
    "unit_id",
    "received_on",
    "answered_on",
    "in_scope",
    "sampled",
    "due_on",
    "deadline_days",
    "working_days_taken",
    "on_time",
)
TABLES = {
    Correspondence: (*COMMON, "channel", "acknowledged_on", "acknowledgement_mode"),
    Feedback: (*COMMON, "reference", "kind", "source"),
    UpdateRequest: (*COMMON, "target"),
}
MODEL_OF = {
    "email": Correspondence,
    "letter": Correspondence,
    "feedback": Feedback,
    "website_update": UpdateRequest,
    "ivr_update": UpdateRequest,
}
FEEDBACK_SOURCES = ("box", "web_form", "public_review", "email", "letter", "phone", "in_person")


def constant_columns(model, variable: tuple[str, ...], stamp) -> dict:
    """Every other column of the table, the same for each generated row."""
    constants = {}
    for model_field in model._meta.concrete_fields:
        name = model_field.attname
        if model_field.primary_key or name in variable:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            constants[name] = stamp
        elif model_field.has_default():
            constants[name] = model_field.get_default()
        elif model_field.null:
            constants[name] = None
        elif model_field.blank:
            constants[name] = ""
        elif isinstance(model_field, models.CharField | models.TextField):
            constants[name] = "Banc d'essai"
        else:
            raise ValueError(f"{model.__name__}.{name}: the generator gives it no value.")
    return constants


class RowWriter:
    """Writes tuples into a register table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model, stamp):
        self.model = model
        variable = TABLES[model]
        self.constants = constant_columns(model, variable, stamp)
        self.columns = [*variable, *self.constants]
        self.tail = tuple(self.constants.values())

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(name) for name in self.columns)
        tail = self.tail
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + tail)
                return
            placeholders = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                [row + tail for row in rows],
            )


def _days_of(month: dt.date, today: dt.date) -> tuple[list[dt.date], list[float]]:
    days, cumulative, total = [], [], 0.0
    day = month
    while day.month == month.month and day <= today:
        total += DAY_WEIGHTS[day.weekday()]
        days.append(day)
        cumulative.append(total)
        day += dt.timedelta(days=1)
    return days, cumulative


class RegisterGenerator:
    def __init__(self, plan: Plan, profiles: list[Profile], rng: random.Random):
        self.plan = plan
        self.profiles = profiles
        self.rng = rng
        total_weight = sum(profile.weight for profile in profiles)
        self.month_weight = {
            month: len(_days_of(month, plan.today)[0]) for month in plan.months_list
        }
        total_days = sum(self.month_weight.values())
        # Expected rows of one register for an organisation of weight 1 on one day.
        self.per_day = {
            register: plan.rows * share / total_weight / total_days
            for register, share in SHARES.items()
        }
        self.references = 0

    def computer(self, organisation) -> DeadlineComputer:
        return DeadlineComputer.for_organisation(organisation)  # kept by the process

    def _count(self, expected: float) -> int:
        expected *= self.rng.uniform(0.85, 1.15)
        whole = int(expected)
        return whole + (self.rng.random() < expected - whole)

    def month_rows(self, month: dt.date) -> dict[type, list[tuple]]:
        """Every organisation's rows of one month, by model, sorted by day of receipt."""
        days, cumulative = _days_of(month, self.plan.today)
        rows: dict[type, list[tuple]] = {model: [] for model in TABLES}
        for profile in self.profiles:
            for register in SHARES:
                expected = self.per_day[register] * profile.weight * len(days)
                count = self._count(expected)
                if count:
                    received = self.rng.choices(days, cum_weights=cumulative, k=count)
                    rows[MODEL_OF[register]].extend(self._rows(profile, register, received))
        # Records are typed all day long in every organisation: within a day they interleave at
        # random, so one organisation's rows are spread over the table as in a shared database.
        for model_rows in rows.values():
            self.rng.shuffle(model_rows)
            model_rows.sort(key=lambda row: row[2])
        return rows

    def _rows(self, profile: Profile, register: str, received_days: list[dt.date]):
        rng, today = self.rng, self.plan.today
        computer = self.computer(profile.organisation)
        probe = _Probe()
        probe.register_kind = register
        organisation_id = profile.organisation.pk
        units = profile.units
        for received in received_days:
            probe.received_on, probe.answered_on = received, None
            computer.apply(probe)
            answered = self._answer(profile, received, probe.due_on)
            if answered is not None and answered <= today:
                probe.answered_on = answered
                computer.apply(probe)
            row = (
                organisation_id,
                rng.choice(units) if rng.random() < 0.9 else None,
                received,
                probe.answered_on,
                rng.random() < profile.in_scope,
                probe.sampled,
                probe.due_on,
                probe.deadline_days,
                probe.working_days_taken,
                probe.on_time,
            )
            yield row + self._specific(register, received)

    def _answer(self, profile: Profile, received: dt.date, due: dt.date) -> dt.date | None:
        draw = self.rng.random()
        if draw < profile.on_time:
            return received + dt.timedelta(days=self.rng.randint(0, (due - received).days))
        if draw < profile.answered:
            return due + dt.timedelta(days=self.rng.randint(1, 20))
        return None

    def _specific(self, register: str, received: dt.date) -> tuple:
        if register == "email":
            return ("email", received, "automatic")
        if register == "letter":
            return ("letter", None, "")
        if register == "feedback":
            self.references += 1
            kind = "complaint" if self.rng.random() < 0.7 else "suggestion"
            return (f"BANC-{self.references:08d}", kind, self.rng.choice(FEEDBACK_SOURCES))
        return ("website" if register == "website_update" else "ivr",)


def generate_registers(
    plan: Plan, profiles: list[Profile], rng: random.Random, progress=None
) -> int:
    """Writes every month's register rows, one transaction per month; returns the row count."""
    generator = RegisterGenerator(plan, profiles, rng)
    writers = {model: RowWriter(model, timezone.now()) for model in TABLES}
    written = 0
    for month in plan.months_list:
        rows = generator.month_rows(month)
        with transaction.atomic():
            for model, model_rows in rows.items():
                writers[model].write(model_rows)
        written += sum(len(model_rows) for model_rows in rows.values())
        if progress:
            progress(month, written)
    return written


# --- Entered figures ----------------------------------------------------------------------------


def generate_entered_figures(plan: Plan, profiles: list[Profile], rng: random.Random) -> int:
    """The entered indicators' monthly figures of each organisation (one in ten missing)."""
    indicators = list(Indicator.objects.active().entered())
    measurements = []
    for profile in profiles:
        for month in plan.months_list[:-1]:  # the current month is not entered yet
            for indicator in indicators:
                if rng.random() < 0.1:
                    continue
                numerator, denominator = _entered_figure(indicator, profile, rng)
                value = indicator.value_of(numerator, denominator)
                measurements.append(
                    MonthlyMeasurement(
                        organisation=profile.organisation,
                        indicator=indicator,
                        month=month,
                        numerator=numerator,
                        denominator=denominator,
                        value=value.quantize(Decimal("0.0001")),
                        source=Source.IMPORTED,
                        source_detail="Banc d'essai",
                    )
                )
    MonthlyMeasurement.objects.bulk_create(measurements, batch_size=5000)
    return len(measurements)


def _entered_figure(indicator, profile: Profile, rng: random.Random):
    size = profile.weight
    if indicator.unit == MeasureUnit.COUNT:
        return Decimal(int(rng.uniform(50, 300) * size)), None
    denominator = int(rng.uniform(500, 3000) * size)
    share = min(
        1.0,
        rng.uniform(0.6, 1.0)
        if indicator.target_value and indicator.target_value > 50
        else rng.uniform(0.01, 0.12),
    )
    return Decimal(int(denominator * share)), Decimal(denominator)
