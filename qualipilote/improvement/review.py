"""The action plan, the audits and the upcoming milestones in the annual quality review
(sections 80, 85, 130). The action plan's section also tells the actions that complaints and
suggestions led to: the registers' section counts them, but only this app knows the actions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from qualipilote.common.annual_review import ReviewSection, ReviewTable
from qualipilote.common.review_text import date, number, plural

from .enums import OPEN_ACTION_STATUSES, ActionSource, FindingStatus
from .milestones import collect
from .models import Action, Audit

ACTIONS_ORDER, AUDITS_ORDER, MILESTONES_ORDER = 80, 85, 130
ACTIONS_TITLE = "Le plan d'actions"
AUDITS_TITLE = "Les audits"
MILESTONES_TITLE = "Les prochaines échéances"
FROM_FEEDBACK = Q(source__in=(ActionSource.COMPLAINT, ActionSource.SUGGESTION)) | Q(
    feedback__isnull=False
)


def _created_before(day: dt.date) -> Q:
    tz = timezone.get_current_timezone()
    return Q(created_at__lt=dt.datetime.combine(day, dt.time.min, tzinfo=tz))


def _action_rows(actions, *, done: bool) -> list[list[str]]:
    rows = []
    for action in actions:
        when = action.completed_on if done else action.due_on
        rows.append(
            [
                action.reference,
                action.title,
                action.get_source_display(),
                date(when) if when else "—",
                action.get_status_display(),
            ]
        )
    return rows


def actions_section(organisation, year: int) -> list[ReviewSection]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    actions = Action.objects.filter(organisation=organisation).order_by("due_on", "reference")
    done = actions.filter(completed_on__gte=first, completed_on__lte=last).order_by(
        "completed_on", "reference"
    )
    # Still to do at the end of the year: created by then, and not done or abandoned in the year.
    planned = actions.filter(_created_before(last + dt.timedelta(days=1))).filter(
        Q(status__in=OPEN_ACTION_STATUSES) | Q(completed_on__gt=last)
    )
    from_feedback = actions.filter(FROM_FEEDBACK).filter(
        _created_before(last + dt.timedelta(days=1)),
        ~_created_before(first),
    )
    counts = {
        "done": done.count(),
        "planned": planned.count(),
        "from_feedback": from_feedback.count(),
    }
    if not any(counts.values()):
        return [
            ReviewSection(
                ACTIONS_ORDER,
                ACTIONS_TITLE,
                empty_statement=f"Aucune action du plan d'actions n'a été réalisée ou prévue en "
                f"{year}.",
            )
        ]
    headers_done = ["Référence", "Action", "Origine", "Réalisée le", "État"]
    headers_planned = ["Référence", "Action", "Origine", "Échéance", "État"]
    paragraphs = [
        f"En {year} : {plural(counts['done'], 'action réalisée', 'actions réalisées')} ; "
        f"{plural(counts['planned'], 'action prévue ou en cours', 'actions prévues ou en cours')} "
        "à la fin de l'année."
    ]
    tables = []
    if counts["done"]:
        tables.append(
            ReviewTable(f"Actions réalisées en {year}", headers_done, _action_rows(done, done=True))
        )
    if counts["planned"]:
        tables.append(
            ReviewTable(
                f"Actions prévues ou en cours à la fin de {year}",
                headers_planned,
                _action_rows(planned, done=False),
            )
        )
    if counts["from_feedback"]:
        paragraphs.append(
            f"Les réclamations et suggestions des usagers ont donné lieu à "
            f"{plural(counts['from_feedback'], 'action', 'actions')} en {year}."
        )
        tables.append(
            ReviewTable(
                f"Actions issues des réclamations et suggestions en {year}",
                headers_planned,
                _action_rows(from_feedback, done=False),
            )
        )
    else:
        paragraphs.append(
            f"Aucune action du plan n'est issue d'une réclamation ou d'une suggestion en {year}."
        )
    return [ReviewSection(ACTIONS_ORDER, ACTIONS_TITLE, paragraphs=paragraphs, tables=tables)]


def audits_section(organisation, year: int) -> list[ReviewSection]:
    audits = (
        Audit.objects.filter(
            organisation=organisation,
            starts_on__lte=dt.date(year, 12, 31),
            ends_on__gte=dt.date(year, 1, 1),
        )
        .annotate(
            findings_count=Count("findings"),
            open_findings=Count("findings", filter=Q(findings__status=FindingStatus.OPEN)),
        )
        .order_by("starts_on", "pk")
    )
    rows = [
        [
            audit.get_kind_display(),
            date(audit.starts_on)
            + ("" if audit.ends_on == audit.starts_on else f" au {date(audit.ends_on)}"),
            audit.body or audit.auditors or "—",
            number(audit.findings_count),
            number(audit.open_findings),
        ]
        for audit in audits
    ]
    if not rows:
        return [
            ReviewSection(
                AUDITS_ORDER,
                AUDITS_TITLE,
                empty_statement=f"Aucun audit n'a eu lieu en {year}.",
            )
        ]
    return [
        ReviewSection(
            AUDITS_ORDER,
            AUDITS_TITLE,
            paragraphs=[f"{plural(len(rows), 'audit')} en {year}."],
            tables=[
                ReviewTable(
                    f"Audits de {year}",
                    ["Audit", "Dates", "Organisme ou auditeurs", "Constats", "Constats ouverts"],
                    rows,
                )
            ],
        )
    ]


def upcoming_window(year: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """Twelve months from the end of the year, or from today while the year is not over."""
    start = min(today, dt.date(year + 1, 1, 1))
    end = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)
    return start, end


def milestones_section(organisation, year: int, *, today: dt.date) -> list[ReviewSection]:
    start, end = upcoming_window(year, today)
    items = collect(organisation, start, end)
    if not items:
        return [
            ReviewSection(
                MILESTONES_ORDER,
                MILESTONES_TITLE,
                empty_statement=f"Aucune échéance n'est inscrite du {date(start)} au {date(end)}.",
            )
        ]
    rows = [
        [
            date(item.date) + (f" au {date(item.end)}" if item.end else ""),
            item.category,
            item.title,
        ]
        for item in items
    ]
    return [
        ReviewSection(
            MILESTONES_ORDER,
            MILESTONES_TITLE,
            paragraphs=[f"Échéances du {date(start)} au {date(end)}."],
            tables=[ReviewTable("Prochaines échéances", ["Date", "Nature", "Intitulé"], rows)],
        )
    ]
