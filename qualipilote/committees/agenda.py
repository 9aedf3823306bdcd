"""The draft agenda of a steering committee, built from the data since the previous COPIL
meeting (or the twelve months before the meeting for the first one): indicators off target in
the closed months, overdue actions, new complaints and their themes, audit findings recorded,
survey waves closed with their headline results, milestones ahead.

Every figure is counted in the database. The draft is only a proposal: the lead removes or adds
items, then saves it as the meeting's agenda (services.save_agenda), a copy of the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf, Trim
from django.utils import timezone

from qualipilote.improvement.effectiveness import met_expression
from qualipilote.improvement.milestones import collect
from qualipilote.improvement.models import Action, Finding
from qualipilote.indicators.models import MonthClosure, MonthlyMeasurement, format_value
from qualipilote.indicators.periods import add_months, month_of
from qualipilote.registers.enums import FeedbackKind
from qualipilote.registers.models import Feedback
from qualipilote.surveys.enums import OPINION_CODES, SATISFIED_CODES, QuestionKind
from qualipilote.surveys.models import Answer, Survey

from .enums import CommitteeKind
from .models import Meeting

MILESTONES_AHEAD_MONTHS = 6
NO_THEME = "Sans thème"

INDICATORS = "Indicateurs hors objectif"
ACTIONS = "Actions en retard"
COMPLAINTS = "Réclamations"
FINDINGS = "Constats d'audit"
SURVEYS = "Enquêtes de satisfaction"
MILESTONES = "Jalons à venir"
SECTIONS = (INDICATORS, ACTIONS, COMPLAINTS, FINDINGS, SURVEYS, MILESTONES)


@dataclass(frozen=True)
class DraftItem:
    section: str
    title: str


@dataclass
class Draft:
    since: dt.date
    until: dt.date
    previous: Meeting | None
    items: list[DraftItem]

    def by_section(self) -> list[tuple[str, list[DraftItem]]]:
        return [(name, [i for i in self.items if i.section == name]) for name in SECTIONS]


def previous_steering_meeting(meeting: Meeting) -> Meeting | None:
    """The organisation's last steering-committee meeting before this one."""
    return (
        Meeting.objects.filter(
            committee__organisation_id=meeting.committee.organisation_id,
            committee__kind=CommitteeKind.STEERING,
            held_on__lt=meeting.held_on,
        )
        .exclude(pk=meeting.pk)
        .order_by("-held_on", "-pk")
        .first()
    )


def period_of(meeting: Meeting) -> tuple[dt.date, dt.date, Meeting | None]:
    previous = previous_steering_meeting(meeting)
    until = meeting.held_on
    since = previous.held_on if previous is not None else _a_year_before(until)
    return since, until, previous


def _a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def build_draft(meeting: Meeting, today: dt.date | None = None) -> Draft:
    today = today or timezone.localdate()
    organisation = meeting.committee.organisation
    since, until, previous = period_of(meeting)
    items = [
        *indicator_items(organisation, since, until),
        *overdue_action_items(organisation, today),
        *complaint_items(organisation, since, until),
        *finding_items(organisation, since, until),
        *survey_items(organisation, since, until),
        *milestone_items(organisation, meeting),
    ]
    return Draft(since=since, until=until, previous=previous, items=items)


def indicator_items(organisation, since: dt.date, until: dt.date) -> list[DraftItem]:
    """Indicators whose organisation-level figure missed its target in at least one month
    closed (and not reopened) between the two dates."""
    closed = MonthClosure.objects.in_force().filter(
        organisation=organisation, month=OuterRef("month")
    )
    rows = (
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, month__gte=month_of(since), month__lte=until)
        .filter(Exists(closed))
        .annotate(met=met_expression())
        .values("indicator_id", "indicator__label", "indicator__position")
        .annotate(
            counted=Count("pk", filter=Q(met__isnull=False)),
            missed=Count("pk", filter=Q(met=False)),
        )
        .filter(missed__gt=0)
        .order_by("indicator__position", "indicator__label")
    )
    items = []
    for row in rows:
        latest = (
            MonthlyMeasurement.objects.organisation_level()
            .filter(
                organisation=organisation,
                indicator_id=row["indicator_id"],
                month__gte=month_of(since),
                month__lte=until,
            )
            .filter(Exists(closed))
            .annotate(met=met_expression())
            .filter(met=False)
            .select_related("indicator")
            .order_by("-month")
            .first()
        )
        items.append(
            DraftItem(
                INDICATORS,
                f"{row['indicator__label']} : hors objectif {row['missed']} mois sur "
                f"{row['counted']} mois clos (objectif {latest.indicator.target_display()}, "
                f"{format_value(latest.value, latest.indicator.unit)} en {latest.month:%m/%Y})",
            )
        )
    return items


def overdue_action_items(organisation, today: dt.date) -> list[DraftItem]:
    actions = (
        Action.objects.filter(organisation=organisation)
        .overdue(today)
        .select_related("owner")
        .order_by("due_on", "reference")
    )
    return [
        DraftItem(
            ACTIONS,
            f"{action.reference} — {action.title} (pilote : "
            f"{action.owner.get_full_name() or action.owner.username}, échéance dépassée du "
            f"{action.due_on:%d/%m/%Y})",
        )
        for action in actions
    ]


def complaint_counts(organisation, since: dt.date, until: dt.date) -> list[dict]:
    """New complaints received in the period, by theme (blank themes together), most first."""
    return list(
        Feedback.objects.filter(
            organisation=organisation,
            kind=FeedbackKind.COMPLAINT,
            received_on__gt=since,
            received_on__lte=until,
        )
        .annotate(theme_label=Coalesce(NullIf(Trim("theme"), Value("")), Value(NO_THEME)))
        .values("theme_label")
        .annotate(count=Count("pk"))
        .order_by("-count", "theme_label")
    )


def complaint_items(organisation, since: dt.date, until: dt.date) -> list[DraftItem]:
    counts = complaint_counts(organisation, since, until)
    total = sum(row["count"] for row in counts)
    if not total:
        return []
    themes = ", ".join(f"{row['theme_label']} ({row['count']})" for row in counts)
    plural = "s" if total > 1 else ""
    return [
        DraftItem(
            COMPLAINTS,
            f"{total} nouvelle{plural} réclamation{plural} depuis le {since:%d/%m/%Y} — "
            f"thèmes : {themes}",
        )
    ]


def finding_items(organisation, since: dt.date, until: dt.date) -> list[DraftItem]:
    findings = (
        Finding.objects.filter(
            audit__organisation=organisation,
            recorded_at__date__gt=since,
            recorded_at__date__lte=until,
        )
        .select_related("audit__version", "commitment")
        .order_by("recorded_at", "pk")
    )
    items = []
    for finding in findings:
        text = finding.text if len(finding.text) <= 200 else finding.text[:199] + "…"
        items.append(
            DraftItem(
                FINDINGS,
                f"{finding.audit} — {finding.grade_label}, engagement "
                f"{finding.commitment.number} : {text}",
            )
        )
    return items


def survey_items(organisation, since: dt.date, until: dt.date) -> list[DraftItem]:
    """Waves closed in the period, with their responses and the overall satisfaction rate
    (satisfied answers over answers with an opinion, all satisfaction questions together)."""
    waves = (
        Survey.objects.filter(
            organisation=organisation,
            closed_at__isnull=False,
            closed_at__date__gt=since,
            closed_at__date__lte=until,
        )
        .annotate(
            responses_count=Count("responses", distinct=True),
        )
        .order_by("closes_on", "pk")
    )
    rates = {
        row["question__survey_id"]: row
        for row in Answer.objects.filter(
            question__survey__in=waves.values("pk"), question__kind=QuestionKind.SATISFACTION
        )
        .values("question__survey_id")
        .annotate(
            with_opinion=Count("pk", filter=Q(choice__code__in=OPINION_CODES)),
            satisfied=Count("pk", filter=Q(choice__code__in=SATISFIED_CODES)),
        )
    }
    items = []
    for wave in waves:
        rate = rates.get(wave.pk)
        plural = "s" if wave.responses_count > 1 else ""
        headline = f"{wave.responses_count} réponse{plural}"
        if rate and rate["with_opinion"]:
            percent = (Decimal(rate["satisfied"]) * 100 / rate["with_opinion"]).quantize(
                Decimal("1"), rounding=ROUND_HALF_UP
            )
            headline += f", {percent} % de satisfaits ({rate['with_opinion']} avis exprimés)"
        items.append(
            DraftItem(
                SURVEYS,
                f"{wave.title} (du {wave.opens_on:%d/%m/%Y} au {wave.closes_on:%d/%m/%Y}) : "
                f"{headline}",
            )
        )
    return items


def milestone_items(organisation, meeting: Meeting) -> list[DraftItem]:
    start = meeting.held_on + dt.timedelta(days=1)
    end = add_months(month_of(meeting.held_on), MILESTONES_AHEAD_MONTHS + 1) - dt.timedelta(days=1)
    own = f"comite-{meeting.pk}"
    return [
        DraftItem(MILESTONES, f"{item.date:%d/%m/%Y} — {item.category} : {item.title}")
        for item in collect(organisation, start, end)
        if item.uid != own and item.category != "Échéance d'action"
    ]
