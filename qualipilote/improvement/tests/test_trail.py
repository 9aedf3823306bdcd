"""The audit trail (organisations.trail): every change to the registers' records, actions, audits,
findings and self-assessments kept with its author, viewable per record and per person.

These tests live in the highest app that registers models, so they can use every factory."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from qualipilote.assessments.enums import AssessmentStatus
from qualipilote.assessments.services import record_self_assessment
from qualipilote.improvement import audits, services, tables
from qualipilote.improvement.models import Action, Finding
from qualipilote.organisations import trail
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory
from qualipilote.registers.imports import import_register
from qualipilote.registers.models import Correspondence, Feedback, FeedbackAuthor
from qualipilote.registers.purge import purge_personal_data
from qualipilote.registers.tests.factories import FeedbackAuthorFactory, FeedbackFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("in_march_2026")


def record_url(organisation, record):
    return reverse(
        "trail:record",
        kwargs={"org_code": organisation.code, "key": record._meta.label_lower, "pk": record.pk},
    )


def national_record_url(organisation, record):
    return reverse(
        "national_trail:record",
        kwargs={
            "organisation": organisation.code,
            "key": record._meta.label_lower,
            "pk": record.pk,
        },
    )


def person_url(organisation, user, query=""):
    url = reverse("trail:person", kwargs={"org_code": organisation.code, "user_id": user.pk})
    return f"{url}?{query}" if query else url


def text(response) -> str:
    return html.unescape(response.content.decode())


def new_action(organisation, lead, **values):
    return services.create_action(
        organisation,
        user=lead,
        title=values.pop("title", "Afficher les horaires"),
        kind="corrective",
        source="complaint",
        owner=lead,
        due_on=D(2026, 4, 30),
        **values,
    )


# --- The registry -------------------------------------------------------------------------------


def test_every_kind_of_record_of_the_issue_is_in_the_trail():
    keys = {entry.key for entry in trail.traced_models()}
    assert {
        "registers.correspondence",
        "registers.feedback",
        "registers.feedbackauthor",
        "registers.updaterequest",
        "improvement.action",
        "improvement.actionnote",
        "improvement.audit",
        "improvement.finding",
        "assessments.selfassessment",
        "assessments.evidence",
    } <= keys


def test_a_model_without_history_cannot_be_registered():
    from django.core.exceptions import ImproperlyConfigured

    from qualipilote.improvement.models import Milestone

    with pytest.raises(ImproperlyConfigured):
        trail.register(Milestone)


# --- A record's history -------------------------------------------------------------------------


def test_a_records_history_shows_who_when_and_each_field_old_to_new_in_french(
    organisation, member_client
):
    client = member_client(Role.QUALITY_LEAD)
    lead = client.membership.user
    action = new_action(organisation, lead)
    services.set_status(action, "in_progress", user=lead)
    page = text(client.get(record_url(organisation, action)))
    assert "Historique — Action PA-74-2026-00001" in page
    assert str(lead) in page
    # The French label of the field and of the choices, never the codes.
    assert "État" in page and "Prévue" in page and "En cours" in page
    assert "in_progress" not in page
    assert "02/03/2026" in page
    assert "Création" in page and "Modification" in page


def test_related_rows_are_named_not_numbered(organisation, member_client):
    client = member_client(Role.QUALITY_LEAD)
    lead = client.membership.user
    other = MembershipFactory(organisation=organisation, role=Role.QUALITY_CORRESPONDENT).user
    action = new_action(organisation, lead)
    services.update_action(action, user=lead, owner=other)
    page = text(client.get(record_url(organisation, action)))
    assert f"<del>{lead}</del> → <ins>{other}</ins>" in page


def test_a_findings_grade_shows_the_label_of_the_scale(
    organisation, framework, scope, quality_lead_client
):
    lead = quality_lead_client.membership.user
    audit = audits.create_audit(
        organisation, user=lead, kind="internal", starts_on=D(2026, 3, 9), ends_on=D(2026, 3, 9)
    )
    finding = audits.record_finding(
        audit,
        commitment=framework.commitments[1],
        grade="minor_nonconformity",
        text="Constat",
        user=lead,
    )
    page = text(quality_lead_client.get(record_url(organisation, finding)))
    assert "Non-conformité mineure" in page and "minor_nonconformity" not in page


def test_an_agent_reads_the_history_of_a_record_they_can_read(organisation, member_client):
    record = FeedbackFactory(organisation=organisation, received_on=D(2026, 2, 2))
    agent = member_client(Role.AGENT)
    assert agent.get(record_url(organisation, record)).status_code == 200


def test_contact_details_history_is_for_those_who_may_see_them(organisation, member_client):
    author = FeedbackAuthorFactory(
        feedback=FeedbackFactory(organisation=organisation), email="camille@example.org"
    )
    agent = member_client(Role.AGENT)
    assert agent.get(record_url(organisation, author)).status_code == 403


def test_the_national_reader_sees_histories_without_personal_data(organisation, national_client):
    author = FeedbackAuthorFactory(
        feedback=FeedbackFactory(organisation=organisation, description="Appeler Mme Durand"),
        email="camille@example.org",
    )
    page = text(national_client.get(national_record_url(organisation, author)))
    assert "camille@example.org" not in page and "donnée personnelle masquée" in page
    feedback_page = text(national_client.get(national_record_url(organisation, author.feedback)))
    assert "Mme Durand" not in feedback_page and "Accueil" in feedback_page
    # Never through the organisation's own pages.
    assert national_client.get(record_url(organisation, author.feedback)).status_code == 403


def test_members_and_visitors_do_not_use_the_national_pages(organisation, member_client, client):
    record = FeedbackFactory(organisation=organisation, received_on=D(2026, 2, 2))
    assert client.get(national_record_url(organisation, record)).status_code == 302
    assert client.get(record_url(organisation, record)).status_code == 302
    lead = member_client(Role.QUALITY_LEAD)
    assert lead.get(national_record_url(organisation, record)).status_code == 403


def test_another_organisation_never_sees_the_history(
    organisation, other_organisation, member_client
):
    action = new_action(organisation, MembershipFactory(organisation=organisation).user)
    stranger = member_client(Role.QUALITY_LEAD, org=other_organisation)
    # Through its own organisation's address: no such record there.
    assert (
        stranger.get(
            reverse(
                "trail:record",
                kwargs={
                    "org_code": other_organisation.code,
                    "key": "improvement.action",
                    "pk": action.pk,
                },
            )
        ).status_code
        == 404
    )
    # Through the organisation's address: not a member.
    assert stranger.get(record_url(organisation, action)).status_code == 403
    assert stranger.get(person_url(organisation, action.created_by)).status_code == 403


def test_an_unknown_kind_of_record_is_404(organisation, quality_lead_client):
    url = reverse(
        "trail:record", kwargs={"org_code": organisation.code, "key": "accounts.user", "pk": 1}
    )
    assert quality_lead_client.get(url).status_code == 404


def test_a_deleted_records_history_stays_readable(organisation, quality_lead_client):
    record = FeedbackFactory(organisation=organisation, received_on=D(2026, 2, 2))
    pk = record.pk
    record.delete()
    response = quality_lead_client.get(
        reverse(
            "trail:record",
            kwargs={"org_code": organisation.code, "key": "registers.feedback", "pk": pk},
        )
    )
    assert response.status_code == 200 and "Suppression" in text(response)


# --- A person's changes -------------------------------------------------------------------------


def test_a_persons_changes_across_the_organisation_newest_first(
    organisation, framework, scope, member_client
):
    import time_machine

    client = member_client(Role.QUALITY_LEAD)
    lead = client.membership.user
    action = new_action(organisation, lead)
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        audit = audits.create_audit(
            organisation, user=lead, kind="internal", starts_on=D(2026, 3, 9), ends_on=D(2026, 3, 9)
        )
    page = text(client.get(person_url(organisation, lead)))
    assert page.index(str(audit.get_kind_display())) < page.index(action.reference)
    only_actions = text(client.get(person_url(organisation, lead, "kind=improvement.action")))
    assert action.reference in only_actions and "Audit n°" not in only_actions
    before = text(client.get(person_url(organisation, lead, "end=2026-03-03")))
    assert action.reference in before and "Audit n°" not in before


def test_a_period_ending_before_it_starts_is_refused_in_french(organisation, quality_lead_client):
    lead = quality_lead_client.membership.user
    response = quality_lead_client.get(
        person_url(organisation, lead, "start=2026-03-05&end=2026-03-01")
    )
    assert response.status_code == 400
    assert "La date de fin précède la date de début." in text(response)


def test_only_the_lead_and_the_national_reader_see_a_persons_changes(
    organisation, member_client, national_client
):
    person = MembershipFactory(organisation=organisation, role=Role.AGENT).user
    national = reverse(
        "national_trail:person", kwargs={"organisation": organisation.code, "user_id": person.pk}
    )
    assert national_client.get(national).status_code == 200
    for role in (Role.AGENT, Role.QUALITY_CORRESPONDENT, Role.AUDITOR):
        assert member_client(role).get(person_url(organisation, person)).status_code == 403


def test_someone_outside_the_organisation_has_no_page(
    organisation, other_organisation, quality_lead_client
):
    stranger = MembershipFactory(organisation=other_organisation).user
    assert quality_lead_client.get(person_url(organisation, stranger)).status_code == 404


def test_a_persons_page_is_paginated_with_a_bounded_number_of_queries(
    organisation, framework, scope, member_client, django_assert_max_num_queries
):
    client = member_client(Role.QUALITY_LEAD)
    lead = client.membership.user
    for number in range(30):
        action = new_action(organisation, lead, title=f"Action {number}")
        services.set_status(action, "in_progress", user=lead)
    audit = audits.create_audit(
        organisation, user=lead, kind="internal", starts_on=D(2026, 3, 9), ends_on=D(2026, 3, 9)
    )
    audits.record_finding(
        audit, commitment=framework.commitments[1], grade="improvement", text="Constat", user=lead
    )
    record_self_assessment(
        organisation, framework.commitments[1], status=AssessmentStatus.MET, user=lead
    )
    url = person_url(organisation, lead)
    client.get(url)  # warm the caches of the menu
    with django_assert_max_num_queries(30):
        first = client.get(url)
    with CaptureQueriesContext(connection) as second_page:
        client.get(url + "?page=2")
    count = int(re.search(r"(\d+) modifications", text(first)).group(1))
    assert count == 63  # 30 actions created and started, an audit, a finding, an assessment
    assert "Page 1 sur 2" in text(first) and "Page suivante" in text(first)
    assert len(second_page) <= 30


# --- The author of every change -------------------------------------------------------------------


def test_a_change_through_a_page_records_its_author(organisation, member_client):
    client = member_client(Role.QUALITY_LEAD)
    record = FeedbackFactory(organisation=organisation, received_on=D(2026, 2, 2))
    action_url = reverse("improvement:action_create", kwargs={"org_code": organisation.code})
    response = client.post(
        action_url,
        {
            "title": "Revoir l'affichage",
            "kind": "corrective",
            "source": "complaint",
            "owner": client.membership.user.pk,
            "due_on": "2026-04-30",
            "feedback": record.pk,
        },
    )
    assert response.status_code == 302, text(response)
    assert Action.history.get().history_user == client.membership.user


def test_a_change_through_the_api_records_its_author(organisation, lead):
    membership = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD)
    api = APIClient()
    api.force_login(membership.user)
    created = api.post(
        f"/api/v1/organisations/{organisation.code}/actions/",
        {
            "title": "Former l'équipe",
            "kind": "improvement",
            "source": "survey",
            "owner": lead.username,
            "due_on": "2026-05-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    api.patch(
        f"/api/v1/organisations/{organisation.code}/actions/{created.json()['id']}/",
        {"status": "in_progress"},
        format="json",
    )
    assert {v.history_user for v in Action.history.all()} == {membership.user}


def test_an_import_records_its_author(organisation, lead):
    raw = f"intitule;nature;origine;pilote;echeance\nAffichage;corrective;complaint;{lead.username};30/04/2026\n"
    tables.import_action_plan(
        organisation, raw.encode(), "plan.csv", user=lead, today=D(2026, 3, 2)
    )
    assert Action.history.get().history_user == lead
    import_register(
        organisation,
        "correspondence",
        b"recu_le;canal\n02/03/2026;courrier\n",
        "r.csv",
        user=lead,
        today=D(2026, 3, 2),
    )
    assert Correspondence.history.get().history_user == lead


def test_a_finding_and_a_self_assessment_record_their_author(organisation, framework, scope, lead):
    audit = audits.create_audit(
        organisation, user=lead, kind="internal", starts_on=D(2026, 3, 9), ends_on=D(2026, 3, 9)
    )
    audits.record_finding(
        audit, commitment=framework.commitments[1], grade="improvement", text="Constat", user=lead
    )
    record_self_assessment(
        organisation, framework.commitments[1], status=AssessmentStatus.MET, user=lead
    )
    assert Finding.history.get().history_user == lead
    assert organisation.self_assessments.get().history.get().history_user == lead


# --- Personal data ------------------------------------------------------------------------------


def test_the_purge_leaves_no_purged_address_in_any_history_table(organisation):
    feedback = FeedbackFactory(
        organisation=organisation,
        received_on=D(2019, 3, 4),
        answered_on=D(2019, 3, 8),
        description="Écrire à camille.durand@example.org",
    )
    author = FeedbackAuthorFactory(feedback=feedback, email="camille.durand@example.org")
    author.email = "camille.durand@example.org"
    author.phone = "06 12 34 56 78"
    author.save()  # a second version in the history
    purge_personal_data([organisation], today=D(2026, 3, 2))
    for entry in trail.traced_models():
        history = entry.history_model
        text_columns = [
            f.name
            for f in history._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField", "EmailField")
        ]
        for name in text_columns:
            assert not history.objects.filter(
                **{f"{name}__icontains": "camille.durand@example.org"}
            ).exists(), (entry.key, name)
    assert FeedbackAuthor.history.filter(id=author.pk).count() >= 3
    assert Feedback.objects.get().personal_data_purged_on == D(2026, 3, 2)
