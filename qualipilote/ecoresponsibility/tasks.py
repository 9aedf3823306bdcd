"""Daily work of eco-responsibility (Huey periodic task): reminders.py."""

from django.utils import timezone
from huey import crontab

from qualipilote.common.tasks import periodic_task

from .reminders import send_beges_reminders


@periodic_task(crontab(hour="7", minute="50"))
def daily_beges_reminders():
    return send_beges_reminders(timezone.localdate())
