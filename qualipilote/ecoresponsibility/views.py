"""Pages of eco-responsibility. The tenancy middleware checks membership; every member reads and
may propose an initiative; other writes ask for MANAGE_ECORESPONSIBILITY and go through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualipilote.common.forms import validate_import_size
from qualipilote.common.service_forms import service_form_page
from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_ECORESPONSIBILITY

from . import services
from .enums import INDICATOR_BY_CODE, ActionStatus, Area, InitiativeStatus
from .forms import (
    ActionForm,
    BegesForm,
    FigureForm,
    ImportForm,
    InitiativeForm,
    InitiativeStatusForm,
    StatusForm,
)
from .models import BegesReport, EcoAction, EcoFigure, StaffInitiative
from .queue import beges_reminder
from .tables import FIGURES, import_figures


def _url(request, name, **kwargs):
    return reverse(
        f"ecoresponsibility:{name}", kwargs={"org_code": request.organisation.code, **kwargs}
    )


def index(request, org_code):
    organisation = request.organisation
    today = timezone.localdate()
    actions = EcoAction.objects.filter(organisation=organisation).select_related(
        "owner", "beges_report"
    )
    figures = EcoFigure.objects.filter(organisation=organisation).order_by(
        "-year", "area", "indicator"
    )
    rows = [
        {
            "figure": f,
            "area": Area(f.area).label,
            "label": INDICATOR_BY_CODE[f.indicator].label,
            "unit": INDICATOR_BY_CODE[f.indicator].unit,
        }
        for f in figures
    ]
    return render(
        request,
        "ecoresponsibility/index.html",
        {
            "page_title": "Éco-responsabilité",
            "areas": [
                {"code": code, "label": label, "actions": [a for a in actions if a.area == code]}
                for code, label in Area.choices
            ],
            "figures": rows,
            "reports": BegesReport.objects.filter(organisation=organisation).annotate(
                action_count=Count("actions")
            ),
            "next_due": services.next_beges_due(organisation),
            "reminder": beges_reminder(organisation, today),
            "initiatives": StaffInitiative.objects.filter(organisation=organisation).select_related(
                "proposed_by"
            ),
            "statuses": ActionStatus.choices,
            "initiative_statuses": InitiativeStatus.choices,
            "today": today,
            "can_manage": request.membership.can(MANAGE_ECORESPONSIBILITY),
        },
    )


def _form_page(request, form, title, save, success, anchor=""):
    return service_form_page(
        request,
        form,
        title=title,
        save=save,
        success=success,
        back=_url(request, "index"),
        anchor=anchor,
    )


@require_ability(MANAGE_ECORESPONSIBILITY)
def action_create(request, org_code):
    org = request.organisation
    return _form_page(
        request,
        ActionForm(org, request.POST or None),
        "Nouvelle action d'éco-responsabilité",
        lambda data: services.create_action(org, user=request.user, **data),
        "Action enregistrée.",
        "#actions",
    )


@require_POST
@require_ability(MANAGE_ECORESPONSIBILITY)
def action_status(request, org_code, pk):
    action = get_object_or_404(EcoAction, organisation=request.organisation, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(action, form.cleaned_data["status"], user=request.user)
        messages.success(request, "État de l'action mis à jour.")
    else:
        messages.error(request, "État inconnu : rien n'a changé.")
    return redirect(_url(request, "index") + "#actions")


@require_ability(MANAGE_ECORESPONSIBILITY)
def figure_create(request, org_code):
    org = request.organisation
    return _form_page(
        request,
        FigureForm(request.POST or None),
        "Donnée annuelle",
        lambda data: services.record_figure(org, user=request.user, **data),
        "Donnée enregistrée.",
        "#donnees",
    )


@require_ability(MANAGE_ECORESPONSIBILITY)
def figures_import(request, org_code):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            validate_import_size(upload)
            created = import_figures(
                request.organisation, upload.read(), upload.name, user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, f"{len(created)} données importées.")
            return redirect(_url(request, "index") + "#donnees")
    return render(
        request,
        "ecoresponsibility/import.html",
        {
            "page_title": "Importer des données annuelles",
            "form": form,
            "errors": errors,
            "columns": FIGURES.columns,
        },
    )


def figures_template(request, org_code):
    return FIGURES.template_response("xlsx", "modele-donnees-eco-responsabilite")


@require_ability(MANAGE_ECORESPONSIBILITY)
def beges_create(request, org_code):
    org = request.organisation
    return _form_page(
        request,
        BegesForm(request.POST or None),
        "Nouveau BEGES",
        lambda data: services.record_beges(
            org, user=request.user, today=timezone.localdate(), **data
        ),
        "BEGES enregistré.",
        "#beges",
    )


def initiative_create(request, org_code):
    org = request.organisation
    return _form_page(
        request,
        InitiativeForm(request.POST or None),
        "Proposer une initiative",
        lambda data: services.propose_initiative(
            org,
            proposed_by=request.user,
            proposed_on=timezone.localdate(),
            user=request.user,
            **data,
        ),
        "Initiative proposée, merci.",
        "#initiatives",
    )


@require_POST
@require_ability(MANAGE_ECORESPONSIBILITY)
def initiative_status(request, org_code, pk):
    initiative = get_object_or_404(StaffInitiative, organisation=request.organisation, pk=pk)
    form = InitiativeStatusForm(request.POST)
    if form.is_valid():
        services.set_initiative_status(initiative, form.cleaned_data["status"], user=request.user)
        messages.success(request, "État de l'initiative mis à jour.")
    else:
        messages.error(request, "État inconnu : rien n'a changé.")
    return redirect(_url(request, "index") + "#initiatives")
