"""The validated shape of one framework version, shared by the YAML loader and the XLSX import.

Both sources are first turned into these plain dataclasses, then checked here by the same rules
(`check_version`, `check_batch`), and only then written by `writer.write_versions`. Every rule
reports a `Problem` in French naming the file and the entry (« quali-ate-2024.yaml,
engagement 15 : numéro en double (déjà dans le module 1) ») and, for a spreadsheet, the line and
the field, so that the import can name the column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field

from .enums import ModuleKind, TextStatus

# Bump when the loader derives rows differently, so that unchanged files are written again.
SCHEMA_VERSION = 1
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# Addresses under /referentiels/ that a framework code would hide.
RESERVED_CODES = {"recherche", "importer"}
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Problem:
    source: str  # file name
    entry: str  # "engagement 15", "module 3", "version"…
    message: str
    line: int | None = None  # line of the spreadsheet (or of a malformed YAML file)
    field: str = ""  # data field at fault: number, module, title_status…

    def __str__(self):
        where = self.source
        if self.line is not None:
            where += f", ligne {self.line}"
        if self.entry:
            where += f", {self.entry}"
        return f"{where} : {self.message}"


class FrameworkDataError(Exception):
    """The data were refused; nothing was written. `problems` lists every one found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Located:
    """Where an entry comes from, for error messages (not part of the data)."""

    source: str = ""
    line: int | None = None


@dataclass
class SubCriterionData:
    code: str
    title: str
    title_status: str = TextStatus.KNOWN
    notes: str = ""
    loc: Located = field(default_factory=Located)


@dataclass
class CorrespondenceData:
    framework: str
    version: str
    number: int
    source: str = ""
    loc: Located = field(default_factory=Located)


@dataclass
class CommitmentData:
    number: int
    module: int
    title: str
    section: str = ""
    auditor_expectations: str = ""
    evidence_guidance: str = ""
    notes: str = ""
    indicator_codes: list[str] = field(default_factory=list)
    sub_criteria: list[SubCriterionData] = field(default_factory=list)
    correspondences: list[CorrespondenceData] = field(default_factory=list)
    loc: Located = field(default_factory=Located)

    @property
    def entry(self) -> str:
        return f"engagement {self.number}"


@dataclass
class ModuleData:
    number: int
    title: str = ""
    title_status: str = TextStatus.KNOWN
    kind: str = ""
    mandatory: bool = False
    description: str = ""
    notes: str = ""
    loc: Located = field(default_factory=Located)

    @property
    def entry(self) -> str:
        return f"module {self.number}"


@dataclass
class VersionData:
    framework_code: str
    framework_name: str
    version: str
    title: str
    publisher: str = ""
    framework_description: str = ""
    published_on: dt.date | None = None
    source: str = ""
    notes: str = ""
    min_modules_for_label: int = 1
    label_validity_years: int | None = None
    label_levels: list[str] = field(default_factory=list)
    follow_up_months: int | None = None
    # [{"code": "minor_nonconformity", "label": "Non-conformité mineure", "nonconformity": True}]
    finding_grades: list[dict] = field(default_factory=list)
    includes: list[tuple[str, str]] = field(default_factory=list)
    modules: list[ModuleData] = field(default_factory=list)
    commitments: list[CommitmentData] = field(default_factory=list)
    source_name: str = ""  # the file the data came from, for messages and `data_file`

    @property
    def key(self) -> tuple[str, str]:
        return (self.framework_code, self.version)

    @property
    def label(self) -> str:
        return f"{self.framework_name} {self.version}"

    def checksum(self) -> str:
        """A fingerprint of the data (not of the file's comments or layout)."""
        data = _without_locations(dataclasses.asdict(self))
        data.pop("source_name", None)
        data["schema"] = SCHEMA_VERSION
        text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def _without_locations(value):
    if isinstance(value, dict):
        return {k: _without_locations(v) for k, v in value.items() if k != "loc"}
    if isinstance(value, list):
        return [_without_locations(v) for v in value]
    return value


# --- Rules ---------------------------------------------------------------------------------


class _Collector:
    def __init__(self, version: VersionData):
        self.version = version
        self.problems: list[Problem] = []

    def add(self, entry: str, message: str, *, loc: Located | None = None, field: str = ""):
        self.problems.append(
            Problem(
                source=self.version.source_name,
                entry=entry,
                message=message,
                line=loc.line if loc else None,
                field=field,
            )
        )


def _too_long(value: str, limit: int) -> bool:
    return len(value) > limit


def check_version(version: VersionData) -> list[Problem]:
    """Every rule that one version must follow on its own."""
    out = _Collector(version)
    _check_header(version, out)
    modules_by_number = _check_modules(version, out)
    _check_commitments(version, modules_by_number, out)
    return out.problems


def _check_header(version: VersionData, out: _Collector) -> None:
    if not SLUG.match(version.framework_code or "") or _too_long(version.framework_code, 40):
        out.add(
            "référentiel",
            f"code « {version.framework_code} » invalide (minuscules, chiffres et tirets, "
            "40 caractères au plus).",
            field="framework_code",
        )
    if version.framework_code in RESERVED_CODES:
        out.add(
            "référentiel",
            f"le code « {version.framework_code} » est réservé aux pages de l'application.",
            field="framework_code",
        )
    if not version.framework_name.strip() or _too_long(version.framework_name, 200):
        out.add(
            "référentiel", "nom manquant ou trop long (200 caractères).", field="framework_name"
        )
    if not VERSION.match(version.version or "") or _too_long(version.version, 20):
        out.add(
            "version",
            f"version « {version.version} » invalide (lettres, chiffres, points et tirets, "
            "20 caractères au plus).",
        )
    if not version.title.strip() or _too_long(version.title, 300):
        out.add("version", "intitulé manquant ou trop long (300 caractères).", field="title")
    if version.min_modules_for_label < 1:
        out.add("version", "« min_modules_for_label » doit valoir au moins 1.")
    elif version.modules and version.min_modules_for_label > len(version.modules):
        out.add(
            "version",
            f"le label demande {version.min_modules_for_label} modules mais la version n'en "
            f"déclare que {len(version.modules)}.",
        )
    if version.label_validity_years is not None and version.label_validity_years < 1:
        out.add("version", "« label_validity_years » doit valoir au moins 1.")
    if version.follow_up_months is not None and version.follow_up_months < 1:
        out.add("version", "« follow_up_months » doit valoir au moins 1.")
    grade_codes = [grade["code"] for grade in version.finding_grades]
    for code in sorted({c for c in grade_codes if grade_codes.count(c) > 1}):
        out.add("version", f"cotation « {code} » déclarée deux fois dans « finding_grades ».")
    for framework_code, version_number in version.includes:
        if (framework_code, version_number) == version.key:
            out.add("version", "une version ne peut pas s'inclure elle-même.")


def _check_status(item, entry: str, out: _Collector) -> None:
    if item.title_status not in TextStatus.values:
        out.add(
            entry,
            f"statut d'intitulé « {item.title_status} » inconnu "
            f"(attendu : {', '.join(TextStatus.values)}).",
            loc=item.loc,
            field="title_status",
        )
    elif item.title_status == TextStatus.UNKNOWN and item.title.strip():
        out.add(
            entry,
            "un intitulé au statut « unknown » (inconnu) doit rester vide.",
            loc=item.loc,
            field="title_status",
        )
    elif item.title_status != TextStatus.UNKNOWN and not item.title.strip():
        out.add(
            entry,
            "intitulé manquant (laissez-le vide seulement avec le statut « unknown »).",
            loc=item.loc,
            field="title",
        )


def _check_modules(version: VersionData, out: _Collector) -> dict[int, ModuleData]:
    if not version.modules:
        out.add("version", "aucun module déclaré.")
    seen: dict[int, ModuleData] = {}
    for module in version.modules:
        if module.number < 1:
            out.add(module.entry, "le numéro doit être positif.", loc=module.loc, field="number")
        if module.number in seen:
            out.add(module.entry, "numéro de module en double.", loc=module.loc, field="number")
        seen.setdefault(module.number, module)
        _check_status(module, module.entry, out)
        if _too_long(module.title, 300):
            out.add(module.entry, "intitulé trop long (300 caractères).", loc=module.loc)
        if module.kind not in ["", *ModuleKind.values]:
            out.add(
                module.entry,
                f"nature « {module.kind} » inconnue (attendu : {', '.join(ModuleKind.values)}).",
                loc=module.loc,
                field="kind",
            )
    return seen


def _check_commitments(version, modules_by_number, out: _Collector) -> None:
    seen: dict[int, CommitmentData] = {}
    declared = ", ".join(str(n) for n in sorted(modules_by_number)) or "aucun"
    for commitment in version.commitments:
        entry, loc = commitment.entry, commitment.loc
        if commitment.number < 1:
            out.add(entry, "le numéro doit être positif.", loc=loc, field="number")
        if commitment.number in seen:
            first = seen[commitment.number]
            out.add(
                entry,
                f"numéro en double (déjà dans le module {first.module}).",
                loc=loc,
                field="number",
            )
        seen.setdefault(commitment.number, commitment)
        if commitment.module not in modules_by_number:
            out.add(
                entry,
                f"module inconnu : {commitment.module} (modules déclarés : {declared}).",
                loc=loc,
                field="module",
            )
        if not commitment.title.strip():
            out.add(entry, "intitulé manquant.", loc=loc, field="title")
        elif _too_long(commitment.title, 500):
            out.add(entry, "intitulé trop long (500 caractères).", loc=loc, field="title")
        if _too_long(commitment.section, 200):
            out.add(entry, "rubrique trop longue (200 caractères).", loc=loc, field="section")
        for code in commitment.indicator_codes:
            if not SLUG.match(code):
                out.add(
                    entry,
                    f"code d'indicateur « {code} » invalide.",
                    loc=loc,
                    field="indicator_codes",
                )
        _check_sub_criteria(commitment, out)


def _check_sub_criteria(commitment: CommitmentData, out: _Collector) -> None:
    codes: set[str] = set()
    for sub in commitment.sub_criteria:
        entry = f"{commitment.entry}, sous-critère {sub.code or '?'}"
        if not sub.code.strip() or _too_long(sub.code, 20):
            out.add(entry, "code manquant ou trop long (20 caractères).", loc=sub.loc, field="code")
        if sub.code in codes:
            out.add(entry, "code de sous-critère en double.", loc=sub.loc, field="code")
        codes.add(sub.code)
        _check_status(sub, entry, out)


def check_batch(
    versions: list[VersionData], existing: set[tuple[str, str]], commitments
) -> list[Problem]:
    """Rules across versions: one file per version, `includes` and correspondences that point
    to a version (or commitment) either in this batch or already loaded.

    `existing` holds the (framework code, version) pairs already in the database and
    `commitments(framework, version)` returns the numbers of one of them.
    """
    problems: list[Problem] = []
    by_key: dict[tuple[str, str], VersionData] = {}
    names: dict[str, VersionData] = {}
    for version in versions:
        if version.key in by_key:
            problems.append(
                Problem(
                    version.source_name,
                    "version",
                    f"{version.label} est aussi dans {by_key[version.key].source_name}.",
                )
            )
        by_key.setdefault(version.key, version)
        other = names.setdefault(version.framework_code, version)
        if other.framework_name != version.framework_name:
            problems.append(
                Problem(
                    version.source_name,
                    "référentiel",
                    f"le référentiel {version.framework_code} s'appelle « {other.framework_name} »"
                    f" dans {other.source_name}.",
                )
            )
    for version in versions:
        for target in version.includes:
            if target not in by_key and target not in existing:
                problems.append(
                    Problem(
                        version.source_name,
                        "version",
                        f"inclusion inconnue : {target[0]} {target[1]} (ni dans les fichiers "
                        "chargés, ni déjà en base).",
                        field="includes",
                    )
                )
        problems.extend(_check_correspondences(version, by_key, existing, commitments))
    return problems


def _check_correspondences(version, by_key, existing, commitments) -> list[Problem]:
    problems = []
    for commitment in version.commitments:
        for ref in commitment.correspondences:
            key = (ref.framework, ref.version)
            if key in by_key:
                numbers = {c.number for c in by_key[key].commitments}
            elif key in existing:
                numbers = commitments(*key)
            else:
                numbers = set()
            if ref.number not in numbers:
                problems.append(
                    Problem(
                        version.source_name,
                        commitment.entry,
                        f"correspondance inconnue : engagement {ref.number} de {ref.framework} "
                        f"{ref.version}.",
                        line=ref.loc.line,
                        field="correspondences",
                    )
                )
    return problems
