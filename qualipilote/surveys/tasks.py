"""Nightly: waves whose closing date has passed are closed and feed the indicators."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import close_due_waves


@db_periodic_task(crontab(hour="2", minute="30"))
def close_due_waves_task():
    close_due_waves()
