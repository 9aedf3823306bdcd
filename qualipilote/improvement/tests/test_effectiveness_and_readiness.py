"""Effectiveness proven by data, and the readiness score with what lowers it."""

import datetime as dt
from decimal import Decimal

from qualipilote.assessments.tests.factories import LinkEvidenceFactory, SelfAssessmentFactory
from qualipilote.improvement import audits, readiness, services
from qualipilote.improvement.effectiveness import figures_since
from qualipilote.indicators.tests.factories import (
    IndicatorFactory,
    MonthClosureFactory,
    MonthlyMeasurementFactory,
)

D = dt.date


def measure(organisation, indicator, month, value):
    return MonthlyMeasurementFactory(
        organisation=organisation,
        indicator=indicator,
        month=month,
        numerator=value,
        denominator=Decimal(100),
    )


def test_figures_since_completion_are_compared_with_the_target(organisation):
    rate = IndicatorFactory(code="call_answer_rate", target_operator=">=", target_value=90)
    measure(organisation, rate, D(2026, 1, 1), 70)  # the month of completion: not counted
    measure(organisation, rate, D(2026, 2, 1), 92)
    measure(organisation, rate, D(2026, 3, 1), 88)
    measure(organisation, rate, D(2026, 4, 1), 95)

    [since] = figures_since(organisation, [rate], D(2026, 1, 20))

    assert [(m["month"], m["met"]) for m in since.months] == [
        (D(2026, 2, 1), True),
        (D(2026, 3, 1), False),
        (D(2026, 4, 1), True),
    ]
    assert (since.counted, since.met) == (3, 2)
    assert since.verdict == "Objectif atteint 2 mois sur 3"


def test_a_lower_is_better_target(organisation):
    delay = IndicatorFactory(code="delay", unit="count", target_operator="<=", target_value=5)
    MonthlyMeasurementFactory(
        organisation=organisation, indicator=delay, month=D(2026, 2, 1), numerator=4, value=4
    )
    [since] = figures_since(organisation, [delay], D(2026, 1, 5))
    assert since.all_met and since.verdict == "Objectif atteint chaque mois (1 sur 1)"


def test_readiness_says_what_lowers_the_score(organisation, scope, framework, lead, in_march_2026):
    c = framework.commitments
    c[1].indicator_codes = ["call_answer_rate"]
    c[1].save()
    rate = IndicatorFactory(
        code="call_answer_rate",
        label="Taux d'appels aboutis",
        target_operator=">=",
        target_value=90,
    )
    MonthClosureFactory(organisation=organisation, month=D(2026, 1, 1))
    measure(organisation, rate, D(2026, 1, 1), 85)
    for number in (1, 2, 3):
        assessment = SelfAssessmentFactory(organisation=organisation, commitment=c[number])
        LinkEvidenceFactory(assessment=assessment)
    SelfAssessmentFactory(organisation=organisation, commitment=c[4], status="not_met")
    audit = audits.create_audit(
        organisation, user=lead, kind="internal", starts_on=D(2026, 2, 2), ends_on=D(2026, 2, 2)
    )
    audits.record_finding(
        audit, commitment=c[3], grade="major_nonconformity", text="Aucun suivi.", user=lead
    )

    rows, score = readiness.scope_readiness(organisation)

    problems = {row.commitment.number: row.problems for row in rows}
    assert problems == {
        1: ["Objectif manqué : Taux d'appels aboutis"],
        2: [],
        3: ["1 non-conformité(s) ouverte(s)"],
        4: ["Auto-diagnostic : non atteint", "Aucune preuve"],
        47: ["Pas d'auto-diagnostic"],
        48: ["Pas d'auto-diagnostic"],
    }
    assert score == 17  # 1 commitment ready out of 6


def test_commitment_pack_gathers_what_the_auditor_reads(
    organisation, scope, framework, lead, in_march_2026
):
    commitment = framework.commitments[2]
    assessment = SelfAssessmentFactory(organisation=organisation, commitment=commitment)
    LinkEvidenceFactory(assessment=assessment)
    action = services.create_action(
        organisation,
        user=lead,
        title="Relance",
        kind="corrective",
        source="self_assessment",
        owner=lead,
        due_on=D(2026, 5, 1),
        self_assessment=assessment,
    )
    pack = readiness.commitment_pack(organisation, commitment)
    assert pack["assessment"] == assessment
    assert len(pack["evidence"]) == 1 and pack["evidence"][0].age_days == 0
    assert list(pack["open_actions"]) == [action]


def test_expired_evidence_no_longer_proves_and_changes_since_the_audit_show(
    organisation, scope, framework, lead, in_march_2026
):
    commitment = framework.commitments[1]
    assessment = SelfAssessmentFactory(organisation=organisation, commitment=commitment)
    LinkEvidenceFactory(assessment=assessment, expires_on=D(2026, 2, 28))
    audits.create_audit(
        organisation, user=lead, kind="internal", starts_on=D(2026, 2, 2), ends_on=D(2026, 2, 3)
    )
    rows, _score = readiness.scope_readiness(organisation)
    row = next(r for r in rows if r.commitment == commitment)
    assert row.problems == ["Aucune preuve valable", "1 preuve(s) expirée(s)"]
    assert row.changed_since_audit  # assessed on 2 March, after the audit of 3 February
