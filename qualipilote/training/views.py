"""Pages of training and tutoring. The tenancy middleware checks membership; every member reads;
writes ask for MANAGE_TRAINING and go through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualipilote.common.service_forms import add_service_errors, service_form_page
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_TRAINING

from . import services
from .enums import NeedStatus
from .forms import (
    ArrivalForm,
    AttendanceForm,
    AwarenessForm,
    NeedForm,
    NeedStatusForm,
    SessionForm,
    TutoringForm,
    YearForm,
)
from .models import QualityAwareness, TrainingNeed, TrainingSession, TutoringPair


def _url(request, name, **kwargs):
    return reverse(f"training:{name}", kwargs={"org_code": request.organisation.code, **kwargs})


def _year(request) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return timezone.localdate().year


def index(request, org_code):
    organisation = request.organisation
    year = _year(request)
    arrived = (
        services.newcomers(organisation, year)
        .select_related("user", "unit")
        .annotate(
            tutor_count=Count("tutoring_pairs", distinct=True),
            aware=Exists(QualityAwareness.objects.filter(member=OuterRef("pk"))),
        )
        .order_by("arrival_date", "user__last_name")
    )
    return render(
        request,
        "training/index.html",
        {
            "page_title": "Formation et tutorat",
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1),
            "figures": services.year_figures(organisation, year),
            "newcomers": arrived,
            "pairs": TutoringPair.objects.filter(organisation=organisation)
            .filter(
                Q(starts_on__year__lte=year)
                & (Q(ends_on__isnull=True) | Q(ends_on__year__gte=year))
            )
            .select_related("tutor__user", "newcomer__user"),
            "sessions": TrainingSession.objects.filter(
                organisation=organisation, held_on__year=year
            ).annotate(
                registered=Count("attendances"),
                present_count=Count("attendances", filter=Q(attendances__present=True)),
            ),
            "needs": TrainingNeed.objects.filter(organisation=organisation)
            .exclude(status__in=(NeedStatus.DONE, NeedStatus.DECLINED), expressed_on__year__lt=year)
            .select_related("member__user", "unit"),
            "need_statuses": NeedStatus.choices,
            "can_manage": request.membership.can(MANAGE_TRAINING),
        },
    )


def _form_page(request, form, title, save, success):
    return service_form_page(
        request, form, title=title, save=save, success=success, back=_url(request, "index")
    )


@require_ability(MANAGE_TRAINING)
def need_create(request, org_code):
    org = request.organisation
    form = NeedForm(org, request.POST or None)
    return _form_page(
        request,
        form,
        "Nouveau besoin de formation",
        lambda data: services.record_need(org, user=request.user, **data),
        "Besoin de formation enregistré.",
    )


@require_POST
@require_ability(MANAGE_TRAINING)
def need_status(request, org_code, pk):
    need = get_object_or_404(TrainingNeed, organisation=request.organisation, pk=pk)
    form = NeedStatusForm(request.POST)
    if form.is_valid():
        services.set_need_status(need, form.cleaned_data["status"], user=request.user)
        messages.success(request, "État du besoin mis à jour.")
    else:
        messages.error(request, "État inconnu : rien n'a changé.")
    return redirect(_url(request, "index") + "#besoins")


@require_ability(MANAGE_TRAINING)
def session_create(request, org_code):
    org = request.organisation
    form = SessionForm(org, request.POST or None)
    return _form_page(
        request,
        form,
        "Nouvelle session de formation",
        lambda data: services.create_session(org, user=request.user, **data),
        "Session enregistrée.",
    )


def session_detail(request, org_code, pk):
    session = get_object_or_404(TrainingSession, organisation=request.organisation, pk=pk)
    can_manage = request.membership.can(MANAGE_TRAINING)
    form = AttendanceForm(
        session,
        request.POST if request.method == "POST" else None,
        initial={"present": session.attendees.filter(attendances__present=True)},
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Votre rôle ne permet pas cette action.")
        if form.is_valid():
            try:
                count = services.record_attendance(
                    session, form.cleaned_data["present"], user=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Présence enregistrée : {count} présent(s).")
                return redirect(_url(request, "session", pk=session.pk))
    return render(
        request,
        "training/session.html",
        {
            "page_title": session.title,
            "session": session,
            "attendances": session.attendances.select_related(
                "member__user", "member__unit"
            ).order_by("member__user__last_name"),
            "form": form,
            "can_manage": can_manage,
        },
    )


@require_ability(MANAGE_TRAINING)
def tutoring_create(request, org_code):
    org = request.organisation
    form = TutoringForm(org, request.POST or None)
    return _form_page(
        request,
        form,
        "Nouveau binôme de tutorat",
        lambda data: services.create_tutoring(org, user=request.user, **data),
        "Binôme de tutorat enregistré.",
    )


@require_ability(MANAGE_TRAINING)
def arrival_create(request, org_code):
    org = request.organisation
    form = ArrivalForm(org, request.POST or None)
    return _form_page(
        request,
        form,
        "Date d'arrivée d'un agent",
        lambda data: services.record_arrival(
            org, data["member"], data["arrival_date"], user=request.user
        ),
        "Date d'arrivée enregistrée.",
    )


@require_ability(MANAGE_TRAINING)
def awareness_create(request, org_code):
    org = request.organisation
    form = AwarenessForm(org, request.POST or None)
    return _form_page(
        request,
        form,
        "Sensibilisation à la démarche qualité",
        lambda data: services.record_awareness(org, user=request.user, **data),
        "Sensibilisation enregistrée.",
    )
