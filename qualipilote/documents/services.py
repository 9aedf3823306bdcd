"""The rules of the document base. Every path (pages, admin, demo) goes through here.

Workflow of a version: the author uploads it (draft, a file is required), submits it (in review),
a reviewer records the review, an approver approves it (never the author). Approving supersedes
the previous approved version in the same transaction, under a lock of the document's row, so
two approvals at once never leave two current versions (the database's partial unique constraint
is the last guard). Each step keeps who and when."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from qualipilote.assessments.files import check_evidence_file, safe_filename

from .enums import REVIEW_PERIOD_MONTHS, CommitteeKind, DocumentKind, VersionStatus
from .models import MAX_SHEET_NUMBER, Document, DocumentTheme, DocumentVersion, Reading

TITLE_MAX = 300
# A committee meeting or a next review lies within this many years of today.
YEARS_RANGE = 10


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_next_review(kind: str, approved_on: dt.date) -> dt.date:
    return add_months(approved_on, REVIEW_PERIOD_MONTHS.get(kind, 24))


# --- Themes and documents -----------------------------------------------------------------------


def set_theme(organisation, number: int, title: str) -> DocumentTheme:
    title = (title or "").strip()
    errors = {}
    if not isinstance(number, int) or not 0 <= number <= 9:
        errors["number"] = "Le numéro du thème doit être compris entre 0 et 9."
    if not title:
        errors["title"] = "Indiquez l'intitulé du thème."
    elif len(title) > 200:
        errors["title"] = "L'intitulé du thème ne peut dépasser 200 caractères."
    if errors:
        raise ValidationError(errors)
    theme, _ = DocumentTheme.objects.update_or_create(
        organisation=organisation, number=number, defaults={"title": title}
    )
    return theme


def _check_document(organisation, values: dict, document: Document | None = None) -> dict:
    errors = {}
    kind = values.get("kind")
    if kind not in DocumentKind.values:
        errors["kind"] = "Choisissez la nature du document."
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = "Indiquez l'intitulé du document."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"L'intitulé ne peut dépasser {TITLE_MAX} caractères."
    theme = values.get("theme")
    number = values.get("number")
    if theme is not None and theme.organisation_id != organisation.pk:
        errors["theme"] = "Ce thème n'appartient pas à votre organisation."
    if number is not None and not 0 <= number <= MAX_SHEET_NUMBER:
        errors["number"] = f"Le numéro de fiche doit être compris entre 0 et {MAX_SHEET_NUMBER}."
    elif kind == DocumentKind.PROCEDURE:
        if number is None:
            errors["number"] = "Une fiche de procédure porte un numéro (ex. 23)."
        if theme is None:
            errors.setdefault("theme", "Une fiche de procédure appartient à un thème du guide.")
    if (
        number is not None
        and theme is not None
        and "number" not in errors
        and number // 10 != theme.number
    ):
        errors["number"] = (
            f"La fiche {number} ne peut appartenir au thème {theme.number} : les fiches du "
            f"thème {theme.number} sont numérotées de {theme.number * 10} à "
            f"{theme.number * 10 + 9}."
        )
    if number is not None and "number" not in errors:
        taken = Document.objects.filter(organisation=organisation, number=number)
        if document is not None:
            taken = taken.exclude(pk=document.pk)
        if taken.exists():
            errors["number"] = f"La fiche {number} existe déjà dans votre organisation."
    unit = values.get("owner_unit")
    if unit is not None and unit.organisation_id != organisation.pk:
        errors["owner_unit"] = "Cette unité n'appartient pas à votre organisation."
    commitments = values.get("commitments") or []
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "theme": theme,
        "number": number,
        "owner_unit": unit,
        "commitments": list(commitments),
    }


def create_document(organisation, *, user=None, **values) -> Document:
    cleaned = _check_document(organisation, values)
    commitments = cleaned.pop("commitments")
    now = timezone.now()
    try:
        with transaction.atomic():
            document = Document.objects.create(
                organisation=organisation,
                created_by=user,
                created_at=now,
                updated_at=now,
                **cleaned,
            )
            document.commitments.set(commitments)
    except IntegrityError as error:  # the same number typed twice at the same instant
        raise ValidationError(
            {"number": f"La fiche {cleaned['number']} existe déjà dans votre organisation."}
        ) from error
    return document


def update_document(document: Document, **values) -> Document:
    cleaned = _check_document(document.organisation, values, document)
    commitments = cleaned.pop("commitments")
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(document, name, value)
        if "next_review_on" in values:
            document.next_review_on = _check_date(
                values["next_review_on"], "next_review_on", "prochaine revue", timezone.localdate()
            )
            document.review_reminded_on = None
        document.updated_at = timezone.now()
        document.save()
        document.commitments.set(commitments)
    return document


# --- Versions and their workflow ----------------------------------------------------------------


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def add_version(document: Document, *, author, upload, summary: str = "") -> DocumentVersion:
    """A new draft with its file. Refused without a file, with a refused file (type, size, like
    evidence), or while another version of the document is still a draft or in review."""
    if upload is None:
        raise ValidationError({"file": "Une version de document doit avoir un fichier."})
    file_type = check_evidence_file(upload)
    with transaction.atomic():
        document = _locked(document)
        if document.versions.filter(
            status__in=(VersionStatus.DRAFT, VersionStatus.IN_REVIEW)
        ).exists():
            raise ValidationError(
                "Une version de ce document est déjà en cours de rédaction ou de relecture : "
                "terminez-la avant d'en créer une autre."
            )
        number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        now = timezone.now()
        version = DocumentVersion(
            document=document,
            number=number,
            author=author,
            summary=(summary or "").strip(),
            filename=safe_filename(upload.name),
            content_type=file_type.content_type,
            created_at=now,
            updated_at=now,
        )
        version.file.save(version.filename, upload, save=False)
        version.save()
        Document.objects.filter(pk=document.pk).update(updated_at=now)
    return version


def _locked_version(version: DocumentVersion) -> DocumentVersion:
    Document.objects.select_for_update().filter(pk=version.document_id).first()
    return DocumentVersion.objects.select_related("document").get(pk=version.pk)


def submit(version: DocumentVersion, *, user) -> DocumentVersion:
    with transaction.atomic():
        version = _locked_version(version)
        if version.status != VersionStatus.DRAFT:
            raise ValidationError("Seule une version en brouillon peut être soumise à relecture.")
        if version.author_id != user.pk:
            raise ValidationError("Seul le rédacteur de la version peut la soumettre à relecture.")
        now = timezone.now()
        version.status = VersionStatus.IN_REVIEW
        version.submitted_at = now
        version.updated_at = now
        version.returned_comment = ""
        version.save()
    return version


def review(version: DocumentVersion, *, user) -> DocumentVersion:
    """The reviewer records the review: another person than the author."""
    with transaction.atomic():
        version = _locked_version(version)
        if version.status != VersionStatus.IN_REVIEW:
            raise ValidationError("Seule une version en relecture peut être relue.")
        if version.reviewed_at is not None:
            raise ValidationError("Cette version a déjà été relue.")
        if version.author_id == user.pk:
            raise ValidationError(
                "Le rédacteur ne peut pas relire sa propre version : la relecture revient à une "
                "autre personne."
            )
        now = timezone.now()
        version.reviewer = user
        version.reviewed_at = now
        version.updated_at = now
        version.save()
    return version


def return_to_author(version: DocumentVersion, *, user, comment: str) -> DocumentVersion:
    """The reviewer or the approver sends the version back to its author, with the reason."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Indiquez le motif du renvoi au rédacteur."})
    with transaction.atomic():
        version = _locked_version(version)
        if version.status != VersionStatus.IN_REVIEW:
            raise ValidationError("Seule une version en relecture peut être renvoyée.")
        version.status = VersionStatus.DRAFT
        version.reviewer = None
        version.reviewed_at = None
        version.submitted_at = None
        version.returned_comment = comment
        version.updated_at = timezone.now()
        version.save()
    return version


def _check_date(day, field: str, label: str, today: dt.date) -> dt.date | None:
    if day is None:
        return None
    if not isinstance(day, dt.date) or abs(day.year - today.year) > YEARS_RANGE:
        raise ValidationError(
            {field: f"La {label} doit se situer à moins de {YEARS_RANGE} ans d'aujourd'hui."}
        )
    return day


def approve(
    version: DocumentVersion,
    *,
    user,
    committee_kind: str = "",
    committee_met_on: dt.date | None = None,
    next_review_on: dt.date | None = None,
) -> DocumentVersion:
    """Approves a reviewed version (never by its author). The previous approved version is
    superseded in the same transaction, under the document's row lock. The next review date
    defaults to the approval date + the period of the document's kind."""
    today = timezone.localdate()
    if committee_kind and committee_kind not in CommitteeKind.values:
        raise ValidationError({"committee_kind": "Choisissez une instance de la liste."})
    committee_met_on = _check_date(committee_met_on, "committee_met_on", "date de séance", today)
    if committee_met_on and committee_met_on > today:
        raise ValidationError(
            {"committee_met_on": "La séance qui a validé la version ne peut être à venir."}
        )
    if committee_met_on and not committee_kind:
        raise ValidationError({"committee_kind": "Indiquez l'instance qui s'est réunie."})
    next_review_on = _check_date(next_review_on, "next_review_on", "prochaine revue", today)
    if next_review_on and next_review_on <= today:
        raise ValidationError({"next_review_on": "La prochaine revue doit être à venir."})
    with transaction.atomic():
        version = _locked_version(version)
        if version.author_id == user.pk:
            raise ValidationError(
                "Le rédacteur ne peut pas approuver sa propre version : l'approbation revient à "
                "une autre personne."
            )
        if version.status != VersionStatus.IN_REVIEW:
            raise ValidationError(
                f"Cette version est « {version.get_status_display().lower()} » : seule une "
                "version en relecture peut être approuvée."
            )
        if version.reviewed_at is None:
            raise ValidationError("Cette version doit d'abord être relue.")
        now = timezone.now()
        DocumentVersion.objects.filter(
            document_id=version.document_id, status=VersionStatus.APPROVED
        ).update(status=VersionStatus.SUPERSEDED, superseded_at=now, updated_at=now)
        version.status = VersionStatus.APPROVED
        version.approver = user
        version.approved_at = now
        version.updated_at = now
        version.committee_kind = committee_kind or ""
        version.committee_met_on = committee_met_on
        version.save()
        document = version.document
        document.next_review_on = next_review_on or default_next_review(
            document.kind, timezone.localdate(now)
        )
        document.review_reminded_on = None
        document.updated_at = now
        document.save(update_fields=["next_review_on", "review_reminded_on", "updated_at"])
    return version


def current_version(document: Document) -> DocumentVersion | None:
    return document.versions.filter(status=VersionStatus.APPROVED).first()


# --- Readings -----------------------------------------------------------------------------------


def acknowledge(version: DocumentVersion, *, user) -> tuple[Reading, bool]:
    """The member says they have read the version: once per person per version (a second click
    changes nothing). Only the current (approved) version can be acknowledged."""
    if version.status != VersionStatus.APPROVED:
        raise ValidationError("Seule la version en vigueur d'un document peut être lue.")
    try:
        with transaction.atomic():
            return Reading.objects.get_or_create(
                version=version, user=user, defaults={"read_at": timezone.now()}
            )
    except IntegrityError:  # the same click twice at the same instant
        return Reading.objects.get(version=version, user=user), False
