"""The organisation's history page: who changed what in its structure and its people, read from
django-simple-history's tables (every action of services records its author there)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from heapq import merge

from .models import Invitation, Membership, Organisation, ReceptionChannel, Site, Unit

KIND_WORDS = {"+": "création", "~": "modification", "-": "suppression"}
LIMIT = 200


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    who: str
    subject: str  # "Unité « Bureau des usagers »"
    action: str  # "création"
    changes: list[str]


def _subject(model, record) -> str:
    if model is Membership:
        return f"Appartenance de {record.user}" if record.user_id else "Appartenance"
    if model is Invitation:
        return f"Invitation de {record.email}"
    return f"{model._meta.verbose_name.capitalize()} « {record.name} »"


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


def _changes(model, record) -> list[str]:
    previous = record.prev_record
    if record.history_type != "~" or previous is None:
        return []
    delta = record.diff_against(previous)
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        if field.is_relation:
            old = str(field.related_model._base_manager.filter(pk=change.old).first() or "—")
            new = str(field.related_model._base_manager.filter(pk=change.new).first() or "—")
        else:
            old, new = _display(field, change.old), _display(field, change.new)
        changes.append(f"{field.verbose_name} : {old} → {new}")
    return changes


def _rows(model, organisation):
    records = (
        model.history.filter(organisation_id=organisation.pk)
        .select_related("history_user")
        .order_by("-history_date")[:LIMIT]
    )
    for record in records:
        yield HistoryRow(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "Administration",
            subject=_subject(model, record),
            action=KIND_WORDS.get(record.history_type, record.history_type),
            changes=_changes(model, record),
        )


def organisation_history(organisation: Organisation) -> list[HistoryRow]:
    """The latest changes, newest first, of every kind together."""
    streams = [
        _rows(model, organisation)
        for model in (Membership, Invitation, Unit, Site, ReceptionChannel)
    ]
    rows = merge(*streams, key=lambda row: row.when, reverse=True)
    return [row for _, row in zip(range(LIMIT), rows, strict=False)]
