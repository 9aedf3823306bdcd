"""Pages of the document base. The tenancy middleware checks membership; every member reads and
acknowledges; writing documents and versions asks for MANAGE_DOCUMENTS, approving for
APPROVE_DOCUMENTS; the rules are in services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import APPROVE_DOCUMENTS, MANAGE_DOCUMENTS

from . import guide, queries, services
from .enums import DocumentKind, VersionStatus
from .forms import ApproveForm, DocumentForm, ReturnForm, VersionForm
from .models import Document, DocumentVersion, Reading


def _url(request, name, **kwargs):
    return reverse(f"documents:{name}", kwargs={"org_code": request.organisation.code, **kwargs})


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, field_errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, field_errors)


def _document(request, pk) -> Document:
    return get_object_or_404(Document, organisation=request.organisation, pk=pk)


def _version(request, pk) -> DocumentVersion:
    return get_object_or_404(
        DocumentVersion.objects.select_related("document"),
        document__organisation=request.organisation,
        pk=pk,
    )


def document_list(request, org_code):
    organisation = request.organisation
    today = timezone.localdate()
    documents = queries.documents_with_figures(organisation).order_by("kind", "number", "title")
    members = queries.active_members(organisation).count()
    kind = request.GET.get("kind")
    if kind in DocumentKind.values:
        documents = documents.filter(kind=kind)
    return render(
        request,
        "documents/document_list.html",
        {
            "page_title": "Base documentaire",
            "documents": documents,
            "members": members,
            "kinds": DocumentKind.choices,
            "kind": kind,
            "today": today,
            "review_limit": today + queries.dt.timedelta(days=queries.REVIEW_NOTICE_DAYS),
            "to_read_count": queries.to_read(organisation, request.user).count(),
            "can_manage": request.membership.can(MANAGE_DOCUMENTS),
        },
    )


@require_ability(MANAGE_DOCUMENTS)
def document_create(request, org_code):
    organisation = request.organisation
    form = DocumentForm(organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(
                organisation, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Document « {document.title} » créé.")
            return redirect(_url(request, "document", pk=document.pk))
    return render(
        request,
        "documents/document_form.html",
        {"page_title": "Nouveau document", "form": form},
        status=400 if form.errors else 200,
    )


@require_ability(MANAGE_DOCUMENTS)
def document_edit(request, org_code, pk):
    organisation = request.organisation
    document = _document(request, pk)
    initial = {
        "kind": document.kind,
        "theme": document.theme_id,
        "number": document.number,
        "title": document.title,
        "owner_unit": document.owner_unit_id,
        "commitments": list(document.commitments.values_list("pk", flat=True)),
        "next_review_on": document.next_review_on,
    }
    form = DocumentForm(organisation, request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(document, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Document « {document.title} » modifié.")
            return redirect(_url(request, "document", pk=document.pk))
    return render(
        request,
        "documents/document_form.html",
        {"page_title": f"Modifier {document}", "form": form, "document": document},
        status=400 if form.errors else 200,
    )


def document_detail(
    request, org_code, pk, *, version_form=None, approve_form=None, return_form=None, status=200
):
    document = _document(request, pk)
    versions = list(
        document.versions.select_related("author", "reviewer", "approver").order_by("-number")
    )
    current = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    membership = request.membership
    return render(
        request,
        "documents/document_detail.html",
        {
            "page_title": str(document),
            "document": document,
            "versions": versions,
            "current": current,
            "open_version": next(
                (v for v in versions if v.status in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)),
                None,
            ),
            "commitments": document.commitments.order_by("position", "number"),
            "by_unit": queries.reading_by_unit(current) if current else [],
            "overall": queries.reading_of_all(current) if current else None,
            "my_reading": Reading.objects.filter(version=current, user=request.user).first()
            if current
            else None,
            "can_manage": membership.can(MANAGE_DOCUMENTS),
            "can_approve": membership.can(APPROVE_DOCUMENTS),
            "version_form": version_form or VersionForm(),
            "approve_form": approve_form or ApproveForm(),
            "return_form": return_form or ReturnForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
@require_ability(MANAGE_DOCUMENTS)
def version_add(request, org_code, pk):
    document = _document(request, pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.add_version(
                document,
                author=request.user,
                upload=form.cleaned_data["file"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # another version is open: its form is hidden
                messages.error(request, " ".join(error.messages))
                return redirect(_url(request, "document", pk=document.pk) + "#versions")
            _add_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} déposée (brouillon).")
            return redirect(_url(request, "document", pk=document.pk) + "#versions")
    return document_detail(request, org_code, pk, version_form=form, status=400)


def _step(request, pk, action, done: str):
    version = _version(request, pk)
    try:
        action(version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(number=version.number))
    return redirect(_url(request, "document", pk=version.document_id) + "#versions")


@require_POST
@require_ability(MANAGE_DOCUMENTS)
def version_submit(request, org_code, pk):
    return _step(
        request,
        pk,
        lambda v: services.submit(v, user=request.user),
        "Version {number} soumise à relecture.",
    )


@require_POST
@require_ability(MANAGE_DOCUMENTS)
def version_review(request, org_code, pk):
    return _step(
        request,
        pk,
        lambda v: services.review(v, user=request.user),
        "Relecture de la version {number} enregistrée.",
    )


@require_POST
def version_return(request, org_code, pk):
    membership = request.membership
    if not (membership.can(MANAGE_DOCUMENTS) or membership.can(APPROVE_DOCUMENTS)):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Votre rôle ne permet pas cette action.")
    version = _version(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_to_author(version, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} renvoyée au rédacteur.")
            return redirect(_url(request, "document", pk=version.document_id) + "#versions")
    return document_detail(request, org_code, version.document_id, return_form=form, status=400)


@require_POST
@require_ability(APPROVE_DOCUMENTS)
def version_approve(request, org_code, pk):
    version = _version(request, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.approve(version, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} approuvée : elle est en vigueur.")
            return redirect(_url(request, "document", pk=version.document_id) + "#versions")
    return document_detail(request, org_code, version.document_id, approve_form=form, status=400)


@require_POST
def version_acknowledge(request, org_code, pk):
    version = _version(request, pk)
    try:
        _reading, created = services.acknowledge(version, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "Lecture enregistrée."
            if created
            else "Vous aviez déjà pris connaissance de cette version.",
        )
    if request.POST.get("next") == "a-lire":
        return redirect(_url(request, "to_read"))
    return redirect(_url(request, "document", pk=version.document_id))


def version_download(request, org_code, pk):
    """Version files are only served here, to members of their organisation."""
    version = _version(request, pk)
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.filename or "document",
        content_type=version.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def to_read(request, org_code):
    return render(
        request,
        "documents/to_read.html",
        {
            "page_title": "Documents à lire",
            "versions": queries.to_read(request.organisation, request.user),
        },
    )


def procedure_guide(request, org_code):
    return render(
        request,
        "documents/guide.html",
        {"page_title": "Guide des procédures", "themes": guide.guide_themes(request.organisation)},
    )


def procedure_guide_pdf(request, org_code):
    organisation = request.organisation
    response = HttpResponse(guide.guide_pdf(organisation), content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="guide-des-procedures-{organisation.code}-{stamp}.pdf"'
    )
    return response
