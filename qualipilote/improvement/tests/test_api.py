"""The API of issue 11 with its exact paths, fields and choice codes, through a real client."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from qualipilote.improvement import audits
from qualipilote.improvement.models import Action, Finding
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("in_march_2026")


def client_of(organisation, role=Role.QUALITY_LEAD):
    membership = MembershipFactory(organisation=organisation, role=role)
    client = APIClient()
    client.force_login(membership.user)
    client.user = membership.user
    return client


def base(organisation):
    return f"/api/v1/organisations/{organisation.code}"


@pytest.fixture
def audit(organisation, scope, lead):
    return audits.create_audit(
        organisation, user=lead, kind="labelling", starts_on=D(2026, 2, 2), ends_on=D(2026, 2, 3)
    )


def test_create_follow_and_judge_an_action(organisation, unit, lead):
    api = client_of(organisation)
    created = api.post(
        f"{base(organisation)}/actions/",
        {
            "title": "Former l'équipe du standard",
            "kind": "improvement",
            "source": "survey",
            "owner": lead.username,
            "owner_unit": "bcic",
            "due_on": "2026-05-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["reference"] == "PA-74-2026-00001"
    assert (body["owner"], body["owner_unit"], body["status"]) == (lead.username, "bcic", "planned")

    url = f"{base(organisation)}/actions/{body['id']}/"
    done = api.patch(url, {"status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["completed_on"] == "2026-03-02"
    judged = api.patch(url, {"effectiveness": "Taux d'appels aboutis à 92 %."}, format="json")
    assert judged.json()["effectiveness"] == "Taux d'appels aboutis à 92 %."
    assert api.get(f"{base(organisation)}/actions/").json()["results"][0]["id"] == body["id"]


def test_bad_actions_are_refused_with_french_messages(organisation, lead):
    api = client_of(organisation)
    refused = api.post(
        f"{base(organisation)}/actions/",
        {"title": "x", "kind": "urgent", "owner": "personne", "due_on": "2026-03-01"},
        format="json",
    )
    assert refused.status_code == 400
    errors = refused.json()
    assert "personne" in errors["owner"][0]
    assert "kind" in errors
    early = api.post(
        f"{base(organisation)}/actions/",
        {
            "title": "x",
            "kind": "corrective",
            "source": "complaint",
            "owner": lead.username,
            "due_on": "2026-03-01",
        },
        format="json",
    )
    assert early.status_code == 400
    assert "ne peut pas précéder" in early.json()["due_on"][0]
    assert not Action.objects.exists()


def test_audit_findings_and_closing_a_nonconformity(organisation, audit, framework, lead):
    api = client_of(organisation)
    assert api.get(f"{base(organisation)}/audits/").json()["results"][0]["kind"] == "labelling"
    recorded = api.post(
        f"{base(organisation)}/audits/{audit.pk}/findings/",
        {
            "commitment": {
                "framework": framework.version.framework.code,
                "version": "2019",
                "number": 2,
            },
            "grade": "minor_nonconformity",
            "text": "Pas d'accusé de réception.",
        },
        format="json",
    )
    assert recorded.status_code == 201, recorded.json()
    finding_id = recorded.json()["id"]
    finding_url = f"{base(organisation)}/findings/{finding_id}/"

    refused = api.patch(finding_url, {"status": "closed"}, format="json")
    assert refused.status_code == 400
    assert "au moins une action" in refused.json()["status"][0]

    action = api.post(
        f"{base(organisation)}/actions/",
        {
            "title": "Accusé automatique",
            "kind": "corrective",
            "owner": lead.username,
            "due_on": "2026-04-30",
            "finding": finding_id,
        },
        format="json",
    ).json()
    assert action["source"] == "audit_finding"
    assert api.patch(finding_url, {"status": "closed"}, format="json").status_code == 400
    api.patch(f"{base(organisation)}/actions/{action['id']}/", {"status": "done"}, format="json")
    api.patch(
        f"{base(organisation)}/actions/{action['id']}/",
        {"effectiveness": "Efficace."},
        format="json",
    )
    closed = api.patch(finding_url, {"status": "closed"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_a_finding_outside_the_scope_is_refused(organisation, audit, framework):
    api = client_of(organisation)
    refused = api.post(
        f"{base(organisation)}/audits/{audit.pk}/findings/",
        {"commitment": framework.commitments[5].pk, "grade": "strength", "text": "x"},
        format="json",
    )
    assert refused.status_code == 400
    assert "périmètre" in refused.json()["commitment"][0]
    bad_ref = api.post(
        f"{base(organisation)}/audits/{audit.pk}/findings/",
        {"commitment": "quinze", "grade": "strength", "text": "x"},
        format="json",
    )
    assert bad_ref.status_code == 400 and "engagement" in bad_ref.json()["commitment"][0]
    assert not Finding.objects.exists()


def test_an_auditor_records_findings_and_nothing_else(organisation, audit, framework, lead):
    auditor = client_of(organisation, Role.AUDITOR)
    recorded = auditor.post(
        f"{base(organisation)}/audits/{audit.pk}/findings/",
        {"commitment": framework.commitments[1].pk, "grade": "strength", "text": "Accueil."},
        format="json",
    )
    assert recorded.status_code == 201
    assert (
        auditor.post(
            f"{base(organisation)}/actions/",
            {
                "title": "x",
                "kind": "corrective",
                "owner": lead.username,
                "due_on": "2026-04-30",
                "source": "complaint",
            },
            format="json",
        ).status_code
        == 403
    )
    assert (
        auditor.patch(
            f"{base(organisation)}/findings/{recorded.json()['id']}/",
            {"status": "closed"},
            format="json",
        ).status_code
        == 403
    )
    assert (
        auditor.post(
            f"{base(organisation)}/audits/",
            {"kind": "internal", "starts_on": "2026-05-02", "ends_on": "2026-05-02"},
            format="json",
        ).status_code
        == 403
    )


def test_another_organisation_sees_nothing(organisation, other_organisation, audit, lead):
    stranger = client_of(other_organisation)
    assert stranger.get(f"{base(organisation)}/actions/").status_code == 403
    assert stranger.get(f"{base(organisation)}/audits/").status_code == 403
    own = client_of(other_organisation)
    assert own.get(f"{base(other_organisation)}/audits/{audit.pk}/findings/").status_code == 404
