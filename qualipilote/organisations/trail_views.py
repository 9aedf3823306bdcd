"""The audit trail's two pages (organisations.trail): one record's history, one person's
changes across the organisation. One view and one template each, for every registered model."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from qualipilote.common.forms import Form

from . import trail
from .access import find_membership, public_page
from .models import Membership

PAGE_SIZE = 50


def trail_page(view):
    """Members of the organisation (not suspended) and the national readers. Marked public so
    that the access middleware lets national readers through; the check is made here."""

    @public_page
    @wraps(view)
    def wrapper(request, org_code, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = find_membership(request.user, request.organisation)
        if membership is not None and membership.is_suspended:
            membership = None
        if membership is None and not request.user.is_national_reader:
            raise PermissionDenied("Vous n'êtes pas membre de cette organisation.")
        request.membership = membership
        return view(request, org_code, *args, **kwargs)

    return wrapper


@trail_page
def record_history(request, org_code, key, pk):
    entry = trail.traced(key)
    if entry is None:
        raise Http404("Ce type de fiche n'a pas d'historique.")
    record = entry.model._base_manager.filter(
        pk=pk, **entry.organisation_filter(request.organisation)
    ).first()
    if not trail.may_read_record(request.user, request.membership, entry, record):
        raise PermissionDenied("Votre rôle ne permet pas de lire l'historique de cette fiche.")
    personal = trail.sees_personal_data(request.membership)
    versions = trail.record_history(entry, request.organisation, pk, personal=personal)
    if versions is None:
        raise Http404("Aucune fiche de ce numéro dans l'organisation.")
    record_url = entry.url(record) if (entry.url and record is not None) else ""
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


@trail_page
def person_history(request, org_code, user_id):
    if not trail.reads_everything(request.user, request.membership):
        raise PermissionDenied("L'historique d'une personne est réservé au référent qualité.")
    person = get_object_or_404(
        Membership.objects.select_related("user"),
        organisation=request.organisation,
        user_id=user_id,
    ).user
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = trail.person_changes_query(
        request.organisation,
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
        },
        status=200 if not form.errors else 400,
    )
