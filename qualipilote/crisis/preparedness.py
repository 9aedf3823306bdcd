"""Preparedness for emergency communication (commitment 42 / Quali-ATE 2024): contact lists
(import through common.tables, export through common.tabular), message templates with
placeholders, and the on-call roster of the 24/7 duty."""

from __future__ import annotations

import datetime as dt
import string

from django.core.exceptions import ValidationError
from django.db import transaction

from qualipilote.common.tables import TableColumn, TableSpec, lookup
from qualipilote.common.tabular import Column

from .models import Contact, ContactGroup, MessageTemplate, OnCallShift
from .timing import shown

GROUP_BY_LABEL = {label.lower(): value for value, label in ContactGroup.choices} | {
    value: value for value in ContactGroup.values
}

CONTACTS = TableSpec(
    "Contacts de crise",
    (
        TableColumn(
            "groupe",
            "group",
            description="Élus, Médias ou Partenaires.",
            example="Élus",
            required=True,
        ),
        TableColumn(
            "nom", "name", description="Nom et prénom.", example="Marie Dupont", required=True
        ),
        TableColumn("fonction", "function", description="Fonction.", example="Maire"),
        TableColumn(
            "structure", "structure", description="Commune, média, partenaire.", example="Chamonix"
        ),
        TableColumn("telephone", "phone", description="Téléphone.", example="04 50 00 00 00"),
        TableColumn(
            "courriel", "email", description="Adresse électronique.", example="maire@example.fr"
        ),
    ),
    model=Contact,
    fold_headers=True,
)

CONTACT_EXPORT = [
    Column("groupe", lambda c: c.get_group_display()),
    Column("nom", lambda c: c.name),
    Column("fonction", lambda c: c.function),
    Column("structure", lambda c: c.structure),
    Column("telephone", lambda c: c.phone),
    Column("courriel", lambda c: c.email),
]


def import_contacts(organisation, raw: bytes, filename: str) -> int:
    """Adds the contacts of the file, all or nothing (ImportRejected names line and column)."""
    groups = lookup(GROUP_BY_LABEL, "groupe « {code} » inconnu (Élus, Médias ou Partenaires).")
    rows = CONTACTS.read_rows(raw, filename, lookups={"group": groups})
    with transaction.atomic():
        Contact.objects.bulk_create(
            Contact(organisation=organisation, **values) for _line, values in rows
        )
    return len(rows)


# Placeholders a template may use, and what fills them.
PLACEHOLDERS = {
    "evenement": "intitulé de l'événement",
    "debut": "date et heure du début (heure de Paris)",
    "organisation": "nom de l'organisation",
    "numero_cip": "numéro de la cellule d'information du public",
}


def template_errors(body: str) -> str | None:
    try:
        names = [
            name for _text, name, _spec, _conv in string.Formatter().parse(body) if name is not None
        ]
    except ValueError:
        return "Accolade mal fermée : écrivez les champs ainsi {evenement}."
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        return (
            f"Champ{'s' if len(unknown) > 1 else ''} inconnu{'s' if len(unknown) > 1 else ''} : "
            + ", ".join(f"{{{name}}}" for name in unknown)
            + ". Champs possibles : "
            + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            + "."
        )
    return None


def save_template(organisation, *, title: str, channel: str, body: str) -> MessageTemplate:
    error = template_errors(body)
    if error:
        raise ValidationError({"body": error})
    return MessageTemplate.objects.create(
        organisation=organisation, title=title, channel=channel, body=body
    )


def fill_template(template: MessageTemplate, event) -> str:
    """The template's text with the event's values ("…" where the event has none yet)."""
    cip = event.steps.filter(step="cip_activated").exclude(cip_number="").first()
    values = {
        "evenement": event.title,
        "debut": shown(event.started_at),
        "organisation": event.organisation.name,
        "numero_cip": cip.cip_number if cip else "…",
    }
    if template_errors(template.body):  # saved around save_template (admin, shell)
        return template.body
    return template.body.format_map(values)


def add_shift(
    organisation, *, person: str, phone: str, starts_at: dt.datetime, ends_at: dt.datetime
):
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "La fin de l'astreinte doit suivre son début."})
    return OnCallShift.objects.create(
        organisation=organisation, person=person, phone=phone, starts_at=starts_at, ends_at=ends_at
    )


def on_call_now(organisation, now: dt.datetime):
    """Who is on call at `now` (several when shifts overlap at a hand-over)."""
    return OnCallShift.objects.filter(
        organisation=organisation, starts_at__lte=now, ends_at__gt=now
    )
