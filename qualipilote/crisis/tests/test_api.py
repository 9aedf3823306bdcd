"""The emergency communication API (issue 12, item 6): exact paths, fields and step codes,
and every bad input."""

import pytest
from rest_framework.test import APIClient

from qualipilote.api.models import ApiToken
from qualipilote.crisis.models import CrisisEvent, CrisisStep
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(organisation):
    _token, raw = ApiToken.issue(organisation, "Main courante")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def events_url(organisation):
    return f"/api/v1/organisations/{organisation.code}/crisis/events/"


def open_flood(api, organisation, started_at="2025-10-26T01:50:00+02:00"):
    response = api.post(
        events_url(organisation),
        {"title": "Crue de l'Arve", "kind": "event", "started_at": started_at},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def post_step(api, organisation, event_id, **body):
    return api.post(f"{events_url(organisation)}{event_id}/steps/", body, format="json")


def test_an_event_recorded_across_the_october_change_shows_its_checks(api, organisation):
    event = open_flood(api, organisation)
    assert event["kind"] == "event"
    assert event["started_at"] == "2025-10-26T01:50:00+02:00"
    steps = [
        ("cell_activated", "2025-10-26T02:20:00+02:00"),  # first 02:20 (summer time)
        ("cod_activated", "2025-10-26T02:10:00+01:00"),  # second 02:10 (winter time)
        ("officials_informed", "2025-10-26T02:40:00+01:00"),
        ("public_informed", "2025-10-26T02:55:00+01:00"),
    ]
    for step, at in steps:
        assert post_step(api, organisation, event["id"], step=step, at=at).status_code == 201
    response = api.get(f"{events_url(organisation)}{event['id']}/")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"] == {
        "cell_delay_minutes": 30,
        "cell_within_hour": True,
        "information_delay_minutes": None,
        "information_within_hour": None,  # media not informed yet, event not over
    }
    response = post_step(
        api,
        organisation,
        event["id"],
        step="media_informed",
        at="2025-10-26T03:15:00+01:00",
        channel="press_release",
        text="Crue de l'Arve : routes fermées.",
    )
    assert response.status_code == 201
    assert response.json()["checks"]["information_delay_minutes"] == 65
    assert response.json()["checks"]["information_within_hour"] is False
    media = [s for s in response.json()["steps"] if s["step"] == "media_informed"][0]
    assert media["channel"] == "press_release"
    assert media["at"] == "2025-10-26T03:15:00+01:00"


def test_every_step_code_of_the_issue_is_accepted(api, organisation):
    event = open_flood(api, organisation, started_at="2025-06-01T08:00:00+02:00")
    codes = [
        "cod_activated",
        "cell_activated",
        "officials_informed",
        "public_informed",
        "media_informed",
        "cip_activated",
        "cip_closed",
        "ended",
    ]
    for minute, code in enumerate(codes, 1):
        response = post_step(
            api, organisation, event["id"], step=code, at=f"2025-06-01T08:{minute:02}:00+02:00"
        )
        assert response.status_code == 201, (code, response.json())
    checks = api.get(f"{events_url(organisation)}{event['id']}/").json()["checks"]
    assert checks["cell_within_hour"] is True and checks["information_within_hour"] is True


def test_a_step_without_offset_is_refused(api, organisation):
    event = open_flood(api, organisation)
    response = post_step(
        api, organisation, event["id"], step="cell_activated", at="2025-10-26T02:30:00"
    )
    assert response.status_code == 400
    assert "décalage horaire" in response.json()["at"][0]
    assert not CrisisStep.objects.exists()


def test_an_event_start_without_offset_is_refused(api, organisation):
    response = api.post(
        events_url(organisation),
        {"title": "Avalanche", "kind": "event", "started_at": "2025-02-01T06:00:00"},
        format="json",
    )
    assert response.status_code == 400
    assert "décalage horaire" in response.json()["started_at"][0]
    assert not CrisisEvent.objects.exists()


def test_a_step_before_the_start_is_refused(api, organisation):
    event = open_flood(api, organisation)
    response = post_step(
        api, organisation, event["id"], step="cell_activated", at="2025-10-26T01:40:00+02:00"
    )
    assert response.status_code == 400
    assert "précède le début de l'événement" in response.json()["at"][0]


def test_a_second_cell_activation_is_refused(api, organisation):
    event = open_flood(api, organisation)
    at = "2025-10-26T02:20:00+02:00"
    assert (
        post_step(api, organisation, event["id"], step="cell_activated", at=at).status_code == 201
    )
    response = post_step(api, organisation, event["id"], step="cell_activated", at=at)
    assert response.status_code == 400
    assert "déjà enregistrée" in response.json()["step"][0]
    assert CrisisStep.objects.count() == 1


def test_a_retried_step_with_its_client_key_is_recorded_once(api, organisation):
    event = open_flood(api, organisation)
    body = {"step": "public_informed", "at": "2025-10-26T02:20:00+02:00", "client_key": "a1b2"}
    assert post_step(api, organisation, event["id"], **body).status_code == 201
    assert post_step(api, organisation, event["id"], **body).status_code == 200
    assert CrisisStep.objects.count() == 1


def test_unknown_step_kind_and_channel_are_refused(api, organisation):
    event = open_flood(api, organisation)
    response = post_step(
        api, organisation, event["id"], step="cell", at="2025-10-26T02:20:00+02:00"
    )
    assert response.status_code == 400 and "step" in response.json()
    response = post_step(
        api,
        organisation,
        event["id"],
        step="public_informed",
        at="2025-10-26T02:20:00+02:00",
        channel="fax",
    )
    assert response.status_code == 400 and "channel" in response.json()
    response = api.post(
        events_url(organisation),
        {"title": "Exercice", "kind": "drill", "started_at": "2025-06-01T08:00:00+02:00"},
        format="json",
    )
    assert response.status_code == 400 and "kind" in response.json()


def test_another_organisations_event_answers_404(api, organisation, other_organisation):
    theirs = CrisisEventFactory(organisation=other_organisation)
    url = f"{events_url(organisation)}{theirs.pk}/"
    assert api.get(url).status_code == 404
    response = post_step(
        api, organisation, theirs.pk, step="cell_activated", at="2025-06-10T16:30:00+02:00"
    )
    assert response.status_code == 404
    assert not CrisisStep.objects.exists()


def test_another_organisations_token_is_refused(organisation, other_organisation):
    _token, raw = ApiToken.issue(other_organisation, "Savoie")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.post(
        events_url(organisation),
        {"title": "Crue", "kind": "event", "started_at": "2025-06-01T08:00:00+02:00"},
        format="json",
    )
    assert response.status_code in {403, 404}
    assert not CrisisEvent.objects.exists()


def test_a_viewer_reads_but_does_not_record(client, organisation):
    viewer = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    event = CrisisEventFactory(organisation=organisation)
    api = APIClient()
    api.force_authenticate(viewer)
    assert api.get(f"{events_url(organisation)}{event.pk}/").status_code == 200
    response = post_step(
        api, organisation, event.pk, step="cell_activated", at="2025-06-10T16:30:00+02:00"
    )
    assert response.status_code == 403
