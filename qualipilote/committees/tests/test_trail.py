"""Every change to committees is kept and viewable per record and per person (issue 11 item 6),
through the one audit trail of organisations.trail; documents join it the same way."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from qualipilote.committees import services
from qualipilote.committees.tests.factories import CommitteeFactory
from qualipilote.organisations import trail

pytestmark = pytest.mark.django_db


def test_committees_and_documents_are_in_the_trail():
    keys = {entry.key for entry in trail.traced_models()}

    assert {
        "committees.committee",
        "committees.meeting",
        "committees.agendaitem",
        "committees.decision",
        "documents.document",
        "documents.documentversion",
    } <= keys


def test_a_meetings_history_says_who_moved_it_and_from_which_date(
    organisation, lead, client, on_20_november_2026
):
    committee = CommitteeFactory(organisation=organisation, chair=lead)
    meeting = services.plan_meeting(committee, held_on=dt.date(2026, 12, 10), user=lead)
    services.update_meeting(meeting, held_on=dt.date(2026, 12, 17), chair=lead, user=lead)
    client.force_login(lead)

    page = html.unescape(
        client.get(
            reverse(
                "trail:record",
                kwargs={
                    "org_code": organisation.code,
                    "key": "committees.meeting",
                    "pk": meeting.pk,
                },
            )
        ).content.decode()
    )

    assert "Florence Gouache" in page
    assert "10/12/2026" in page and "17/12/2026" in page
    assert "Création" in page and "Modification" in page
