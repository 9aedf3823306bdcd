"""Demo of "start from the previous one" (issue 11, item 2): the follow-up audit starts from the
labelling audit (its open findings carried over), and a new self-assessment starts from the
previous answers, one of which the quality correspondent has already revised. The audit trail
(item 6) needs no data of its own: every demo loader writes through the services, with authors.
Runs again without duplicates."""

from __future__ import annotations

from django.db import transaction

from qualipilote.assessments import baseline
from qualipilote.assessments import services as assessment_services
from qualipilote.assessments.models import AssessmentRound, SelfAssessment
from qualipilote.improvement import audits
from qualipilote.improvement.models import Audit
from qualipilote.organisations.enums import Role


def _member(organisation, role):
    membership = (
        organisation.memberships.filter(role=role).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def load_demo(organisations) -> None:
    for organisation in organisations:
        lead = _member(organisation, Role.QUALITY_LEAD)
        if lead is None:
            continue
        correspondent = _member(organisation, Role.QUALITY_CORRESPONDENT) or lead
        with transaction.atomic():
            _follow_up_from_labelling(organisation, lead)
            _new_self_assessment(organisation, lead, correspondent)


def _follow_up_from_labelling(organisation, lead) -> None:
    labelling = Audit.objects.filter(organisation=organisation, kind="labelling").first()
    follow_up = Audit.objects.filter(organisation=organisation, kind="follow_up").first()
    if labelling is None or follow_up is None or follow_up.previous_id is not None:
        return
    audits.update_audit(follow_up, user=lead, previous=labelling)
    audits.carry_over_findings(follow_up, user=lead)


def _new_self_assessment(organisation, lead, correspondent) -> None:
    if AssessmentRound.objects.filter(organisation=organisation).exists():
        return
    answers = SelfAssessment.objects.filter(organisation=organisation).select_related("commitment")
    if not answers.exists():
        return
    baseline.start_from_previous(organisation, user=lead)
    revised = answers.filter(status="partly_met").first() or answers.first()
    assessment_services.record_self_assessment(
        organisation,
        revised.commitment,
        status="met",
        comment=(revised.comment + " Revu pour le nouvel auto-diagnostic : atteint.").strip(),
        user=correspondent,
    )
