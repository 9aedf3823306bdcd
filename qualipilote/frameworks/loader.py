"""Reads the framework data files (data/*.yaml, schema at the top of each file) into checked
`schema.VersionData`, then writes them all in one transaction (`load_files`).

Every file is read and checked before anything is written: a malformed file, a missing field,
a duplicate number, an unknown module or `includes` target stops the whole load with French
messages naming the file and the entry, and nothing is loaded, not even the valid files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .models import Commitment, FrameworkVersion
from .schema import (
    CommitmentData,
    CorrespondenceData,
    FrameworkDataError,
    Located,
    ModuleData,
    Problem,
    SubCriterionData,
    VersionData,
    check_batch,
    check_version,
)
from .writer import VersionReport, write_versions

DATA_DIR = Path(__file__).resolve().parent / "data"

TOP_KEYS = {"framework", "version", "modules", "commitments"}
FRAMEWORK_KEYS = {"code", "name", "publisher", "description"}
VERSION_KEYS = {
    "version",
    "title",
    "published_on",
    "source",
    "notes",
    "min_modules_for_label",
    "label_validity_years",
    "label_levels",
    "follow_up_months",
    "finding_grades",
    "includes",
}
GRADE_KEYS = {"code", "label", "nonconformity"}
MODULE_KEYS = {"number", "title", "title_status", "kind", "mandatory", "description", "notes"}
COMMITMENT_KEYS = {
    "number",
    "module",
    "title",
    "section",
    "auditor_expectations",
    "evidence_guidance",
    "notes",
    "indicator_codes",
    "sub_criteria",
    "correspondences",
}
SUB_CRITERION_KEYS = {"code", "title", "title_status", "notes"}
REFERENCE_KEYS = {"framework", "version", "number", "source"}


def default_paths() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


class _Reader:
    """Typed access to one file's mappings; each wrong value becomes a Problem, not a crash."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []

    def fail(self, entry: str, message: str, field: str = "") -> None:
        self.problems.append(Problem(self.name, entry, message, field=field))

    def mapping(self, value: Any, entry: str, allowed: set[str]) -> dict:
        if not isinstance(value, dict):
            self.fail(entry, "une table de champs (clé: valeur) est attendue.")
            return {}
        for key in sorted(set(value) - allowed, key=str):
            self.fail(entry, f"champ inconnu « {key} » (attendus : {', '.join(sorted(allowed))}).")
        return value

    def items(self, data: dict, key: str, entry: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(entry, f"« {key} » doit être une liste.")
            return []
        return value

    def text(self, data: dict, key: str, entry: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(entry, f"champ « {key} » manquant.", key)
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(entry, f"« {key} » doit être un texte.", key)
            return ""
        return str(value).strip()

    def integer(self, data: dict, key: str, entry: str, *, default=None, required=False):
        value = data.get(key)
        if value is None:
            if required:
                self.fail(entry, f"champ « {key} » manquant.", key)
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(entry, f"« {key} » doit être un nombre entier (reçu « {value} »).", key)
            return default
        return value

    def boolean(self, data: dict, key: str, entry: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.fail(entry, f"« {key} » doit valoir true ou false.", key)
            return False
        return value

    def date(self, data: dict, key: str, entry: str) -> dt.date | None:
        value = data.get(key)
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(entry, f"« {key} » doit être une date AAAA-MM-JJ (reçu « {value} »).", key)
            return None

    def strings(self, data: dict, key: str, entry: str) -> list[str]:
        values = self.items(data, key, entry)
        if not all(isinstance(v, str) and v.strip() for v in values):
            self.fail(entry, f"« {key} » doit être une liste de textes.", key)
            return []
        return [v.strip() for v in values]

    def code(self, data: dict, entry: str) -> str:
        """Sub-criterion codes must be quoted: YAML reads 1.10 as the number 1.1."""
        value = data.get("code")
        if value is not None and not isinstance(value, str):
            self.fail(entry, f"le code « {value} » doit être écrit entre guillemets.", "code")
            return str(value)
        return self.text(data, "code", entry, required=True)


def read_file(path: Path) -> tuple[VersionData | None, list[Problem]]:
    """One file into VersionData; the problems say what is wrong (nothing is written here)."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(name, "", "fichier introuvable.")]
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(name, "", f"fichier illisible ({error}).")]
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else None
        detail = getattr(error, "problem", None) or str(error)
        return None, [Problem(name, "", f"YAML mal formé : {detail}.", line=line)]
    reader = _Reader(name)
    data = reader.mapping(raw, "", TOP_KEYS)
    if reader.problems or not data:
        return None, reader.problems or [Problem(name, "", "le fichier est vide.")]
    version = parse_version(data, reader)
    return version, reader.problems


def parse_version(data: dict, reader: _Reader) -> VersionData:
    for key in ("framework", "version", "modules"):
        if key not in data:
            reader.fail("", f"section « {key} » manquante.")
    framework = reader.mapping(data.get("framework", {}), "référentiel", FRAMEWORK_KEYS)
    header = reader.mapping(data.get("version", {}), "version", VERSION_KEYS)
    version = VersionData(
        framework_code=reader.text(framework, "code", "référentiel", required=True),
        framework_name=reader.text(framework, "name", "référentiel", required=True),
        publisher=reader.text(framework, "publisher", "référentiel"),
        framework_description=reader.text(framework, "description", "référentiel"),
        version=reader.text(header, "version", "version", required=True),
        title=reader.text(header, "title", "version", required=True),
        published_on=reader.date(header, "published_on", "version"),
        source=reader.text(header, "source", "version"),
        notes=reader.text(header, "notes", "version"),
        min_modules_for_label=reader.integer(header, "min_modules_for_label", "version", default=1),
        label_validity_years=reader.integer(header, "label_validity_years", "version"),
        label_levels=reader.strings(header, "label_levels", "version"),
        follow_up_months=reader.integer(header, "follow_up_months", "version"),
        finding_grades=_finding_grades(header, reader),
        includes=_includes(header, reader),
        source_name=reader.name,
    )
    version.modules = [
        _module(item, position, reader)
        for position, item in enumerate(reader.items(data, "modules", ""), 1)
    ]
    version.commitments = [
        _commitment(item, position, reader)
        for position, item in enumerate(reader.items(data, "commitments", ""), 1)
    ]
    return version


def _finding_grades(header: dict, reader: _Reader) -> list[dict]:
    grades = []
    for item in reader.items(header, "finding_grades", "version"):
        grade = reader.mapping(item, "version, finding_grades", GRADE_KEYS)
        grades.append(
            {
                "code": reader.text(grade, "code", "version, finding_grades", required=True),
                "label": reader.text(grade, "label", "version, finding_grades", required=True),
                "nonconformity": reader.boolean(grade, "nonconformity", "version, finding_grades"),
            }
        )
    return grades


def _includes(header: dict, reader: _Reader) -> list[tuple[str, str]]:
    targets = []
    for item in reader.items(header, "includes", "version"):
        ref = reader.mapping(item, "version, includes", {"framework", "version"})
        framework = reader.text(ref, "framework", "version, includes", required=True)
        number = reader.text(ref, "version", "version, includes", required=True)
        targets.append((framework, number))
    return targets


def _module(item: Any, position: int, reader: _Reader) -> ModuleData:
    entry = _entry("module", item, position)
    data = reader.mapping(item, entry, MODULE_KEYS)
    return ModuleData(
        number=reader.integer(data, "number", entry, default=0, required=True),
        title=reader.text(data, "title", entry),
        title_status=reader.text(data, "title_status", entry) or "known",
        kind=reader.text(data, "kind", entry),
        mandatory=reader.boolean(data, "mandatory", entry),
        description=reader.text(data, "description", entry),
        notes=reader.text(data, "notes", entry),
        loc=Located(reader.name),
    )


def _commitment(item: Any, position: int, reader: _Reader) -> CommitmentData:
    entry = _entry("engagement", item, position)
    data = reader.mapping(item, entry, COMMITMENT_KEYS)
    commitment = CommitmentData(
        number=reader.integer(data, "number", entry, default=0, required=True),
        module=reader.integer(data, "module", entry, default=0, required=True),
        title=reader.text(data, "title", entry, required=True),
        section=reader.text(data, "section", entry),
        auditor_expectations=reader.text(data, "auditor_expectations", entry),
        evidence_guidance=reader.text(data, "evidence_guidance", entry),
        notes=reader.text(data, "notes", entry),
        indicator_codes=reader.strings(data, "indicator_codes", entry),
        loc=Located(reader.name),
    )
    for sub in reader.items(data, "sub_criteria", entry):
        sub_data = reader.mapping(sub, f"{entry}, sous-critère", SUB_CRITERION_KEYS)
        sub_entry = f"{entry}, sous-critère {sub_data.get('code', '?')}"
        commitment.sub_criteria.append(
            SubCriterionData(
                code=reader.code(sub_data, sub_entry),
                title=reader.text(sub_data, "title", sub_entry, required=True),
                title_status=reader.text(sub_data, "title_status", sub_entry) or "known",
                notes=reader.text(sub_data, "notes", sub_entry),
                loc=Located(reader.name),
            )
        )
    for ref in reader.items(data, "correspondences", entry):
        ref_data = reader.mapping(ref, f"{entry}, correspondance", REFERENCE_KEYS)
        commitment.correspondences.append(
            CorrespondenceData(
                framework=reader.text(ref_data, "framework", entry, required=True),
                version=reader.text(ref_data, "version", entry, required=True),
                number=reader.integer(ref_data, "number", entry, default=0, required=True),
                source=reader.text(ref_data, "source", entry),
                loc=Located(reader.name),
            )
        )
    return commitment


def _entry(kind: str, item: Any, position: int) -> str:
    number = item.get("number") if isinstance(item, dict) else None
    if isinstance(number, int) and not isinstance(number, bool):
        return f"{kind} {number}"
    return f"{kind} n° {position} de la liste"


def existing_versions() -> set[tuple[str, str]]:
    return set(FrameworkVersion.objects.values_list("framework__code", "version"))


def existing_numbers(framework_code: str, version: str) -> set[int]:
    return set(
        Commitment.objects.filter(
            version__framework__code=framework_code, version__version=version
        ).values_list("number", flat=True)
    )


def read_files(paths: Iterable[Path]) -> list[VersionData]:
    """Every file read and checked, alone and together; raises FrameworkDataError."""
    versions, problems = [], []
    for path in paths:
        version, file_problems = read_file(Path(path))
        problems.extend(file_problems)
        if version is not None and not file_problems:
            problems.extend(check_version(version))
            versions.append(version)
    if not problems:
        problems.extend(check_batch(versions, existing_versions(), existing_numbers))
    if problems:
        raise FrameworkDataError(problems)
    return versions


def load_files(paths: Iterable[Path] | None = None, *, force: bool = False) -> list[VersionReport]:
    """Reads and checks every file, then writes them all in one transaction."""
    versions = read_files(list(paths) if paths else default_paths())
    return write_versions(versions, force=force)
