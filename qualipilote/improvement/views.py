"""Pages of the action plan, the audits and the audit readiness. The tenancy middleware checks
membership; every member reads; writes ask for MANAGE_ACTIONS, MANAGE_AUDITS or (recording a
finding, the auditor's one write) RECORD_AUDIT_FINDINGS, and go through services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualipilote.assessments.models import SelfAssessment
from qualipilote.common.tabular import ImportRejected
from qualipilote.frameworks.models import Commitment
from qualipilote.frameworks.scope import commitments_in_scope, scope_of
from qualipilote.organisations.access import public_page, require_ability
from qualipilote.organisations.permissions import (
    MANAGE_ACTIONS,
    MANAGE_AUDITS,
    RECORD_AUDIT_FINDINGS,
)

from . import audits, ical, pack, readiness, services
from . import milestones as calendar
from .effectiveness import figures_since
from .enums import ActionSource, ActionStatus, FindingStatus
from .forms import (
    ActionForm,
    AuditForm,
    CycleForm,
    EffectivenessForm,
    FindingForm,
    ImportForm,
    MilestoneForm,
    NoteForm,
    StatusForm,
)
from .models import Action, Audit, Finding
from .reminders import DUE_SOON_DAYS
from .tables import ACTION_PLAN, export_response, import_action_plan


def _url(request, name, **kwargs):
    return reverse(f"improvement:{name}", kwargs={"org_code": request.organisation.code, **kwargs})


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, field_errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, field_errors)


# --- The action plan ----------------------------------------------------------------------------


def filtered_actions(request):
    organisation = request.organisation
    actions = (
        Action.objects.filter(organisation=organisation)
        .select_related("owner", "owner_unit")
        .prefetch_related("commitments", "indicators")
    )
    params = request.GET
    today = timezone.localdate()
    if params.get("status") in ActionStatus.values:
        actions = actions.filter(status=params["status"])
    if params.get("source") in ActionSource.values:
        actions = actions.filter(source=params["source"])
    if params.get("owner", "").isdigit():
        actions = actions.filter(owner_id=int(params["owner"]))
    if params.get("commitment", "").isdigit():
        actions = actions.filter(commitments__pk=int(params["commitment"]))
    if params.get("when") == "overdue":
        actions = actions.overdue(today)
    elif params.get("when") == "due_soon":
        actions = actions.due_between(today, today + dt.timedelta(days=DUE_SOON_DAYS))
    return actions.distinct().order_by("due_on", "reference")


def action_list(request, org_code):
    organisation = request.organisation
    today = timezone.localdate()
    counts = Action.objects.filter(organisation=organisation).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=("planned", "in_progress"))),
        overdue=Count("pk", filter=Q(status__in=("planned", "in_progress"), due_on__lt=today)),
    )
    owners = (
        Action.objects.filter(organisation=organisation)
        .values("owner_id", "owner__first_name", "owner__last_name", "owner__username")
        .annotate(n=Count("pk"))
        .order_by("owner__last_name")
    )
    return render(
        request,
        "improvement/action_list.html",
        {
            "page_title": "Plan d'actions",
            "actions": filtered_actions(request),
            "counts": counts,
            "today": today,
            "statuses": ActionStatus.choices,
            "sources": ActionSource.choices,
            "owners": owners,
            "commitments": commitments_in_scope(organisation),
            "filters": request.GET,
            "can_manage": request.membership.can(MANAGE_ACTIONS),
        },
    )


def action_export(request, org_code):
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    return export_response(
        filtered_actions(request), f"plan-actions-{request.organisation.code}-{stamp}"
    )


def _action_form(request, data=None):
    return ActionForm(
        request.organisation,
        data,
        commitments=Commitment.objects.select_related("version")
        .filter(version__scopes__organisation=request.organisation)
        .order_by("position", "number"),
    )


@require_ability(MANAGE_ACTIONS)
def action_create(request, org_code):
    organisation = request.organisation
    origin = {}
    if request.GET.get("finding", "").isdigit() or request.POST.get("finding", "").isdigit():
        pk = int(request.GET.get("finding") or request.POST.get("finding"))
        origin["finding"] = get_object_or_404(
            Finding.objects.select_related("audit__version", "commitment"),
            pk=pk,
            audit__organisation=organisation,
        )
    assessment_pk = request.GET.get("assessment") or request.POST.get("assessment") or ""
    if assessment_pk.isdigit():
        origin["self_assessment"] = get_object_or_404(
            SelfAssessment.objects.select_related("commitment"),
            pk=int(assessment_pk),
            organisation=organisation,
        )
    if request.method == "POST":
        form = _action_form(request, request.POST)
        if form.is_valid():
            try:
                action = services.create_action(
                    organisation, user=request.user, **form.cleaned_data, **origin
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Action {action.reference} créée.")
                return redirect(_url(request, "action", pk=action.pk))
    else:
        initial = {"owner": request.user.pk, "kind": "corrective"}
        if "finding" in origin:
            initial |= {
                "source": ActionSource.AUDIT_FINDING,
                "commitments": [origin["finding"].commitment_id],
            }
        if "self_assessment" in origin:
            initial |= {
                "source": ActionSource.SELF_ASSESSMENT,
                "commitments": [origin["self_assessment"].commitment_id],
            }
        form = _action_form(request)
        form.initial = initial
    form.focus_first_error() if form.errors else None
    return render(
        request,
        "improvement/action_form.html",
        {"page_title": "Nouvelle action", "form": form, "origin": origin, "action": None},
    )


@require_ability(MANAGE_ACTIONS)
def action_edit(request, org_code, pk):
    """Changes what an action says: title, owner, due date, links (the state has its own form)."""
    action = _organisation_action(request, pk)
    if request.method == "POST":
        form = _action_form(request, request.POST)
        if form.is_valid():
            try:
                services.update_action(action, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Action {action.reference} modifiée.")
                return redirect(_url(request, "action", pk=action.pk))
        form.focus_first_error()
    else:
        form = _action_form(request)
        form.initial = {
            "title": action.title,
            "description": action.description,
            "kind": action.kind,
            "source": action.source,
            "source_detail": action.source_detail,
            "owner": action.owner_id,
            "owner_unit": action.owner_unit_id,
            "due_on": action.due_on,
            "commitments": list(action.commitments.values_list("pk", flat=True)),
            "indicators": list(action.indicators.values_list("pk", flat=True)),
        }
    return render(
        request,
        "improvement/action_form.html",
        {"page_title": f"Modifier l'action {action.reference}", "form": form, "action": action},
    )


def _organisation_action(request, pk) -> Action:
    return get_object_or_404(
        Action.objects.select_related(
            "owner",
            "owner_unit",
            "finding__audit__version",
            "self_assessment__commitment",
            "feedback",
            "effectiveness_checked_by",
        ),
        pk=pk,
        organisation=request.organisation,
    )


def _action_page(request, action, *, status_form=None, effectiveness_form=None, note_form=None):
    figures = (
        figures_since(request.organisation, action.indicators.all(), action.completed_on)
        if action.completed_on
        else []
    )
    return render(
        request,
        "improvement/action_detail.html",
        {
            "page_title": f"Action {action.reference}",
            "action": action,
            "today": timezone.localdate(),
            "notes": action.notes.select_related("written_by"),
            "figures": figures,
            "history": action.history.select_related("history_user").order_by("-history_date")[:20],
            "can_manage": request.membership.can(MANAGE_ACTIONS),
            "status_form": status_form or StatusForm(initial={"status": action.status}),
            "effectiveness_form": effectiveness_form
            or EffectivenessForm(initial={"effectiveness": action.effectiveness}),
            "note_form": note_form or NoteForm(),
        },
    )


def action_detail(request, org_code, pk):
    return _action_page(request, _organisation_action(request, pk))


@require_POST
@require_ability(MANAGE_ACTIONS)
def action_status(request, org_code, pk):
    action = _organisation_action(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(action, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "État de l'action enregistré.")
            return redirect(_url(request, "action", pk=action.pk))
    return _action_page(request, action, status_form=form)


@require_POST
@require_ability(MANAGE_ACTIONS)
def action_effectiveness(request, org_code, pk):
    action = _organisation_action(request, pk)
    form = EffectivenessForm(request.POST)
    if form.is_valid():
        try:
            services.record_effectiveness(
                action, form.cleaned_data["effectiveness"], user=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Vérification de l'efficacité enregistrée.")
            return redirect(_url(request, "action", pk=action.pk))
    return _action_page(request, action, effectiveness_form=form)


@require_POST
@require_ability(MANAGE_ACTIONS)
def action_note(request, org_code, pk):
    action = _organisation_action(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(action, form.cleaned_data["text"], user=request.user)
        messages.success(request, "Note ajoutée.")
        return redirect(_url(request, "action", pk=action.pk) + "#notes")
    return _action_page(request, action, note_form=form)


@require_ability(MANAGE_ACTIONS)
def action_import(request, org_code):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = import_action_plan(
                request.organisation,
                upload.read(),
                upload.name,
                user=request.user,
                today=timezone.localdate(),
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, f"{len(created)} actions importées.")
            return redirect(_url(request, "actions"))
    return render(
        request,
        "improvement/action_import.html",
        {
            "page_title": "Importer un plan d'actions",
            "form": form,
            "errors": errors,
            "columns": ACTION_PLAN.columns,
        },
    )


def action_import_template(request, org_code):
    return ACTION_PLAN.template_response("xlsx", "modele-plan-actions")


# --- Audits --------------------------------------------------------------------------------------


def audit_list(request, org_code, *, audit_form=None, cycle_form=None):
    organisation = request.organisation
    return render(
        request,
        "improvement/audit_list.html",
        {
            "page_title": "Audits et cycle de labellisation",
            "scope": scope_of(organisation),
            "audits": Audit.objects.filter(organisation=organisation)
            .select_related("version__framework")
            .annotate(
                finding_count=Count("findings"),
                open_count=Count("findings", filter=Q(findings__status=FindingStatus.OPEN)),
            ),
            "today": timezone.localdate(),
            "can_manage": request.membership.can(MANAGE_AUDITS),
            "audit_form": audit_form or AuditForm(organisation),
            "cycle_form": cycle_form or CycleForm(),
        },
    )


@require_POST
@require_ability(MANAGE_AUDITS)
def audit_create(request, org_code):
    form = AuditForm(request.organisation, request.POST, request.FILES)
    if form.is_valid():
        try:
            audit = audits.create_audit(
                request.organisation, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{audit} enregistré.")
            return redirect(_url(request, "audit", pk=audit.pk))
    return audit_list(request, org_code, audit_form=form)


@require_POST
@require_ability(MANAGE_AUDITS)
def plan_cycle(request, org_code):
    form = CycleForm(request.POST)
    if form.is_valid():
        try:
            created = audits.plan_cycle(
                request.organisation, form.cleaned_data["labelled_on"], user=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Cycle planifié : {len(created)} audits ajoutés.")
            return redirect(_url(request, "audits"))
    return audit_list(request, org_code, cycle_form=form)


def _organisation_audit(request, pk) -> Audit:
    return get_object_or_404(
        Audit.objects.select_related("version__framework"), pk=pk, organisation=request.organisation
    )


def audit_detail(request, org_code, pk, *, finding_form=None):
    audit = _organisation_audit(request, pk)
    commitments = commitments_in_scope(request.organisation).filter(version=audit.version)
    findings = audit.findings.select_related(
        "commitment", "audit__version", "carried_from"
    ).prefetch_related("actions", "carried_from__actions")
    previous = (
        audit.previous.findings.select_related("commitment", "audit__version")
        if audit.previous
        else []
    )
    for bound in (finding_form,):
        if bound is not None and bound.errors:
            bound.focus_first_error()
    return render(
        request,
        "improvement/audit_detail.html",
        {
            "page_title": str(audit),
            "audit": audit,
            "findings": [(f, audits.closing_problems(f)) for f in findings],
            "previous_findings": previous,
            "can_record": request.membership.can(RECORD_AUDIT_FINDINGS),
            "can_manage": request.membership.can(MANAGE_AUDITS),
            "can_manage_actions": request.membership.can(MANAGE_ACTIONS),
            "finding_form": finding_form or FindingForm(audit, commitments),
        },
    )


@require_POST
@require_ability(RECORD_AUDIT_FINDINGS)
def finding_record(request, org_code, pk):
    audit = _organisation_audit(request, pk)
    commitments = Commitment.objects.filter(version=audit.version)
    form = FindingForm(audit, commitments, request.POST)
    if form.is_valid():
        try:
            audits.record_finding(audit, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Constat enregistré.")
            return redirect(_url(request, "audit", pk=audit.pk) + "#constats")
    return audit_detail(request, org_code, pk, finding_form=form)


@require_POST
@require_ability(MANAGE_AUDITS)
def finding_status(request, org_code, pk):
    finding = get_object_or_404(
        Finding.objects.select_related("audit"), pk=pk, audit__organisation=request.organisation
    )
    status = request.POST.get("status", "")
    try:
        audits.set_finding_status(finding, status, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, "Constat clos." if status == FindingStatus.CLOSED else "Constat rouvert."
        )
    return redirect(_url(request, "audit", pk=finding.audit_id) + "#constats")


# --- Audit readiness (the auditor's workspace) ----------------------------------------------------


def readiness_overview(request, org_code):
    rows, score = readiness.scope_readiness(request.organisation)
    return render(
        request,
        "improvement/readiness.html",
        {
            "page_title": "Préparation de l'audit",
            "rows": rows,
            "score": score,
            "scope": scope_of(request.organisation),
            "audits": Audit.objects.filter(organisation=request.organisation).order_by(
                "-starts_on"
            )[:5],
        },
    )


def readiness_commitment(request, org_code, pk):
    commitment = get_object_or_404(
        commitments_in_scope(request.organisation).select_related("module", "version"), pk=pk
    )
    if commitment is None:
        raise Http404
    return render(
        request,
        "improvement/readiness_commitment.html",
        {
            "page_title": f"Engagement {commitment.number} — dossier de preuves",
            "commitment": commitment,
            **readiness.commitment_pack(request.organisation, commitment),
        },
    )


def _pack_name(request, extension):
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    return f"dossier-preuves-{request.organisation.code}-{stamp}.{extension}"


def readiness_pdf(request, org_code):
    if scope_of(request.organisation) is None:
        raise Http404("Aucun périmètre de labellisation.")
    response = HttpResponse(pack.pack_pdf(request.organisation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_pack_name(request, "pdf")}"'
    return response


def readiness_zip(request, org_code):
    """The evidence files: served to members only, like each file's download view."""
    if scope_of(request.organisation) is None:
        raise Http404("Aucun périmètre de labellisation.")
    response = HttpResponse(pack.pack_zip(request.organisation), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_pack_name(request, "zip")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def audit_report(request, org_code, pk):
    """The audit report: served to members only, like evidence."""
    audit = _organisation_audit(request, pk)
    if not audit.report:
        raise Http404("Aucun rapport pour cet audit.")
    response = FileResponse(
        audit.report.open("rb"), as_attachment=True, filename=audit.report_filename or "rapport"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The milestones calendar --------------------------------------------------------------------


def _can_keep_calendar(membership) -> bool:
    return membership.can(MANAGE_AUDITS) or membership.can(MANAGE_ACTIONS)


def _refuse_unless_quality_lead(request) -> None:
    from django.core.exceptions import PermissionDenied

    if not _can_keep_calendar(request.membership):
        raise PermissionDenied("Votre rôle ne permet pas cette action.")


def milestones(request, org_code, *, form=None, feed_url=None, status=200):
    organisation = request.organisation
    today = timezone.localdate()
    start, end = calendar.window(today)
    items = calendar.collect(organisation, start, end)
    return render(
        request,
        "improvement/milestones.html",
        {
            "page_title": "Calendrier des jalons",
            "months": calendar.by_month(items, start, end),
            "start": start,
            "end": end,
            "today": today,
            "can_manage": _can_keep_calendar(request.membership),
            "form": form or MilestoneForm(),
            "has_feed": calendar.has_feed(organisation),
            "feed_url": feed_url,
        },
        status=status,
    )


@require_POST
def milestone_create(request, org_code):
    _refuse_unless_quality_lead(request)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            calendar.add_milestone(request.organisation, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Le jalon est ajouté au calendrier.")
            return redirect(_url(request, "milestones"))
    return milestones(request, org_code, form=form, status=400)


@require_POST
def milestone_remove(request, org_code, pk):
    _refuse_unless_quality_lead(request)
    calendar.remove_milestone(request.organisation, pk)
    messages.success(request, "Le jalon est retiré du calendrier.")
    return redirect(_url(request, "milestones"))


@require_POST
def milestones_feed_token(request, org_code):
    """A new secret address for the feed, shown once; the previous address stops working."""
    _refuse_unless_quality_lead(request)
    token = calendar.regenerate_feed_token(request.organisation)
    feed_url = request.build_absolute_uri(_url(request, "milestones_feed", token=token))
    return milestones(request, org_code, feed_url=feed_url)


@public_page
def milestones_feed(request, org_code, token):
    """Calendar apps cannot sign in: the token in the address is the credential."""
    organisation = request.organisation
    if not calendar.feed_token_matches(organisation, token):
        raise Http404("Adresse de flux inconnue.")
    start, end = calendar.window(timezone.localdate())
    items = calendar.collect(organisation, start, end)
    body = ical.feed(organisation, items, request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="jalons-{organisation.code}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
