"""Named, atomic actions on organisations (creation, bulk import) and read helpers."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from qualipilote.common.tabular import ImportRejected, RowError, read_table

from .enums import OrganisationKind
from .models import Organisation, Unit, short_code_of


@transaction.atomic
def create_organisation(
    *,
    code: str,
    name: str,
    kind: str,
    departement: str,
    parent: Organisation | None = None,
) -> Organisation:
    """Creates an organisation with the defaults every new organisation gets.

    Each app that has defaults (deadline rules, indicator settings…) declares a
    `provision_organisation(organisation)` method on its AppConfig; they all run here, in the
    same transaction, so an organisation never exists half set up.
    """
    organisation = Organisation(
        code=code, name=name, kind=kind, departement=departement, parent=parent
    )
    organisation.full_clean()
    organisation.save()
    for config in apps.get_app_configs():
        provision = getattr(config, "provision_organisation", None)
        if provision is not None:
            provision(organisation)
    return organisation


def unit_tree(organisation: Organisation) -> list[tuple[Unit, int]]:
    """The units in chart order, each with its depth (0 for a direction at the top)."""
    units = list(organisation.units.all().order_by("name"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[Unit, int]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


ORGANISATION_COLUMNS = ["code", "nom", "type", "departement", "parent"]
KIND_BY_LABEL = {
    **{value: value for value in OrganisationKind.values},
    "prefecture": OrganisationKind.PREFECTURE,
    "sous-prefecture": OrganisationKind.SUB_PREFECTURE,
    "sgcd": OrganisationKind.SHARED_SERVICES,
    "ddi": OrganisationKind.INTERMINISTERIAL_DIRECTORATE,
}


def import_organisations(raw: bytes, filename: str = "organisations.csv") -> list[Organisation]:
    """Creates many organisations from a CSV or XLSX file
    (columns `code`, `nom`, `type`, `departement`, `parent`), all or none.

    A parent may be an existing organisation or one created earlier in the same file.
    """
    table = read_table(raw, filename)
    table.require_columns(ORGANISATION_COLUMNS)
    errors: list[RowError] = []
    known_codes = set(Organisation.objects.values_list("code", flat=True))
    seen: set[str] = set()
    seen_short_codes: dict[str, str] = {}
    for line, row in table.rows:
        code = str(row["code"])
        kind = KIND_BY_LABEL.get(str(row["type"]).lower())
        if kind is None:
            errors.append(RowError(line, "type", f"type inconnu « {row['type']} »."))
        if code in seen or code in known_codes:
            errors.append(RowError(line, "code", f"le code « {code} » existe déjà."))
        elif short_code_of(code) in seen_short_codes:
            errors.append(
                RowError(
                    line,
                    "code",
                    f"« {code} » donnerait les mêmes références publiques que "
                    f"« {seen_short_codes[short_code_of(code)]} » plus haut dans le fichier.",
                )
            )
        parent = str(row["parent"])
        if parent and parent not in known_codes and parent not in seen:
            errors.append(RowError(line, "parent", f"organisation « {parent} » inconnue."))
        candidate = Organisation(
            code=code, name=str(row["nom"]), kind=kind or "", departement=str(row["departement"])
        )
        try:
            candidate.full_clean(exclude=["parent", "kind"], validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = {"name": "nom"}.get(field, field)
                errors.extend(RowError(line, column, message) for message in messages)
        seen.add(code)
        seen_short_codes.setdefault(short_code_of(code), code)
    if errors:
        raise ImportRejected(errors)
    created: list[Organisation] = []
    with transaction.atomic():
        by_code = {}
        for _line, row in table.rows:
            parent_code = str(row["parent"])
            parent = None
            if parent_code:
                parent = by_code.get(parent_code) or Organisation.objects.get(code=parent_code)
            organisation = create_organisation(
                code=str(row["code"]),
                name=str(row["nom"]),
                kind=KIND_BY_LABEL[str(row["type"]).lower()],
                departement=str(row["departement"]),
                parent=parent,
            )
            by_code[organisation.code] = organisation
            created.append(organisation)
    return created
