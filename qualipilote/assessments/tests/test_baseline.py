"""A new self-assessment started from the previous one: the answers copied as a baseline, each
marked "reprise" until changed, and what changed since highlighted."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualipilote.assessments import baseline, services
from qualipilote.assessments.models import AssessmentRound, SelfAssessment
from qualipilote.frameworks.scope import set_scope
from qualipilote.organisations.enums import Role
from qualipilote.organisations.tests.factories import MembershipFactory

from .factories import LinkEvidenceFactory

START = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 10, 5, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def lead(organisation):
    return MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user


@pytest.fixture
def answered(organisation, framework, scope, lead):
    """Commitments 1 and 2 answered in 2025, with a link and an attestation expiring in 2026."""
    c = framework.commitments
    with time_machine.travel(dt.datetime(2025, 9, 1, 8, tzinfo=dt.UTC), tick=False):
        first = services.record_self_assessment(
            organisation, c[1], status="met", comment="Horaires affichés.", user=lead
        )
        services.record_self_assessment(
            organisation, c[2], status="partly_met", comment="Charte à signer.", user=lead
        )
        LinkEvidenceFactory(assessment=first, title="Page des horaires")
        LinkEvidenceFactory(
            assessment=first, title="Attestation du prestataire", expires_on=dt.date(2026, 9, 30)
        )
    return c


def test_starting_copies_the_answers_as_the_baseline_and_marks_them_reprise(
    organisation, answered, lead
):
    with time_machine.travel(START, tick=False):
        round_ = baseline.start_from_previous(organisation, user=lead)
    copied = {b.commitment.number: b for b in round_.baseline.select_related("commitment")}
    assert set(copied) == {1, 2}
    assert (copied[1].status, copied[1].comment) == ("met", "Horaires affichés.")
    assert [e["title"] for e in copied[1].evidence] == [
        "Page des horaires",
        "Attestation du prestataire",
    ]
    assert copied[1].evidence[1]["expires_on"] == "2026-09-30"
    assert copied[1].evidence[0]["url"].startswith("https://")
    assert set(SelfAssessment.objects.values_list("carried_over", flat=True)) == {True}
    latest = SelfAssessment.objects.get(commitment=answered[1]).history.first()
    assert latest.history_user == lead
    assert latest.history_change_reason == baseline.CARRY_REASON


def test_an_answer_stays_reprise_until_changed(organisation, answered, lead):
    with time_machine.travel(START, tick=False):
        baseline.start_from_previous(organisation, user=lead)
    services.record_self_assessment(
        organisation, answered[1], status="met", comment="Horaires affichés.", user=lead
    )
    assert SelfAssessment.objects.get(commitment=answered[1]).carried_over is True
    services.record_self_assessment(
        organisation, answered[1], status="not_met", comment="Affichage retiré.", user=lead
    )
    assert SelfAssessment.objects.get(commitment=answered[1]).carried_over is False
    assert SelfAssessment.objects.get(commitment=answered[2]).carried_over is True


def test_nothing_to_start_from_is_refused_in_french(organisation, scope, lead):
    with pytest.raises(ValidationError, match="Aucun auto-diagnostic précédent"):
        baseline.start_from_previous(organisation, user=lead)
    assert not AssessmentRound.objects.exists()


def test_what_changed_since_the_baseline(organisation, framework, answered, lead):
    with time_machine.travel(START, tick=False):
        round_ = baseline.start_from_previous(organisation, user=lead)
    # The scope grows to module 2 (commitment 5); an answer changes; evidence added, removed,
    # and the attestation expires on 30 September.
    set_scope(
        organisation,
        version=framework.version,
        modules=[framework.modules[1], framework.modules[2], framework.modules[7]],
        channels=["in_person", "email"],
    )
    with time_machine.travel(LATER, tick=False):
        services.record_self_assessment(
            organisation, answered[2], status="met", comment="Charte signée.", user=lead
        )
        services.add_link_evidence(
            organisation,
            answered[2],
            url="https://intranet.example.gouv.fr/charte",
            title="Charte signée",
            user=lead,
        )
        page = SelfAssessment.objects.get(commitment=answered[1]).evidence.get(
            title="Page des horaires"
        )
        services.remove_evidence(organisation, page, user=lead)
        changes = baseline.changes_since(round_, today=dt.date(2026, 10, 5))

    [edited] = changes.edited
    assert (edited.commitment.number, edited.old_status, edited.new_status) == (
        2,
        "Partiellement atteint",
        "Atteint",
    )
    assert (edited.old_comment, edited.new_comment) == ("Charte à signer.", "Charte signée.")
    assert changes.carried == 1
    assert [c.number for c in changes.new_commitments] == [5]
    assert [e.title for e in changes.evidence_added] == ["Charte signée"]
    assert [e["title"] for e in changes.evidence_removed] == ["Page des horaires"]
    assert [e.title for e in changes.evidence_expired] == ["Attestation du prestataire"]
    assert changes.count == 5


def test_the_page_starts_a_new_self_assessment_and_shows_the_changes(
    organisation, answered, member_client
):
    client = member_client(Role.QUALITY_LEAD)
    response = client.post(
        reverse("assessments:start_round", kwargs={"org_code": organisation.code})
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/auto-diagnostic/depuis-la-reprise/")
    page = client.get(response["Location"]).content.decode()
    assert "2 réponses encore reprises" in page
    module = client.get(
        reverse(
            "assessments:module",
            kwargs={"org_code": organisation.code, "pk": answered[1].module_id},
        )
    ).content.decode()
    assert "Reprise" in module


def test_only_those_who_assess_may_start_and_another_organisation_never_sees(
    organisation, other_organisation, answered, member_client
):
    url = reverse("assessments:start_round", kwargs={"org_code": organisation.code})
    assert member_client(Role.AGENT).post(url).status_code == 403
    assert member_client(Role.AUDITOR).post(url).status_code == 403
    stranger = member_client(Role.QUALITY_LEAD, org=other_organisation)
    assert stranger.post(url).status_code == 403
    assert not AssessmentRound.objects.exists()
    changes = reverse("assessments:changes", kwargs={"org_code": other_organisation.code})
    assert stranger.get(changes).status_code == 404
