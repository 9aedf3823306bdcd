"""The pages: opening an event, recording steps as typed on the live page (Paris wall-clock
time, the repeated October hour asked, the skipped March hour refused), access."""

import datetime as dt

import pytest

from qualipilote.crisis.models import CrisisEvent, CrisisStep
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.organisations.enums import Role

pytestmark = pytest.mark.django_db


def live_url(event):
    return f"/{event.organisation.code}/communication-urgence/{event.pk}/"


@pytest.fixture
def agent(member_client):
    return member_client(Role.AGENT)


@pytest.fixture
def night_event(organisation):
    # 26 October 2025, 01:40 summer time (UTC+2).
    return CrisisEventFactory(
        organisation=organisation, started_at=dt.datetime(2025, 10, 25, 23, 40, tzinfo=dt.UTC)
    )


def test_an_agent_opens_an_event_typed_in_paris_time(agent, organisation):
    response = agent.post(
        f"/{organisation.code}/communication-urgence/nouveau/",
        {"title": "Crue de l'Arve", "kind": "event", "started_at": "2025-01-06T00:10"},
    )
    event = CrisisEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == live_url(event)
    assert event.started_at == dt.datetime(2025, 1, 5, 23, 10, tzinfo=dt.UTC)
    assert event.kind == "event"


def test_the_live_page_shows_the_steps_the_deadlines_and_the_procedures(agent, night_event):
    response = agent.get(live_url(night_event))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enregistrer : activation de la cellule de communication d&#x27;urgence" in content
    assert "26/10/2025 à 01:40" in content
    assert "Fiche de procédure 70" in content and "Fiche de procédure 72" in content
    assert "/referentiels/quali-ate/2024/engagements/39/" in content
    assert 'src="/static/crisis/live.js"' in content


def test_a_step_posted_by_the_form_is_recorded(agent, night_event):
    response = agent.post(
        live_url(night_event),
        {
            "step": "cell_activated",
            "cell_activated-at": "2025-10-26T02:10",
            "cell_activated-fold": "0",
        },
    )
    assert response.status_code == 302
    step = CrisisStep.objects.get()
    assert step.at == dt.datetime(2025, 10, 26, 0, 10, tzinfo=dt.UTC)
    assert "enregistrée" in agent.get(response["Location"]).content.decode()


def test_a_time_of_the_repeated_hour_is_asked_not_guessed(agent, night_event):
    response = agent.post(
        live_url(night_event),
        {"step": "cod_activated", "cod_activated-at": "2025-10-26T02:30"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["needs_fold"] is True
    assert "existe deux fois" in response.json()["message"]
    assert not CrisisStep.objects.exists()
    response = agent.post(
        live_url(night_event),
        {
            "step": "cod_activated",
            "cod_activated-at": "2025-10-26T02:30",
            "cod_activated-fold": "1",
            "cod_activated-synergi_reference": "SYN-74-2025-118",
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["saved"] is True
    step = CrisisStep.objects.get()
    assert step.at == dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)  # winter time
    assert step.synergi_reference == "SYN-74-2025-118"


def test_the_page_without_javascript_shows_the_fold_question(agent, night_event):
    response = agent.post(
        live_url(night_event), {"step": "cod_activated", "cod_activated-at": "2025-10-26T02:30"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "existe deux fois" in content
    assert "La seconde fois (heure d&#x27;hiver, UTC+1)" in content


def test_a_time_of_the_skipped_march_hour_is_refused(agent, organisation):
    event = CrisisEventFactory(
        organisation=organisation, started_at=dt.datetime(2025, 3, 29, 23, 30, tzinfo=dt.UTC)
    )
    response = agent.post(
        live_url(event),
        {"step": "cell_activated", "cell_activated-at": "2025-03-30T02:15"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "n'existe pas le 30/03/2025" in response.json()["message"]
    assert not CrisisStep.objects.exists()


def test_a_step_sent_twice_with_its_key_is_recorded_once(agent, night_event):
    body = {
        "step": "public_informed",
        "public_informed-at": "2025-10-26T01:55",
        "public_informed-client_key": "abc123",
    }
    first = agent.post(live_url(night_event), body, HTTP_ACCEPT="application/json")
    again = agent.post(live_url(night_event), body, HTTP_ACCEPT="application/json")
    assert first.json()["created"] is True
    assert again.json() == {"saved": True, "created": False, "message": again.json()["message"]}
    assert CrisisStep.objects.count() == 1


def test_a_step_before_the_start_says_so(agent, night_event):
    response = agent.post(
        live_url(night_event),
        {"step": "cell_activated", "cell_activated-at": "2025-10-26T01:00"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "précède le début de l'événement" in response.json()["message"]


def test_a_viewer_reads_the_live_page_but_cannot_record(member_client, night_event):
    viewer = member_client(Role.VIEWER)
    assert viewer.get(live_url(night_event)).status_code == 200
    assert "Enregistrer :" not in viewer.get(live_url(night_event)).content.decode()
    response = viewer.post(
        live_url(night_event), {"step": "cell_activated", "cell_activated-at": "2025-10-26T02:10"}
    )
    assert response.status_code == 403
    assert (
        viewer.get(f"/{night_event.organisation.code}/communication-urgence/nouveau/").status_code
        == 403
    )
    assert not CrisisStep.objects.exists()


def test_another_organisations_member_gets_404(member_client, night_event, other_organisation):
    outsider = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert outsider.get(live_url(night_event)).status_code in {403, 404}
    theirs_under_own_code = f"/{other_organisation.code}/communication-urgence/{night_event.pk}/"
    assert outsider.get(theirs_under_own_code).status_code == 404
    response = outsider.post(
        theirs_under_own_code, {"step": "cell_activated", "cell_activated-at": "2025-10-26T02:10"}
    )
    assert response.status_code == 404
    assert not CrisisStep.objects.exists()


def test_the_index_lists_events_with_their_verdicts(agent, night_event):
    content = agent.get(f"/{night_event.organisation.code}/communication-urgence/").content.decode()
    assert night_event.title.replace("'", "&#x27;") in content
    assert "Pas encore connu" in content


def test_an_event_opened_in_the_repeated_hour_asks_which_one(agent, organisation):
    url = f"/{organisation.code}/communication-urgence/nouveau/"
    body = {"title": "Avalanche", "kind": "event", "started_at": "2025-10-26T02:15"}
    response = agent.post(url, body)
    assert response.status_code == 200
    assert "existe deux fois le 26/10/2025" in response.content.decode()
    assert not CrisisEvent.objects.exists()
    assert agent.post(url, {**body, "fold": "0"}).status_code == 302
    assert CrisisEvent.objects.get().started_at == dt.datetime(2025, 10, 26, 0, 15, tzinfo=dt.UTC)


def test_an_exercise_keeps_its_scenario_and_participants(agent, organisation):
    agent.post(
        f"/{organisation.code}/communication-urgence/nouveau/",
        {
            "title": "Exercice tunnel du Mont-Blanc",
            "kind": "exercise",
            "started_at": "2025-05-14T09:00",
            "scenario": "Incendie d'un poids lourd.",
            "participants": "Cabinet, SDIS, GEIE-TMB.",
        },
    )
    exercise = CrisisEvent.objects.get()
    assert (exercise.kind, exercise.scenario) == ("exercise", "Incendie d'un poids lourd.")
