"""The quality lead's pages for the organisation's structure: units, sites, reception channels.
Each page asks the form, then the named action of services; a refusal shows its French message
and saves nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from . import services
from .access import require_ability
from .forms import ChannelForm, SiteForm, UnitForm
from .permissions import MANAGE_ORGANISATION


@dataclass(frozen=True)
class Kind:
    """One kind of structure item and its French words."""

    form: type
    save: object
    delete: object
    related: str  # the organisation's related manager
    anchor: str  # section of the overview page
    noun: str  # "l'unité"
    new: str  # "Nouvelle unité"
    feminine: bool

    def done(self, item, verb: str) -> str:
        """ "L'unité « Bureau » est créée." """
        return f"{self.noun[0].upper()}{self.noun[1:]} « {item} » est {verb}{'e' if self.feminine else ''}."


UNIT = Kind(
    UnitForm, services.save_unit, services.delete_unit,
    "units", "unites", "l'unité", "Nouvelle unité", feminine=True,
)  # fmt: skip
SITE = Kind(
    SiteForm, services.save_site, services.delete_site,
    "sites", "sites", "le site", "Nouveau site d'accueil", feminine=False,
)  # fmt: skip
CHANNEL = Kind(
    ChannelForm, services.save_channel, services.delete_channel,
    "reception_channels", "canaux", "le canal", "Nouveau canal d'accueil", feminine=False,
)  # fmt: skip


def _overview(org_code, kind: Kind):
    response = redirect("organisations:structure", org_code=org_code)
    response["Location"] += f"#{kind.anchor}"
    return response


def _apply(form, action) -> bool:
    """Runs `action()`; a ValidationError goes onto the form (by field when it names one)."""
    try:
        action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def _edit(request, org_code, kind: Kind, pk=None):
    organisation = request.organisation
    item = get_object_or_404(getattr(organisation, kind.related), pk=pk) if pk else None
    form = kind.form(request.POST or None, instance=item, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        saved = form.instance
        if _apply(form, lambda: kind.save(saved, by=request.user)):
            messages.success(request, kind.done(saved, "enregistré" if item else "créé"))
            return _overview(org_code, kind)
    title = f"Modifier {kind.noun} « {item} »" if item else kind.new
    return render(
        request,
        "organisations/structure_form.html",
        {"page_title": title, "form": form, "item": item, "kind": kind},
    )


def _delete(request, org_code, kind: Kind, pk):
    item = get_object_or_404(getattr(request.organisation, kind.related), pk=pk)
    error = None
    if request.method == "POST":
        try:
            kind.delete(item, by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, kind.done(item, "supprimé"))
            return _overview(org_code, kind)
    return render(
        request,
        "organisations/structure_delete.html",
        {
            "page_title": f"Supprimer {kind.noun} « {item} »",
            "item": item,
            "kind": kind,
            "error": error,
        },
        status=400 if error else 200,
    )


@require_ability(MANAGE_ORGANISATION)
def unit_create(request, org_code):
    return _edit(request, org_code, UNIT)


@require_ability(MANAGE_ORGANISATION)
def unit_edit(request, org_code, pk):
    return _edit(request, org_code, UNIT, pk)


@require_ability(MANAGE_ORGANISATION)
def unit_delete(request, org_code, pk):
    return _delete(request, org_code, UNIT, pk)


@require_ability(MANAGE_ORGANISATION)
def site_create(request, org_code):
    return _edit(request, org_code, SITE)


@require_ability(MANAGE_ORGANISATION)
def site_edit(request, org_code, pk):
    return _edit(request, org_code, SITE, pk)


@require_ability(MANAGE_ORGANISATION)
def site_delete(request, org_code, pk):
    return _delete(request, org_code, SITE, pk)


@require_ability(MANAGE_ORGANISATION)
def channel_create(request, org_code):
    return _edit(request, org_code, CHANNEL)


@require_ability(MANAGE_ORGANISATION)
def channel_edit(request, org_code, pk):
    return _edit(request, org_code, CHANNEL, pk)


@require_ability(MANAGE_ORGANISATION)
def channel_delete(request, org_code, pk):
    return _delete(request, org_code, CHANNEL, pk)
