"""The audit trail: who changed what, when, in the records of every app, read from
django-simple-history's tables.

The apps above this one register their history-bearing models from their AppConfig.ready()
(`trail.register(Feedback, …)`, one line per model); this module never imports them. From the
registry come the two pages of trail_views: a record's history and a person's changes across the
organisation. The differences between two versions are computed here, field by field, with the
fields' French names, the labels of choices (not their codes) and the names of related rows
looked up in one query per related model (never one per row).

Access (`may_read_trail`): the organisation's quality lead (VIEW_TRAIL) and the national readers
see every history; another member sees the history of a record they may read (the entry's
ability, and its `can_view`); a national reader never sees personal data (the entry's
`personal_fields` are masked for whoever may not see contact details).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import CharField, OuterRef, Subquery, Value
from django.utils.text import capfirst

from .permissions import VIEW_CONTACT_DETAILS, VIEW_TRAIL

KIND_WORDS = {"+": "Création", "~": "Modification", "-": "Suppression"}
MASKED = "(donnée personnelle masquée)"
EMPTY = "—"
# Never shown: written by the machine on every save, or derived from the other fields.
ALWAYS_LEFT_OUT = {"updated_at", "search_text"}


@dataclass(frozen=True)
class TracedModel:
    model: type[models.Model]
    organisation_path: str  # "organisation", "audit__organisation"…
    ability: str | None = None  # needed to read the record's history, beyond membership
    personal_fields: tuple[str, ...] = ()
    can_view: Callable | None = None  # (membership, live record) -> bool
    url: Callable | None = None  # (live record) -> the record's own page
    left_out: tuple[str, ...] = ()
    # {field: callable returning {code: label}} for codes whose labels are data, not choices
    # (a finding's grade: the framework version's scale). Called once per page.
    value_labels: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def history_model(self):
        return self.model.history.model

    def organisation_filter(self, organisation) -> dict:
        return {f"{self.organisation_path}_id": organisation.pk}

    def fields(self) -> list[models.Field]:
        history_names = {f.name for f in self.history_model._meta.concrete_fields}
        # The organisation never changes and is the page's own: not worth a line.
        left_out = ALWAYS_LEFT_OUT | set(self.left_out) | {"organisation"}
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.name in history_names and not f.primary_key and f.name not in left_out
        ]


_REGISTRY: dict[str, TracedModel] = {}


def register(model, *, organisation: str = "organisation", **options) -> TracedModel:
    """Adds a model whose changes are kept (it needs `history = HistoricalRecords()`) to the
    trail. `organisation` is the lookup from the model to its organisation."""
    if not hasattr(model, "history"):
        raise ImproperlyConfigured(f"{model.__name__} n'a pas d'historique (HistoricalRecords).")
    entry = TracedModel(model=model, organisation_path=organisation, **options)
    _REGISTRY[entry.key] = entry
    return entry


def traced_models() -> list[TracedModel]:
    return sorted(_REGISTRY.values(), key=lambda entry: entry.label)


def traced(key: str) -> TracedModel | None:
    return _REGISTRY.get(key)


def entry_for(model) -> TracedModel | None:
    return _REGISTRY.get(model._meta.label_lower)


# --- Who may read ------------------------------------------------------------------------------


def reads_everything(user, membership) -> bool:
    """The quality lead of the organisation and the national readers."""
    if membership is not None and not membership.is_suspended and membership.can(VIEW_TRAIL):
        return True
    return bool(getattr(user, "is_national_reader", False))


def may_read_record(user, membership, entry: TracedModel, record) -> bool:
    if reads_everything(user, membership):
        return True
    if membership is None or membership.is_suspended:
        return False
    if entry.ability and not membership.can(entry.ability):
        return False
    if entry.can_view is not None:
        return record is not None and entry.can_view(membership, record)
    return True


def sees_personal_data(membership) -> bool:
    return membership is not None and membership.can(VIEW_CONTACT_DETAILS)


# --- Differences --------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Version:
    entry: TracedModel
    record_id: int
    history_id: int
    when: datetime
    who: object  # the user, or None (the system, an integration)
    kind: str
    reason: str
    record_label: str
    changes: list[Change] = field(default_factory=list)

    @property
    def who_label(self) -> str:
        return str(self.who) if self.who is not None else "Système ou intégration"


def _raw_changes(entry, version, previous) -> list[tuple[models.Field, object, object]]:
    """(field, old raw value, new raw value) for the fields that differ."""
    if version.history_type == "-":
        return []
    changes = []
    for model_field in entry.fields():
        name = model_field.attname
        new = getattr(version, name)
        old = getattr(previous, name) if previous is not None else None
        if previous is None and new in (None, "", False):
            continue  # a creation lists what was filled in
        if old != new:
            changes.append((model_field, old, new))
    return changes


def _related_names(raw: list) -> dict:
    """{(related model, pk): name} for every related value, one query per related model."""
    wanted = defaultdict(set)
    for model_field, old, new in raw:
        if model_field.is_relation:
            for value in (old, new):
                if value is not None:
                    wanted[model_field.related_model].add(value)
    names = {}
    for model, ids in wanted.items():
        for row in model._base_manager.filter(pk__in=ids):
            names[(model, row.pk)] = str(row)
    return names


def _display(model_field, value, names) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"n° {value} (supprimé)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(model_field, models.DateTimeField):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(model_field, models.DateField):
        return value.strftime("%d/%m/%Y")
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return str(value)


def build_versions(pairs, *, personal: bool) -> list[Version]:
    """Versions from (entry, history row, previous history row or None), their changes shown
    in French. `personal`: whether personal fields may be shown."""
    raw_by_pair = [_raw_changes(entry, row, previous) for entry, row, previous in pairs]
    names = _related_names([change for raw in raw_by_pair for change in raw])
    labels: dict = {}  # (entry key, field name) -> {code: label}, looked up once
    versions = []
    for (entry, row, _previous), raw in zip(pairs, raw_by_pair, strict=True):
        changes = []
        for model_field, old, new in raw:
            if model_field.name in entry.personal_fields and not personal:
                old_text = MASKED if old not in (None, "") else EMPTY
                new_text = MASKED if new not in (None, "") else EMPTY
            elif model_field.name in entry.value_labels:
                key = (entry.key, model_field.name)
                if key not in labels:
                    labels[key] = entry.value_labels[model_field.name]()
                old_text = labels[key].get(old, old) if old not in (None, "") else EMPTY
                new_text = labels[key].get(new, new) if new not in (None, "") else EMPTY
            else:
                old_text = _display(model_field, old, names)
                new_text = _display(model_field, new, names)
            changes.append(Change(capfirst(model_field.verbose_name), old_text, new_text))
        versions.append(
            Version(
                entry=entry,
                record_id=row.id,
                history_id=row.history_id,
                when=row.history_date,
                who=row.history_user,
                kind=KIND_WORDS.get(row.history_type, row.history_type),
                reason=row.history_change_reason or "",
                record_label=_record_label(entry, row, personal),
                changes=changes,
            )
        )
    return versions


def _record_label(entry, row, personal) -> str:
    """A name read from the row itself (no query): its reference or its title when it has one."""
    reference = getattr(row, "reference", "")
    title = getattr(row, "title", "")
    if reference:
        return f"{entry.label} {reference}"
    if title and not (entry.personal_fields and not personal):
        return f"{entry.label} « {title} »"
    return f"{entry.label} n° {row.id}"


# --- A record's history -------------------------------------------------------------------------


def record_history(entry: TracedModel, organisation, record_id: int, *, personal: bool):
    """Every version of the record, newest first (None when the organisation has none)."""
    rows = list(
        entry.history_model.objects.filter(id=record_id, **entry.organisation_filter(organisation))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not rows:
        return None
    pairs = []
    previous = None
    for row in rows:
        pairs.append((entry, row, previous))
        previous = row
    return build_versions(pairs, personal=personal)[::-1]


# --- A person's changes ---------------------------------------------------------------------------


def person_changes_query(organisation, user, *, keys=None, start=None, end=None):
    """One query (a UNION over the registered history tables) of (history_id, history_date,
    key) for the person's changes in the organisation, newest first; Paginator slices it."""
    parts = []
    for entry in traced_models():
        if keys and entry.key not in keys:
            continue
        rows = entry.history_model.objects.filter(
            history_user=user, **entry.organisation_filter(organisation)
        )
        if start is not None:
            rows = rows.filter(history_date__gte=start)
        if end is not None:
            rows = rows.filter(history_date__lt=end)
        parts.append(
            rows.order_by()  # the history's default ordering is not allowed inside a UNION
            .annotate(trail_key=Value(entry.key, output_field=CharField()))
            .values_list("history_id", "history_date", "trail_key")
        )
    if not parts:
        return None
    first, *others = parts
    union = first.union(*others, all=True) if others else first
    return union.order_by("-history_date", "-history_id")


def person_versions(page_rows, *, personal: bool) -> list[Version]:
    """The versions of one page of `person_changes_query`: per kind of record, one query for the
    rows and one for the versions just before them (to compare), whatever the page's size."""
    ids_by_key = defaultdict(list)
    for history_id, _when, key in page_rows:
        ids_by_key[key].append(history_id)
    found = {}
    for key, history_ids in ids_by_key.items():
        entry = traced(key)
        history = entry.history_model
        before = (
            history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        rows = list(
            history.objects.filter(history_id__in=history_ids)
            .select_related("history_user")
            .annotate(previous_history_id=Subquery(before))
        )
        previous_ids = [row.previous_history_id for row in rows if row.previous_history_id]
        previous = history.objects.in_bulk(previous_ids) if previous_ids else {}
        for row in rows:
            found[(key, row.history_id)] = (entry, row, previous.get(row.previous_history_id))
    pairs = [found[(key, history_id)] for history_id, _when, key in page_rows]
    return build_versions(pairs, personal=personal)
