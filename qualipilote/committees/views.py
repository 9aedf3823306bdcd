"""Pages of the committees. The tenancy middleware checks membership; every member reads;
writes ask for MANAGE_COMMITTEES and go through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_COMMITTEES

from . import agenda as drafting
from . import services
from .forms import (
    AgendaForm,
    AttendeeForm,
    CommitteeForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
)
from .models import Committee, Meeting
from .queue import meetings_without_minutes


def _url(request, name, **kwargs):
    return reverse(f"committees:{name}", kwargs={"org_code": request.organisation.code, **kwargs})


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, field_errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, field_errors)


def _committee(request, pk) -> Committee:
    return get_object_or_404(Committee, organisation=request.organisation, pk=pk)


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("committee", "chair"),
        committee__organisation=request.organisation,
        pk=pk,
    )


def _can_manage(request) -> bool:
    return request.membership.can(MANAGE_COMMITTEES)


# --- Committees ---------------------------------------------------------------------------------


def committee_list(request, org_code, *, form=None, status=200):
    organisation = request.organisation
    today = timezone.localdate()
    committees = (
        Committee.objects.filter(organisation=organisation)
        .select_related("chair")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            last_meeting=Max("meetings__held_on", filter=Q(meetings__held_on__lte=today)),
            next_meeting=Min("meetings__held_on", filter=Q(meetings__held_on__gt=today)),
        )
    )
    waiting = None
    if request.GET.get("sans_compte_rendu"):
        waiting = meetings_without_minutes(organisation, today).select_related("committee")
    return render(
        request,
        "committees/committee_list.html",
        {
            "page_title": "Comités",
            "committees": committees,
            "waiting": waiting,
            "form": form or CommitteeForm(organisation),
            "can_manage": _can_manage(request),
        },
        status=status,
    )


@require_POST
@require_ability(MANAGE_COMMITTEES)
def committee_create(request, org_code):
    form = CommitteeForm(request.organisation, request.POST)
    if form.is_valid():
        try:
            committee = services.create_committee(
                request.organisation, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Le comité « {committee.name} » est créé.")
            return redirect(_url(request, "committee", pk=committee.pk))
    return committee_list(request, org_code, form=form, status=400)


def committee_detail(request, org_code, pk, *, form=None, edit_form=None, status=200):
    committee = _committee(request, pk)
    organisation = request.organisation
    meetings = committee.meetings.select_related("chair").annotate(
        attendee_count=Count("attendees", distinct=True),
        decision_count=Count("decisions", distinct=True),
    )
    return render(
        request,
        "committees/committee_detail.html",
        {
            "page_title": committee.name,
            "committee": committee,
            "members": committee.members.order_by("last_name", "first_name"),
            "meetings": meetings,
            "form": form or MeetingForm(organisation),
            "edit_form": edit_form
            or CommitteeForm(
                organisation,
                initial={
                    "name": committee.name,
                    "kind": committee.kind,
                    "chair": committee.chair,
                    "members": list(committee.members.all()),
                },
            ),
            "can_manage": _can_manage(request),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
@require_ability(MANAGE_COMMITTEES)
def committee_edit(request, org_code, pk):
    committee = _committee(request, pk)
    form = CommitteeForm(request.organisation, request.POST)
    if form.is_valid():
        try:
            services.update_committee(committee, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Le comité est mis à jour.")
            return redirect(_url(request, "committee", pk=committee.pk))
    return committee_detail(request, org_code, pk, edit_form=form, status=400)


@require_POST
@require_ability(MANAGE_COMMITTEES)
def meeting_create(request, org_code, pk):
    committee = _committee(request, pk)
    form = MeetingForm(request.organisation, request.POST)
    if form.is_valid():
        try:
            meeting = services.plan_meeting(committee, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"La réunion du {meeting.held_on:%d/%m/%Y} est prévue.")
            return redirect(_url(request, "meeting", pk=meeting.pk))
    return committee_detail(request, org_code, pk, form=form, status=400)


# --- Meetings -----------------------------------------------------------------------------------


def meeting_detail(request, org_code, pk, *, forms=None, status=200):
    meeting = _meeting(request, pk)
    organisation = request.organisation
    forms = forms or {}
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "page_title": str(meeting),
            "meeting": meeting,
            "committee": meeting.committee,
            "attendees": meeting.attendees.select_related("user"),
            "agenda": meeting.agenda.all(),
            "decisions": meeting.decisions.select_related("action", "action__owner"),
            "meeting_form": forms.get("meeting")
            or MeetingForm(
                organisation, initial={"held_on": meeting.held_on, "chair": meeting.chair}
            ),
            "attendee_form": forms.get("attendee") or AttendeeForm(organisation),
            "minutes_form": forms.get("minutes")
            or MinutesForm(initial={"minutes": meeting.minutes}),
            "decision_form": forms.get("decision") or DecisionForm(organisation),
            "can_manage": _can_manage(request),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
@require_ability(MANAGE_COMMITTEES)
def meeting_edit(request, org_code, pk):
    meeting = _meeting(request, pk)
    form = MeetingForm(request.organisation, request.POST)
    if form.is_valid():
        try:
            services.update_meeting(meeting, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "La réunion est mise à jour.")
            return redirect(_url(request, "meeting", pk=meeting.pk))
    return meeting_detail(request, org_code, pk, forms={"meeting": form}, status=400)


@require_POST
@require_ability(MANAGE_COMMITTEES)
def meeting_held(request, org_code, pk):
    meeting = _meeting(request, pk)
    try:
        services.mark_held(meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "La réunion est déclarée tenue.")
    return redirect(_url(request, "meeting", pk=meeting.pk))


@require_POST
@require_ability(MANAGE_COMMITTEES)
def attendee_add(request, org_code, pk):
    meeting = _meeting(request, pk)
    form = AttendeeForm(request.organisation, request.POST)
    if form.is_valid():
        try:
            services.add_attendee(meeting, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Le participant est ajouté.")
            return redirect(_url(request, "meeting", pk=meeting.pk) + "#participants")
    return meeting_detail(request, org_code, pk, forms={"attendee": form}, status=400)


@require_POST
@require_ability(MANAGE_COMMITTEES)
def attendee_remove(request, org_code, pk, attendee_pk):
    meeting = _meeting(request, pk)
    services.remove_attendee(meeting, attendee_pk, user=request.user)
    messages.success(request, "Le participant est retiré.")
    return redirect(_url(request, "meeting", pk=meeting.pk) + "#participants")


@require_POST
@require_ability(MANAGE_COMMITTEES)
def minutes_record(request, org_code, pk):
    meeting = _meeting(request, pk)
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.record_minutes(
                meeting,
                text=form.cleaned_data["minutes"],
                file=form.cleaned_data["minutes_file"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Le compte rendu est enregistré.")
            return redirect(_url(request, "meeting", pk=meeting.pk) + "#compte-rendu")
    return meeting_detail(request, org_code, pk, forms={"minutes": form}, status=400)


def minutes_download(request, org_code, pk):
    """The minutes' file: served to members only, like evidence."""
    meeting = _meeting(request, pk)
    if not meeting.minutes_file:
        raise Http404("Aucun fichier de compte rendu pour cette réunion.")
    response = FileResponse(
        meeting.minutes_file.open("rb"),
        as_attachment=True,
        filename=meeting.minutes_filename or "compte-rendu",
        content_type=meeting.minutes_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@require_ability(MANAGE_COMMITTEES)
def decision_record(request, org_code, pk):
    meeting = _meeting(request, pk)
    form = DecisionForm(request.organisation, request.POST)
    if form.is_valid():
        try:
            decision = services.record_decision(meeting, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"La décision est inscrite au plan d'actions ({decision.action.reference}).",
            )
            return redirect(_url(request, "meeting", pk=meeting.pk) + "#decisions")
    return meeting_detail(request, org_code, pk, forms={"decision": form}, status=400)


# --- Agenda -------------------------------------------------------------------------------------


def agenda(request, org_code, pk):
    """GET: the items to review — the draft built from the data for a steering committee (or on
    request), the saved agenda otherwise. POST (MANAGE_COMMITTEES): saves the kept and added
    items as the meeting's agenda."""
    meeting = _meeting(request, pk)
    draft = None
    if request.method == "POST":
        if not _can_manage(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("Votre rôle ne permet pas cette action.")
        form = AgendaForm(request.POST)
        posted = _posted_items(request.POST)
        if form.is_valid():
            added = [("", line) for line in form.cleaned_data["added"].splitlines()]
            try:
                services.save_agenda(meeting, posted + added, user=request.user)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "L'ordre du jour est enregistré.")
                return redirect(_url(request, "meeting", pk=meeting.pk) + "#ordre-du-jour")
        items = [{"section": s, "title": t, "kept": True} for s, t in _all_posted(request.POST)]
        kept = {t for _, t in posted}
        for item in items:
            item["kept"] = item["title"] in kept
        status = 400
    else:
        form = AgendaForm()
        rebuild = request.GET.get("brouillon") == "1"
        saved = list(meeting.agenda.all())
        if meeting.committee.is_steering and (rebuild or not saved):
            draft = drafting.build_draft(meeting)
            items = [{"section": i.section, "title": i.title, "kept": True} for i in draft.items]
        else:
            items = [{"section": i.section, "title": i.title, "kept": True} for i in saved]
        status = 200
    return render(
        request,
        "committees/agenda.html",
        {
            "page_title": f"Ordre du jour — {meeting}",
            "meeting": meeting,
            "committee": meeting.committee,
            "draft": draft,
            "items": items,
            "form": form,
            "can_manage": _can_manage(request),
        },
        status=status,
    )


def _all_posted(data) -> list[tuple[str, str]]:
    rows = []
    count = data.get("count", "")
    total = int(count) if count.isdigit() and int(count) <= 1000 else 0
    for index in range(total):
        title = data.get(f"title-{index}", "")
        if title:
            rows.append((data.get(f"section-{index}", ""), title))
    return rows


def _posted_items(data) -> list[tuple[str, str]]:
    """The items whose box is ticked, in the order shown."""
    kept = set(data.getlist("keep"))
    rows = []
    count = data.get("count", "")
    total = int(count) if count.isdigit() and int(count) <= 1000 else 0
    for index in range(total):
        if str(index) in kept:
            rows.append((data.get(f"section-{index}", ""), data.get(f"title-{index}", "")))
    return rows
