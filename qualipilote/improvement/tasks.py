"""Daily work of the action plan (Huey periodic task): reminders.py."""

from django.utils import timezone
from huey import crontab

from qualipilote.common.tasks import periodic_task

from .reminders import send_improvement_reminders


@periodic_task(crontab(hour="7", minute="45"))
def daily_improvement_reminders():
    return send_improvement_reminders(timezone.localdate())
