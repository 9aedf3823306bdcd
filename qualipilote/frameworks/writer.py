"""Writes checked framework versions (schema.VersionData) to the database, in one transaction.

Rows are matched by natural keys (framework code, version, module number, commitment number,
sub-criterion code): created, updated only when a value differs, deleted when they left the
data. A row that self-assessments or a labelling scope still point to is never deleted: the whole
write is refused with a message naming the file and the entry, and rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from .models import (
    Commitment,
    CommitmentCorrespondence,
    Framework,
    FrameworkVersion,
    Module,
    SubCriterion,
)
from .schema import FrameworkDataError, Problem, VersionData
from .search import search_text_for

CREATED, UPDATED, UNCHANGED, DELETED = "created", "updated", "unchanged", "deleted"
VERSION_STATES = {CREATED: "créée", UPDATED: "mise à jour", UNCHANGED: "inchangée"}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def __str__(self):
        words = [
            (self.created, "créé"),
            (self.updated, "mis à jour"),
            (self.unchanged, "inchangé"),
            (self.deleted, "supprimé"),
        ]
        parts = [f"{n} {w}{'s' if n > 1 and w != 'mis à jour' else ''}" for n, w in words if n]
        return ", ".join(parts) or "aucun"


@dataclass
class VersionReport:
    label: str
    source_name: str
    state: str = UNCHANGED
    version_id: int | None = None
    skipped: bool = False  # same data as the last load: nothing was read from the database
    modules: Counts = field(default_factory=Counts)
    commitments: Counts = field(default_factory=Counts)
    sub_criteria: Counts = field(default_factory=Counts)
    other_changes: bool = False  # framework fields, includes, correspondences

    def __str__(self):
        head = f"{self.label} ({self.source_name}) : {VERSION_STATES[self.state]}"
        if self.skipped:
            return f"{head} (données identiques au dernier chargement)"
        return (
            f"{head} — modules : {self.modules} ; engagements : {self.commitments} ; "
            f"sous-critères : {self.sub_criteria}"
        )


def _save(obj, values: dict, user) -> str:
    """Creates `obj` or updates the fields whose value differs; returns the state."""
    if obj.pk is not None:
        values = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if not values:
            return UNCHANGED
    for name, value in values.items():
        setattr(obj, name, value)
    state = CREATED if obj.pk is None else UPDATED
    obj._history_user = user
    obj.save()
    return state


def write_versions(
    versions: list[VersionData], *, force: bool = False, record_file: bool = True, user=None
) -> list[VersionReport]:
    """Writes every version or none. `record_file` stores the data file name and fingerprint
    (the YAML loader); a version whose fingerprint did not change is left as it is unless
    `force`, so that what an administrator completed by import survives an unchanged file."""
    problems: list[Problem] = []
    with transaction.atomic():
        written = []
        reports = []
        for data in versions:
            report, version = _write_version(data, force, record_file, user, problems)
            reports.append(report)
            if not report.skipped:
                written.append((data, version, report))
        for data, version, report in written:
            report.other_changes |= _write_includes(data, version)
        for data, version, report in written:
            report.other_changes |= _write_correspondences(data, version)
            rows_changed = report.modules.changed or report.commitments.changed
            if report.state == UNCHANGED and (
                rows_changed or report.sub_criteria.changed or report.other_changes
            ):
                report.state = UPDATED
            if report.state != UNCHANGED:
                FrameworkVersion.objects.filter(pk=version.pk).update(loaded_at=timezone.now())
        if problems:
            raise FrameworkDataError(problems)  # rolls the whole transaction back
    return reports


def _write_version(data: VersionData, force, record_file, user, problems):
    report = VersionReport(label=data.label, source_name=data.source_name)
    framework, framework_state = _framework(data, user)
    report.other_changes = framework_state != UNCHANGED
    version = FrameworkVersion.objects.filter(framework=framework, version=data.version).first()
    checksum = data.checksum()
    if version and record_file and not force and version.data_checksum == checksum:
        report.skipped = True
        report.version_id = version.pk
        return report, version
    values = {
        "title": data.title,
        "published_on": data.published_on,
        "source": data.source,
        "notes": data.notes,
        "min_modules_for_label": data.min_modules_for_label,
        "label_validity_years": data.label_validity_years,
        "label_levels": data.label_levels,
        "follow_up_months": data.follow_up_months,
        "finding_grades": data.finding_grades,
    }
    if record_file:
        values |= {"data_file": data.source_name, "data_checksum": checksum}
    version = version or FrameworkVersion(framework=framework, version=data.version)
    report.state = _save(version, values, user)
    report.version_id = version.pk
    modules = _write_modules(data, version, report, user)
    _write_commitments(data, version, modules, report, user, problems)
    _delete_modules(data, version, modules, report, user, problems)
    return report, version


def _framework(data: VersionData, user) -> tuple[Framework, str]:
    framework = Framework.objects.filter(code=data.framework_code).first()
    framework = framework or Framework(code=data.framework_code)
    values = {"name": data.framework_name}
    # Only what the data give: a version file without publisher keeps the known one.
    if data.publisher:
        values["publisher"] = data.publisher
    if data.framework_description:
        values["description"] = data.framework_description
    return framework, _save(framework, values, user)


def _write_modules(data, version, report, user) -> dict[int, Module]:
    existing = {module.number: module for module in version.modules.all()}
    written = {}
    for item in data.modules:
        module = existing.get(item.number) or Module(version=version, number=item.number)
        values = {
            "title": item.title,
            "title_status": item.title_status,
            "kind": item.kind,
            "mandatory": item.mandatory,
            "description": item.description,
            "notes": item.notes,
        }
        report.modules.add(_save(module, values, user))
        written[item.number] = module
    return written


def _write_commitments(data, version, modules, report, user, problems) -> None:
    existing = {c.number: c for c in version.commitments.prefetch_related("sub_criteria")}
    for position, item in enumerate(data.commitments, 1):
        commitment = existing.pop(item.number, None)
        commitment = commitment or Commitment(version=version, number=item.number)
        values = {
            "module_id": modules[item.module].pk,
            "title": item.title,
            "section": item.section,
            "auditor_expectations": item.auditor_expectations,
            "evidence_guidance": item.evidence_guidance,
            "notes": item.notes,
            "indicator_codes": item.indicator_codes,
            "position": position,
            "search_text": search_text_for(
                item.number, item.title, item.section, item.sub_criteria
            ),
        }
        report.commitments.add(_save(commitment, values, user))
        _write_sub_criteria(item, commitment, report, user)
    for number, commitment in sorted(existing.items()):
        if _delete(commitment, data, f"engagement {number}", problems, user):
            report.commitments.add(DELETED)


def _write_sub_criteria(item, commitment, report, user) -> None:
    existing = {sub.code: sub for sub in commitment.sub_criteria.all()}
    for position, sub_item in enumerate(item.sub_criteria, 1):
        sub = existing.pop(sub_item.code, None) or SubCriterion(
            commitment=commitment, code=sub_item.code
        )
        values = {
            "title": sub_item.title,
            "title_status": sub_item.title_status,
            "notes": sub_item.notes,
            "position": position,
        }
        report.sub_criteria.add(_save(sub, values, user))
    for sub in existing.values():
        sub._history_user = user
        sub.delete()
        report.sub_criteria.add(DELETED)


def _delete_modules(data, version, modules, report, user, problems) -> None:
    for module in version.modules.exclude(number__in=list(modules)):
        entry = f"module {module.number}"
        scopes = module.scopes.count()
        if scopes:
            problems.append(
                Problem(
                    data.source_name,
                    entry,
                    f"suppression refusée : ce module est retenu dans le périmètre de "
                    f"labellisation de {scopes} organisation{'s' if scopes > 1 else ''} ; "
                    "gardez-le dans le fichier.",
                )
            )
        elif _delete(module, data, entry, problems, user):
            report.modules.add(DELETED)


def _delete(obj, data: VersionData, entry: str, problems: list[Problem], user) -> bool:
    """Deletes a row that left the data, unless other rows protect it (self-assessments)."""
    obj._history_user = user
    try:
        obj.delete()
    except ProtectedError as error:
        kinds = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
        count = len(error.protected_objects)
        problems.append(
            Problem(
                data.source_name,
                entry,
                f"suppression refusée : {count} enregistrement{'s' if count > 1 else ''} "
                f"({', '.join(kinds)}) s'y rapporte{'nt' if count > 1 else ''} ; gardez-le "
                "dans le fichier ou retirez d'abord ces enregistrements.",
            )
        )
        return False
    return True


def _write_includes(data: VersionData, version: FrameworkVersion) -> bool:
    wanted = set()
    for framework_code, number in data.includes:
        wanted.add(
            FrameworkVersion.objects.only("pk")
            .get(framework__code=framework_code, version=number)
            .pk
        )
    current = set(version.includes.values_list("pk", flat=True))
    if wanted == current:
        return False
    version.includes.set(wanted)
    return True


def _write_correspondences(data: VersionData, version: FrameworkVersion) -> bool:
    ids = dict(version.commitments.values_list("number", "pk"))
    wanted: dict[tuple[int, int], str] = {}
    for item in data.commitments:
        for ref in item.correspondences:
            target = Commitment.objects.only("pk").get(
                version__framework__code=ref.framework,
                version__version=ref.version,
                number=ref.number,
            )
            wanted[(ids[item.number], target.pk)] = ref.source
    current = {
        (c.commitment_id, c.corresponds_to_id): c
        for c in CommitmentCorrespondence.objects.filter(commitment__version=version)
    }
    changed = False
    for key, correspondence in current.items():
        if key not in wanted:
            correspondence.delete()
            changed = True
        elif correspondence.source != wanted[key]:
            correspondence.source = wanted[key]
            correspondence.save(update_fields=["source"])
            changed = True
    for key, source in wanted.items():
        if key not in current:
            CommitmentCorrespondence.objects.create(
                commitment_id=key[0], corresponds_to_id=key[1], source=source
            )
            changed = True
    return changed
