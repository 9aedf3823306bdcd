"""The framework workbook: one row per module, commitment or sub-criterion (first sheet).

An import completes a version: the rows are laid over the version already loaded (or over an
empty new version), an empty cell keeps the value already known, nothing is deleted, and the
merged version is checked by the same rules as a data file (schema.check_version) before the
same writer saves it. Every error names its line and column.

The columns are a common.tables.TableSpec (FRAMEWORK_TABLE): it recognises the headers whatever
their accents and case, documents the columns, writes the workbook users download, and reads
each cell with its column's parser (numbers within the range of their database column). Rows
are read cell by cell (a module row and a sub-criterion row read different columns).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.backends.base.operations import BaseDatabaseOperations

from qualipilote.common.tables import TableColumn, TableRow, TableSpec, integer_parser
from qualipilote.common.tabular import RowError, Table, parse_bool

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

# Module and commitment numbers are PositiveSmallIntegerFields; below 1 the framework rules
# answer (schema.check_version), above the column's range the cell does.
NUMBER = integer_parser(
    maximum=BaseDatabaseOperations.integer_field_ranges["PositiveSmallIntegerField"][1]
)

FRAMEWORK_TABLE = TableSpec(
    "Référentiel",
    (
        TableColumn(
            "type",
            "type",
            description="module, engagement ou sous-critère (obligatoire).",
            example="engagement",
            required=True,
        ),
        TableColumn(
            "module",
            "module",
            NUMBER,
            "Numéro du module de l'engagement (obligatoire pour un nouvel engagement).",
            "1",
        ),
        TableColumn(
            "numéro",
            "number",
            description="Numéro du module ou de l'engagement ; code du sous-critère (1.1), "
            "écrit comme texte.",
            example="15",
            required=True,
        ),
        TableColumn(
            "engagement",
            "commitment",
            NUMBER,
            "Sous-critère seulement : numéro de son engagement (par défaut, le chiffre avant le "
            "point du code).",
        ),
        TableColumn("intitulé", "title", description="Texte exact du référentiel officiel."),
        TableColumn(
            "statut de l'intitulé",
            "title_status",
            description="connu, à confirmer ou inconnu (inconnu : intitulé vide). Par défaut : "
            "connu dès qu'un intitulé est donné.",
            example="connu",
        ),
        TableColumn(
            "nature", "kind", description="Module seulement : général ou métier.", example="métier"
        ),
        TableColumn(
            "obligatoire",
            "mandatory",
            parse_bool,
            "Module seulement : oui ou non.",
            "non",
        ),
        TableColumn("rubrique", "section", description="Engagement : rubrique (ex. Téléphonie)."),
        TableColumn("attendus de l'auditeur", "auditor_expectations", description="Engagement."),
        TableColumn("modalités de preuve", "evidence_guidance", description="Engagement."),
        TableColumn(
            "indicateurs",
            "indicator_codes",
            description="Engagement : codes d'indicateurs séparés par des virgules (remplacent "
            "la liste).",
            example="phone_answer_rate",
        ),
        TableColumn("description", "description", description="Module seulement."),
        TableColumn(
            "remarques", "notes", description="Source, réserves, ce qui reste à confirmer."
        ),
    ),
    fold_headers=True,
)
COLUMNS = FRAMEWORK_TABLE.columns
COLUMN_FOR_FIELD = {c.field: c.header for c in COLUMNS} | {"code": "numéro"}

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


class _Row(TableRow):
    """One data row: typed cells, each error recorded with its line and column."""

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


def merge_rows(base: VersionData, table: Table) -> tuple[VersionData, list[RowError]]:
    """Lays the rows over `base` (changed in place); returns it with every error found."""
    table = FRAMEWORK_TABLE.conform(table)
    errors: list[RowError] = []
    rows = []
    for line, cells in table.rows:
        row = _Row(FRAMEWORK_TABLE, line, cells, errors)
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
    number = row.value("numéro", NUMBER)
    if number is None:
        if not row.text("numéro"):
            row.error("numéro", "numéro du module obligatoire.")
        return
    module_cell = row.value("module")
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
    mandatory = row.value("obligatoire")
    if mandatory is not None:
        module.mandatory = mandatory
    _fill(module, row, "description", "description")
    _fill(module, row, "remarques", "notes")


def _merge_commitment(base: VersionData, row: _Row, seen: dict) -> None:
    number = row.value("numéro", NUMBER)
    module_number = row.value("module")
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
    parent = row.value("engagement")
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


def workbook_bytes(version: VersionData | None = None) -> bytes:
    """The import template: the version's rows (or none) and a sheet that explains the columns."""
    return FRAMEWORK_TABLE.workbook_bytes(version_rows(version) if version else [])


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
