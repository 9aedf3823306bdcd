"""RETEX items that did not work become actions of the plan.

Emergency communication sits below this app and announces each such item through
crisis/hooks.py (subscribed from ImprovementConfig.ready); the action is created in the same
transaction as the item, and its reference is written back on the item (crisis.services.link_action)
so the RETEX page links to it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qualipilote.crisis.services import link_action
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership

from .enums import ActionKind, ActionSource
from .services import create_action

# A RETEX action is due a quarter after it was found: before the next exercise, usually.
LESSON_ACTION_DAYS = 90


def lesson_action_owner(organisation, written_by):
    """The RETEX's author when still an active member, else the first active quality lead."""
    active = Membership.objects.active().filter(organisation=organisation)
    if written_by is not None and active.filter(user=written_by).exists():
        return written_by
    lead = active.filter(role=Role.QUALITY_LEAD).order_by("pk").select_related("user").first()
    return lead.user if lead else None


def action_from_lesson_item(item) -> None:
    """Creates the corrective action of a RETEX item that did not work. Without anyone to own
    it (no active quality lead), the item waits, listed as "pas encore d'action"."""
    lessons = item.lessons
    event = lessons.event
    organisation = event.organisation
    owner = lesson_action_owner(organisation, lessons.written_by)
    if owner is None:
        return
    today = timezone.localdate()
    action = create_action(
        organisation,
        user=owner,
        today=today,
        reason="Créée depuis un retour d'expérience",
        title=f"{item.get_theme_display()} : {item.text}"[:300],
        description=item.text,
        kind=ActionKind.CORRECTIVE,
        source=ActionSource.LESSONS_LEARNED,
        source_detail=f"RETEX — {event.get_kind_display()} « {event.title} »"[:300],
        owner=owner,
        due_on=today + dt.timedelta(days=LESSON_ACTION_DAYS),
    )
    link_action(item, action.reference)
