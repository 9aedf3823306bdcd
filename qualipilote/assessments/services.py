"""Named, atomic actions of the self-assessment (auto-diagnostic). Each checks that the
commitment is in the organisation's labelling scope, validates everything before it writes, and
records the acting user in the history.

Views check the role (ASSESS) with @require_ability before calling these.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from qualipilote.frameworks.models import Commitment
from qualipilote.frameworks.scope import is_in_scope
from qualipilote.organisations.models import Organisation

from .enums import AssessmentStatus, EvidenceKind
from .files import check_evidence_file, safe_filename
from .models import Evidence, SelfAssessment

LINK_SCHEMES = ["http", "https"]


def require_in_scope(organisation: Organisation, commitment: Commitment) -> None:
    if not is_in_scope(organisation, commitment):
        raise ValidationError(
            {
                "commitment": f"L'engagement {commitment.number} n'est pas dans le périmètre "
                f"de labellisation {organisation.name_with_de} : il ne peut pas être évalué."
            }
        )


def check_status(status: str, not_applicable_reason: str) -> None:
    if status not in AssessmentStatus.values:
        raise ValidationError({"status": "Choisissez une appréciation."})
    if status == AssessmentStatus.NOT_APPLICABLE and not not_applicable_reason.strip():
        raise ValidationError(
            {
                "not_applicable_reason": "Indiquez le motif de non-application : il est "
                "obligatoire quand l'engagement est jugé non applicable."
            }
        )


def check_link(url: str, title: str = "") -> str:
    url = (url or "").strip()
    if not url:
        raise ValidationError({"url": "Indiquez l'adresse du lien."})
    try:
        URLValidator(schemes=LINK_SCHEMES)(url)
    except ValidationError:
        raise ValidationError(
            {
                "url": "Le lien doit être une adresse web complète commençant par http:// ou https://."
            }
        ) from None
    if len(url) > Evidence._meta.get_field("url").max_length:
        raise ValidationError({"url": "Le lien est trop long (1 000 caractères au plus)."})
    if len(title) > Evidence._meta.get_field("title").max_length:
        raise ValidationError({"title": "L'intitulé est trop long (300 caractères au plus)."})
    return url


def _assessment_of(organisation, commitment) -> SelfAssessment:
    assessment = SelfAssessment.objects.filter(
        organisation=organisation, commitment=commitment
    ).first()
    if assessment is None:
        raise ValidationError(
            {
                "commitment": "Enregistrez d'abord l'appréciation de l'engagement "
                "avant d'y joindre une preuve."
            }
        )
    return assessment


@transaction.atomic
def record_self_assessment(
    organisation: Organisation,
    commitment: Commitment,
    *,
    status: str,
    not_applicable_reason: str = "",
    comment: str = "",
    user,
    now: dt.datetime | None = None,
) -> SelfAssessment:
    """Creates or updates the organisation's rating of one commitment of its scope."""
    require_in_scope(organisation, commitment)
    check_status(status, not_applicable_reason)
    reason = not_applicable_reason.strip() if status == AssessmentStatus.NOT_APPLICABLE else ""
    assessment = (
        SelfAssessment.objects.select_for_update()
        .filter(organisation=organisation, commitment=commitment)
        .first()
    ) or SelfAssessment(organisation=organisation, commitment=commitment)
    new_values = {"status": status, "not_applicable_reason": reason, "comment": comment.strip()}
    if assessment.pk and all(getattr(assessment, k) == v for k, v in new_values.items()):
        return assessment  # nothing changed: no new history entry
    for name, value in new_values.items():
        setattr(assessment, name, value)
    assessment.assessed_by = user
    assessment.assessed_at = now or timezone.now()
    assessment.carried_over = False  # changed since the previous self-assessment (baseline)
    assessment._history_user = user
    assessment.save()
    return assessment


@transaction.atomic
def add_file_evidence(
    organisation: Organisation,
    commitment: Commitment,
    *,
    file,
    title: str = "",
    user,
    expires_on=None,
) -> Evidence:
    """Stores an uploaded file (Django's storage API) as evidence of an assessed commitment."""
    require_in_scope(organisation, commitment)
    file_type = check_evidence_file(file)
    if len(title) > Evidence._meta.get_field("title").max_length:
        raise ValidationError({"title": "L'intitulé est trop long (300 caractères au plus)."})
    assessment = _assessment_of(organisation, commitment)
    name = safe_filename(file.name)
    evidence = Evidence(
        assessment=assessment,
        kind=EvidenceKind.FILE,
        title=title.strip() or name,
        filename=name,
        content_type=file_type.content_type,
        size=file.size,
        added_by=user,
        expires_on=expires_on,
    )
    evidence._history_user = user
    evidence.file.save(name, file, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(evidence.file.name)  # no orphan file if the row fails
        raise
    return evidence


@transaction.atomic
def add_link_evidence(
    organisation: Organisation,
    commitment: Commitment,
    *,
    url: str,
    title: str = "",
    user,
    expires_on=None,
) -> Evidence:
    """Records a link (intranet page, published result…) as evidence; http(s) only."""
    require_in_scope(organisation, commitment)
    url = check_link(url, title)
    assessment = _assessment_of(organisation, commitment)
    evidence = Evidence(
        assessment=assessment,
        kind=EvidenceKind.LINK,
        title=title.strip() or url[:300],
        url=url,
        added_by=user,
        expires_on=expires_on,
    )
    evidence._history_user = user
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence(organisation: Organisation, evidence: Evidence, *, user) -> None:
    """Removes a piece of evidence; the history keeps who removed what and when. The stored
    file is deleted once the removal is committed."""
    if evidence.assessment.organisation_id != organisation.pk:
        raise ValidationError("Cette preuve n'appartient pas à l'organisation.")
    require_in_scope(organisation, evidence.assessment.commitment)
    stored = evidence.file.name if evidence.kind == EvidenceKind.FILE else ""
    storage = evidence.file.storage
    evidence._history_user = user
    evidence.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def assess_commitment(
    organisation: Organisation,
    commitment: Commitment,
    *,
    status: str,
    not_applicable_reason: str = "",
    comment: str = "",
    file=None,
    url: str = "",
    link_title: str = "",
    user,
) -> SelfAssessment:
    """The commitment page's form: the rating and, optionally, a file and a link, saved all
    together or not at all (everything is checked before the first write)."""
    require_in_scope(organisation, commitment)
    check_status(status, not_applicable_reason)
    if file is not None:
        check_evidence_file(file)
    if url.strip():
        check_link(url, link_title)
    assessment = record_self_assessment(
        organisation,
        commitment,
        status=status,
        not_applicable_reason=not_applicable_reason,
        comment=comment,
        user=user,
    )
    if file is not None:
        add_file_evidence(organisation, commitment, file=file, user=user)
    if url.strip():
        add_link_evidence(organisation, commitment, url=url, title=link_title, user=user)
    return assessment
