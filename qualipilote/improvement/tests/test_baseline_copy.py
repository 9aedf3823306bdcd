"""Starting again from the previous one: an audit carries the previous audit's open findings
over; a self-assessment's changes since its baseline include the indicators whose status
changed (ImprovementConfig.assessment_changes)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualipilote.assessments import baseline
from qualipilote.assessments import services as assessment_services
from qualipilote.improvement import audits, services
from qualipilote.improvement.models import Finding
from qualipilote.indicators.tests.factories import (
    IndicatorFactory,
    MonthClosureFactory,
    MonthlyMeasurementFactory,
)

D = dt.date
pytestmark = pytest.mark.usefixtures("in_march_2026")


@pytest.fixture
def first_audit(organisation, framework, scope, lead):
    audit = audits.create_audit(
        organisation, user=lead, kind="internal", starts_on=D(2026, 1, 12), ends_on=D(2026, 1, 12)
    )
    c = framework.commitments
    nonconformity = audits.record_finding(
        audit, commitment=c[1], grade="minor_nonconformity", text="Délais non suivis.", user=lead
    )
    audits.record_finding(
        audit, commitment=c[2], grade="improvement", text="Affichage à revoir.", user=lead
    )
    closed = audits.record_finding(
        audit, commitment=c[3], grade="strength", text="Accueil soigné.", user=lead
    )
    audits.set_finding_status(closed, "closed", user=lead)
    return audit, nonconformity


def new_audit(organisation, lead, previous):
    return audits.create_audit(
        organisation,
        user=lead,
        previous=previous,
        kind="labelling",
        starts_on=D(2026, 3, 16),
        ends_on=D(2026, 3, 17),
    )


def test_a_new_audit_carries_the_open_findings_over_marked_as_such(organisation, first_audit, lead):
    previous, nonconformity = first_audit
    audit = new_audit(organisation, lead, previous)
    carried = list(audit.findings.order_by("commitment__number"))
    assert [(f.commitment.number, f.grade) for f in carried] == [
        (1, "minor_nonconformity"),
        (2, "improvement"),
    ]
    assert all(f.carried_from.audit == previous for f in carried)
    assert carried[0].carried_from == nonconformity and carried[0].status == "open"
    assert carried[0].history.get().history_user == lead
    assert Finding.objects.filter(audit=previous).count() == 3  # the previous audit unchanged


def test_without_a_previous_audit_nothing_is_carried(organisation, first_audit, lead):
    audit = audits.create_audit(
        organisation, user=lead, kind="labelling", starts_on=D(2026, 3, 16), ends_on=D(2026, 3, 17)
    )
    assert not audit.findings.exists()


def test_a_carried_nonconformity_closes_with_the_actions_of_its_origin(
    organisation, first_audit, lead
):
    previous, nonconformity = first_audit
    audit = new_audit(organisation, lead, previous)
    carried = audit.findings.get(carried_from=nonconformity)
    with pytest.raises(ValidationError, match="au moins une action"):
        audits.set_finding_status(carried, "closed", user=lead)
    action = services.create_action(
        organisation,
        user=lead,
        title="Suivre les délais",
        kind="corrective",
        source="audit_finding",
        finding=nonconformity,
        owner=lead,
        due_on=D(2026, 4, 30),
    )
    with pytest.raises(ValidationError, match="encore ouvertes"):
        audits.set_finding_status(carried, "closed", user=lead)
    services.set_status(action, "done", user=lead)
    services.record_effectiveness(action, "Délais tenus depuis deux mois.", user=lead)
    assert audits.set_finding_status(carried, "closed", user=lead).status == "closed"


def test_the_audit_page_marks_carried_findings(organisation, first_audit, lead, member_client):
    from qualipilote.organisations.enums import Role

    previous, _ = first_audit
    audit = new_audit(organisation, lead, previous)
    page = (
        member_client(Role.QUALITY_LEAD)
        .get(reverse("improvement:audit", kwargs={"org_code": organisation.code, "pk": audit.pk}))
        .content.decode()
    )
    assert page.count("Repris de l'audit précédent") == 2


def test_a_previous_audit_of_another_organisation_is_refused(
    organisation, other_organisation, first_audit, lead
):
    previous, _ = first_audit
    from qualipilote.frameworks.scope import set_scope

    set_scope(
        other_organisation,
        version=previous.version,
        modules=list(previous.version.modules.filter(number__in=[1, 7])),
        channels=["in_person"],
    )
    with pytest.raises(ValidationError) as refused:
        new_audit(other_organisation, lead, previous)
    assert "n'appartient pas" in str(refused.value)
    assert not Finding.objects.filter(audit__organisation=other_organisation).exists()


def test_indicators_whose_status_changed_since_the_baseline(organisation, framework, scope, lead):
    c = framework.commitments
    c[1].indicator_codes = ["call_answer_rate"]
    c[1].save()
    c[2].indicator_codes = ["mail_rate"]
    c[2].save()
    rate = IndicatorFactory(
        code="call_answer_rate",
        label="Taux d'appels aboutis",
        target_operator=">=",
        target_value=90,
    )
    mail = IndicatorFactory(
        code="mail_rate", label="Courriels à temps", target_operator=">=", target_value=90
    )
    for indicator, january, february in ((rate, 85, 93), (mail, 95, 96)):
        for month, value in ((D(2026, 1, 1), january), (D(2026, 2, 1), february)):
            MonthlyMeasurementFactory(
                organisation=organisation,
                indicator=indicator,
                month=month,
                numerator=value,
                denominator=Decimal(100),
            )
    MonthClosureFactory(
        organisation=organisation,
        month=D(2026, 1, 1),
        closed_at=dt.datetime(2026, 2, 3, tzinfo=dt.UTC),
    )
    assessment_services.record_self_assessment(organisation, c[1], status="met", user=lead)
    with time_machine.travel(dt.datetime(2026, 2, 10, tzinfo=dt.UTC), tick=False):
        round_ = baseline.start_from_previous(organisation, user=lead)
    assert baseline.changes_since(round_).indicators == []  # February not closed yet
    MonthClosureFactory(
        organisation=organisation,
        month=D(2026, 2, 1),
        closed_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    assert baseline.changes_since(round_).indicators == [
        {
            "label": "Taux d'appels aboutis",
            "before": "objectif manqué (01/2026)",
            "after": "objectif atteint (02/2026)",
        }
    ]
