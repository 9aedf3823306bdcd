"""The label cycle's audits and their findings. The follow-up interval, the label's validity and
the grading scale come from the framework version (frameworks' data files), never from code."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qualipilote.assessments.files import check_evidence_file, safe_filename
from qualipilote.frameworks.models import Commitment
from qualipilote.frameworks.scope import is_in_scope, scope_of
from qualipilote.indicators.periods import add_months

from .enums import AuditKind, FindingStatus
from .models import Audit, Finding

# The internal audit (ministry auditor) comes this many months before each external one.
INTERNAL_AUDIT_LEAD_MONTHS = 2
CYCLE_AUDIT_DAYS = 2  # an external audit planned from the cycle lasts two days until rescheduled


def _shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), the month's last day when it is shorter."""
    first = add_months(dt.date(day.year, day.month, 1), months)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


def audit_errors(values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in AuditKind.values:
        errors["kind"] = [f"Nature d'audit inconnue (attendu : {', '.join(AuditKind.values)})."]
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = ["Indiquez la date de début de l'audit."]
    if ends_on is None:
        errors["ends_on"] = ["Indiquez la date de fin de l'audit."]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = ["La fin de l'audit ne peut pas précéder son début."]
    return errors


def create_audit(
    organisation, *, user, version=None, previous=None, report=None, **values
) -> Audit:
    """An audit of the organisation's labelling scope (its framework version by default). With
    `previous`, the audit starts from that one: its open findings are carried over (marked as
    such, `carry_over_findings`) and its page shows the previous findings beside the new ones.
    The report file is checked like evidence (type, size)."""
    if version is None:
        scope = scope_of(organisation)
        if scope is None:
            raise ValidationError(
                "Définissez d'abord le périmètre de labellisation : l'audit porte sur lui."
            )
        version = scope.version
    errors = audit_errors(values)
    if previous is not None and previous.organisation_id != organisation.pk:
        errors["previous"] = ["Cet audit n'appartient pas à l'organisation."]
    if report is not None:
        try:
            check_evidence_file(report)
        except ValidationError as error:
            errors["report"] = error.messages
    if errors:
        raise ValidationError(errors)
    audit = Audit(
        organisation=organisation, version=version, previous=previous, created_by=user, **values
    )
    if report is not None:
        audit.report_filename = safe_filename(report.name)
        audit.report.save(audit.report_filename, report, save=False)
    with transaction.atomic():
        audit._history_user = user
        audit.save()
        if previous is not None:
            carry_over_findings(audit, user=user)
    return audit


def carry_over_findings(audit, *, user) -> list[Finding]:
    """The previous audit's open findings, copied into `audit` with `carried_from` set: a
    nonconformity not yet closed stays on the list, with the actions already decided. Findings
    of another framework version, or outside the scope now, are not carried."""
    previous = audit.previous
    already = set(audit.findings.values_list("carried_from_id", flat=True))
    carried = []
    for finding in previous.findings.filter(status=FindingStatus.OPEN).select_related("commitment"):
        if finding.pk in already or finding.commitment.version_id != audit.version_id:
            continue
        if not is_in_scope(audit.organisation, finding.commitment):
            continue
        copy = Finding(
            audit=audit,
            commitment=finding.commitment,
            grade=finding.grade,
            text=finding.text,
            carried_from=finding,
            recorded_at=timezone.now(),
            recorded_by=user,
        )
        copy._history_user = user
        copy._change_reason = f"Repris de l'audit précédent ({previous})"
        copy.save()
        carried.append(copy)
    return carried


def actions_of(finding):
    """The finding's actions and those of the findings it was carried from."""
    from .models import Action

    ids = [finding.pk]
    source = finding.carried_from
    while source is not None and source.pk not in ids:
        ids.append(source.pk)
        source = source.carried_from
    return Action.objects.filter(finding_id__in=ids).order_by("reference")


def update_audit(audit, *, user, **values) -> Audit:
    current = {
        "kind": audit.kind,
        "starts_on": audit.starts_on,
        "ends_on": audit.ends_on,
    } | values
    errors = audit_errors(current)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(audit, name, value)
    audit._history_user = user
    audit.save()
    return audit


def cycle_dates(version, labelled_on: dt.date) -> list[tuple[str, dt.date]]:
    """(kind, date) of the cycle's audits from the labelling date, as the version says."""
    problems = []
    if not version.follow_up_months:
        problems.append("l'intervalle de l'audit de suivi (follow_up_months)")
    if not version.label_validity_years:
        problems.append("la durée du label (label_validity_years)")
    if problems:
        raise ValidationError(
            f"Le référentiel {version} ne précise pas {' ni '.join(problems)} : "
            "complétez son fichier de données pour planifier le cycle."
        )
    follow_up = _shift_months(labelled_on, version.follow_up_months)
    renewal = _shift_months(labelled_on, 12 * version.label_validity_years)
    dates = [(AuditKind.LABELLING, labelled_on)]
    for kind, day in ((AuditKind.FOLLOW_UP, follow_up), (AuditKind.RENEWAL, renewal)):
        dates.append((AuditKind.INTERNAL, _shift_months(day, -INTERNAL_AUDIT_LEAD_MONTHS)))
        dates.append((kind, day))
    return dates


def plan_cycle(organisation, labelled_on: dt.date, *, user) -> list[Audit]:
    """Plans the label cycle from the labelling date: the labelling audit, the follow-up and
    renewal audits, each preceded by an internal audit. Audits already planned on the same day
    with the same kind are kept (planning twice adds nothing)."""
    scope = scope_of(organisation)
    if scope is None:
        raise ValidationError("Définissez d'abord le périmètre de labellisation.")
    created = []
    with transaction.atomic():
        for kind, day in cycle_dates(scope.version, labelled_on):
            if Audit.objects.filter(organisation=organisation, kind=kind, starts_on=day).exists():
                continue
            created.append(
                create_audit(
                    organisation,
                    user=user,
                    version=scope.version,
                    kind=kind,
                    starts_on=day,
                    ends_on=day + dt.timedelta(days=CYCLE_AUDIT_DAYS - 1),
                )
            )
    return created


# --- Findings -------------------------------------------------------------------------------------


def finding_errors(audit, *, commitment, grade, text) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    version = audit.version
    if commitment is None:
        errors["commitment"] = ["Indiquez l'engagement concerné."]
    elif commitment.version_id != version.pk:
        errors["commitment"] = [
            f"L'engagement {commitment.number} appartient à {commitment.version}, pas au "
            f"référentiel audité ({version})."
        ]
    elif not is_in_scope(audit.organisation, commitment):
        errors["commitment"] = [
            f"L'engagement {commitment.number} n'est pas dans le périmètre de labellisation."
        ]
    codes = [g["code"] for g in version.finding_grades]
    if not codes:
        errors["grade"] = [
            f"Le référentiel {version} ne déclare pas d'échelle de cotation (finding_grades)."
        ]
    elif grade not in codes:
        errors["grade"] = [f"Cotation « {grade} » inconnue (attendu : {', '.join(codes)})."]
    if not (text or "").strip():
        errors["text"] = ["Rédigez le constat."]
    return errors


def record_finding(audit, *, commitment: Commitment | None, grade: str, text: str, user) -> Finding:
    errors = finding_errors(audit, commitment=commitment, grade=grade, text=text)
    if errors:
        raise ValidationError(errors)
    finding = Finding(
        audit=audit,
        commitment=commitment,
        grade=grade,
        text=text.strip(),
        recorded_at=timezone.now(),
        recorded_by=user,
    )
    finding._history_user = user
    finding.save()
    return finding


def closing_problems(finding) -> list[str]:
    """Why the finding cannot be closed yet (empty: it can). A nonconformity needs at least one
    action, none still open, and every action done with its effectiveness verdict."""
    if not finding.is_nonconformity:
        return []
    actions = list(actions_of(finding) if finding.carried_from_id else finding.actions.all())
    if not actions:
        return ["Une non-conformité ne se clôt qu'avec au moins une action : créez-la d'abord."]
    problems = []
    open_actions = [a.reference for a in actions if a.is_open]
    if open_actions:
        problems.append(
            "Des actions de cette non-conformité sont encore ouvertes : "
            + ", ".join(open_actions)
            + "."
        )
    unjudged = [a.reference for a in actions if a.status == "done" and not a.has_verdict]
    if unjudged:
        problems.append(
            "L'efficacité de ces actions n'a pas encore été vérifiée : " + ", ".join(unjudged) + "."
        )
    if not open_actions and not any(a.status == "done" for a in actions):
        problems.append("Toutes les actions de cette non-conformité ont été abandonnées.")
    return problems


def set_finding_status(finding, status: str, *, user) -> Finding:
    """Closes or reopens a finding. The finding's row is locked so that an action changed at the
    same moment is seen; closing a closed finding changes nothing."""
    if status not in FindingStatus.values:
        raise ValidationError({"status": f"État « {status} » inconnu (attendu : open, closed)."})
    with transaction.atomic():
        fresh = (
            Finding.objects.select_for_update(of=("self",))
            .select_related("audit__version")
            .get(pk=finding.pk)
        )
        if fresh.status == status:
            return fresh
        if status == FindingStatus.CLOSED:
            problems = closing_problems(fresh)
            if problems:
                raise ValidationError({"status": problems})
            fresh.closed_at, fresh.closed_by = timezone.now(), user
        else:
            fresh.closed_at, fresh.closed_by = None, None
        fresh.status = status
        fresh._history_user = user
        fresh.save()
    return fresh
