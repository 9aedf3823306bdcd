"""Register pages. Access to the organisation is checked by the tenancy middleware; writes ask
for an ability with @require_ability. Business rules live in models and services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualipilote.organisations.access import require_ability
from qualipilote.organisations.models import ClosureDay
from qualipilote.organisations.permissions import (
    MANAGE_REGISTERS,
    RECORD_REGISTERS,
    can_see_contact_details,
)

from . import assignment, filters, services
from .forms import (
    BulkActionForm,
    ClosureDayForm,
    CorrespondenceForm,
    DeadlineChangeForm,
    DepartementForm,
    FeedbackAuthorForm,
    FeedbackForm,
    SamplingPlanForm,
    SamplingStopForm,
    UpdateRequestForm,
    WhitMondayForm,
)
from .models import (
    Correspondence,
    DeadlineRule,
    Feedback,
    FeedbackAuthor,
    SamplingPlan,
    UpdateRequest,
)

PAGE_SIZE = 50


def _can(request, ability) -> bool:
    return request.membership is not None and request.membership.can(ability)


def _org_url(request, name, **kwargs) -> str:
    return reverse(f"registers:{name}", kwargs={"org_code": request.organisation.code, **kwargs})


def index(request, org_code):
    today = timezone.localdate()
    return render(
        request,
        "registers/index.html",
        {
            "page_title": "Registres",
            "today": today,
            "figures": services.overview(request.organisation, today),
            "can_record": _can(request, RECORD_REGISTERS),
            "can_manage": _can(request, MANAGE_REGISTERS),
        },
    )


# --- Lists -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterList:
    model: type
    template: str
    title: str
    io_register: str
    url_name: str


REGISTER_LISTS = {
    "correspondence": RegisterList(
        Correspondence,
        "registers/correspondence_list.html",
        "Courriers et courriels",
        "correspondence",
        "correspondence_list",
    ),
    "feedback": RegisterList(
        Feedback,
        "registers/feedback_list.html",
        "Réclamations et suggestions",
        "feedback",
        "feedback_list",
    ),
    "update_request": RegisterList(
        UpdateRequest,
        "registers/update_request_list.html",
        "Mises à jour du site internet et du SVI",
        "update_request",
        "update_request_list",
    ),
}


def _record_list(request, register: RegisterList):
    """The list with its filters (filters.py, shared with the exports and the API), sortable
    columns and, for those who record, bulk actions. A POST is a bulk action; htmx requests
    get the same page (the list region is picked out by hx-select)."""
    today = timezone.localdate()
    can_record = _can(request, RECORD_REGISTERS)
    bulk_form, notice, status = None, "", 200
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        bulk_form = _bulk_form(request, register.model, request.POST)
        done = _bulk_action(request, bulk_form, today)
        if done is not None:
            if not request.htmx:
                messages.success(request, done)
                return redirect(request.get_full_path())
            notice, bulk_form = done, None
        else:
            status = 400
    filterset, records = filters.filtered(register.model, request, today)
    records = records.with_overdue(today).select_related("unit", "assigned_to", "assigned_unit")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    page.pages_list = list(page.paginator.get_elided_page_range(page.number))
    return render(
        request,
        register.template,
        {
            "page_title": register.title,
            "filter_form": filterset.form,
            "page_obj": page,
            "current_view": request.GET.get("vue", "") if "vue" not in filterset.errors else "",
            "list_views": view_links(request, filterset.views),
            "list_url": _org_url(request, register.url_name),
            "sort": sort_links(request, filterset),
            "today": today,
            "io_register": register.io_register,
            "can_record": can_record,
            "can_manage": _can(request, MANAGE_REGISTERS),
            "bulk_form": bulk_form or (_bulk_form(request, register.model) if can_record else None),
            "notice": notice,
        },
        status=status,
    )


def _bulk_form(request, model, data=None):
    return BulkActionForm(
        data,
        model=model,
        organisation=request.organisation,
        assignee_choices=assignment.assignee_choices(request.organisation),
    )


def _bulk_action(request, form, today) -> str | None:
    """Runs the bulk action through registers.assignment; the French sentence saying what was
    done, or None (the form carries the errors, nothing was saved)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    records = data["records"]
    try:
        if data["action"] == "assign":
            assignee = data["assignee"]
            count = assignment.assign_records(records, assignee, by=request.user)
            return (
                f"{count} dossier{pluralize(count)} attribué{pluralize(count)} à {assignee.label}."
            )
        count = assignment.mark_answered(
            records, answered_on=data["answered_on"], by=request.user, today=today
        )
    except ValidationError as error:
        _add_errors(form, error)
        return None
    return (
        f"{count} dossier{pluralize(count)} marqué{pluralize(count)} comme répondu"
        f"{pluralize(count)} le {data['answered_on']:%d/%m/%Y}."
    )


SORT_LABELS = {
    "reference": "Référence",
    "recu": "Reçu le",
    "echeance": "Échéance",
    "repondu": "Répondu le",
    "unite": "Unité",
}


def sort_links(request, filterset) -> dict[str, dict]:
    """For each sortable column: the address that sorts by it (ascending, or descending when
    it is already ascending) and its current direction for aria-sort."""
    current = request.GET.get("ordering", "") if filterset.form.is_valid() else ""
    links = {}
    for key in filterset.filters["ordering"].param_map:
        query = request.GET.copy()
        query.pop("page", None)
        direction = "none"
        if current == key:
            direction, query["ordering"] = "ascending", f"-{key}"
        elif current == f"-{key}":
            direction, query["ordering"] = "descending", key
        else:
            query["ordering"] = key
        links[key] = {"url": f"?{query.urlencode()}", "direction": direction}
    return links


def view_links(request, views: dict[str, str]) -> list[tuple[str, str, str]]:
    """(key, label, address) of each quick view, keeping the other filters of the page."""
    links = []
    for key in ["", *views]:
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("vue", None)
        if key:
            query["vue"] = key
        links.append((key, views.get(key, "Tous"), f"?{query.urlencode()}"))
    return links


def correspondence_list(request, org_code):
    return _record_list(request, REGISTER_LISTS["correspondence"])


def feedback_list(request, org_code):
    return _record_list(request, REGISTER_LISTS["feedback"])


def update_request_list(request, org_code):
    return _record_list(request, REGISTER_LISTS["update_request"])


# --- Details -----------------------------------------------------------------------------------


def _detail(request, record, template, **extra):
    return render(
        request,
        template,
        {
            "page_title": str(record),
            "record": record,
            "overdue": record.is_overdue(timezone.localdate()),
            "history": history_rows(record),
            "can_record": _can(request, RECORD_REGISTERS),
            **extra,
        },
    )


def history_rows(record) -> list[dict]:
    """Each version of the record, newest first, with what changed (French field names)."""
    versions = list(record.history.select_related("history_user").order_by("history_date", "pk"))
    labels = {field.name: field.verbose_name for field in record._meta.fields}
    rows = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            delta = version.diff_against(previous, excluded_fields=["updated_at"])
            changes = [
                {
                    "label": labels.get(change.field, change.field),
                    "old": change.old,
                    "new": change.new,
                }
                for change in delta.changes
            ]
        rows.append({"version": version, "changes": changes})
        previous = version
    return rows[::-1]


def correspondence_detail(request, org_code, pk):
    record = get_object_or_404(Correspondence, pk=pk, organisation=request.organisation)
    return _detail(request, record, "registers/correspondence_detail.html")


def feedback_detail(request, org_code, pk):
    record = get_object_or_404(
        Feedback.objects.select_related("author"), pk=pk, organisation=request.organisation
    )
    return _detail(request, record, "registers/feedback_detail.html")


def update_request_detail(request, org_code, pk):
    record = get_object_or_404(UpdateRequest, pk=pk, organisation=request.organisation)
    return _detail(request, record, "registers/update_request_detail.html")


# --- Entry and edit ----------------------------------------------------------------------------


def _new_record(request, model):
    return model(organisation=request.organisation, created_by=request.user)


@require_ability(RECORD_REGISTERS)
def correspondence_new(request, org_code):
    record = _new_record(request, Correspondence)
    if request.method == "POST":
        form = CorrespondenceForm(request.POST, instance=record)
        if form.is_valid():
            form.save()
            if "save_and_next" in request.POST:
                messages.success(request, "Enregistré. Saisissez le suivant.")
                query = urlencode(form.carried_values())
                return redirect(f"{_org_url(request, 'correspondence_new')}?{query}")
            messages.success(request, "Courrier ou courriel enregistré.")
            return redirect(_org_url(request, "correspondence_detail", pk=form.instance.pk))
    else:
        initial = CorrespondenceForm.initial_from_previous(request.GET)
        form = CorrespondenceForm(instance=record, initial=initial)
        # Continuing a series: the kept fields are filled, start on the first one that is not.
        form.focus("received_at" if initial else "received_on")
    return render(
        request,
        "registers/correspondence_form.html",
        {"page_title": "Saisir un courrier ou un courriel", "form": form, "is_new": True},
    )


@require_ability(RECORD_REGISTERS)
def correspondence_edit(request, org_code, pk):
    record = get_object_or_404(Correspondence, pk=pk, organisation=request.organisation)
    form = CorrespondenceForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Modifications enregistrées.")
        return redirect(_org_url(request, "correspondence_detail", pk=record.pk))
    form.focus("answered_on" if record.answered_on is None else "received_on")
    return render(
        request,
        "registers/correspondence_form.html",
        {"page_title": f"Modifier — {record}", "form": form, "record": record, "is_new": False},
    )


@require_ability(RECORD_REGISTERS)
def feedback_new(request, org_code):
    return _feedback_form(request, _new_record(request, Feedback), author=None)


@require_ability(RECORD_REGISTERS)
def feedback_edit(request, org_code, pk):
    record = get_object_or_404(Feedback, pk=pk, organisation=request.organisation)
    return _feedback_form(request, record, FeedbackAuthor.objects.filter(feedback=record).first())


def _feedback_form(request, record, author):
    data = request.POST if request.method == "POST" else None
    form = FeedbackForm(data, instance=record)
    # Whoever records a new feedback types the contact the letter or the call gave; afterwards
    # only those who may see contact details read or correct them.
    author_form = None
    if record.pk is None or can_see_contact_details(request.membership, record):
        author_form = FeedbackAuthorForm(data, instance=author, prefix="auteur")
    if data is not None and form.is_valid() and (author_form is None or author_form.is_valid()):
        feedback = form.save()
        if author_form is not None and (author is not None or author_form.has_content()):
            author_form.instance.feedback = feedback
            author_form.save()
        messages.success(request, f"Enregistré sous la référence {feedback.reference}.")
        return redirect(_org_url(request, "feedback_detail", pk=feedback.pk))
    return render(
        request,
        "registers/feedback_form.html",
        {
            "page_title": "Modifier — " + str(record) if record.pk else "Saisir un avis",
            "form": form,
            "author_form": author_form,
            "record": record,
        },
    )


@require_ability(RECORD_REGISTERS)
def update_request_new(request, org_code):
    return _update_request_form(request, _new_record(request, UpdateRequest))


@require_ability(RECORD_REGISTERS)
def update_request_edit(request, org_code, pk):
    record = get_object_or_404(UpdateRequest, pk=pk, organisation=request.organisation)
    return _update_request_form(request, record)


def _update_request_form(request, record):
    form = UpdateRequestForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, "Demande de mise à jour enregistrée.")
        return redirect(_org_url(request, "update_request_detail", pk=saved.pk))
    return render(
        request,
        "registers/update_request_form.html",
        {
            "page_title": "Modifier la demande"
            if record.pk
            else "Saisir une demande de mise à jour",
            "form": form,
            "record": record,
        },
    )


# --- Deadline rules and calendar ---------------------------------------------------------------


def deadline_rules(request, org_code, form=None):
    return render(
        request,
        "registers/deadline_rules.html",
        {
            "page_title": "Délais de réponse",
            "rules": DeadlineRule.objects.filter(organisation=request.organisation).order_by(
                "register", "valid_from"
            ),
            "form": form or DeadlineChangeForm(),
            "can_manage": _can(request, MANAGE_REGISTERS),
        },
    )


@require_POST
@require_ability(MANAGE_REGISTERS)
def deadline_rule_change(request, org_code):
    form = DeadlineChangeForm(request.POST)
    if form.is_valid():
        try:
            rule = services.change_deadline(request.organisation, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Nouveau délai enregistré : {rule}.")
            return redirect(_org_url(request, "deadline_rules"))
    return deadline_rules(request, org_code, form=form)


def sampling_plans(request, org_code, plan_form=None, stop_form=None):
    organisation = request.organisation
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month + dt.timedelta(days=31)).replace(day=1)
    return render(
        request,
        "registers/sampling.html",
        {
            "page_title": "Échantillonnage",
            "plans": SamplingPlan.objects.filter(organisation=organisation).order_by(
                "register", "valid_from"
            ),
            "weeks": services.sampled_weeks(organisation, [this_month, next_month]),
            "plan_form": plan_form or SamplingPlanForm(),
            "stop_form": stop_form or SamplingStopForm(prefix="arret"),
            "can_manage": _can(request, MANAGE_REGISTERS),
        },
    )


@require_POST
@require_ability(MANAGE_REGISTERS)
def sampling_plan_set(request, org_code):
    form = SamplingPlanForm(request.POST)
    if form.is_valid():
        try:
            plan = services.set_sampling_plan(request.organisation, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Plan d'échantillonnage enregistré : {plan}. Les dossiers sont recalculés.",
            )
            return redirect(_org_url(request, "sampling"))
    return sampling_plans(request, org_code, plan_form=form)


@require_POST
@require_ability(MANAGE_REGISTERS)
def sampling_stop(request, org_code):
    form = SamplingStopForm(request.POST, prefix="arret")
    if form.is_valid():
        try:
            services.stop_sampling(request.organisation, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Échantillonnage arrêté à partir de {form.cleaned_data['valid_from']:%m/%Y} : "
                "tous les dossiers comptent.",
            )
            return redirect(_org_url(request, "sampling"))
    return sampling_plans(request, org_code, stop_form=form)


def calendar_settings(request, org_code, closure_form=None, departement_form=None):
    organisation = request.organisation
    return render(
        request,
        "registers/calendar.html",
        {
            "page_title": "Calendrier des jours ouvrés",
            "closure_days": organisation.closure_days.order_by("-date"),
            "closure_form": closure_form or ClosureDayForm(),
            "departement_form": departement_form
            or DepartementForm(initial={"departement": organisation.departement}),
            "whit_monday_form": WhitMondayForm(
                initial={"whit_monday_worked": organisation.whit_monday_worked}
            ),
            "can_manage": _can(request, MANAGE_REGISTERS),
        },
    )


@require_POST
@require_ability(MANAGE_REGISTERS)
def closure_day_add(request, org_code):
    form = ClosureDayForm(request.POST)
    if form.is_valid():
        try:
            services.add_closure_day(request.organisation, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Jour de fermeture ajouté ; les échéances sont recalculées.")
            return redirect(_org_url(request, "calendar"))
    return calendar_settings(request, org_code, closure_form=form)


@require_POST
@require_ability(MANAGE_REGISTERS)
def closure_day_remove(request, org_code, pk):
    closure = get_object_or_404(ClosureDay, pk=pk, organisation=request.organisation)
    services.remove_closure_day(request.organisation, closure)
    messages.success(request, "Jour de fermeture retiré ; les échéances sont recalculées.")
    return redirect(_org_url(request, "calendar"))


@require_POST
@require_ability(MANAGE_REGISTERS)
def whit_monday_setting(request, org_code):
    form = WhitMondayForm(request.POST)
    form.is_valid()
    services.set_whit_monday_worked(
        request.organisation, form.cleaned_data.get("whit_monday_worked", False)
    )
    messages.success(request, "Réglage du lundi de Pentecôte enregistré.")
    return redirect(_org_url(request, "calendar"))


@require_POST
@require_ability(MANAGE_REGISTERS)
def departement_setting(request, org_code):
    form = DepartementForm(request.POST)
    if form.is_valid():
        try:
            services.change_departement(request.organisation, form.cleaned_data["departement"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                "Département enregistré ; les jours fériés et les échéances sont recalculés.",
            )
            return redirect(_org_url(request, "calendar"))
    return calendar_settings(request, org_code, departement_form=form)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
