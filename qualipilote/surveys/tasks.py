"""Nightly: waves whose closing date has passed are closed and feed the indicators."""

from huey import crontab

from qualipilote.common.tasks import periodic_task

from .services import close_due_waves


@periodic_task(crontab(hour="2", minute="30"))
def close_due_waves_task():
    close_due_waves()
