"""The action plan as a file: one column description (common.tables) drives the import of an
existing plan (all or nothing, French errors by line and column) and the XLSX export."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from qualipilote.common.tables import TableColumn, TableSpec, lookup
from qualipilote.common.tabular import Column, ImportRejected, RowError, parse_date, xlsx_response
from qualipilote.organisations.models import Unit

from . import services
from .enums import ActionKind, ActionSource, ActionStatus
from .models import Action


def _choice(choices):
    by_code = {code: code for code, _label in choices}
    by_label = {label.lower(): code for code, label in choices}

    def parse(value):
        text = str(value or "").strip()
        if not text:
            return ""
        found = by_code.get(text) or by_label.get(text.lower())
        if found is None:
            raise ValueError(
                f"« {text} » inconnu (attendu : {', '.join(code for code, _ in choices)})."
            )
        return found

    return parse


ACTION_PLAN = TableSpec(
    "Plan d'actions",
    (
        TableColumn(
            "intitule",
            "title",
            description="Intitulé de l'action.",
            example="Afficher les horaires dans le hall",
            required=True,
        ),
        TableColumn("description", "description", description="Description libre."),
        TableColumn(
            "nature",
            "kind",
            _choice(ActionKind.choices),
            "corrective, preventive ou improvement.",
            "corrective",
            required=True,
        ),
        TableColumn(
            "origine",
            "source",
            _choice(ActionSource.choices),
            "self_assessment, indicator, survey, complaint, committee…",
            "complaint",
            required=True,
        ),
        TableColumn("precision_origine", "source_detail", description="Ex. COPIL du 12 janvier."),
        TableColumn(
            "pilote",
            "owner",
            description="Identifiant d'un membre de l'organisation.",
            example="referent.74",
            required=True,
        ),
        TableColumn("unite", "owner_unit", description="Code de l'unité pilote.", example="bcic"),
        TableColumn(
            "echeance", "due_on", parse_date, "Échéance (JJ/MM/AAAA).", "30/06/2026", required=True
        ),
        TableColumn(
            "etat",
            "status",
            _choice(ActionStatus.choices),
            "planned, in_progress, done ou abandoned (planned si vide).",
            "planned",
        ),
        TableColumn("motif_abandon", "abandon_reason", description="Obligatoire si abandonnée."),
    ),
    model=Action,
)


def import_action_plan(organisation, raw: bytes, filename: str, *, user, today) -> list[Action]:
    """Creates every action of the file, or none: the first refusal lists every error."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            memberships__organisation=organisation, memberships__suspended_at__isnull=True
        )
    }
    units = {u.code: u for u in Unit.objects.filter(organisation=organisation)}
    rows = ACTION_PLAN.read_rows(
        raw,
        filename,
        lookups={
            "owner": lookup(users, "aucun membre de l'organisation n'a l'identifiant « {code} »."),
            "owner_unit": lookup(
                units, "aucune unité de l'organisation ne porte le code « {code} »."
            ),
        },
    )
    errors = []
    for line, values in rows:
        for field, messages in services.action_errors(
            organisation, values, created_on=today
        ).items():
            if field in ACTION_PLAN._header_by_field:
                errors += [RowError(line, ACTION_PLAN.header_of(field), m) for m in messages]
            else:
                errors += [RowError(line, "", m) for m in messages]
        if values.get("status") == ActionStatus.ABANDONED and not values.get("abandon_reason"):
            errors.append(
                RowError(line, "motif_abandon", "motif obligatoire pour une action abandonnée.")
            )
    if errors:
        raise ImportRejected(errors)
    created = []
    with transaction.atomic():
        for _line, values in rows:
            status = values.pop("status") or ActionStatus.PLANNED
            abandon_reason = values.pop("abandon_reason")
            action = services.create_action(
                organisation, user=user, today=today, reason="Import du plan d'actions", **values
            )
            if status != ActionStatus.PLANNED:
                action = services.set_status(
                    action, status, user=user, abandon_reason=abandon_reason, today=today
                )
            created.append(action)
    return created


EXPORT_COLUMNS = [
    Column("Référence", lambda a: a.reference),
    Column("Intitulé", lambda a: a.title),
    Column("Nature", lambda a: a.get_kind_display()),
    Column("Origine", lambda a: a.get_source_display()),
    Column("Précision sur l'origine", lambda a: a.source_detail),
    Column("Engagements", lambda a: ", ".join(str(c.number) for c in a.commitments.all())),
    Column("Indicateurs", lambda a: ", ".join(i.code for i in a.indicators.all())),
    Column("Pilote", lambda a: a.owner.get_full_name() or a.owner.username),
    Column("Unité pilote", lambda a: a.owner_unit.name if a.owner_unit else ""),
    Column("Échéance", lambda a: a.due_on),
    Column("État", lambda a: a.get_status_display()),
    Column("Réalisée le", lambda a: a.completed_on),
    Column("Motif d'abandon", lambda a: a.abandon_reason),
    Column("Constat d'efficacité", lambda a: a.effectiveness),
]


def export_response(actions, filename: str):
    return xlsx_response(filename, [("Plan d'actions", EXPORT_COLUMNS, actions)])
