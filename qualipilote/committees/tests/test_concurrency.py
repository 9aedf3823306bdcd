"""Simultaneous clicks: two people saving an agenda at once leave one whole agenda (never a mix,
never a duplicate rank); the same member added twice at once attends once; decisions recorded at
once each get their own action reference. Meaningful on PostgreSQL; runs on SQLite too."""

import pytest
from django.core.exceptions import ValidationError

from qualipilote.committees import services
from qualipilote.committees.models import AgendaItem, Attendee
from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.improvement.models import Action

from .conftest import TODAY
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_agendas_saved_at_once_leave_one_whole_agenda(organisation):
    meeting = MeetingFactory(committee__organisation=organisation)
    lists = {i: [("", f"Version {i} — point {n}") for n in range(5)] for i in range(6)}
    results = run_at_once(lambda i: services.save_agenda(meeting, lists[i]), 6)
    assert not any(isinstance(r, Exception) for r in results), results
    titles = list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True))
    assert titles in [[title for _, title in items] for items in lists.values()]


def test_the_same_member_added_at_once_attends_once(organisation, lead):
    meeting = MeetingFactory(committee__organisation=organisation)
    results = run_at_once(lambda _i: services.add_attendee(meeting, member=lead), 6)
    assert all(isinstance(r, (Attendee, ValidationError)) for r in results), results
    assert Attendee.objects.filter(meeting=meeting, user=lead).count() == 1


def test_decisions_recorded_at_once_get_distinct_actions(organisation, member):
    meeting = MeetingFactory(committee__organisation=organisation, held_on=TODAY)
    results = run_at_once(
        lambda i: services.record_decision(
            meeting, text=f"Décision {i}", responsible=member, due_on=TODAY, today=TODAY
        ),
        6,
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert Action.objects.values("reference").distinct().count() == 6
