"""Issue 11, item 4: meetings are milestones; a past meeting without minutes waits in the work
queue of those who keep the committees; the annual review tells the meetings held in the year."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from qualipilote.committees import services
from qualipilote.improvement.milestones import collect
from qualipilote.organisations.enums import Role

from .conftest import TODAY
from .factories import CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_meetings_are_milestones_of_their_organisation(organisation, other_organisation):
    copil = CommitteeFactory(organisation=organisation, name="COPIL qualité")
    meeting = MeetingFactory(committee=copil, held_on=dt.date(2027, 1, 15))
    MeetingFactory(committee__organisation=other_organisation, held_on=dt.date(2027, 1, 16))
    MeetingFactory(committee=copil, held_on=dt.date(2028, 1, 15))  # outside the window
    items = [
        i
        for i in collect(organisation, dt.date(2026, 11, 1), dt.date(2027, 12, 31))
        if i.uid.startswith("comite-")
    ]
    assert [(i.uid, i.title, i.date, i.category) for i in items] == [
        (f"comite-{meeting.pk}", "COPIL qualité", dt.date(2027, 1, 15), "Réunion de comité")
    ]
    assert items[0].url == f"/pref-74/comites/reunions/{meeting.pk}/"


def test_past_meetings_without_minutes_wait_in_the_work_queue(
    member_client, organisation, on_20_november_2026
):
    committee = CommitteeFactory(organisation=organisation)
    waiting = MeetingFactory(committee=committee, held_on=dt.date(2026, 11, 19))
    MeetingFactory(committee=committee, held_on=TODAY)  # today: not yet late
    MeetingFactory(committee=committee, held_on=dt.date(2026, 12, 1))
    with_text = MeetingFactory(committee=committee, held_on=dt.date(2026, 10, 1))
    services.record_minutes(with_text, text="Bilan validé.", today=TODAY)
    with_file = MeetingFactory(committee=committee, held_on=dt.date(2026, 9, 1))
    services.record_minutes(with_file, file=SimpleUploadedFile("cr.pdf", PDF), today=TODAY)
    MeetingFactory(committee__organisation=organisation, held_on=dt.date(2026, 5, 1), status="held")

    client = member_client(Role.QUALITY_LEAD)
    queue = client.get("/pref-74/").context["work_queue"]
    section = next(s for s in queue if s["key"] == "committees")
    assert section["counts"][0]["label"] == "Réunions passées sans compte rendu"
    assert section["counts"][0]["count"] == 2
    page = client.get(section["counts"][0]["url"]).content.decode()
    assert f"/pref-74/comites/reunions/{waiting.pk}/" in page

    viewer = member_client(Role.VIEWER)
    assert not [
        s for s in viewer.get("/pref-74/").context["work_queue"] if s["key"] == "committees"
    ]


def test_the_annual_review_tells_the_meetings_held_in_the_year(organisation, lead, member):
    config = apps.get_app_config("committees")
    copil = services.create_committee(organisation, name="COPIL qualité", kind="steering")
    users = services.create_committee(organisation, name="Comité local des usagers", kind="users")
    january = services.plan_meeting(copil, held_on=dt.date(2026, 1, 20), today=TODAY)
    services.add_attendee(january, member=lead)
    services.add_attendee(january, member=member)
    services.record_minutes(january, text="Bilan 2025 validé.", today=TODAY)
    for text in ("Afficher les résultats", "Former les agents"):
        services.record_decision(january, text=text, responsible=member, due_on=TODAY, today=TODAY)
    june = services.plan_meeting(users, held_on=dt.date(2026, 6, 4), today=TODAY)
    services.add_attendee(june, name="Mme Durand", quality="UDAF")
    services.mark_held(june, today=TODAY)
    services.plan_meeting(copil, held_on=dt.date(2026, 12, 15), today=TODAY)  # not held
    services.plan_meeting(copil, held_on=dt.date(2025, 12, 15), today=TODAY)

    [section] = config.annual_review(organisation, 2026)
    assert section.order == 30
    assert section.paragraphs == [
        "2 réunions de comité tenues en 2026 (Comité de pilotage (COPIL) : 1 ; Comité local des "
        "usagers : 1), 2 décisions inscrites au plan d'actions."
    ]
    assert section.tables[0].rows == [
        ["COPIL qualité", "20/01/2026", "2", "2"],
        ["Comité local des usagers", "04/06/2026", "1", "0"],
    ]
    [empty] = config.annual_review(organisation, 2024)
    assert empty.is_empty
    assert (
        empty.empty_statement == "Aucune réunion de comité n'est enregistrée comme tenue en 2024."
    )
