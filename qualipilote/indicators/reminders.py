"""Reminder of missing monthly figures: for last month, each organisation's quality leads
receive the list of entered indicators that have no figure yet (Huey task, tasks.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core import mail
from django.urls import reverse

from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Membership, Organisation

from .models import Indicator, MonthlyMeasurement
from .periods import add_months, month_label, month_of


def missing_by_organisation(month: dt.date) -> dict[int, list[Indicator]]:
    """{organisation id: entered indicators without a figure for `month`} in two queries."""
    entered = list(Indicator.objects.active().monthly().entered().in_table_order())
    present = defaultdict(set)
    for organisation_id, indicator_id in (
        MonthlyMeasurement.objects.organisation_level()
        .filter(month=month, indicator__in=entered)
        .values_list("organisation_id", "indicator_id")
    ):
        present[organisation_id].add(indicator_id)
    return {
        organisation_id: [i for i in entered if i.pk not in present[organisation_id]]
        for organisation_id in Organisation.objects.values_list("pk", flat=True)
    }


def send_missing_figure_reminders(today: dt.date) -> int:
    """Sends one message per organisation with missing figures last month; returns how many."""
    month = add_months(month_of(today), -1)
    missing = {k: v for k, v in missing_by_organisation(month).items() if v}
    if not missing:
        return 0
    leads = defaultdict(list)
    for membership in (
        Membership.objects.active()
        .filter(organisation_id__in=missing, role=Role.QUALITY_LEAD)
        .select_related("user", "organisation")
    ):
        if membership.user.email:
            leads[membership.organisation].append(membership.user.email)
    messages = []
    for organisation, recipients in leads.items():
        url = reverse("indicators:figures", kwargs={"org_code": organisation.code})
        lines = "\n".join(f"- {indicator.label}" for indicator in missing[organisation.pk])
        body = (
            f"Bonjour,\n\nIl manque les chiffres de {month_label(month)} {organisation.name_with_de} "
            f"pour les indicateurs suivants :\n{lines}\n\n"
            f"Saisissez-les ou importez-les dans Qualipilote : {url}\n"
        )
        messages.append(
            mail.EmailMessage(
                subject=f"Qualipilote — chiffres manquants de {month_label(month)}",
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=sorted(recipients),
            )
        )
    if messages:
        mail.get_connection().send_messages(messages)
    return len(messages)
