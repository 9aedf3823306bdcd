"""The indicator catalogue as data: data/indicators.yaml is checked and loaded into `Indicator`
rows (created or updated by code, so loading twice changes nothing). Commitments are kept as
written and resolved against the frameworks app when it holds them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import transaction
from django.db.models import Q

from qualipilote.registers.enums import RegisterKind
from qualipilote.registers.services import REGISTER_ROWS

from .enums import Aggregate, Domain, Frequency, MeasureUnit, Method, TargetOperator
from .models import Indicator

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "indicators.yaml"
COMPUTED_KEYS = ("register", "aggregate", "record_filters", "include_out_of_scope")


class CatalogueError(ValueError):
    """The catalogue file is wrong; the message names the indicator and the field."""


def read_catalogue(path: Path = CATALOGUE_PATH) -> list[dict]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise CatalogueError(f"{path.name} : fichier illisible ({error.strerror}).") from None
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path.name} : YAML invalide ({error}).") from None
    entries = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{path.name} : la liste « indicators » est absente ou vide.")
    for position, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise CatalogueError(f"{path.name} : l'entrée n° {position} n'est pas un indicateur.")
    return entries


def indicator_fields(entry: dict, position: int) -> dict:
    """The model fields of one catalogue entry, checked; raises CatalogueError."""
    code = entry.get("code") or f"n° {position}"

    def fail(field, message):
        raise CatalogueError(f"Indicateur {code}, champ « {field} » : {message}")

    def choice(field, choices, default=None):
        value = entry.get(field, default)
        if value not in choices.values:
            fail(field, f"« {value} » n'est pas parmi {', '.join(choices.values)}.")
        return value

    if not entry.get("code") or not entry.get("label"):
        fail("code" if not entry.get("code") else "label", "obligatoire.")
    fields = {
        "label": entry["label"],
        "domain": choice("domain", Domain),
        "unit": choice("unit", MeasureUnit),
        "frequency": choice("frequency", Frequency, Frequency.MONTHLY),
        "method": choice("method", Method),
        "definition": entry.get("definition", ""),
        "source": entry.get("source", ""),
        "numerator_label": entry.get("numerator_label", ""),
        "denominator_label": entry.get("denominator_label", ""),
        "commitment_refs": _commitment_refs(entry.get("commitments") or [], fail),
        "position": position,
        "active": entry.get("active", True),
        "target_operator": "",
        "target_value": None,
        "register": "",
        "aggregate": "",
        "record_filters": {},
        "include_out_of_scope": bool(entry.get("include_out_of_scope", False)),
    }
    target = entry.get("target")
    if target is not None:
        if not isinstance(target, dict):
            fail("target", "attendu {operator, value} ou null.")
        if target.get("operator") not in TargetOperator.values:
            fail("target", f"opérateur « {target.get('operator')} » inconnu (>, >=, <=, =).")
        try:
            fields["target_value"] = Decimal(str(target["value"]))
        except (KeyError, InvalidOperation):
            fail("target", "valeur absente ou non numérique.")
        fields["target_operator"] = target["operator"]
    if fields["method"] == Method.COMPUTED:
        fields["register"] = choice("register", RegisterKind)
        fields["aggregate"] = choice("aggregate", Aggregate)
        fields["record_filters"] = entry.get("record_filters") or {}
        model = REGISTER_ROWS[fields["register"]][0]
        known = {field.name for field in model._meta.concrete_fields}
        for name in fields["record_filters"]:
            if name.split("__")[0] not in known:
                fail("record_filters", f"« {name} » n'est pas un champ du registre.")
        if fields["unit"] == MeasureUnit.COUNT:
            fail("unit", "un indicateur calculé est un taux ou un délai moyen.")
    else:
        stray = [key for key in COMPUTED_KEYS if key in entry]
        if stray:
            fail(stray[0], "réservé aux indicateurs calculés.")
    if (fields["method"] == Method.MODULE) != (fields["frequency"] == Frequency.YEARLY):
        fail(
            "method",
            "un indicateur annuel est calculé par un module (method: module), et seul lui.",
        )
    if fields["unit"] == MeasureUnit.MINUTES and fields["method"] != Method.MODULE:
        fail("unit", "les minutes sont réservées aux indicateurs annuels d'un module.")
    if fields["method"] in (Method.ENTERED, Method.SURVEY):
        if not fields["numerator_label"]:
            fail("numerator_label", "obligatoire pour un indicateur saisi.")
        if fields["unit"] != MeasureUnit.COUNT and not fields["denominator_label"]:
            fail("denominator_label", "obligatoire pour un taux ou un délai saisi.")
    return fields


def _commitment_refs(refs, fail) -> list[dict]:
    checked = []
    if not isinstance(refs, list):
        fail("commitments", "attendu une liste de références.")
    for ref in refs:
        if not isinstance(ref, dict):
            fail("commitments", "chaque référence donne framework, version et numbers.")
        numbers = ref.get("numbers") or []
        if not ref.get("framework") or not ref.get("version") or not numbers:
            fail("commitments", "chaque référence donne framework, version et numbers.")
        try:
            numbers = [int(number) for number in numbers]
        except (TypeError, ValueError):
            fail("commitments", f"numéros d'engagement non entiers : {numbers}.")
        checked.append(
            {"framework": str(ref["framework"]), "version": str(ref["version"]), "numbers": numbers}
        )
    return checked


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def load_catalogue(path: Path = CATALOGUE_PATH) -> LoadReport:
    """Creates the new indicators of the file and updates the ones that changed; every entry is
    checked before anything is written, so a bad file loads nothing."""
    entries = read_catalogue(path)
    codes = [entry.get("code") for entry in entries]
    duplicates = {str(code) for code in codes if codes.count(code) > 1}
    if duplicates:
        raise CatalogueError(f"Codes en double : {', '.join(sorted(duplicates))}.")
    prepared = [(entry["code"], indicator_fields(entry, n)) for n, entry in enumerate(entries, 1)]
    existing = Indicator.objects.in_bulk([code for code, _fields in prepared], field_name="code")
    created = updated = unchanged = 0
    for code, fields in prepared:
        indicator = existing.get(code)
        if indicator is None:
            Indicator.objects.create(code=code, **fields)
            created += 1
        elif any(getattr(indicator, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(indicator, name, value)
            indicator.save()
            updated += 1
        else:
            unchanged += 1
    return LoadReport(created, updated, unchanged)


def linked_commitments(indicator) -> list:
    """The frameworks app's Commitment rows the indicator refers to, when that app has them.

    Resolved defensively: the frameworks app may not hold a framework version yet (its data are
    loaded separately), in which case the reference stays data and an empty list comes back.
    """
    try:
        commitment_model = apps.get_model("frameworks", "Commitment")
    except LookupError:
        return []
    condition = Q()
    for ref in indicator.commitment_refs:
        condition |= Q(
            version__framework__code=ref["framework"],
            version__version=ref["version"],
            number__in=ref["numbers"],
        )
    if not condition:
        return []
    try:
        return list(
            commitment_model.objects.filter(condition)
            .select_related("version__framework")
            .order_by("version__framework__name", "number")
        )
    except FieldError:  # the frameworks models took another shape: keep the references as data
        return []


def commitment_ref_labels(indicator) -> list[str]:
    """ "Qual-e-pref 2019 : engagements 17, 18" — the references as written in the catalogue."""
    labels = []
    for ref in indicator.commitment_refs:
        numbers = ", ".join(str(n) for n in ref["numbers"])
        word = "engagement" if len(ref["numbers"]) == 1 else "engagements"
        labels.append(f"{ref['framework']} {ref['version']} : {word} {numbers}")
    return labels
