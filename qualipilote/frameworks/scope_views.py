"""Labelling-scope pages of an organisation. Access is checked by the tenancy middleware; the
edit form asks for MANAGE_SCOPE (the quality lead). The rules live in scope.set_scope."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse

from qualipilote.organisations.access import require_ability
from qualipilote.organisations.enums import Channel
from qualipilote.organisations.permissions import MANAGE_SCOPE
from qualipilote.organisations.services import unit_tree

from . import scope as services
from .models import FrameworkVersion
from .scope_forms import ScopeForm, VersionChoiceForm


def _can_manage(request) -> bool:
    return request.membership.can(MANAGE_SCOPE)


def detail(request, org_code):
    organisation = request.organisation
    scope = services.scope_of(organisation)
    context = {"page_title": "Périmètre de labellisation", "scope": scope}
    context["can_manage"] = _can_manage(request)
    if scope is not None:
        in_scope_units = set(scope.units.values_list("pk", flat=True))
        context.update(
            modules=scope.version.modules.annotate(
                commitment_count=Count("commitments"),
                chosen=Count("scopes", filter=Q(scopes=scope)),
            ).order_by("number"),
            units=[
                (unit, depth, unit.pk in in_scope_units) for unit, depth in unit_tree(organisation)
            ],
            scope_headcount=scope.units.aggregate(total=Sum("headcount"))["total"] or 0,
            sites=organisation.sites.annotate(
                chosen=Count("labelling_scopes", filter=Q(labelling_scopes=scope))
            ).order_by("name"),
            channels=[(label, value in scope.channels) for value, label in Channel.choices],
        )
    return render(request, "frameworks/scope/detail.html", context)


def history(request, org_code):
    scope = services.scope_of(request.organisation)
    return render(
        request,
        "frameworks/scope/history.html",
        {
            "page_title": "Historique du périmètre",
            "scope": scope,
            "rows": services.scope_history(scope) if scope else [],
            "can_manage": _can_manage(request),
        },
    )


def _chosen_version(request, scope) -> FrameworkVersion | None:
    chooser = VersionChoiceForm(request.GET if "version" in request.GET else None)
    if chooser.is_bound and chooser.is_valid():
        return chooser.cleaned_data["version"]
    if scope is not None:
        return scope.version
    return FrameworkVersion.objects.latest_first().first()


@require_ability(MANAGE_SCOPE)
def edit(request, org_code):
    organisation = request.organisation
    scope = services.scope_of(organisation)
    if request.method == "POST":
        version = FrameworkVersion.objects.filter(pk=request.POST.get("version") or None).first()
    else:
        version = _chosen_version(request, scope)
    if version is None:
        if request.method == "POST":
            messages.error(request, "Choisissez le référentiel et sa version.")
            return redirect("scope:edit", org_code=organisation.code)
        messages.error(
            request, "Aucun référentiel n'est chargé : lancez « manage.py load_frameworks »."
        )
        return redirect("scope:detail", org_code=organisation.code)
    form = ScopeForm(
        request.POST or None,
        organisation=organisation,
        version=version,
        initial=ScopeForm.initial_from(scope, version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_scope(organisation, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Périmètre de labellisation enregistré.")
            return redirect("scope:detail", org_code=organisation.code)
    if form.errors:
        form.focus_first_error()
    return render(
        request,
        "frameworks/scope/edit.html",
        {
            "page_title": "Modifier le périmètre de labellisation",
            "scope": scope,
            "version": version,
            "chooser": VersionChoiceForm(initial={"version": version}, auto_id="choix_%s"),
            "form": form,
            "version_changes": scope is not None and scope.version_id != version.pk,
            "cancel_url": reverse("scope:detail", kwargs={"org_code": organisation.code}),
            "can_manage": True,
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    for name, field_errors in error.error_dict.items():
        # The version is a hidden field of this form: its errors are shown above the form.
        visible = name in form.fields and name != "version"
        form.add_error(name if visible else None, field_errors)
