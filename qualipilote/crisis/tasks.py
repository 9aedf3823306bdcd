"""Background work of emergency communication (Huey). Each task only calls a service that tests
call directly."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab

from qualipilote.common.tasks import periodic_task

from .reminders import send_no_exercise_reminders


@periodic_task(crontab(day="1", hour="8", minute="15"))
def remind_no_exercise() -> int:
    """On the 1st of each month, organisations without an exercise in 12 months are reminded."""
    return send_no_exercise_reminders(timezone.localdate())
