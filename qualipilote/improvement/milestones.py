"""The organisation's milestones calendar (issue 11, item 5).

Every app that holds dated records offers them through its AppConfig's
`milestones(organisation, start, end)` — as the home page collects `work_queue(request)` —
so that this module reads survey waves, exercises and expiring evidence without importing
the apps beside or below it (the layers contract keeps surveys and improvement independent).
Each contribution is a list of dicts:

    {"uid": "audit-12", "category": "Audit interne", "title": "…",
     "date": date, "end": date or None (last day, included), "url": "/<org>/…"}

`uid` is stable for a given record (the iCalendar feed's UID is built from it). Titles carry no
personal data of the public: records of the public (complaints, answers) never contribute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Action, Audit, CalendarFeed, Milestone

MONTHS_BEFORE = 3
MONTHS_AHEAD = 12
TYPED_REMINDER_DAYS = 30
# A typed milestone lies within this many years of today: far enough for a label cycle, near
# enough to refuse a mistyped year (0226, 2062…).
TYPED_YEARS_RANGE = 5

MONTH_NAMES = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


@dataclass(frozen=True)
class Item:
    uid: str
    category: str
    title: str
    date: dt.date
    end: dt.date | None
    url: str


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the month three months back, the last day of the twelfth month ahead."""
    start = _add_months(today.replace(day=1), -MONTHS_BEFORE)
    end = _add_months(today.replace(day=1), MONTHS_AHEAD + 1) - dt.timedelta(days=1)
    return start, end


def collect(organisation, start: dt.date, end: dt.date) -> list[Item]:
    """Every app's milestones of the organisation between start and end, in date order."""
    items = []
    for config in apps.get_app_configs():
        contribute = getattr(config, "milestones", None)
        if contribute is not None:
            items += [Item(**entry) for entry in contribute(organisation, start, end) or []]
    return sorted(items, key=lambda item: (item.date, item.category, item.title, item.uid))


def by_month(items: list[Item], start: dt.date, end: dt.date) -> list[dict]:
    """The months from start to end, each with its items (a span that began earlier is listed
    in the window's first month)."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        following = _add_months(month, 1)
        months.append(
            {
                "label": f"{MONTH_NAMES[month.month - 1]} {month.year}",
                "first_day": month,
                "items": [i for i in items if month <= max(i.date, start) < following],
            }
        )
        month = following
    return months


# --- This app's own contribution ----------------------------------------------------------------


def _url(organisation, name, **kwargs):
    return reverse(f"improvement:{name}", kwargs={"org_code": organisation.code, **kwargs})


def own_milestones(organisation, start: dt.date, end: dt.date) -> list[dict]:
    """The label cycle's audits, the open actions due, the typed milestones."""
    entries = []
    audits = Audit.objects.filter(organisation=organisation, starts_on__lte=end, ends_on__gte=start)
    for audit in audits:
        entries.append(
            {
                "uid": f"audit-{audit.pk}",
                "category": audit.get_kind_display(),
                "title": audit.get_kind_display(),
                "date": audit.starts_on,
                "end": audit.ends_on if audit.ends_on != audit.starts_on else None,
                "url": _url(organisation, "audit", pk=audit.pk),
            }
        )
    actions = Action.objects.filter(organisation=organisation).due_between(start, end)
    for action in actions.only("pk", "reference", "title", "due_on"):
        entries.append(
            {
                "uid": f"action-{action.pk}",
                "category": "Échéance d'action",
                "title": f"{action.reference} — {action.title}",
                "date": action.due_on,
                "end": None,
                "url": _url(organisation, "action", pk=action.pk),
            }
        )
    typed = Milestone.objects.filter(organisation=organisation, on__gte=start, on__lte=end)
    for milestone in typed:
        entries.append(
            {
                "uid": f"jalon-{milestone.pk}",
                "category": milestone.get_kind_display(),
                "title": milestone.title,
                "date": milestone.on,
                "end": None,
                "url": _url(organisation, "milestones") + f"#jalon-{milestone.pk}",
            }
        )
    return entries


# --- Typed milestones ---------------------------------------------------------------------------


def check_typed_date(on: dt.date, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    low = today.replace(year=today.year - TYPED_YEARS_RANGE, day=1)
    high = today.replace(year=today.year + TYPED_YEARS_RANGE, day=1)
    if not low <= on <= high:
        raise ValidationError(
            {
                "on": f"La date doit se situer entre le {low:%d/%m/%Y} et le {high:%d/%m/%Y} "
                f"(à {TYPED_YEARS_RANGE} ans d'aujourd'hui au plus)."
            }
        )


def add_milestone(
    organisation, *, title: str, on: dt.date, kind: str, user=None, today=None
) -> Milestone:
    check_typed_date(on, today)
    milestone = Milestone(organisation=organisation, title=title, on=on, kind=kind, created_by=user)
    milestone.full_clean()
    milestone.save()
    return milestone


def remove_milestone(organisation, pk: int) -> None:
    """Idempotent: removing one already gone does nothing."""
    Milestone.objects.filter(organisation=organisation, pk=pk).delete()


def typed_milestones_soon(organisation, today: dt.date) -> int:
    return Milestone.objects.filter(
        organisation=organisation,
        on__gte=today,
        on__lte=today + dt.timedelta(days=TYPED_REMINDER_DAYS),
    ).count()


# --- The iCalendar feed's secret ----------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def regenerate_feed_token(organisation) -> str:
    """A new token for the organisation's feed; the previous one stops working at once. The
    token itself is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            organisation=organisation, defaults={"token_hash": _hash(token)}
        )
    return token


def feed_token_matches(organisation, token: str) -> bool:
    if not token or len(token) > 100:
        return False
    return CalendarFeed.objects.filter(organisation=organisation, token_hash=_hash(token)).exists()


def has_feed(organisation) -> bool:
    return CalendarFeed.objects.filter(organisation=organisation).exists()
