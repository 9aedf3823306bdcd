"""Self-assessment pages. The tenancy middleware checks membership; every write asks for the
ASSESS ability (quality lead and correspondents) and goes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualipilote.frameworks.models import Commitment
from qualipilote.frameworks.scope import commitments_in_scope, is_in_scope, scope_of
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import ASSESS

from . import baseline, progress, services
from .enums import EvidenceKind
from .exports import export_response
from .forms import AssessmentForm, FileEvidenceForm, LinkEvidenceForm
from .models import Evidence, SelfAssessment


def _can_assess(request) -> bool:
    return request.membership.can(ASSESS)


def _commitment_url(request, commitment) -> str:
    return reverse(
        "assessments:commitment",
        kwargs={"org_code": request.organisation.code, "pk": commitment.pk},
    )


def overview(request, org_code):
    organisation = request.organisation
    per_module = progress.module_progress(organisation)
    return render(
        request,
        "assessments/overview.html",
        {
            "page_title": "Auto-diagnostic",
            "scope": scope_of(organisation),
            "per_module": per_module,
            "total": progress.scope_progress(per_module),
            "out_of_scope_count": progress.out_of_scope_assessments(organisation).count(),
            "can_assess": _can_assess(request),
            "round": baseline.latest_round(organisation),
        },
    )


@require_POST
@require_ability(ASSESS)
def start_round(request, org_code):
    """A new self-assessment from the previous answers (baseline), then the changes page."""
    try:
        baseline.start_from_previous(request.organisation, user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("assessments:overview", org_code=org_code)
    messages.success(
        request,
        "Nouvel auto-diagnostic commencé : les réponses précédentes sont reprises, "
        "marquées « Reprise » jusqu'à leur modification.",
    )
    return redirect("assessments:changes", org_code=org_code)


def changes(request, org_code):
    round_ = baseline.latest_round(request.organisation)
    if round_ is None:
        raise Http404("Aucun auto-diagnostic n'a été repris.")
    return render(
        request,
        "assessments/changes.html",
        {
            "page_title": "Ce qui a changé depuis la reprise",
            "round": round_,
            "changes": baseline.changes_since(round_),
        },
    )


def module(request, org_code, pk):
    organisation = request.organisation
    scope = scope_of(organisation)
    if scope is None:
        raise Http404("Aucun périmètre de labellisation.")
    chosen = get_object_or_404(scope.modules, pk=pk)
    commitments = list(commitments_in_scope(organisation).filter(module=chosen))
    assessments = progress.assessments_by_commitment(organisation, commitments)
    module_figures = dict(progress.module_progress(organisation)).get(chosen)
    return render(
        request,
        "assessments/module.html",
        {
            "page_title": str(chosen),
            "module": chosen,
            "figures": module_figures,
            "rows": [(c, assessments.get(c.pk)) for c in commitments],
            "can_assess": _can_assess(request),
        },
    )


def out_of_scope(request, org_code):
    return render(
        request,
        "assessments/out_of_scope.html",
        {
            "page_title": "Auto-diagnostics hors du périmètre actuel",
            "scope": scope_of(request.organisation),
            "assessments": progress.out_of_scope_assessments(request.organisation),
        },
    )


# --- The commitment page ---------------------------------------------------------------------


def framework_commitment_url(commitment: Commitment) -> str:
    """The commitment's page in the frameworks pages (empty if that app's URL is missing)."""
    try:
        return reverse(
            "frameworks:commitment",
            kwargs={
                "framework_code": commitment.version.framework.code,
                "version": commitment.version.version,
                "number": commitment.number,
            },
        )
    except NoReverseMatch:
        return ""


def _commitment_page(request, commitment, *, form=None, file_form=None, link_form=None):
    organisation = request.organisation
    assessment = (
        SelfAssessment.objects.filter(organisation=organisation, commitment=commitment)
        .select_related("assessed_by")
        .first()
    )
    in_scope = is_in_scope(organisation, commitment)
    if assessment is None and not in_scope:
        raise Http404("Cet engagement n'est pas dans le périmètre de labellisation.")
    scope = scope_of(organisation)
    for bound in (form, file_form, link_form):
        if bound is not None and bound.errors:
            bound.focus_first_error()
    return render(
        request,
        "assessments/commitment.html",
        {
            "page_title": f"Engagement {commitment.number}",
            "commitment": commitment,
            "assessment": assessment,
            "in_scope": in_scope,
            "previous_version": scope is None or commitment.version_id != scope.version_id,
            "sub_criteria": commitment.sub_criteria.order_by("position", "code"),
            "framework_url": framework_commitment_url(commitment),
            "evidence": assessment.evidence.select_related("added_by") if assessment else [],
            "history": progress.assessment_history(assessment),
            "can_assess": in_scope and _can_assess(request),
            "form": form
            or AssessmentForm(
                initial=AssessmentForm.initial_from(assessment), with_evidence=assessment is None
            ),
            "file_form": file_form or FileEvidenceForm(),
            "link_form": link_form or LinkEvidenceForm(),
            "today": timezone.localdate(),
        },
    )


def _get_commitment(pk) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("module", "version__framework"), pk=pk
    )


def commitment(request, org_code, pk):
    return _commitment_page(request, _get_commitment(pk))


def _add_errors(form, error: ValidationError) -> None:
    for name, field_errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, field_errors)


def _assessed_commitment(request, pk) -> Commitment:
    """A commitment being written to: it must be in this organisation's scope (404 if not)."""
    found = _get_commitment(pk)
    if not is_in_scope(request.organisation, found):
        raise Http404("Cet engagement n'est pas dans le périmètre de labellisation.")
    return found


@require_POST
@require_ability(ASSESS)
def assess(request, org_code, pk):
    found = _assessed_commitment(request, pk)
    assessed = SelfAssessment.objects.filter(
        organisation=request.organisation, commitment=found
    ).exists()
    form = AssessmentForm(request.POST, request.FILES, with_evidence=not assessed)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assess_commitment(
                request.organisation,
                found,
                status=data["status"],
                not_applicable_reason=data["not_applicable_reason"],
                comment=data["comment"],
                file=data.get("file"),
                url=data.get("url", ""),
                link_title=data.get("link_title", ""),
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Auto-diagnostic de l'engagement {found.number} enregistré.")
            return redirect(_commitment_url(request, found))
    return _commitment_page(request, found, form=form)


@require_POST
@require_ability(ASSESS)
def add_file(request, org_code, pk):
    found = _assessed_commitment(request, pk)
    form = FileEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_file_evidence(
                request.organisation, found, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Fichier de preuve ajouté.")
            return redirect(_commitment_url(request, found) + "#preuves")
    return _commitment_page(request, found, file_form=form)


@require_POST
@require_ability(ASSESS)
def add_link(request, org_code, pk):
    found = _assessed_commitment(request, pk)
    form = LinkEvidenceForm(request.POST)
    if form.is_valid():
        try:
            services.add_link_evidence(
                request.organisation, found, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Lien de preuve ajouté.")
            return redirect(_commitment_url(request, found) + "#preuves")
    return _commitment_page(request, found, link_form=form)


def _organisation_evidence(request, pk) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("assessment__commitment"),
        pk=pk,
        assessment__organisation=request.organisation,
    )


@require_POST
@require_ability(ASSESS)
def remove(request, org_code, pk):
    evidence = _organisation_evidence(request, pk)
    commitment_url = _commitment_url(request, evidence.assessment.commitment)
    try:
        services.remove_evidence(request.organisation, evidence, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Preuve « {evidence.title} » retirée.")
    return redirect(commitment_url + "#preuves")


def download(request, org_code, pk):
    """Evidence files are only served here, to members of their organisation."""
    evidence = _organisation_evidence(request, pk)
    if evidence.kind != EvidenceKind.FILE:
        raise Http404("Cette preuve est un lien.")
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.filename or "preuve",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def export(request, org_code):
    organisation = request.organisation
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    return export_response(organisation, f"auto-diagnostic-{organisation.code}-{stamp}")
