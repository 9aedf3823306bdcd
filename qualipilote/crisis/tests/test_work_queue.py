"""Emergency communication in the work queue of the organisation's home page."""

import datetime as dt

from django.urls import reverse

from qualipilote.crisis import services
from qualipilote.crisis.enums import EventKind
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.organisations.enums import Role

AN_HOUR_AGO = dt.timedelta(hours=1)


def crisis_queue(client):
    response = client.get(reverse("organisations:home", kwargs={"org_code": "pref-74"}))
    assert response.status_code == 200
    return {
        item["label"]: item
        for section in response.context["work_queue"]
        if section["key"] == "crisis"
        for item in section["counts"]
    }


def ended(organisation, kind, **fields):
    now = dt.datetime.now(dt.UTC)
    event = CrisisEventFactory(
        organisation=organisation, kind=kind, started_at=now - 3 * AN_HOUR_AGO, **fields
    )
    services.record_step(event, step="ended", at=now - AN_HOUR_AGO)
    return event


def test_the_duty_officer_sees_the_events_still_running(member_client, organisation):
    agent = member_client(Role.AGENT)
    now = dt.datetime.now(dt.UTC)
    CrisisEventFactory(organisation=organisation, started_at=now - AN_HOUR_AGO)
    ended(organisation, EventKind.EVENT)
    CrisisEventFactory(organisation=organisation, kind=EventKind.EXERCISE, started_at=now)

    queue = crisis_queue(agent)

    assert queue["Événements en cours"]["count"] == 1
    assert queue["Événements en cours"]["urgent"]
    assert "Événements et exercices terminés sans retour d'expérience" not in queue


def test_the_quality_lead_is_reminded_of_the_retex_after_each_event_and_exercise(
    quality_lead_client, organisation
):
    ended(organisation, EventKind.EVENT)
    written = ended(organisation, EventKind.EXERCISE)
    services.write_lessons(written, what_happened="Exercice inondation, cellule à 40 min.")
    ended(organisation, EventKind.EXERCISE)

    queue = crisis_queue(quality_lead_client)

    waiting = queue["Événements et exercices terminés sans retour d'expérience"]
    assert waiting["count"] == 2
    assert waiting["url"] == "/pref-74/communication-urgence/"


def test_a_viewer_has_no_crisis_section(member_client, organisation):
    assert crisis_queue(member_client(Role.VIEWER)) == {}
