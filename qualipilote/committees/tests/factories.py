"""Factories of the committees: rows written straight to the tables (tests of lists and
queries); the rules are tested through services."""

from __future__ import annotations

import datetime as dt

import factory

from qualipilote.committees.models import Committee, Meeting


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Comité {n}")
    kind = "steering"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    held_on = dt.date(2026, 11, 20)
