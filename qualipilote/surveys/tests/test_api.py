"""The surveys API: exact paths, fields and choice codes of the issue; French 400s naming the
field; another organisation's token sees nothing."""

import datetime as dt
import uuid

import pytest
import time_machine

from qualipilote.api.models import ApiToken
from qualipilote.surveys.models import Response, Survey

from .factories import QUESTIONS, answer, make_survey

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/pref-74/surveys/"


@pytest.fixture
def bearer(organisation):
    return {"Authorization": f"Bearer {ApiToken.issue(organisation, 'Borne du hall')[1]}"}


@time_machine.travel(dt.datetime(2026, 10, 15, 10, tzinfo=dt.UTC))
def test_a_survey_created_with_its_dates_is_open_to_answers_between_them(
    client, organisation, bearer
):
    created = client.post(
        BASE,
        {
            "title": "Borne 2026",
            "opens_on": "2026-10-01",
            "closes_on": "2026-10-31",
            "questions": QUESTIONS,
        },
        content_type="application/json",
        headers=bearer,
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["published"] is True
    overall = body["questions"][0]
    assert overall["kind"] == "satisfaction"
    assert [c["code"] for c in overall["choices"]] == [
        "very_satisfied",
        "satisfied",
        "dissatisfied",
        "very_dissatisfied",
        "no_opinion",
    ]
    url = f"{BASE}{body['id']}/responses/"
    for value in ["very_satisfied", "satisfied", "dissatisfied", "no_opinion"]:
        sent = client.post(
            url,
            {"answers": {"accueil-global": value}, "channel": "in_person"},
            content_type="application/json",
            headers=bearer,
        )
        assert sent.status_code == 201, sent.json()
    results = client.get(f"{BASE}{body['id']}/results/", headers=bearer).json()
    first = results["questions"][0]
    assert first["code"] == "accueil-global"
    assert first["counts"] == {
        "very_satisfied": 1,
        "satisfied": 1,
        "dissatisfied": 1,
        "very_dissatisfied": 0,
        "no_opinion": 1,
    }
    assert (first["answers_with_opinion"], first["satisfied"], first["satisfaction_rate"]) == (
        3,
        2,
        66.7,
    )
    assert results["questions"][1]["satisfaction_rate"] is None  # no answers
    assert [s["title"] for s in client.get(BASE, headers=bearer).json()] == ["Borne 2026"]


@time_machine.travel(dt.datetime(2026, 10, 15, 10, tzinfo=dt.UTC))
def test_a_client_token_counts_a_retry_once(client, organisation, bearer):
    survey = make_survey(organisation)
    payload = {"answers": {"accueil-global": "satisfied"}, "token": str(uuid.uuid4())}
    codes = [
        client.post(
            f"{BASE}{survey.pk}/responses/",
            payload,
            content_type="application/json",
            headers=bearer,
        ).status_code
        for _ in range(2)
    ]
    assert codes == [201, 200]
    assert Response.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 10, 15, 10, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        (
            {"answers": {"accueil-global": "satisfied", "note": 11}},
            "note",
            "une note entière de 0 à 10",
        ),
        (
            {"answers": {"accueil-global": "ravi"}},
            "accueil-global",
            "le choix « ravi » n'existe pas",
        ),
        ({"answers": {"attente": "satisfied"}}, "accueil-global", "cette question est obligatoire"),
        ({"answers": {"accueil-global": "satisfied"}, "channel": "pigeon"}, "channel", ""),
        ({"answers": {"accueil-global": "satisfied"}, "site": 999999}, "site", "Aucun site"),
        ({"answers": "satisfied"}, "answers", ""),
    ],
)
def test_bad_responses_are_400s_naming_the_field(
    client, organisation, bearer, payload, field, words
):
    survey = make_survey(organisation)
    sent = client.post(
        f"{BASE}{survey.pk}/responses/", payload, content_type="application/json", headers=bearer
    )
    assert sent.status_code == 400
    assert words in " ".join(sent.json()[field])
    assert Response.objects.count() == 0


def test_an_answer_after_the_closing_date_is_a_400(client, organisation, bearer):
    survey = make_survey(organisation)
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC)):
        sent = client.post(
            f"{BASE}{survey.pk}/responses/",
            {"answers": {"accueil-global": "satisfied"}},
            content_type="application/json",
            headers=bearer,
        )
    assert sent.status_code == 400
    assert "close depuis le 31/10/2026" in sent.json()["survey"][0]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (
            {
                "title": "",
                "opens_on": "2026-10-01",
                "closes_on": "2026-10-31",
                "questions": QUESTIONS,
            },
            "title",
        ),
        (
            {
                "title": "T",
                "opens_on": "2026-10-31",
                "closes_on": "2026-10-01",
                "questions": QUESTIONS,
            },
            "closes_on",
        ),
        (
            {
                "title": "T",
                "opens_on": "2026-10-01",
                "closes_on": "2026-10-31",
                "questions": [{"code": "q", "label": "Q", "kind": "smiley"}],
            },
            "questions",
        ),
        (
            {
                "title": "T",
                "opens_on": "2026-10-01",
                "closes_on": "2026-10-31",
                "questions": [{"code": "q", "label": "Q", "kind": "single_choice"}],
            },
            "questions",
        ),
    ],
)
def test_bad_surveys_are_400s_and_nothing_is_created(client, organisation, bearer, payload, field):
    sent = client.post(BASE, payload, content_type="application/json", headers=bearer)
    assert sent.status_code == 400
    assert field in sent.json()
    assert Survey.objects.count() == 0


def test_another_organisations_token_sees_nothing(client, organisation, other_organisation):
    survey = make_survey(organisation)
    answer(survey, {"accueil-global": "satisfied"})
    raw = ApiToken.issue(other_organisation, "Autre")[1]
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(BASE, headers=headers).status_code == 403
    assert (
        client.get(
            f"/api/v1/organisations/pref-73/surveys/{survey.pk}/results/", headers=headers
        ).status_code
        == 404
    )
    posted = client.post(
        f"/api/v1/organisations/pref-73/surveys/{survey.pk}/responses/",
        {"answers": {}},
        content_type="application/json",
        headers=headers,
    )
    assert posted.status_code == 404
