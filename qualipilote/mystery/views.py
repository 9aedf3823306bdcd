"""Pages of the mystery-shopper campaigns. The tenancy middleware checks membership and, for a
cross auditor, that the page is one of this app's (organisations.permissions.PAGES_BY_ROLE);
each campaign is then opened only if `can_see_campaign` allows it (a cross auditor: their own
campaigns). Writes ask for MANAGE_MYSTERY, RECORD_MYSTERY_TESTS or MANAGE_ACTIONS and go
through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.enums import Role
from qualipilote.organisations.permissions import (
    MANAGE_ACTIONS,
    MANAGE_MYSTERY,
    RECORD_MYSTERY_TESTS,
    can_see_campaign,
)

from . import services
from .forms import (
    CampaignForm,
    CampaignSettingsForm,
    CriterionForm,
    CriterionLabelForm,
    ImportForm,
    PlanLineForm,
    TestContactForm,
)
from .models import Campaign, Criterion, TestContact
from .reports import campaigns_with_counts, french_number
from .tables import export_response, import_spec, import_tests


def _url(request, name, **kwargs):
    return reverse(f"mystery:{name}", kwargs={"org_code": request.organisation.code, **kwargs})


def _campaign(request, pk) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.select_related("organisation", "cross_auditor"),
        organisation=request.organisation,
        pk=pk,
    )
    if not can_see_campaign(request.membership, campaign):
        raise Http404("Aucune enquête mystère ne porte ce numéro.")
    return campaign


def _add_errors(form, error: ValidationError, translate=None) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, field_errors in error.error_dict.items():
        target = translate(name) if translate else name
        form.add_error(target if target in form.fields else None, field_errors)


def campaign_list(request, org_code):
    campaigns = Campaign.objects.filter(organisation=request.organisation)
    if request.membership.role == Role.CROSS_AUDITOR:
        campaigns = campaigns.filter(cross_auditor=request.user)
    return render(
        request,
        "mystery/list.html",
        {
            "page_title": "Enquêtes mystère",
            "campaigns": campaigns_with_counts(campaigns),
            "can_manage": request.membership.can(MANAGE_MYSTERY),
        },
    )


@require_ability(MANAGE_MYSTERY)
def campaign_create(request, org_code):
    form = CampaignForm(request.organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(
                request.organisation, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Enquête « {campaign.title} » créée avec sa grille.")
            return redirect(_url(request, "campaign", pk=campaign.pk))
    return render(
        request, "mystery/create.html", {"page_title": "Nouvelle enquête mystère", "form": form}
    )


def campaign_detail(
    request, org_code, pk, *, criterion_form=None, plan_form=None, settings_form=None
):
    campaign = _campaign(request, pk)
    membership = request.membership
    figures = services.results(campaign)
    lines, done, planned = services.plan_progress(campaign)
    grid_open = not campaign.tests.exists()
    can_manage = membership.can(MANAGE_MYSTERY)
    return render(
        request,
        "mystery/detail.html",
        {
            "page_title": campaign.title,
            "campaign": campaign,
            "results": figures,
            "average_delay": (
                None if figures.average_delay is None else french_number(figures.average_delay)
            ),
            "plan_lines": lines,
            "done": done,
            "planned": planned,
            "tests": campaign.tests.select_related("unit").order_by("-contacted_at", "-number")[
                :200
            ],
            "grid_open": grid_open,
            "can_manage": can_manage,
            "can_record": membership.can(RECORD_MYSTERY_TESTS),
            "can_make_actions": membership.can(MANAGE_ACTIONS),
            "criterion_form": criterion_form or CriterionForm(),
            "plan_form": plan_form or PlanLineForm(request.organisation),
            "settings_form": settings_form
            or CampaignSettingsForm(
                initial={
                    "title": campaign.title,
                    "starts_on": campaign.starts_on,
                    "ends_on": campaign.ends_on,
                    "weak_threshold": campaign.weak_threshold,
                }
            ),
        },
    )


@require_POST
@require_ability(MANAGE_MYSTERY)
def campaign_settings(request, org_code, pk):
    campaign = _campaign(request, pk)
    form = CampaignSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.update_campaign(campaign, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Enquête modifiée.")
            return redirect(_url(request, "campaign", pk=pk))
    return campaign_detail(request, org_code, pk, settings_form=form)


@require_POST
@require_ability(MANAGE_MYSTERY)
def criterion_add(request, org_code, pk):
    campaign = _campaign(request, pk)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.save_criterion(campaign, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Critère ajouté à la grille.")
            return redirect(_url(request, "campaign", pk=pk) + "#grille")
    return campaign_detail(request, org_code, pk, criterion_form=form)


@require_ability(MANAGE_MYSTERY)
def criterion_edit(request, org_code, pk, criterion_pk):
    campaign = _campaign(request, pk)
    criterion = get_object_or_404(Criterion, campaign=campaign, pk=criterion_pk)
    form = CriterionLabelForm(
        request.POST or None,
        initial={"label": criterion.label, "delay_days": criterion.delay_days},
    )
    if request.method == "POST" and form.is_valid():
        values = {"code": criterion.code, "rule": criterion.rule, **form.cleaned_data}
        try:
            services.save_criterion(campaign, user=request.user, instance=criterion, **values)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Critère modifié.")
            return redirect(_url(request, "campaign", pk=pk) + "#grille")
    return render(
        request,
        "mystery/criterion_form.html",
        {
            "page_title": f"Modifier le critère — {campaign.title}",
            "campaign": campaign,
            "criterion": criterion,
            "form": form,
        },
    )


@require_POST
@require_ability(MANAGE_MYSTERY)
def criterion_delete(request, org_code, pk, criterion_pk):
    campaign = _campaign(request, pk)
    criterion = get_object_or_404(Criterion, campaign=campaign, pk=criterion_pk)
    try:
        services.delete_criterion(criterion, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Critère « {criterion.label} » retiré de la grille.")
    return redirect(_url(request, "campaign", pk=pk) + "#grille")


@require_POST
@require_ability(MANAGE_MYSTERY)
def plan_add(request, org_code, pk):
    campaign = _campaign(request, pk)
    form = PlanLineForm(request.organisation, request.POST)
    if form.is_valid():
        try:
            services.add_plan_line(campaign, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Ligne ajoutée au plan d'échantillonnage.")
            return redirect(_url(request, "campaign", pk=pk) + "#plan")
    return campaign_detail(request, org_code, pk, plan_form=form)


@require_ability(RECORD_MYSTERY_TESTS)
def test_create(request, org_code, pk):
    campaign = _campaign(request, pk)
    form = TestContactForm(campaign, request.POST or None)
    if request.method == "POST" and form.is_valid():
        values, scores = form.values()
        try:
            test = services.record_test(campaign, user=request.user, scores=scores, **values)
        except ValidationError as error:
            _add_errors(form, error, translate=form.field_name)
        else:
            messages.success(request, f"{test} enregistré.")
            if "encore" in request.POST:
                return redirect(_url(request, "test_create", pk=pk))
            return redirect(_url(request, "campaign", pk=pk) + "#tests")
    return render(
        request,
        "mystery/test_form.html",
        {"page_title": f"Nouveau test — {campaign.title}", "campaign": campaign, "form": form},
    )


@require_POST
@require_ability(RECORD_MYSTERY_TESTS)
def test_delete(request, org_code, pk, test_pk):
    campaign = _campaign(request, pk)
    test = get_object_or_404(TestContact, campaign=campaign, pk=test_pk)
    services.delete_test(test, user=request.user)
    messages.success(request, f"{test} supprimé.")
    return redirect(_url(request, "campaign", pk=pk) + "#tests")


@require_ability(MANAGE_MYSTERY)
def tests_import(request, org_code, pk):
    campaign = _campaign(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = import_tests(campaign, upload.read(), upload.name, user=request.user)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, f"{len(created)} tests importés.")
            return redirect(_url(request, "campaign", pk=pk) + "#tests")
    return render(
        request,
        "mystery/import.html",
        {
            "page_title": f"Importer les tests — {campaign.title}",
            "campaign": campaign,
            "form": form,
            "errors": errors,
            "columns": import_spec(campaign).columns,
        },
    )


def tests_template(request, org_code, pk):
    campaign = _campaign(request, pk)
    return import_spec(campaign).template_response("xlsx", f"modele-enquete-mystere-{pk}")


def campaign_export(request, org_code, pk):
    return export_response(_campaign(request, pk))


@require_POST
@require_ability(MANAGE_ACTIONS)
def criterion_action(request, org_code, pk, criterion_pk):
    campaign = _campaign(request, pk)
    criterion = get_object_or_404(Criterion, campaign=campaign, pk=criterion_pk)
    try:
        action = services.action_from_criterion(criterion, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_url(request, "campaign", pk=pk) + "#resultats")
    messages.success(
        request, f"Action {action.reference} créée au plan d'actions : précisez-la si besoin."
    )
    return redirect(reverse("improvement:action", kwargs={"org_code": org_code, "pk": action.pk}))
