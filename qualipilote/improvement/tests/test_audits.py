"""The label cycle and the findings' rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualipilote.frameworks.tests.factories import CommitmentFactory
from qualipilote.improvement import audits, services
from qualipilote.improvement.models import Audit, Finding

D = dt.date


@pytest.fixture
def audit(organisation, scope, lead):
    return audits.create_audit(
        organisation,
        user=lead,
        kind="follow_up",
        starts_on=D(2026, 3, 2),
        ends_on=D(2026, 3, 3),
        auditors="AFNOR",
    )


def test_the_cycle_follows_the_intervals_of_the_framework_version(organisation, scope, lead):
    audits.plan_cycle(organisation, D(2025, 11, 20), user=lead)
    planned = list(Audit.objects.filter(organisation=organisation).values_list("kind", "starts_on"))
    assert planned == [
        ("labelling", D(2025, 11, 20)),
        ("internal", D(2027, 3, 20)),
        ("follow_up", D(2027, 5, 20)),
        ("internal", D(2028, 9, 20)),
        ("renewal", D(2028, 11, 20)),
    ]
    # Planning twice adds nothing.
    assert audits.plan_cycle(organisation, D(2025, 11, 20), user=lead) == []


def test_another_follow_up_interval_is_a_change_of_data_not_of_code(
    organisation, scope, framework, lead
):
    framework.version.follow_up_months = 12
    framework.version.save()
    audits.plan_cycle(organisation, D(2025, 11, 20), user=lead)
    assert Audit.objects.get(kind="follow_up").starts_on == D(2026, 11, 20)


def test_a_version_without_follow_up_interval_cannot_plan_a_cycle(
    organisation, scope, framework, lead
):
    framework.version.follow_up_months = None
    framework.version.save()
    with pytest.raises(ValidationError) as refused:
        audits.plan_cycle(organisation, D(2025, 11, 20), user=lead)
    assert "follow_up_months" in refused.value.messages[0]
    assert not Audit.objects.exists()


def test_an_audit_ending_before_it_starts_is_refused(organisation, scope, lead):
    with pytest.raises(ValidationError) as refused:
        audits.create_audit(
            organisation, user=lead, kind="internal", starts_on=D(2026, 3, 3), ends_on=D(2026, 3, 2)
        )
    assert refused.value.message_dict["ends_on"] == [
        "La fin de l'audit ne peut pas précéder son début."
    ]


def test_a_finding_is_graded_on_the_scale_of_the_version(audit, framework, lead):
    finding = audits.record_finding(
        audit,
        commitment=framework.commitments[1],
        grade="sensitive_point",
        text="À suivre.",
        user=lead,
    )
    assert finding.grade_label == "Point sensible" and not finding.is_nonconformity
    with pytest.raises(ValidationError) as refused:
        audits.record_finding(
            audit, commitment=framework.commitments[1], grade="excellent", text="x", user=lead
        )
    assert "Cotation « excellent » inconnue" in refused.value.message_dict["grade"][0]


def test_a_finding_outside_the_scope_or_of_another_version_is_refused(audit, framework, lead):
    with pytest.raises(ValidationError) as outside:
        audits.record_finding(
            audit, commitment=framework.commitments[5], grade="strength", text="x", user=lead
        )
    assert "n'est pas dans le périmètre" in outside.value.message_dict["commitment"][0]
    elsewhere = CommitmentFactory(number=1)
    with pytest.raises(ValidationError) as other:
        audits.record_finding(audit, commitment=elsewhere, grade="strength", text="x", user=lead)
    assert "pas au référentiel audité" in other.value.message_dict["commitment"][0]
    assert not Finding.objects.exists()


def test_a_nonconformity_closes_only_after_its_actions_are_done_and_judged(
    organisation, audit, framework, lead, in_march_2026
):
    finding = audits.record_finding(
        audit,
        commitment=framework.commitments[2],
        grade="minor_nonconformity",
        text="Pas d'accusé de réception des courriels.",
        user=lead,
    )
    with pytest.raises(ValidationError) as no_action:
        audits.set_finding_status(finding, "closed", user=lead)
    assert "au moins une action" in no_action.value.message_dict["status"][0]

    action = services.create_action(
        organisation,
        user=lead,
        title="Réponse automatique sur la boîte fonctionnelle",
        kind="corrective",
        owner=lead,
        due_on=D(2026, 4, 30),
        finding=finding,
    )
    assert action.source == "audit_finding"
    assert list(action.commitments.all()) == [framework.commitments[2]]
    with pytest.raises(ValidationError) as still_open:
        audits.set_finding_status(finding, "closed", user=lead)
    assert action.reference in still_open.value.message_dict["status"][0]

    services.set_status(action, "done", user=lead)
    with pytest.raises(ValidationError) as unjudged:
        audits.set_finding_status(finding, "closed", user=lead)
    assert "efficacité" in unjudged.value.message_dict["status"][0]

    services.record_effectiveness(action, "Accusés envoyés sous 24 h depuis avril.", user=lead)
    closed = audits.set_finding_status(finding, "closed", user=lead)
    assert closed.status == "closed" and closed.closed_by == lead
    # Closing again changes nothing.
    assert audits.set_finding_status(closed, "closed", user=lead).closed_at == closed.closed_at


def test_a_strength_closes_without_action(audit, framework, lead):
    finding = audits.record_finding(
        audit, commitment=framework.commitments[1], grade="strength", text="Accueil.", user=lead
    )
    assert audits.set_finding_status(finding, "closed", user=lead).status == "closed"
