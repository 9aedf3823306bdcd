"""Audit readiness: per commitment of the labelling scope, what an auditor will look at (the
self-assessment and its evidence, the linked indicators over the closed months, open actions,
past findings) and a readiness score for the scope that says what lowers it. Every figure is
counted in the database; Python only walks the scope's commitments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from qualipilote.assessments.enums import AssessmentStatus
from qualipilote.assessments.models import SelfAssessment
from qualipilote.frameworks.scope import commitments_in_scope, scope_of
from qualipilote.indicators.models import Indicator, MonthClosure, MonthlyMeasurement
from qualipilote.indicators.yearly import yearly_rows

from .effectiveness import met_expression
from .enums import FindingStatus
from .models import Action, Audit, Finding

CLOSED_MONTHS_CONSIDERED = 3  # an indicator missing its target in one of these lowers the score
SETTLED = (AssessmentStatus.MET, AssessmentStatus.NOT_APPLICABLE)


@dataclass
class CommitmentReadiness:
    commitment: object
    assessment: SelfAssessment | None
    evidence_count: int = 0  # evidence still valid (no expiry date, or not passed)
    expired_count: int = 0
    changed_since_audit: bool = False  # assessed again since the last audit ended
    open_actions: int = 0
    open_nonconformities: int = 0
    missed_indicators: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        problems = []
        if self.assessment is None:
            problems.append("Pas d'auto-diagnostic")
        elif self.assessment.status not in SETTLED:
            problems.append(f"Auto-diagnostic : {self.assessment.get_status_display().lower()}")
        if (
            self.assessment is not None
            and self.assessment.status != AssessmentStatus.NOT_APPLICABLE
            and not self.evidence_count
        ):
            problems.append("Aucune preuve valable" if self.expired_count else "Aucune preuve")
        if self.expired_count:
            problems.append(f"{self.expired_count} preuve(s) expirée(s)")
        if self.open_nonconformities:
            problems.append(f"{self.open_nonconformities} non-conformité(s) ouverte(s)")
        problems += [f"Objectif manqué : {label}" for label in self.missed_indicators]
        return problems

    @property
    def ready(self) -> bool:
        return not self.problems


def recent_closed_months(organisation, count=CLOSED_MONTHS_CONSIDERED) -> list:
    return list(
        MonthClosure.objects.in_force()
        .filter(organisation=organisation)
        .order_by("-month")
        .values_list("month", flat=True)[:count]
    )


def scope_readiness(organisation) -> tuple[list[CommitmentReadiness], int | None]:
    """Each commitment of the scope with what lowers its readiness, and the scope's score (the
    percentage of commitments ready; None without scope)."""
    scope = scope_of(organisation)
    if scope is None:
        return [], None
    commitments = list(commitments_in_scope(organisation).select_related("module"))
    today = timezone.localdate()
    expired = Q(evidence__expires_on__lt=today)
    assessments = {
        a.commitment_id: a
        for a in SelfAssessment.objects.filter(
            organisation=organisation, commitment__in=commitments
        ).annotate(
            valid_evidence=Count("evidence", filter=~expired),
            expired_evidence=Count("evidence", filter=expired),
        )
    }
    last_audit_end = (
        Audit.objects.filter(organisation=organisation, ends_on__lt=today)
        .order_by("-ends_on")
        .values_list("ends_on", flat=True)
        .first()
    )
    open_actions = dict(
        Action.objects.open()
        .filter(organisation=organisation, commitments__in=commitments)
        .values_list("commitments")
        .annotate(n=Count("pk", distinct=True))
    )
    nonconformity_codes = scope.version.nonconformity_grades()
    open_nc = dict(
        Finding.objects.filter(
            audit__organisation=organisation,
            status=FindingStatus.OPEN,
            grade__in=nonconformity_codes,
            commitment__in=commitments,
        )
        .values_list("commitment")
        .annotate(n=Count("pk"))
    )
    missed = missed_targets(organisation, {c for x in commitments for c in x.indicator_codes})
    rows = []
    for commitment in commitments:
        assessment = assessments.get(commitment.pk)
        rows.append(
            CommitmentReadiness(
                commitment=commitment,
                assessment=assessment,
                evidence_count=assessment.valid_evidence if assessment else 0,
                expired_count=assessment.expired_evidence if assessment else 0,
                changed_since_audit=bool(
                    assessment
                    and last_audit_end
                    and timezone.localtime(assessment.assessed_at).date() > last_audit_end
                ),
                open_actions=open_actions.get(commitment.pk, 0),
                open_nonconformities=open_nc.get(commitment.pk, 0),
                missed_indicators=[
                    missed[code] for code in commitment.indicator_codes if code in missed
                ],
            )
        )
    score = round(100 * sum(r.ready for r in rows) / len(rows)) if rows else None
    return rows, score


def missed_targets(organisation, codes) -> dict[str, str]:
    """{code: label} of the indicators that missed their target in a recent closed month."""
    months = recent_closed_months(organisation)
    if not codes or not months:
        return {}
    missed = (
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, indicator__code__in=codes, month__in=months)
        .annotate(met=met_expression())
        .filter(met=False)
        .values_list("indicator__code", "indicator__label")
        .distinct()
    )
    return dict(missed)


def commitment_pack(organisation, commitment) -> dict:
    """Everything the auditor reads for one commitment."""
    assessment = (
        SelfAssessment.objects.filter(organisation=organisation, commitment=commitment)
        .select_related("assessed_by")
        .first()
    )
    today = timezone.localdate()
    evidence = []
    if assessment is not None:
        for item in assessment.evidence.select_related("added_by"):
            item.age_days = (today - timezone.localtime(item.added_at).date()).days
            item.expired = item.is_expired(today)
            evidence.append(item)
    months = recent_closed_months(organisation, 12)
    linked = Indicator.objects.filter(code__in=commitment.indicator_codes)
    indicators = list(linked.monthly())
    figures = {i.pk: [] for i in indicators}
    for row in (
        MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, indicator__in=indicators, month__in=months)
        .annotate(met=met_expression())
        .select_related("indicator")
        .order_by("indicator_id", "month")
    ):
        figures[row.indicator_id].append(row)
    summary = {
        row["indicator"]: row
        for row in MonthlyMeasurement.objects.organisation_level()
        .filter(organisation=organisation, indicator__in=indicators, month__in=months)
        .annotate(met_flag=met_expression())
        .values("indicator")
        .annotate(
            counted=Count("pk", filter=Q(value__isnull=False)),
            met=Count("pk", filter=Q(met_flag=True)),
        )
    }
    return {
        "assessment": assessment,
        "evidence": evidence,
        "closed_months": sorted(months),
        "indicators": [
            {
                "indicator": i,
                "rows": figures[i.pk],
                "counted": summary.get(i.pk, {}).get("counted", 0),
                "met": summary.get(i.pk, {}).get("met", 0),
            }
            for i in indicators
        ],
        # Yearly indicators (emergency communication…): this year and the last.
        "yearly_years": [today.year, today.year - 1],
        "yearly_rows": yearly_rows(organisation, [today.year, today.year - 1], linked.yearly()),
        "open_actions": Action.objects.open()
        .filter(organisation=organisation, commitments=commitment)
        .select_related("owner"),
        "findings": Finding.objects.filter(audit__organisation=organisation, commitment=commitment)
        .select_related("audit__version")
        .order_by("-audit__starts_on", "pk"),
    }
