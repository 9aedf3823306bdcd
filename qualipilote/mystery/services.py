"""The rules of mystery-shopper campaigns: every path (pages, import, admin, demo) creates and
changes campaigns, grids, plans and tests here. Each function checks first and raises
ValidationError with French messages by field, then writes in one transaction.

Computed, never typed: a test's time slot (from the hour it was sent or made), its delay in
working days (from the date sent to the date of the answer, with the organisation's calendar:
the working days in (sent, answered]), and the scores of the criteria whose rule is not
"typed" (answer received; answered within N working days). A criterion that supposes an answer
is "not applicable" when no answer came.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from qualipilote.improvement.enums import ActionKind, ActionSource
from qualipilote.improvement.services import create_action
from qualipilote.organisations.calendar import WorkingCalendar
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership
from qualipilote.organisations.services import grant_cross_audit_access

from .defaults import ensure_default_criteria
from .enums import Rule, RunBy, Score, time_slot_of
from .models import Campaign, Criterion, CriterionScore, DefaultCriterion, PlanLine, TestContact

CAMPAIGN_FIELDS = (
    "title",
    "channel",
    "starts_on",
    "ends_on",
    "run_by",
    "cross_auditor",
    "contractor",
    "weak_threshold",
)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# --- Campaigns ------------------------------------------------------------------------------


def campaign_errors(values: dict, *, has_tests_outside=False) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not (values.get("title") or "").strip():
        add("title", "Indiquez l'intitulé de l'enquête.")
    if not values.get("channel"):
        add("channel", "Indiquez le canal testé (courriel ou téléphone).")
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None:
        add("starts_on", "Indiquez le début de l'enquête.")
    if ends_on is None:
        add("ends_on", "Indiquez la fin de l'enquête.")
    if starts_on and ends_on and ends_on < starts_on:
        add("ends_on", "La fin de l'enquête ne peut pas précéder son début.")
    if has_tests_outside:
        add("starts_on", "Des tests déjà saisis tomberaient hors de la nouvelle période.")
    run_by = values.get("run_by")
    if not run_by:
        add("run_by", "Indiquez qui réalise l'enquête.")
    if run_by == RunBy.CROSS and values.get("cross_auditor") is None:
        add(
            "cross_auditor",
            "Un audit croisé est confié au référent qualité d'une autre organisation : "
            "indiquez-le.",
        )
    if run_by != RunBy.CROSS and values.get("cross_auditor") is not None:
        add("cross_auditor", "Seul un audit croisé est confié à une autre organisation.")
    if run_by == RunBy.CONTRACTOR and not (values.get("contractor") or "").strip():
        add("contractor", "Indiquez le prestataire.")
    threshold = values.get("weak_threshold")
    if threshold is not None and not 1 <= threshold <= 100:
        add("weak_threshold", "Le seuil est un pourcentage entre 1 et 100.")
    return errors


def create_campaign(organisation, *, user, **values) -> Campaign:
    """Creates a campaign with the default grid of its channel; a cross audit lets its
    partner quality lead into the organisation with the role limited to their campaigns."""
    values = {key: value for key, value in values.items() if key in CAMPAIGN_FIELDS}
    _raise(campaign_errors(values))
    with transaction.atomic():
        if values.get("cross_auditor") is not None:
            grant_cross_audit_access(organisation, values["cross_auditor"], by=user)
        campaign = Campaign(organisation=organisation, created_by=user, **values)
        campaign._history_user = user
        campaign.full_clean(exclude=["organisation", "cross_auditor", "created_by"])
        campaign.save()
        ensure_default_criteria(campaign.channel)
        Criterion.objects.bulk_create(
            Criterion(
                campaign=campaign,
                code=default.code,
                label=default.label,
                rule=default.rule,
                delay_days=default.delay_days,
                requires_answer=default.requires_answer,
                position=default.position,
            )
            for default in DefaultCriterion.objects.filter(channel=campaign.channel)
        )
    return campaign


def update_campaign(campaign: Campaign, *, user, **values) -> Campaign:
    """Changes the campaign's title, period, threshold, contractor. The channel and who runs it
    stay (the grid and the partner's access depend on them)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        for field in ("title", "starts_on", "ends_on", "contractor", "weak_threshold"):
            if field in values:
                setattr(campaign, field, values[field])
        current = {field: getattr(campaign, field) for field in CAMPAIGN_FIELDS}
        outside = False
        if campaign.starts_on and campaign.ends_on:
            outside = _tests_outside(campaign, campaign.starts_on, campaign.ends_on)
        _raise(campaign_errors(current, has_tests_outside=outside))
        campaign._history_user = user
        campaign.save()
    return campaign


def _local_date(instant: dt.datetime) -> dt.date:
    return timezone.localtime(instant).date()


def _tests_outside(campaign, starts_on, ends_on) -> bool:
    dates = [_local_date(at) for at in campaign.tests.values_list("contacted_at", flat=True)]
    return any(not starts_on <= day <= ends_on for day in dates)


# --- The grid -------------------------------------------------------------------------------


def _check_grid_open(campaign: Campaign) -> None:
    if campaign.tests.exists():
        raise ValidationError(
            "La grille ne se modifie plus une fois le premier test saisi : les résultats "
            "doivent porter sur les mêmes critères pour tous les tests."
        )


def criterion_errors(campaign, values: dict, *, instance=None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (values.get("label") or "").strip():
        errors["label"] = ["Indiquez le libellé du critère."]
    code = values.get("code") or ""
    if not code:
        errors["code"] = ["Indiquez le code du critère (lettres, chiffres, tirets)."]
    else:
        taken = campaign.criteria.filter(code=code)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["code"] = [f"Le code « {code} » est déjà celui d'un autre critère."]
    rule = values.get("rule") or Rule.TYPED
    if rule == Rule.ANSWERED_WITHIN and not values.get("delay_days"):
        errors["delay_days"] = ["Indiquez le délai en jours ouvrés (au moins 1)."]
    return errors


def save_criterion(campaign: Campaign, *, user, instance: Criterion | None = None, **values):
    """Adds a criterion to the grid or changes one, before the first test only."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _check_grid_open(campaign)
        _raise(criterion_errors(campaign, values, instance=instance))
        criterion = instance or Criterion(campaign=campaign)
        for field in ("code", "label", "rule", "delay_days", "requires_answer", "position"):
            if field in values:
                setattr(criterion, field, values[field])
        if criterion.rule != Rule.ANSWERED_WITHIN:
            criterion.delay_days = None
        if instance is None and "position" not in values:
            last = campaign.criteria.aggregate(last=Max("position"))["last"]
            criterion.position = (last or 0) + 1
        criterion._history_user = user
        criterion.save()
    return criterion


def delete_criterion(criterion: Criterion, *, user) -> None:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=criterion.campaign_id)
        _check_grid_open(campaign)
        criterion._history_user = user
        criterion.delete()


# --- The sampling plan ------------------------------------------------------------------------


def add_plan_line(campaign: Campaign, *, user, unit, month: dt.date, time_slot: str, planned: int):
    errors: dict[str, list[str]] = {}
    if unit is not None and unit.organisation_id != campaign.organisation_id:
        errors["unit"] = ["Choisissez une unité de l'organisation."]
    if month is None:
        errors["month"] = ["Indiquez le mois."]
    else:
        month = month.replace(day=1)
        if not campaign.starts_on.replace(day=1) <= month <= campaign.ends_on:
            errors["month"] = [
                f"Le mois doit tomber dans la période de l'enquête (du "
                f"{campaign.starts_on:%d/%m/%Y} au {campaign.ends_on:%d/%m/%Y})."
            ]
    if not planned or planned < 1:
        errors["planned"] = ["Prévoyez au moins un test."]
    if (
        not errors
        and PlanLine.objects.filter(
            campaign=campaign, unit=unit, month=month, time_slot=time_slot
        ).exists()
    ):
        errors["planned"] = ["Cette unité a déjà une ligne pour ce mois et ce créneau."]
    _raise(errors)
    line = PlanLine(campaign=campaign, unit=unit, month=month, time_slot=time_slot, planned=planned)
    line._history_user = user
    line.save()
    return line


@dataclass(frozen=True)
class PlanProgress:
    line: PlanLine
    done: int

    @property
    def planned(self) -> int:
        return self.line.planned


def plan_progress(campaign: Campaign) -> tuple[list[PlanProgress], int, int]:
    """Each plan line with the tests done for it (same unit, month and time slot), counted by
    the database; then the totals done and planned."""
    counts = {
        (row["unit"], row["month"], row["time_slot"]): row["done"]
        for row in campaign.tests.annotate(month=TruncMonth("contacted_at"))
        .values("unit", "month", "time_slot")
        .annotate(done=Count("pk"))
    }
    done_by_key: dict[tuple, int] = {}
    for (unit, month, slot), count in counts.items():
        month_day = month.date() if isinstance(month, dt.datetime) else month
        key = (unit, month_day, slot)
        done_by_key[key] = done_by_key.get(key, 0) + count
    lines = [
        PlanProgress(line, done_by_key.get((line.unit_id, line.month, line.time_slot), 0))
        for line in campaign.plan_lines.select_related("unit")
    ]
    planned = sum(progress.planned for progress in lines)
    done = sum(min(progress.done, progress.planned) for progress in lines)
    return lines, done, planned


# --- Test contacts ----------------------------------------------------------------------------


def computed_figures(campaign: Campaign, contacted_at: dt.datetime, answered_on: dt.date | None):
    """The time slot and the delay in working days of a test, from its dates."""
    local = timezone.localtime(contacted_at)
    delay = None
    if answered_on is not None:
        calendar = WorkingCalendar.for_organisation(campaign.organisation)
        delay = calendar.working_days_between(local.date(), answered_on)
    return time_slot_of(local.hour), delay


def computed_score(criterion: Criterion, answered_on, delay) -> str | None:
    """The score of a computed criterion (None for a typed one)."""
    if criterion.rule == Rule.ANSWER_RECEIVED:
        return Score.YES if answered_on is not None else Score.NO
    if criterion.rule == Rule.ANSWERED_WITHIN:
        if answered_on is None:
            return Score.NOT_APPLICABLE
        return Score.YES if delay <= criterion.delay_days else Score.NO
    if criterion.requires_answer and answered_on is None:
        return Score.NOT_APPLICABLE
    return None


def test_errors(campaign, values: dict, scores: dict, criteria, *, today) -> dict:
    """The rules of one test, by field (a criterion's errors under its code)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    contacted_at = values.get("contacted_at")
    answered_on = values.get("answered_on")
    if contacted_at is None:
        add("contacted_at", "Indiquez la date et l'heure d'envoi ou d'appel.")
    else:
        day = _local_date(contacted_at)
        if not campaign.starts_on <= day <= campaign.ends_on:
            add(
                "contacted_at",
                f"Le {day:%d/%m/%Y} est hors de la période de l'enquête (du "
                f"{campaign.starts_on:%d/%m/%Y} au {campaign.ends_on:%d/%m/%Y}).",
            )
        if answered_on is not None and answered_on < day:
            add(
                "answered_on",
                f"La réponse ({answered_on:%d/%m/%Y}) ne peut pas précéder l'envoi "
                f"({day:%d/%m/%Y}).",
            )
    if answered_on is not None and answered_on > today:
        add("answered_on", f"La date de réponse ({answered_on:%d/%m/%Y}) est dans le futur.")
    unit = values.get("unit")
    if unit is not None and unit.organisation_id != campaign.organisation_id:
        add("unit", "Choisissez une unité de l'organisation.")
    known = {criterion.code for criterion in criteria}
    for code in scores:
        if code not in known:
            add(code, f"Critère inconnu : « {code} ».")
    for criterion in criteria:
        value = scores.get(criterion.code)
        if criterion.is_computed:
            continue  # computed from the dates: a typed value is ignored
        if criterion.requires_answer and answered_on is None:
            continue  # not applicable without an answer
        if value in (None, ""):
            add(criterion.code, f"Notez « {criterion.label} » (oui, non ou sans objet).")
        elif value not in Score.values:
            add(
                criterion.code,
                f"« {value} » n'est pas une note possible pour « {criterion.label} » "
                "(oui, non ou sans objet).",
            )
    return errors


def _next_numbers(campaign: Campaign, count: int) -> list[int]:
    last = campaign.tests.aggregate(last=Max("number"))["last"] or 0
    return list(range(last + 1, last + count + 1))


def _build_test(campaign, criteria, number, values, scores, user):
    time_slot, delay = computed_figures(campaign, values["contacted_at"], values.get("answered_on"))
    test = TestContact(
        campaign=campaign,
        number=number,
        unit=values.get("unit"),
        contacted_at=values["contacted_at"],
        answered_on=values.get("answered_on"),
        subject=values.get("subject") or "",
        comment=values.get("comment") or "",
        time_slot=time_slot,
        delay_working_days=delay,
        recorded_by=user,
    )
    rows = []
    for criterion in criteria:
        value = computed_score(criterion, test.answered_on, delay) or scores[criterion.code]
        rows.append((criterion, value))
    return test, rows


def record_test(campaign: Campaign, *, user, scores: dict[str, str], today=None, **values):
    """Records one test contact with its scores (by criterion code: yes, no, na)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        criteria = list(campaign.criteria.all())
        _raise(test_errors(campaign, values, scores, criteria, today=today))
        [number] = _next_numbers(campaign, 1)
        test, rows = _build_test(campaign, criteria, number, values, scores, user)
        test._history_user = user
        test.save()
        CriterionScore.objects.bulk_create(
            CriterionScore(test=test, criterion=criterion, value=value) for criterion, value in rows
        )
    return test


def store_tests(campaign: Campaign, rows: list[tuple[dict, dict]], *, user) -> list[TestContact]:
    """Stores already-checked tests (the import), numbered after the last one, in one go."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        criteria = list(campaign.criteria.all())
        numbers = _next_numbers(campaign, len(rows))
        built = [
            _build_test(campaign, criteria, number, values, scores, user)
            for number, (values, scores) in zip(numbers, rows, strict=True)
        ]
        tests = TestContact.objects.bulk_create([test for test, _scores in built])
        CriterionScore.objects.bulk_create(
            CriterionScore(test=test, criterion=criterion, value=value)
            for test, (_test, scored) in zip(tests, built, strict=True)
            for criterion, value in scored
        )
    return tests


def delete_test(test: TestContact, *, user) -> None:
    test._history_user = user
    test.delete()


# --- Results ----------------------------------------------------------------------------------


def percentage(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    yes: int
    applicable: int
    rate: Decimal | None
    weak: bool


@dataclass(frozen=True)
class CampaignResults:
    tests: int
    criteria: list[CriterionResult]
    average_delay: Decimal | None  # working days, one decimal
    answered: int


def results(campaign: Campaign) -> CampaignResults:
    """The share of "yes" among applicable scores per criterion and the average delay in working
    days of the answers, counted by the database."""
    rows = campaign.criteria.annotate(
        yes=Count("scores", filter=Q(scores__value=Score.YES)),
        applicable=Count("scores", filter=Q(scores__value__in=(Score.YES, Score.NO))),
    ).select_related("action")
    figures = campaign.tests.aggregate(
        count=Count("pk"),
        answered=Count("pk", filter=Q(delay_working_days__isnull=False)),
        average=Avg("delay_working_days"),
    )
    criteria = []
    for row in rows:
        rate = percentage(row.yes, row.applicable)
        criteria.append(
            CriterionResult(
                row,
                row.yes,
                row.applicable,
                rate,
                rate is not None and rate < campaign.weak_threshold,
            )
        )
    average = figures["average"]
    if average is not None:
        average = Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return CampaignResults(figures["count"], criteria, average, figures["answered"])


# --- Weak criteria become actions -------------------------------------------------------------


def action_from_criterion(criterion: Criterion, *, user, owner=None, due_on=None, today=None):
    """Turns a weak criterion (rate below the campaign's threshold) into an action of the plan
    (source "mystery_shopper"), linked back to the campaign through the criterion."""
    today = today or timezone.localdate()
    with transaction.atomic():
        criterion = (
            Criterion.objects.select_for_update()
            .select_related("campaign__organisation")
            .get(pk=criterion.pk)
        )
        campaign = criterion.campaign
        if criterion.action_id is not None:
            raise ValidationError("Ce critère a déjà son action au plan d'actions.")
        found = next(r for r in results(campaign).criteria if r.criterion.pk == criterion.pk)
        if not found.weak:
            raise ValidationError(
                f"« {criterion.label} » n'est pas un point faible : "
                f"{_rate_text(found.rate)} pour un seuil de {campaign.weak_threshold} %."
            )
        action = create_action(
            campaign.organisation,
            user=user,
            today=today,
            reason="Point faible d'une enquête mystère",
            title=f"Améliorer : {criterion.label}"[:300],
            description=(
                f"Enquête mystère « {campaign.title} » : {found.rate} % de « oui » pour "
                f"« {criterion.label} » ({found.yes} sur {found.applicable} tests notés), "
                f"sous le seuil de {campaign.weak_threshold} %."
            ),
            kind=ActionKind.CORRECTIVE,
            source=ActionSource.MYSTERY_SHOPPER,
            source_detail=f"Enquête mystère « {campaign.title} »"[:300],
            owner=owner or user,
            due_on=due_on or today + dt.timedelta(days=90),
        )
        criterion.action = action
        criterion._history_user = user
        criterion.save(update_fields=["action"])
    return action


def _rate_text(rate) -> str:
    return "aucun test noté" if rate is None else f"{rate} % de « oui »"


def partner_leads(organisation):
    """The users who may run a cross audit of `organisation`: the quality leads of the others."""
    members_here = Membership.objects.filter(organisation=organisation).exclude(
        role=Role.CROSS_AUDITOR
    )
    return (
        Membership.objects.active()
        .filter(role=Role.QUALITY_LEAD)
        .exclude(organisation=organisation)
        .exclude(user__in=members_here.values("user"))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name")
    )
