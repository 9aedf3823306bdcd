"""A new self-assessment started from the previous one (issue 11, end of item 2).

Starting copies every answer of the organisation as it stands (appreciation, reason, comment and
the evidence then attached: titles, links, files' names, expiry dates) into the round's baseline,
and marks each answer "reprise" (SelfAssessment.carried_over) until someone records it again
(services.record_self_assessment clears the mark when the answer changes). `changes_since`
gives what the page highlights: answers edited since the baseline, commitments of the scope the
baseline did not have, evidence added, removed or expired since."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from qualipilote.frameworks.models import Commitment
from qualipilote.frameworks.scope import commitments_in_scope

from .enums import AssessmentStatus
from .models import AssessmentRound, BaselineAnswer, Evidence, SelfAssessment

CARRY_REASON = "Reprise de l'auto-diagnostic précédent"


def latest_round(organisation) -> AssessmentRound | None:
    return AssessmentRound.objects.filter(organisation=organisation).first()


def _evidence_snapshot(evidence: Evidence) -> dict:
    return {
        "id": evidence.pk,
        "title": evidence.title,
        "kind": evidence.kind,
        "url": evidence.url,
        "filename": evidence.filename,
        "expires_on": evidence.expires_on.isoformat() if evidence.expires_on else None,
    }


@transaction.atomic
def start_from_previous(organisation, *, user, now: dt.datetime | None = None) -> AssessmentRound:
    """Starts a new self-assessment with the current answers as its baseline. Refused (French
    message) when there is nothing to start from."""
    now = now or timezone.now()
    answers = list(
        SelfAssessment.objects.select_for_update(of=("self",))
        .filter(organisation=organisation)
        .prefetch_related("evidence")
        .order_by("pk")
    )
    if not answers:
        raise ValidationError(
            "Aucun auto-diagnostic précédent à reprendre : appréciez d'abord les engagements."
        )
    round_ = AssessmentRound(
        organisation=organisation,
        started_at=now,
        started_by=user,
        scope_commitments=list(commitments_in_scope(organisation).values_list("pk", flat=True)),
    )
    round_._history_user = user
    round_.save()
    BaselineAnswer.objects.bulk_create(
        BaselineAnswer(
            round=round_,
            commitment_id=answer.commitment_id,
            status=answer.status,
            not_applicable_reason=answer.not_applicable_reason,
            comment=answer.comment,
            evidence=[_evidence_snapshot(e) for e in answer.evidence.all()],
        )
        for answer in answers
    )
    for answer in answers:
        answer.carried_over = True
    bulk_update_with_history(
        answers,
        SelfAssessment,
        ["carried_over"],
        default_user=user,
        default_change_reason=CARRY_REASON,
    )
    return round_


@dataclass
class AnswerChange:
    commitment: Commitment
    old_status: str  # labels
    new_status: str
    old_comment: str
    new_comment: str


@dataclass
class ChangesSince:
    round: AssessmentRound
    edited: list[AnswerChange] = field(default_factory=list)
    carried: int = 0  # answers still "reprise"
    new_commitments: list[Commitment] = field(default_factory=list)
    evidence_added: list[Evidence] = field(default_factory=list)
    evidence_removed: list[dict] = field(default_factory=list)  # snapshots
    evidence_expired: list[Evidence] = field(default_factory=list)
    # From the apps above (AppConfig.assessment_changes): {"label", "before", "after"}.
    indicators: list[dict] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.edited)
            + len(self.new_commitments)
            + len(self.evidence_added)
            + len(self.evidence_removed)
            + len(self.evidence_expired)
            + len(self.indicators)
        )


def _label(status: str) -> str:
    return AssessmentStatus(status).label if status in AssessmentStatus.values else "—"


def changes_since(round_: AssessmentRound, *, today: dt.date | None = None) -> ChangesSince:
    """What changed since the round's baseline, in a handful of queries."""
    today = today or timezone.localdate()
    organisation = round_.organisation
    baseline = {b.commitment_id: b for b in round_.baseline.all()}
    result = ChangesSince(round=round_)
    answers = SelfAssessment.objects.filter(organisation=organisation).select_related("commitment")
    for answer in answers:
        before = baseline.get(answer.commitment_id)
        if answer.carried_over:
            result.carried += 1
        if before is None or (before.status, before.comment, before.not_applicable_reason) != (
            answer.status,
            answer.comment,
            answer.not_applicable_reason,
        ):
            result.edited.append(
                AnswerChange(
                    commitment=answer.commitment,
                    old_status=_label(before.status) if before else "—",
                    new_status=_label(answer.status),
                    old_comment=before.comment if before else "",
                    new_comment=answer.comment,
                )
            )
    result.new_commitments = list(
        commitments_in_scope(organisation).exclude(pk__in=round_.scope_commitments)
    )
    evidence = Evidence.objects.filter(assessment__organisation=organisation).select_related(
        "assessment__commitment"
    )
    result.evidence_added = list(evidence.filter(added_at__gte=round_.started_at))
    result.evidence_expired = list(
        evidence.filter(
            expires_on__lt=today, expires_on__gte=timezone.localtime(round_.started_at).date()
        )
    )
    still_there = set(evidence.values_list("pk", flat=True))
    result.evidence_removed = [
        snapshot
        for before in baseline.values()
        for snapshot in before.evidence
        if snapshot["id"] not in still_there
    ]
    for config in apps.get_app_configs():
        if hasattr(config, "assessment_changes"):
            result.indicators += config.assessment_changes(organisation, round_.started_at)
    return result
