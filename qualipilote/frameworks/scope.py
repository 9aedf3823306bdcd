"""The labelling scope of an organisation: the one action that changes it (`set_scope`) and the
read helpers of its pages.

`set_scope` checks every rule before it writes anything (mandatory modules, the minimum number
of modules of the version, units and sites of the organisation, known channels) and records
one history entry per change, with the acting user and the modules, units and sites chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from qualipilote.organisations.enums import Channel
from qualipilote.organisations.models import Organisation, Site, Unit

from .models import Commitment, FrameworkVersion, LabellingScope, Module


def scope_of(organisation: Organisation) -> LabellingScope | None:
    return (
        LabellingScope.objects.select_related("version__framework", "updated_by")
        .filter(organisation=organisation)
        .first()
    )


def commitments_in_scope(organisation: Organisation):
    """The commitments of the modules chosen, in the framework's order (empty without scope)."""
    return Commitment.objects.filter(module__scopes__organisation=organisation).order_by(
        "position", "number"
    )


def is_in_scope(organisation: Organisation, commitment: Commitment) -> bool:
    return commitments_in_scope(organisation).filter(pk=commitment.pk).exists()


# --- The action ---------------------------------------------------------------------------------


def _module_label(module: Module) -> str:
    return f"Le module {module.number} « {module.display_title} »"


def _check_modules(version: FrameworkVersion, modules: list[Module]) -> list[str]:
    errors = [
        f"{_module_label(module)} n'appartient pas au référentiel {version} : "
        "choisissez les modules de la version retenue."
        for module in modules
        if module.version_id != version.pk
    ]
    chosen = {module.pk for module in modules}
    for mandatory in version.modules.filter(mandatory=True).order_by("number"):
        if mandatory.pk not in chosen:
            errors.append(
                f"{_module_label(mandatory)} est obligatoire : "
                "il ne peut pas être retiré du périmètre."
            )
    minimum = version.min_modules_for_label
    if len(chosen) < minimum:
        errors.append(
            f"Un label {version} demande au moins {minimum} modules : "
            f"{len(chosen)} choisi{'s' if len(chosen) > 1 else ''}."
        )
    return errors


def _check_members(organisation: Organisation, items: list, noun: str) -> list[str]:
    return [
        f"{noun} « {item} » n'appartient pas {organisation.name_with_a}."
        for item in items
        if item.organisation_id != organisation.pk
    ]


def _clean_channels(channels: Iterable[str]) -> tuple[list[str], list[str]]:
    """The channels in the order of `Channel`, without duplicates, and the unknown ones."""
    given = list(channels)
    unknown = [value for value in given if value not in Channel.values]
    errors = [f"Le canal « {value} » n'existe pas." for value in unknown]
    return [value for value in Channel.values if value in given], errors


def _validate(organisation, version, modules, units, sites, channels) -> list[str]:
    errors: dict[str, list[str]] = {}
    if version is None:
        errors["version"] = ["Choisissez le référentiel et sa version."]
    else:
        errors["modules"] = _check_modules(version, modules)
    errors["units"] = _check_members(organisation, units, "L'unité")
    errors["sites"] = _check_members(organisation, sites, "Le site")
    channels, errors["channels"] = _clean_channels(channels)
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    return channels


@transaction.atomic
def set_scope(
    organisation: Organisation,
    *,
    version: FrameworkVersion | None,
    modules: Iterable[Module],
    units: Iterable[Unit] = (),
    sites: Iterable[Site] = (),
    channels: Iterable[str] = (),
    user=None,
) -> LabellingScope:
    """Creates or replaces the organisation's labelling scope, or refuses it whole.

    Raises ValidationError keyed by field (version, modules, units, sites, channels), in French.
    Self-assessments are never touched: those of a version left stay attached to their
    commitments and are shown as "version précédente".
    """
    modules, units, sites = list(modules), list(units), list(sites)
    channels = _validate(organisation, version, modules, units, sites, channels)
    scope = LabellingScope.objects.select_for_update().filter(organisation=organisation).first()
    created = scope is None
    if created:
        scope = LabellingScope(organisation=organisation)
    scope.version = version
    scope.channels = channels
    scope.updated_by = user
    # One history entry per change instead of one per save and per m2m add/remove: history is
    # switched off while the rows are written, then recorded once with the final m2m state.
    scope.skip_history_when_saving = True
    try:
        scope.save()
        scope.modules.set(modules)
        scope.units.set(units)
        scope.sites.set(sites)
    finally:
        del scope.skip_history_when_saving
    scope._history_user = user
    scope.save(update_fields=["updated_at"])
    if created:
        scope.history.filter(history_type="~").update(history_type="+")
    return scope


# --- Reading ------------------------------------------------------------------------------------


@dataclass
class ScopeChange:
    """One entry of the scope's history, in words."""

    version: object  # the historical record (history_date, history_user, history_type)
    changes: list[tuple[str, str]] = field(default_factory=list)  # (label, what changed)


def _names(model, ids) -> dict[int, str]:
    if model is Module:
        return {
            module.pk: f"{module.number} — {module.display_title}"
            for module in Module.objects.filter(pk__in=ids)
        }
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))


M2M_FIELDS = (
    ("modules", Module, "module_id"),
    ("units", Unit, "unit_id"),
    ("sites", Site, "site_id"),
)


def _m2m_snapshots(history_ids) -> dict[str, dict[int, set[int]]]:
    """For each m2m field, the ids chosen in each historical record (three queries)."""
    snapshots = {}
    for name, _model, column in M2M_FIELDS:
        through = getattr(LabellingScope.history.model, name).model
        per_record: dict[int, set[int]] = {pk: set() for pk in history_ids}
        for history_id, target in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", column
        ):
            per_record[history_id].add(target)
        snapshots[name] = per_record
    return snapshots


def _describe(before: set[int], after: set[int], names: dict[int, str]) -> str:
    parts = []
    added = sorted(names.get(pk, f"#{pk}") for pk in after - before)
    removed = sorted(names.get(pk, f"#{pk}") for pk in before - after)
    if added:
        parts.append("ajout : " + ", ".join(added))
    if removed:
        parts.append("retrait : " + ", ".join(removed))
    return " ; ".join(parts)


def _channel_labels(values) -> str:
    labels = dict(Channel.choices)
    return ", ".join(labels.get(value, value) for value in values or []) or "aucun"


def scope_history(scope: LabellingScope) -> list[ScopeChange]:
    """Who changed the scope, when, and what (version, modules, units, sites, channels);
    newest first."""
    records = list(
        scope.history.select_related("history_user", "version__framework").order_by(
            "history_date", "history_id"
        )
    )
    snapshots = _m2m_snapshots([record.history_id for record in records])
    names = {
        name: _names(model, set().union(*snapshots[name].values()) if records else set())
        for name, model, _column in M2M_FIELDS
    }
    labels = {"modules": "Modules", "units": "Unités", "sites": "Sites"}
    rows, previous = [], None
    for record in records:
        row = ScopeChange(record)
        if previous is None or previous.version_id != record.version_id:
            row.changes.append(("Référentiel", str(record.version)))
        for name, _model, _column in M2M_FIELDS:
            before = snapshots[name][previous.history_id] if previous else set()
            text = _describe(before, snapshots[name][record.history_id], names[name])
            if text:
                row.changes.append((labels[name], text))
        if previous is None or previous.channels != record.channels:
            row.changes.append(("Canaux", _channel_labels(record.channels)))
        rows.append(row)
        previous = record
    return rows[::-1]
