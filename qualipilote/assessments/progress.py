"""Reading the self-assessment: progress per module and for the whole scope (counted by the
database in one aggregate query), the rows of a module page and of the export, the history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q

from qualipilote.frameworks.models import Module
from qualipilote.frameworks.scope import commitments_in_scope
from qualipilote.organisations.models import Organisation

from .enums import AssessmentStatus
from .models import Evidence, SelfAssessment

STATUSES = [
    (AssessmentStatus.MET, "met"),
    (AssessmentStatus.PARTLY_MET, "partly_met"),
    (AssessmentStatus.NOT_MET, "not_met"),
    (AssessmentStatus.NOT_APPLICABLE, "not_applicable"),
]


@dataclass(frozen=True)
class Progress:
    total: int = 0
    met: int = 0
    partly_met: int = 0
    not_met: int = 0
    not_applicable: int = 0

    @property
    def assessed(self) -> int:
        return self.met + self.partly_met + self.not_met + self.not_applicable

    @property
    def not_assessed(self) -> int:
        return self.total - self.assessed

    @property
    def percent_assessed(self) -> int:
        """Whole percent, rounded down so that 100 % means every commitment is assessed."""
        return self.assessed * 100 // self.total if self.total else 0

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            *(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__)
        )


def _own_assessment(organisation: Organisation) -> FilteredRelation:
    """The organisation's assessment of each commitment (LEFT JOIN … AND organisation = …)."""
    return FilteredRelation(
        "self_assessments", condition=Q(self_assessments__organisation=organisation)
    )


def module_progress(organisation: Organisation) -> list[tuple[Module, Progress]]:
    """Each module of the scope with its counts per status, from one aggregate query."""
    counts = {name: Count("pk", filter=Q(own__status=status.value)) for status, name in STATUSES}
    rows = (
        commitments_in_scope(organisation)
        .annotate(own=_own_assessment(organisation))
        .order_by()
        .values("module_id")
        .annotate(total=Count("pk"), **counts)
    )
    by_module = {row.pop("module_id"): Progress(**row) for row in rows}
    modules = Module.objects.filter(scopes__organisation=organisation).order_by("number")
    return [(module, by_module.get(module.pk, Progress())) for module in modules]


def scope_progress(per_module: list[tuple[Module, Progress]]) -> Progress:
    """The whole scope: the sum of the modules' aggregated counts (a few rows, not entries)."""
    return sum((progress for _module, progress in per_module), Progress())


def assessments_by_commitment(organisation: Organisation, commitments) -> dict:
    """The organisation's assessments of these commitments, with who and the evidence count."""
    assessments = (
        SelfAssessment.objects.filter(organisation=organisation, commitment__in=commitments)
        .select_related("assessed_by")
        .annotate(evidence_count=Count("evidence"))
    )
    return {assessment.commitment_id: assessment for assessment in assessments}


def out_of_scope_assessments(organisation: Organisation):
    """Assessments kept from a previous version or a module left out of the scope."""
    return (
        SelfAssessment.objects.filter(organisation=organisation)
        .exclude(commitment__in=commitments_in_scope(organisation))
        .select_related("commitment__version__framework", "commitment__module", "assessed_by")
        .order_by("commitment__version", "commitment__position", "commitment__number")
    )


def export_rows(organisation: Organisation) -> list[dict]:
    """One row per commitment in scope, assessed or not, for the XLSX export."""
    commitments = list(commitments_in_scope(organisation).select_related("module"))
    assessments = {
        assessment.commitment_id: assessment
        for assessment in SelfAssessment.objects.filter(
            organisation=organisation, commitment__in=commitments
        )
        .select_related("assessed_by")
        .prefetch_related("evidence")
    }
    return [
        {"commitment": commitment, "assessment": assessments.get(commitment.pk)}
        for commitment in commitments
    ]


# --- History ----------------------------------------------------------------------------------

TRACKED = {
    "status": "Appréciation",
    "not_applicable_reason": "Motif de non-application",
    "comment": "Commentaire",
}


def _status_label(value) -> str:
    return AssessmentStatus(value).label if value in AssessmentStatus.values else "—"


def assessment_history(assessment: SelfAssessment | None) -> list[dict]:
    """The assessment's changes and the evidence added or removed, newest first."""
    if assessment is None:
        return []
    events = []
    versions = list(assessment.history.select_related("history_user").order_by("history_date"))
    previous = None
    for version in versions:
        changes = []
        for name, label in TRACKED.items():
            old = getattr(previous, name) if previous else ""
            new = getattr(version, name)
            if old != new:
                if name == "status":
                    old, new = (_status_label(old) if old else "—"), _status_label(new)
                changes.append({"label": label, "old": old or "—", "new": new or "—"})
        if changes:
            events.append(
                {"date": version.history_date, "user": version.history_user, "changes": changes}
            )
        previous = version
    evidence_versions = Evidence.history.filter(
        assessment_id=assessment.pk, history_type__in=["+", "-"]
    ).select_related("history_user")
    for version in evidence_versions:
        verb = "Preuve ajoutée" if version.history_type == "+" else "Preuve retirée"
        events.append(
            {
                "date": version.history_date,
                "user": version.history_user,
                "changes": [{"label": verb, "old": "", "new": version.title}],
            }
        )
    return sorted(events, key=lambda event: event["date"], reverse=True)
