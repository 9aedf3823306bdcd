"""Training test helpers: members with an arrival date, sessions written through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.training import services


def member(organisation, *, unit=None, arrived=None, role=Role.AGENT):
    return MembershipFactory(organisation=organisation, role=role, unit=unit, arrival_date=arrived)


def session(
    organisation,
    attendees=(),
    *,
    theme="accueil",
    held_on=dt.date(2025, 3, 10),
    hours="3.5",
    **extra,
):
    return services.create_session(
        organisation,
        title=extra.pop("title", "Accueil physique et téléphonique"),
        theme=theme,
        held_on=held_on,
        duration_hours=Decimal(hours),
        attendees=list(attendees),
        **extra,
    )
