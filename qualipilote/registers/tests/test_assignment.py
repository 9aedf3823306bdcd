"""Assignees, bulk actions, the search box and the list's single filter definition."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from qualipilote.common.text import fold
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory, UnitFactory
from qualipilote.registers import assignment
from qualipilote.registers.models import Correspondence, Feedback

from .factories import CorrespondenceFactory, FeedbackFactory, UpdateRequestFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today():
    # Wednesday 15 May 2024, Europe/Paris.
    with time_machine.travel(dt.datetime(2024, 5, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def url(name, org="pref-74", **kwargs):
    return reverse(f"registers:{name}", kwargs={"org_code": org, **kwargs})


@pytest.fixture
def agent(organisation):
    return MembershipFactory(organisation=organisation, role=Role.AGENT)


# --- Rules of an assignee -----------------------------------------------------------------------


def test_a_record_is_assigned_to_a_person_or_a_unit_never_both(organisation, agent):
    unit = UnitFactory(organisation=organisation)
    record = CorrespondenceFactory(organisation=organisation)
    record.assigned_to, record.assigned_unit = agent.user, unit
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert "pas aux deux" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_an_assignee_of_another_organisation_is_refused(organisation, other_organisation):
    stranger = MembershipFactory(organisation=other_organisation, role=Role.AGENT)
    their_unit = UnitFactory(organisation=other_organisation)
    with pytest.raises(ValidationError, match="de l'organisation"):
        assignment.parse_assignee(organisation, f"personne-{stranger.user_id}")
    with pytest.raises(ValidationError, match="de l'organisation"):
        assignment.parse_assignee(organisation, f"unite-{their_unit.pk}")
    record = CorrespondenceFactory(organisation=organisation)
    record.assigned_unit = their_unit
    with pytest.raises(ValidationError):
        record.full_clean()


@pytest.mark.parametrize("value", ["", "personne-", "personne-abc", "equipe-1", "unite-99999"])
def test_an_unknown_assignee_is_refused_in_french(organisation, value):
    with pytest.raises(ValidationError, match="Choisissez une personne ou une unité"):
        assignment.parse_assignee(organisation, value)


def test_assigning_records_writes_their_history_with_author_and_reason(organisation, agent):
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    records = [CorrespondenceFactory(organisation=organisation) for _ in range(2)]
    changed = assignment.assign_records(
        Correspondence.objects.filter(pk__in=[r.pk for r in records]),
        assignment.Assignee(user=agent.user),
        by=lead,
    )
    assert changed == 2
    latest = records[0].history.latest()
    assert latest.assigned_to_id == agent.user_id
    assert latest.history_user == lead
    assert latest.history_change_reason == f"Attribué à {agent.user}"


# --- Search ---------------------------------------------------------------------------------------


def test_search_text_is_folded_and_follows_each_save(organisation):
    feedback = FeedbackFactory(organisation=organisation, theme="Accueil", description="Été Œuvre")
    assert feedback.search_text == fold(f"{feedback.reference} Accueil Été Œuvre")
    assert "ete oeuvre" in feedback.search_text
    feedback.description = "Délai trop long"
    feedback.save()
    feedback.refresh_from_db()
    assert "delai trop long" in feedback.search_text
    assert "oeuvre" not in feedback.search_text


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("électricité", {"Coupure d'électricité"}),
        ("ELECTRICITE", {"Coupure d'électricité"}),
        ("coupure electricite", {"Coupure d'électricité"}),
        ("séjour", {"Titre de séjour"}),
        ("sejour titre", {"Titre de séjour"}),
        ("permis", set()),
        ("100%_", set()),
    ],
)
def test_the_search_box_ignores_accents_and_case(quality_lead_client, organisation, query, found):
    for topic in ("Coupure d'électricité", "Titre de séjour"):
        CorrespondenceFactory(organisation=organisation, topic=topic)
    page = quality_lead_client.get(url("correspondence_list"), {"q": query})
    assert page.status_code == 200
    assert {record.topic for record in page.context["page_obj"]} == found


def test_a_feedback_is_found_by_its_reference(quality_lead_client, organisation):
    wanted = FeedbackFactory(organisation=organisation)
    FeedbackFactory(organisation=organisation)
    page = quality_lead_client.get(url("feedback_list"), {"q": wanted.reference.lower()})
    assert [record.pk for record in page.context["page_obj"]] == [wanted.pk]


# --- One filter definition: list, export, API -----------------------------------------------------


@pytest.fixture
def assigned(organisation, agent):
    unit = UnitFactory(organisation=organisation, code="bae")
    agent.unit = unit
    agent.save()
    return {
        "mine": CorrespondenceFactory(
            organisation=organisation, topic="Le mien", assigned_to=agent.user
        ),
        "unit": CorrespondenceFactory(
            organisation=organisation, topic="Mon unité", assigned_unit=unit
        ),
        "nobody": CorrespondenceFactory(organisation=organisation, topic="Personne"),
    }


def test_the_assignee_filter_me_means_me_or_my_unit(client, agent, assigned):
    client.force_login(agent.user)
    page = client.get(url("correspondence_list"), {"assignee": "moi"})
    assert {r.topic for r in page.context["page_obj"]} == {"Le mien", "Mon unité"}
    page = client.get(url("correspondence_list"), {"assignee": "aucun"})
    assert {r.topic for r in page.context["page_obj"]} == {"Personne"}


def test_the_export_and_the_api_read_the_same_filters_as_the_list(
    client, agent, assigned, organisation
):
    client.force_login(agent.user)
    export = client.get(
        reverse(
            "registers_io:export", kwargs={"org_code": "pref-74", "register": "correspondence"}
        ),
        {"q": "mien", "format": "csv"},
    )
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Le mien" in body and "Personne" not in body
    api = client.get(
        f"/api/v1/organisations/pref-74/correspondences/?assignee=personne-{agent.user_id}"
    )
    assert api.status_code == 200, api.content
    results = api.json()
    results = results.get("results", results) if isinstance(results, dict) else results
    assert [r["topic"] for r in results] == ["Le mien"]
    assert results[0]["assignee"] == f"personne-{agent.user_id}"


def test_the_agent_a_feedback_is_assigned_to_sees_its_contact_details(client, organisation, agent):
    from qualipilote.organisations.permissions import can_see_contact_details

    from .factories import FeedbackAuthorFactory

    author = FeedbackAuthorFactory(feedback__organisation=organisation)
    feedback = author.feedback
    assert not can_see_contact_details(agent, feedback)
    feedback.assigned_to = agent.user
    feedback.save()
    assert can_see_contact_details(agent, feedback)
    client.force_login(agent.user)
    page = client.get(url("feedback_detail", pk=feedback.pk)).content.decode()
    assert author.email in page


def test_a_bad_filter_date_is_said_in_french_on_the_list_and_in_the_api(client, agent, assigned):
    client.force_login(agent.user)
    page = client.get(url("correspondence_list"), {"received_from": "31/02/2024"})
    assert page.status_code == 200
    assert "Saisissez une date valide" in page.content.decode()
    api = client.get("/api/v1/organisations/pref-74/correspondences/?received_from=hier")
    assert api.status_code == 400
    assert "received_from" in api.json()


def test_sorting_by_a_column_both_ways(quality_lead_client, organisation):
    for day in (D(2024, 5, 6), D(2024, 5, 2), D(2024, 5, 10)):
        CorrespondenceFactory(organisation=organisation, received_on=day)
    ascending = quality_lead_client.get(url("correspondence_list"), {"ordering": "recu"})
    days = [r.received_on for r in ascending.context["page_obj"]]
    assert days == sorted(days)
    assert ascending.context["sort"]["recu"]["direction"] == "ascending"
    assert "ordering=-recu" in ascending.context["sort"]["recu"]["url"]
    descending = quality_lead_client.get(url("correspondence_list"), {"ordering": "-recu"})
    assert [r.received_on for r in descending.context["page_obj"]] == sorted(days, reverse=True)


# --- Bulk actions ----------------------------------------------------------------------------------


def test_bulk_assign_goes_through_the_service(quality_lead_client, organisation, agent):
    records = [CorrespondenceFactory(organisation=organisation) for _ in range(3)]
    response = quality_lead_client.post(
        url("correspondence_list") + "?vue=en-retard",
        {
            "action": "assign",
            "records": [r.pk for r in records[:2]],
            "assignee": f"personne-{agent.user_id}",
        },
    )
    assert response.status_code == 302
    assert response.url.endswith("?vue=en-retard")
    assert Correspondence.objects.filter(assigned_to=agent.user).count() == 2
    assert records[0].history.latest().history_user == quality_lead_client.membership.user


def test_bulk_mark_answered_recomputes_the_deadline_figures(quality_lead_client, organisation):
    records = [
        CorrespondenceFactory(organisation=organisation, received_on=D(2024, 5, 6)),
        UpdateRequestFactory(organisation=organisation, received_on=D(2024, 5, 6)),
    ]
    response = quality_lead_client.post(
        url("correspondence_list"),
        {"action": "answer", "records": [records[0].pk], "answered_on": "07/05/2024"},
    )
    assert response.status_code == 302
    records[0].refresh_from_db()
    assert records[0].answered_on == D(2024, 5, 7)
    assert records[0].working_days_taken == 1 and records[0].on_time is True
    assert "par lot" in records[0].history.latest().history_change_reason


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "assign", "assignee": "personne-999999"}, "Choisissez une personne"),
        ({"action": "assign", "assignee": "n'importe quoi"}, "Choisissez une personne"),
        ({"action": "assign"}, "Choisissez la personne ou l&#x27;unité"),
        ({"action": "answer", "answered_on": "32/13/2024"}, "Indiquez la date de réponse"),
        ({"action": "answer", "answered_on": "01/05/2024"}, "précéder"),
        ({"action": "answer", "answered_on": "01/01/2030"}, "futur"),
    ],
)
def test_bad_bulk_input_is_refused_in_french_and_nothing_is_saved(
    quality_lead_client, organisation, data, message
):
    records = [
        CorrespondenceFactory(organisation=organisation, received_on=D(2024, 5, 6))
        for _ in range(2)
    ]
    response = quality_lead_client.post(
        url("correspondence_list"), {**data, "records": [r.pk for r in records]}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Correspondence.objects.filter(answered_on__isnull=False).exists()
    assert not Correspondence.objects.filter(assigned_to__isnull=False).exists()


def test_bulk_assign_to_a_person_of_another_organisation_is_refused(
    quality_lead_client, organisation, other_organisation
):
    stranger = MembershipFactory(organisation=other_organisation, role=Role.AGENT)
    record = CorrespondenceFactory(organisation=organisation)
    response = quality_lead_client.post(
        url("correspondence_list"),
        {"action": "assign", "records": [record.pk], "assignee": f"personne-{stranger.user_id}"},
    )
    assert response.status_code == 400
    assert "Choisissez une personne ou une unité de l&#x27;organisation" in (
        response.content.decode()
    )
    record.refresh_from_db()
    assert record.assigned_to_id is None


def test_bulk_action_on_another_organisations_record_touches_nothing(
    quality_lead_client, organisation, other_organisation
):
    theirs = CorrespondenceFactory(organisation=other_organisation)
    response = quality_lead_client.post(
        url("correspondence_list"),
        {"action": "answer", "records": [theirs.pk], "answered_on": "15/05/2024"},
    )
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.answered_on is None


def test_a_reader_cannot_run_bulk_actions(member_client, organisation):
    record = CorrespondenceFactory(organisation=organisation)
    client = member_client(Role.VIEWER)
    response = client.post(
        url("correspondence_list"),
        {"action": "answer", "records": [record.pk], "answered_on": "15/05/2024"},
    )
    assert response.status_code == 403
    assert "bulk-form" not in client.get(url("correspondence_list")).content.decode()


def test_a_member_of_another_organisation_is_refused_on_the_lists(
    member_client, organisation, other_organisation
):
    # The tenancy middleware (organisations.access) refuses a non-member with 403 before any
    # view runs; a record of another organisation reached from one's own is a 404 (above).
    client = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert client.get(url("feedback_list"), {"q": "AV"}).status_code == 403
    record = CorrespondenceFactory(organisation=organisation)
    response = client.post(
        url("correspondence_list"),
        {"action": "answer", "records": [record.pk], "answered_on": "15/05/2024"},
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.answered_on is None
    assert client.get(url("handover", pk=1)).status_code == 403
    api = client.get("/api/v1/organisations/pref-74/feedbacks/?q=AV")
    assert api.status_code in (403, 404)


def test_htmx_bulk_action_answers_with_the_list_and_its_notice(
    quality_lead_client, organisation, agent
):
    record = CorrespondenceFactory(organisation=organisation)
    response = quality_lead_client.post(
        url("correspondence_list"),
        {"action": "assign", "records": [record.pk], "assignee": f"personne-{agent.user_id}"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="register-list"' in page and "1 dossier attribué" in page


def test_the_record_form_sets_the_assignee(quality_lead_client, organisation, agent):
    record = FeedbackFactory(organisation=organisation)
    page = quality_lead_client.get(url("feedback_edit", pk=record.pk))
    assert f'value="personne-{agent.user_id}"' in page.content.decode()
    data = {
        "kind": "complaint",
        "source": "box",
        "received_on": "06/05/2024",
        "in_scope": "on",
        "assignee": f"personne-{agent.user_id}",
    }
    response = quality_lead_client.post(url("feedback_edit", pk=record.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert record.assigned_to == agent.user
    refused = quality_lead_client.post(
        url("feedback_edit", pk=record.pk), {**data, "assignee": "unite-424242"}
    )
    assert refused.status_code == 200
    assert "Choisissez une personne ou une unité" in refused.content.decode()
    assert Feedback.objects.get(pk=record.pk).assigned_to == agent.user
