"""Daily work of the document base (Huey periodic task): reminders.py."""

from django.utils import timezone
from huey import crontab

from qualipilote.common.tasks import periodic_task

from .reminders import send_review_reminders


@periodic_task(crontab(hour="7", minute="50"))
def daily_document_review_reminders():
    return send_review_reminders(timezone.localdate())
