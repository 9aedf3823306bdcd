"""Background work of the indicators (Huey): refreshing stored measurements and reminding the
quality leads of missing monthly figures. Each task only calls a service that tests call
directly."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_task

from qualipilote.common.tasks import periodic_task
from qualipilote.organisations.models import Organisation

from .periods import add_months, month_of, parse_month
from .reminders import send_missing_figure_reminders
from .services import refresh_measurements_in_batches, refresh_months

NIGHTLY_MONTHS = 24


@db_task()
def refresh_organisation_months(organisation_id: int, months: list[str]) -> int:
    """Stored figures of one organisation for the months given as "YYYY-MM"."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return refresh_months(organisation, [parse_month(month) for month in months])


@periodic_task(crontab(hour="2", minute="30"))
def refresh_open_months_nightly() -> int:
    """Every night, the last 24 months of every organisation: a pending record that passed its
    due date yesterday enters today's rates even though no record changed."""
    today = timezone.localdate()
    current = month_of(today)
    return refresh_measurements_in_batches(
        start=add_months(current, -(NIGHTLY_MONTHS - 1)), end=current, today=today
    )


@periodic_task(crontab(day="5", hour="8", minute="0"))
def remind_missing_figures() -> int:
    """On the 5th of each month, the quality leads hear which figures of last month are missing."""
    return send_missing_figure_reminders(timezone.localdate())
