import datetime as dt
import html

import pytest

from qualipilote.improvement import services
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.usefixtures("in_march_2026")


def test_change_the_owner_and_the_due_date_of_an_action(organisation, lead, member_client):
    action = services.create_action(
        organisation,
        user=lead,
        title="Affichage",
        kind="corrective",
        source="complaint",
        owner=lead,
        due_on=dt.date(2026, 4, 1),
    )
    successor = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    client = member_client(Role.QUALITY_CORRESPONDENT)
    edit_url = f"/{organisation.code}/plan-d-actions/{action.pk}/modifier/"
    assert "Affichage" in client.get(edit_url).content.decode()
    refused = client.post(
        edit_url,
        {"title": "Affichage", "kind": "corrective", "source": "complaint", "owner": successor.pk},
    )
    assert "Indiquez l'échéance" in html.unescape(refused.content.decode())
    client.post(
        edit_url,
        {
            "title": "Affichage des horaires",
            "kind": "corrective",
            "source": "complaint",
            "owner": successor.pk,
            "due_on": "2026-05-15",
        },
    )
    action.refresh_from_db()
    assert (action.title, action.owner, action.due_on) == (
        "Affichage des horaires",
        successor,
        dt.date(2026, 5, 15),
    )
    assert member_client(Role.AUDITOR).get(edit_url).status_code == 403
