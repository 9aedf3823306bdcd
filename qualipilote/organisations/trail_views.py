"""The audit trail's two pages (organisations.trail): one record's history, one person's
changes across the organisation. One view and one template each, for every registered model.

Members reach them under `/<org_code>/historique/…` (the access middleware has checked the
membership); national readers, who never enter an organisation's own pages, under
`/national/historique/<organisation>/…` (@national_page), without personal data."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from qualipilote.common.forms import Form

from . import trail
from .access import national_page
from .models import Membership, Organisation

PAGE_SIZE = 50


def record_history(request, org_code, key, pk):
    return _record_history(request, request.organisation, key, pk)


@national_page
def national_record_history(request, organisation, key, pk):
    return _record_history(request, _national(request, organisation), key, pk)


def _national(request, code) -> Organisation:
    request.national = True
    request.membership = None
    return get_object_or_404(Organisation, code=code)


def _record_history(request, organisation, key, pk):
    entry = trail.traced(key)
    if entry is None:
        raise Http404("Ce type de fiche n'a pas d'historique.")
    record = entry.model._base_manager.filter(
        pk=pk, **entry.organisation_filter(organisation)
    ).first()
    if not trail.may_read_record(request.user, request.membership, entry, record):
        raise PermissionDenied("Votre rôle ne permet pas de lire l'historique de cette fiche.")
    personal = trail.sees_personal_data(request.membership)
    versions = trail.record_history(entry, organisation, pk, personal=personal)
    if versions is None:
        raise Http404("Aucune fiche de ce numéro dans l'organisation.")
    national = getattr(request, "national", False)
    record_url = entry.url(record) if (entry.url and record and not national) else ""
    return render(
        request,
        "organisations/trail/record.html",
        {
            "page_title": f"Historique — {versions[0].record_label}",
            "entry": entry,
            "versions": versions,
            "record_label": versions[0].record_label,
            "record_url": record_url,
            "deleted": record is None,
            "can_read_people": trail.reads_everything(request.user, request.membership),
            "trail_organisation": organisation,
            "national": national,
        },
    )


class PersonFilterForm(Form):
    kind = forms.ChoiceField(label="Type de fiche", required=False)
    start = forms.DateField(
        label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "Tous"),
            *((e.key, e.label) for e in trail.traced_models()),
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La date de fin précède la date de début.")
        return data


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def person_history(request, org_code, user_id):
    return _person_history(request, request.organisation, user_id)


@national_page
def national_person_history(request, organisation, user_id):
    return _person_history(request, _national(request, organisation), user_id)


def _person_history(request, organisation, user_id):
    if not trail.reads_everything(request.user, request.membership):
        raise PermissionDenied("L'historique d'une personne est réservé au référent qualité.")
    person = get_object_or_404(
        Membership.objects.select_related("user"),
        organisation=organisation,
        user_id=user_id,
    ).user
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = trail.person_changes_query(
        organisation,
        person,
        keys={filters["kind"]} if filters.get("kind") else None,
        start=_local_midnight(filters["start"]) if filters.get("start") else None,
        end=_local_midnight(filters["end"] + dt.timedelta(days=1)) if filters.get("end") else None,
    )
    page = Paginator(query if query is not None else [], PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    versions = trail.person_versions(
        list(page.object_list), personal=trail.sees_personal_data(request.membership)
    )
    others = request.GET.copy()
    others.pop("page", None)
    return render(
        request,
        "organisations/trail/person.html",
        {
            "page_title": f"Modifications de {person}",
            "person": person,
            "form": form,
            "page_obj": page,
            "versions": versions,
            "filters_query": others.urlencode(),
            "trail_organisation": organisation,
            "national": getattr(request, "national", False),
        },
        status=200 if not form.errors else 400,
    )
