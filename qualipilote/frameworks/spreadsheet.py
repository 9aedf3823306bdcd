"""The framework workbook: one row per module, commitment or sub-criterion (first sheet).

An import completes a version: the rows are laid over the version already loaded (or over an
empty new version), an empty cell keeps the value already known, nothing is deleted, and the
merged version is checked by the same rules as a data file (schema.check_version) before the
same writer saves it. Every error names its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qualipilote.common.tabular import Column, RowError, Table, parse_bool, parse_int, xlsx_bytes

from .enums import ModuleKind, TextStatus
from .schema import (
    CommitmentData,
    Located,
    ModuleData,
    Problem,
    SubCriterionData,
    VersionData,
    check_batch,
    check_version,
)
from .search import fold


@dataclass(frozen=True)
class SheetColumn:
    header: str
    field: str  # schema field it fills, used to place the rule errors in their column
    description: str
    example: str = ""


COLUMNS = [
    SheetColumn("type", "type", "module, engagement ou sous-critère (obligatoire).", "engagement"),
    SheetColumn(
        "module",
        "module",
        "Numéro du module de l'engagement (obligatoire pour un nouvel engagement).",
        "1",
    ),
    SheetColumn(
        "numéro",
        "number",
        "Numéro du module ou de l'engagement ; code du sous-critère (1.1), écrit comme texte.",
        "15",
    ),
    SheetColumn(
        "engagement",
        "commitment",
        "Sous-critère seulement : numéro de son engagement (par défaut, le chiffre avant le "
        "point du code).",
        "",
    ),
    SheetColumn("intitulé", "title", "Texte exact du référentiel officiel.", ""),
    SheetColumn(
        "statut de l'intitulé",
        "title_status",
        "connu, à confirmer ou inconnu (inconnu : intitulé vide). Par défaut : connu dès qu'un "
        "intitulé est donné.",
        "connu",
    ),
    SheetColumn("nature", "kind", "Module seulement : général ou métier.", "métier"),
    SheetColumn("obligatoire", "mandatory", "Module seulement : oui ou non.", "non"),
    SheetColumn("rubrique", "section", "Engagement : rubrique (ex. Téléphonie).", ""),
    SheetColumn("attendus de l'auditeur", "auditor_expectations", "Engagement.", ""),
    SheetColumn("modalités de preuve", "evidence_guidance", "Engagement.", ""),
    SheetColumn(
        "indicateurs",
        "indicator_codes",
        "Engagement : codes d'indicateurs séparés par des virgules (remplacent la liste).",
        "phone_answer_rate",
    ),
    SheetColumn("description", "description", "Module seulement.", ""),
    SheetColumn("remarques", "notes", "Source, réserves, ce qui reste à confirmer.", ""),
]
COLUMN_FOR_FIELD = {c.field: c.header for c in COLUMNS} | {"code": "numéro"}
REQUIRED = ("type", "numéro")

ROW_TYPES = {
    "module": "module",
    "engagement": "commitment",
    "commitment": "commitment",
    "sous critere": "sub",
    "sub criterion": "sub",
}
STATUSES = {
    "connu": TextStatus.KNOWN,
    "known": TextStatus.KNOWN,
    "texte source": TextStatus.KNOWN,
    "a confirmer": TextStatus.PRESUMED,
    "presume": TextStatus.PRESUMED,
    "presumed": TextStatus.PRESUMED,
    "inconnu": TextStatus.UNKNOWN,
    "non connu": TextStatus.UNKNOWN,
    "unknown": TextStatus.UNKNOWN,
}
KINDS = {
    "general": ModuleKind.GENERAL,
    "module general": ModuleKind.GENERAL,
    "metier": ModuleKind.BUSINESS,
    "module metier": ModuleKind.BUSINESS,
    "business": ModuleKind.BUSINESS,
}
STATUS_WORDS = {TextStatus.KNOWN: "connu", TextStatus.PRESUMED: "à confirmer"}
STATUS_WORDS[TextStatus.UNKNOWN] = "inconnu"
KIND_WORDS = {ModuleKind.GENERAL: "général", ModuleKind.BUSINESS: "métier", "": ""}
TYPE_ORDER = {"module": 0, "commitment": 1, "sub": 2}


class _Row:
    """One data row: typed cells, each error recorded with its line and column."""

    def __init__(self, line: int, cells: dict[str, Any], errors: list[RowError]):
        self.line, self.cells, self.errors = line, cells, errors

    def text(self, header: str) -> str:
        value = self.cells.get(header, "")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() if value is not None else ""

    def error(self, header: str, message: str) -> None:
        self.errors.append(RowError(self.line, header, message))

    def parsed(self, header: str, parser):
        try:
            return parser(self.cells.get(header, ""))
        except ValueError as error:
            self.error(header, str(error))
            return None

    def choice(self, header: str, choices: dict[str, str]):
        text = self.text(header)
        if not text:
            return None
        value = choices.get(fold(text))
        if value is None:
            self.error(header, f"« {text} » n'est pas une valeur possible.")
        return value

    @property
    def loc(self) -> Located:
        return Located(line=self.line)


def normalise_header(table: Table) -> Table:
    """Columns are recognised whatever their accents and case (numéro, Numero…)."""
    known = {fold(c.header): c.header for c in COLUMNS}
    header = [known.get(fold(name), name) for name in table.header]
    renamed = dict(zip(table.header, header, strict=True))
    rows = [(line, {renamed[k]: v for k, v in cells.items()}) for line, cells in table.rows]
    return Table(header, rows)


def merge_rows(base: VersionData, table: Table) -> tuple[VersionData, list[RowError]]:
    """Lays the rows over `base` (changed in place); returns it with every error found."""
    table = normalise_header(table)
    table.require_columns(REQUIRED)
    errors: list[RowError] = []
    rows = []
    for line, cells in table.rows:
        row = _Row(line, cells, errors)
        kind = row.choice("type", ROW_TYPES)
        if kind is None and not row.text("type"):
            row.error("type", "obligatoire (module, engagement ou sous-critère).")
        if kind:
            rows.append((TYPE_ORDER[kind], line, kind, row))
    seen: dict[tuple[str, str], int] = {}
    for _order, _line, kind, row in sorted(rows, key=lambda item: item[:2]):
        {"module": _merge_module, "commitment": _merge_commitment, "sub": _merge_sub}[kind](
            base, row, seen
        )
    return base, errors


def _first_time(row: _Row, seen: dict, key: tuple[str, str], what: str) -> bool:
    if key in seen:
        row.error("numéro", f"{what} figure déjà ligne {seen[key]}.")
        return False
    seen[key] = row.line
    return True


def _fill(item, row: _Row, header: str, attribute: str) -> None:
    text = row.text(header)
    if text:
        setattr(item, attribute, text)


def _set_title(item, row: _Row) -> None:
    """A title given without status becomes known; "inconnu" with no title clears it."""
    title = row.text("intitulé")
    status = row.choice("statut de l'intitulé", STATUSES)
    if title:
        item.title = title
        item.title_status = status or (
            TextStatus.KNOWN if item.title_status == TextStatus.UNKNOWN else item.title_status
        )
    elif status:
        item.title_status = status
        if status == TextStatus.UNKNOWN:
            item.title = ""


def _merge_module(base: VersionData, row: _Row, seen: dict) -> None:
    number = row.parsed("numéro", parse_int)
    if number is None:
        if not row.text("numéro"):
            row.error("numéro", "numéro du module obligatoire.")
        return
    module_cell = row.parsed("module", parse_int)
    if module_cell is not None and module_cell != number:
        row.error("module", f"ne correspond pas au numéro du module ({number}).")
    if not _first_time(row, seen, ("module", str(number)), f"Le module {number}"):
        return
    module = next((m for m in base.modules if m.number == number), None)
    if module is None:
        module = ModuleData(number=number, title_status=TextStatus.UNKNOWN)
        base.modules.append(module)
    module.loc = row.loc
    _set_title(module, row)
    kind = row.choice("nature", KINDS)
    if kind:
        module.kind = kind
    mandatory = row.parsed("obligatoire", parse_bool)
    if mandatory is not None:
        module.mandatory = mandatory
    _fill(module, row, "description", "description")
    _fill(module, row, "remarques", "notes")


def _merge_commitment(base: VersionData, row: _Row, seen: dict) -> None:
    number = row.parsed("numéro", parse_int)
    module_number = row.parsed("module", parse_int)
    if number is None:
        if not row.text("numéro"):
            row.error("numéro", "numéro de l'engagement obligatoire.")
        return
    if not _first_time(row, seen, ("commitment", str(number)), f"L'engagement {number}"):
        return
    commitment = next((c for c in base.commitments if c.number == number), None)
    if commitment is None:
        if module_number is None:
            row.error("module", "obligatoire pour un nouvel engagement.")
            return
        commitment = CommitmentData(number=number, module=module_number, title="")
        base.commitments.append(commitment)
    elif module_number is not None and module_number != commitment.module:
        row.error(
            "module",
            f"engagement {number} : numéro en double (déjà dans le module "
            f"{commitment.module}) ; un import ne déplace pas un engagement.",
        )
        return
    commitment.loc = row.loc
    _fill(commitment, row, "intitulé", "title")
    _fill(commitment, row, "rubrique", "section")
    _fill(commitment, row, "attendus de l'auditeur", "auditor_expectations")
    _fill(commitment, row, "modalités de preuve", "evidence_guidance")
    _fill(commitment, row, "remarques", "notes")
    codes = row.text("indicateurs")
    if codes:
        commitment.indicator_codes = [c for c in re.split(r"[\s,;]+", codes) if c]


def _merge_sub(base: VersionData, row: _Row, seen: dict) -> None:
    code = row.text("numéro")
    if not code:
        row.error("numéro", "code du sous-critère obligatoire (ex. 1.1).")
        return
    parent = row.parsed("engagement", parse_int)
    if parent is None and re.match(r"^\d+\.", code):
        parent = int(code.split(".")[0])
    commitment = next((c for c in base.commitments if c.number == parent), None)
    if commitment is None:
        row.error(
            "engagement",
            f"engagement {parent if parent is not None else '?'} inconnu dans cette version "
            "(ajoutez sa ligne ou indiquez le bon numéro).",
        )
        return
    key = ("sub", f"{commitment.number}/{code}")
    if not _first_time(row, seen, key, f"Le sous-critère {code}"):
        return
    sub = next((s for s in commitment.sub_criteria if s.code == code), None)
    if sub is None:
        sub = SubCriterionData(code=code, title="")
        commitment.sub_criteria.append(sub)
    sub.loc = row.loc
    _set_title(sub, row)
    _fill(sub, row, "remarques", "notes")


def check_merged(version: VersionData, existing, numbers) -> list[RowError]:
    """The rules of a data file, each problem placed at its line and column."""
    problems = check_version(version) or check_batch([version], existing, numbers)
    return [problem_as_row_error(problem) for problem in problems]


def problem_as_row_error(problem: Problem) -> RowError:
    message = f"{problem.entry} : {problem.message}" if problem.entry else problem.message
    return RowError(problem.line or 0, COLUMN_FOR_FIELD.get(problem.field, ""), message)


# --- The workbook users download ---------------------------------------------------------


def _cell(header: str):
    return lambda row: row.get(header, "")


def workbook_bytes(version: VersionData | None = None) -> bytes:
    """The import template: the version's rows (or none) and a sheet that explains the columns."""
    columns = [Column(c.header, _cell(c.header)) for c in COLUMNS]
    help_columns = [
        Column("colonne", lambda c: c.header),
        Column("contenu", lambda c: c.description),
        Column("exemple", lambda c: c.example),
    ]
    rows = version_rows(version) if version else []
    return xlsx_bytes([("Référentiel", columns, rows), ("Mode d'emploi", help_columns, COLUMNS)])


def version_rows(version: VersionData) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for module in sorted(version.modules, key=lambda m: m.number):
        rows.append(
            {
                "type": "module",
                "module": module.number,
                "numéro": module.number,
                "intitulé": module.title,
                "statut de l'intitulé": STATUS_WORDS[module.title_status],
                "nature": KIND_WORDS.get(module.kind, module.kind),
                "obligatoire": "oui" if module.mandatory else "non",
                "description": module.description,
                "remarques": module.notes,
            }
        )
    for commitment in version.commitments:
        rows.append(
            {
                "type": "engagement",
                "module": commitment.module,
                "numéro": commitment.number,
                "intitulé": commitment.title,
                "rubrique": commitment.section,
                "attendus de l'auditeur": commitment.auditor_expectations,
                "modalités de preuve": commitment.evidence_guidance,
                "indicateurs": ", ".join(commitment.indicator_codes),
                "remarques": commitment.notes,
            }
        )
        for sub in commitment.sub_criteria:
            rows.append(
                {
                    "type": "sous-critère",
                    "engagement": commitment.number,
                    "numéro": sub.code,
                    "intitulé": sub.title,
                    "statut de l'intitulé": STATUS_WORDS[sub.title_status],
                    "remarques": sub.notes,
                }
            )
    return rows
