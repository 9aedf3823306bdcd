"""Campaigns made through the services (the rules under test), with the default grids."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qualipilote.mystery import services


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def email_campaign(organisation, user, **values):
    defaults = {
        "title": "Enquête courriels 2019",
        "channel": "email",
        "starts_on": dt.date(2019, 5, 15),
        "ends_on": dt.date(2019, 6, 30),
        "run_by": "self",
    }
    return services.create_campaign(organisation, user=user, **{**defaults, **values})


def phone_campaign(organisation, user, **values):
    defaults = {
        "title": "Enquête téléphonique 2019",
        "channel": "phone",
        "starts_on": dt.date(2019, 6, 3),
        "ends_on": dt.date(2019, 6, 28),
        "run_by": "self",
    }
    return services.create_campaign(organisation, user=user, **{**defaults, **values})


ALL_YES = {"accuse_reception": "yes", "signature_conforme": "yes", "reponse_complete": "yes"}


def email_test(campaign, user, sent: dt.datetime, answered_on=None, scores=None, **values):
    scores = dict(ALL_YES if scores is None else scores)
    return services.record_test(
        campaign,
        user=user,
        scores=scores,
        contacted_at=sent,
        answered_on=answered_on,
        today=dt.date(2019, 12, 31),
        **values,
    )
