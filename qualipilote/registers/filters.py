"""The one definition of what narrows and orders a register's records: the list pages, their
CSV/XLSX exports and the API's list endpoints read the same query string through these
FilterSets (django-filter), so a list, its export and an integration agree.

The organisation comes from the request (`request.organisation` on pages,
`request.api_access.organisation` in the API); the assignee "moi" reads the signed-in person's
membership (them or their unit).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone

from qualipilote.common.forms import Form
from qualipilote.common.text import search_words
from qualipilote.organisations.models import Unit

from . import assignment
from .deadlines import DeadlineComputer
from .enums import (
    CorrespondenceChannel,
    FeedbackKind,
    FeedbackSource,
    RecordStatus,
    UpdateTarget,
)
from .forms import DateInput
from .models import Correspondence, Feedback, UpdateRequest

ME, NOBODY = "moi", "aucun"
SOON_WORKING_DAYS = 3
# Feedback the public gives directly (the public form, "Je donne mon avis"): someone must take it.
PUBLIC_SOURCES = (FeedbackSource.WEB_FORM, FeedbackSource.PUBLIC_REVIEW)

# The quick views of a list (the tags above it and the work queue's links).
VIEWS = {
    "a-echeance": "À échéance (1 jour ouvré)",
    "en-retard": "En retard",
    "aujourd-hui": "À rendre aujourd'hui",
    "bientot": f"À rendre dans les {SOON_WORKING_DAYS} jours ouvrés",
}
FEEDBACK_VIEWS = {**VIEWS, "a-prendre": "Avis du public à prendre en charge"}
SORT_LABELS = {
    "received_on": "Date de réception",
    "due_on": "Échéance",
    "answered_on": "Date de réponse",
    "unit__name": "Unité",
}


def not_taken_public_feedback(queryset):
    """Public feedback nobody took yet: unanswered and assigned to no one."""
    return queryset.filter(
        source__in=PUBLIC_SOURCES,
        answered_on__isnull=True,
        assigned_to__isnull=True,
        assigned_unit__isnull=True,
    )


def assigned_to_person(membership) -> Q:
    """Records assigned to the member, or to their unit."""
    mine = Q(assigned_to_id=membership.user_id)
    if membership.unit_id:
        mine |= Q(assigned_unit_id=membership.unit_id)
    return mine


class FilterForm(Form):
    """The form django-filter builds for a list: every field may stay empty, so none is marked."""

    marks_optional = False


class RecordFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Rechercher",
        method="filter_search",
        max_length=200,
        help_text="Référence, objet ou mots de la description, avec ou sans accents.",
    )
    received_from = django_filters.DateFilter(
        label="Reçu à partir du", field_name="received_on", lookup_expr="gte", widget=DateInput()
    )
    received_to = django_filters.DateFilter(
        label="Reçu jusqu'au", field_name="received_on", lookup_expr="lte", widget=DateInput()
    )
    unit = django_filters.ModelChoiceFilter(
        label="Unité",
        queryset=Unit.objects.none(),
        to_field_name="code",
        empty_label="Toutes",
    )
    status = django_filters.ChoiceFilter(
        label="Statut", choices=RecordStatus.choices, empty_label="Tous", method="filter_status"
    )
    assignee = django_filters.ChoiceFilter(
        label="Attribué à",
        choices=[],
        empty_label="Tous",
        method="filter_assignee",
    )
    vue = django_filters.ChoiceFilter(
        label="Vue", choices=list(VIEWS.items()), empty_label="Tous", method="filter_view"
    )
    ordering = django_filters.OrderingFilter(
        label="Trier par",
        fields=(
            ("received_on", "recu"),
            ("due_on", "echeance"),
            ("answered_on", "repondu"),
            ("unit__name", "unite"),
        ),
        field_labels=SORT_LABELS,
        empty_label="Les plus récents d'abord",
    )

    views = VIEWS

    class Meta:
        form = FilterForm
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, today=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.today = today or timezone.localdate()
        self.organisation = _organisation_of(request)
        self.membership = _membership_of(request)
        self.filters["unit"].queryset = Unit.objects.filter(
            organisation=self.organisation
        ).order_by("name")
        choices = [(NOBODY, "Personne")]
        if self.membership is not None:
            choices.insert(0, (ME, "Moi ou mon unité"))
        self.filters["assignee"].extra["choices"] = choices + assignment.assignee_choices(
            self.organisation
        )
        self.filters["vue"].extra["choices"] = list(self.views.items())
        # A filter builds its form field once and caches it, and the copies a FilterSet makes
        # of its class's filters carry that cache: these fields are built again from the
        # organisation's choices.
        for name in ("unit", "assignee", "vue"):
            self.filters[name].__dict__.pop("_field", None)

    @property
    def qs(self):
        records = super().qs
        if not self.form.is_valid() or not self.form.cleaned_data.get("ordering"):
            records = records.order_by("-received_on", "-pk")
        return records

    def filter_search(self, queryset, name, value):
        words = search_words(value)
        if not words:
            return queryset
        found = Q()
        for word in words:
            found &= Q(search_text__contains=word)
        if value.strip().isdigit() and len(value.strip()) <= 18:  # a record's number
            found |= Q(pk=int(value.strip()))
        return queryset.filter(found)

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value, self.today)

    def filter_assignee(self, queryset, name, value: str):
        if value == ME:
            return queryset.filter(assigned_to_person(self.membership))
        if value == NOBODY:
            return queryset.filter(assigned_to__isnull=True, assigned_unit__isnull=True)
        chosen = assignment.parse_assignee(self.organisation, value)
        return queryset.filter(**chosen.fields)

    def filter_view(self, queryset, name, value):
        today = self.today
        if value == "en-retard":
            return queryset.overdue(today)
        if value == "aujourd-hui":
            return queryset.unanswered().filter(due_on=today)
        if value == "a-prendre":
            return not_taken_public_feedback(queryset)
        calendar = DeadlineComputer.for_organisation(self.organisation).calendar
        if value == "bientot":
            limit = calendar.add_working_days(today, SOON_WORKING_DAYS)
            return queryset.unanswered().filter(due_on__gt=today, due_on__lte=limit)
        return queryset.pending(today).due_within(today, 1, calendar=calendar)


def _organisation_of(request):
    access = getattr(request, "api_access", None)
    if access is not None:
        return access.organisation
    return getattr(request, "organisation", None)


def _membership_of(request):
    access = getattr(request, "api_access", None)
    if access is not None:
        return access.membership
    return getattr(request, "membership", None)


class CorrespondenceFilterSet(RecordFilterSet):
    channel = django_filters.ChoiceFilter(
        label="Canal", choices=CorrespondenceChannel.choices, empty_label="Tous"
    )

    class Meta(RecordFilterSet.Meta):
        model = Correspondence


class FeedbackFilterSet(RecordFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Nature", choices=FeedbackKind.choices, empty_label="Toutes"
    )
    source = django_filters.ChoiceFilter(
        label="Origine", choices=FeedbackSource.choices, empty_label="Toutes"
    )
    ordering = django_filters.OrderingFilter(
        label="Trier par",
        fields=(
            ("reference", "reference"),
            ("received_on", "recu"),
            ("due_on", "echeance"),
            ("answered_on", "repondu"),
            ("unit__name", "unite"),
        ),
        field_labels={**SORT_LABELS, "reference": "Référence"},
        empty_label="Les plus récents d'abord",
    )
    views = FEEDBACK_VIEWS

    class Meta(RecordFilterSet.Meta):
        model = Feedback


class UpdateRequestFilterSet(RecordFilterSet):
    target = django_filters.ChoiceFilter(
        label="Support", choices=UpdateTarget.choices, empty_label="Tous"
    )

    class Meta(RecordFilterSet.Meta):
        model = UpdateRequest


FILTERSETS = {
    Correspondence: CorrespondenceFilterSet,
    Feedback: FeedbackFilterSet,
    UpdateRequest: UpdateRequestFilterSet,
}


def filtered(model, request, today: dt.date | None = None):
    """(filterset, records of the request's organisation narrowed and ordered by it)."""
    filterset = FILTERSETS[model](
        request.GET or None,
        model.objects.filter(organisation=_organisation_of(request)),
        request=request,
        today=today,
    )
    return filterset, filterset.qs
