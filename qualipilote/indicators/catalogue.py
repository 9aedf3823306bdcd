"""The indicator catalogue as data: data/indicators.yaml is checked and loaded into `Indicator`
rows (created or updated by code, so loading twice changes nothing). Commitments are kept as
written and resolved against the frameworks app when it holds them."""

from __future__ import annotations

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
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("indicators")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{path.name} : la liste « indicators » est absente ou vide.")
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
        "sampled_week_only": bool(entry.get("sampled_week_only", False)),
    }
    target = entry.get("target")
    if target is not None:
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
        if not fields["numerator_label"]:
            fail("numerator_label", "obligatoire pour un indicateur saisi.")
        if fields["unit"] != MeasureUnit.COUNT and not fields["denominator_label"]:
            fail("denominator_label", "obligatoire pour un taux ou un délai saisi.")
    return fields


def _commitment_refs(refs, fail) -> list[dict]:
    checked = []
    for ref in refs:
        numbers = ref.get("numbers") or []
        if not ref.get("framework") or not ref.get("version") or not numbers:
            fail("commitments", "chaque référence donne framework, version et numbers.")
        checked.append(
            {
                "framework": str(ref["framework"]),
                "version": str(ref["version"]),
                "numbers": [int(n) for n in numbers],
            }
        )
    return checked


@transaction.atomic
def load_catalogue(path: Path = CATALOGUE_PATH) -> tuple[int, int]:
    """Creates or updates every indicator of the file; returns (created, updated)."""
    entries = read_catalogue(path)
    codes = [entry.get("code") for entry in entries]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise CatalogueError(f"Codes en double : {', '.join(sorted(duplicates))}.")
    prepared = [(entry["code"], indicator_fields(entry, n)) for n, entry in enumerate(entries, 1)]
    created = updated = 0
    for code, fields in prepared:
        _indicator, was_created = Indicator.objects.update_or_create(code=code, defaults=fields)
        created += was_created
        updated += not was_created
    return created, updated


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
        return list(commitment_model.objects.filter(condition).order_by("number"))
    except FieldError:  # the frameworks models took another shape: keep the references as data
        return []


def commitment_ref_labels(indicator) -> list[str]:
    """"Qual-e-pref 2019 : engagements 17, 18" — the references as written in the catalogue."""
    labels = []
    for ref in indicator.commitment_refs:
        numbers = ", ".join(str(n) for n in ref["numbers"])
        word = "engagement" if len(ref["numbers"]) == 1 else "engagements"
        labels.append(f"{ref['framework']} {ref['version']} : {word} {numbers}")
    return labels
