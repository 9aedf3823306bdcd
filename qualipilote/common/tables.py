"""One description of each table users exchange as a file: its columns (header, field, parser,
description, example, required, default) drive reading the CSV or XLSX file, the French errors
by line and column, the downloadable templates (CSV and XLSX with a sheet explaining the
columns), the documentation of the columns on import pages and, where it fits, exports.
common.tabular does the file work underneath (limits, encodings, formulas, control characters).

Declaring a new import takes a few lines:

    from qualipilote.common.tables import TableColumn, TableSpec
    from qualipilote.common.tabular import parse_date

    ANSWERS = TableSpec(
        "Réponses à l'enquête",
        (
            TableColumn("repondu_le", "answered_on", parse_date, "Date de la réponse.",
                        "03/02/2025", required=True),
            TableColumn("site", "site", description="Code du site d'accueil.", example="annecy"),
            TableColumn("note", "score", description="Note sur 10.", example="8,5"),
            TableColumn("commentaire", "comment", description="Commentaire libre."),
        ),
        model=SurveyAnswer,  # text lengths and number bounds come from its fields
    )

    def import_answers(survey, raw: bytes, filename: str) -> int:
        sites = {site.code: site for site in survey.organisation.sites.all()}
        found = lookup(sites, "aucun site ne porte le code « {code} ».")
        rows = ANSWERS.read_rows(raw, filename, lookups={"site": found})
        SurveyAnswer.objects.bulk_create(SurveyAnswer(survey=survey, **v) for _line, v in rows)
        return len(rows)

`read_rows` raises ImportRejected listing every error of the file, or returns (line, values by
field) for each row. A column named after a field of the spec's model gets that field's rules
for free: without a parser of its own it is read as the field is (an exact Decimal or an
integer, a date, oui/non, else text), a number must fit the column's bounds, a text its
max_length, and an empty text cell is "". The import page shows the columns with
`{% include "common/_table_columns.html" with columns=ANSWERS.columns %}` and serves the
templates with `ANSWERS.template_response("xlsx", "modele-reponses")`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from .tabular import (
    Column,
    ImportRejected,
    RowError,
    Table,
    csv_response,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    read_table,
    xlsx_bytes,
    xlsx_response,
)
from .text import strip_accents
from .validation import decimal_bounds_error, integer_bounds_error

REQUIRED = "valeur obligatoire."
HELP_SHEET = "Mode d'emploi"


# --- Parsers a column may use (common.tabular has dates, booleans, integers, decimals) ---------


def parse_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def decimal_parser(*, max_digits: int, decimal_places: int) -> Callable[[Any], Any]:
    """An exact Decimal that fits a DecimalField(max_digits, decimal_places)."""
    return partial(parse_decimal, max_digits=max_digits, decimal_places=decimal_places)


def integer_parser(*, minimum: int | None = None, maximum: int | None = None):
    """An integer within [minimum, maximum]."""
    return partial(parse_int, minimum=minimum, maximum=maximum)


def lookup(known: Mapping[str, Any], not_found: str) -> Callable[[Any], Any]:
    """For `lookups`: the object of a code in `known` (as typed, else in lower case), or
    ValueError(not_found) where "{code}" is the code read, e.g. "aucun site ne porte le code
    « {code} »."."""

    def find(code):
        found = known.get(code)
        if found is None:
            found = known.get(str(code).lower())
        if found is None:
            raise ValueError(not_found.format(code=code))
        return found

    return find


def fold_header(text: str) -> str:
    """ "Statut de l'Intitulé" → "statut de l intitule": headers compared without accents, case
    or punctuation."""
    return " ".join(re.split(r"[^\w]+", strip_accents(str(text)).lower())).strip()


# --- Columns and tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableColumn:
    """One column of a table exchanged as a file."""

    header: str  # as written on the file's first line
    field: str  # the key of its parsed value, usually the model field it fills
    # cell → value, or ValueError in French; None: as its model field is read, else text
    parse: Callable[[Any], Any] | None = None
    description: str = ""  # shown on the import page and in the templates' help sheet
    example: Any = ""  # the templates' example row
    required: bool = False  # every row must give a value (so the column must be there)
    default: Any = None  # the value of an empty cell (else "" or the model field's default)
    header_required: bool = False  # the column must be there, its cells may be empty

    @property
    def expected_in_header(self) -> bool:
        return self.required or self.header_required

    @property
    def requirement_label(self) -> str:
        """The "Obligatoire" cell of the documentation of the column."""
        if self.required:
            return "oui"
        if self.header_required:
            return "colonne obligatoire, cellules facultatives"
        return "non"


@dataclass(frozen=True)
class TableSpec:
    """The columns of a table and what reads and writes it. `model`, when given, adds its
    fields' checks to the columns named after them; `fold_headers` recognises headers whatever
    their accents and case."""

    title: str
    columns: tuple[TableColumn, ...]
    model: type[models.Model] | None = None
    fold_headers: bool = False

    @cached_property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @cached_property
    def required_headers(self) -> list[str]:
        return [column.header for column in self.columns if column.expected_in_header]

    @cached_property
    def _header_by_field(self) -> dict[str, str]:
        return {column.field: column.header for column in self.columns}

    @cached_property
    def _column_by_header(self) -> dict[str, TableColumn]:
        return {column.header: column for column in self.columns}

    def header_of(self, field: str) -> str:
        return self._header_by_field[field]

    def column(self, header: str) -> TableColumn:
        return self._column_by_header[header]

    def model_field(self, column: TableColumn):
        """The field of the spec's model the column fills, if any."""
        if self.model is None:
            return None
        try:
            return self.model._meta.get_field(column.field)
        except FieldDoesNotExist:
            return None

    @cached_property
    def _parsers(self) -> dict[str, Callable[[Any], Any]]:
        return {
            column.header: column.parse or _parser_for(self.model_field(column))
            for column in self.columns
        }

    def parser_of(self, header: str) -> Callable[[Any], Any]:
        """How the column's cells are read: its own parser, else as its model field is."""
        return self._parsers[header]

    # --- Reading ---

    def read(self, raw: bytes, filename: str) -> Table:
        """The file's rows, cells by header; refuses a file missing a required column."""
        return self.conform(read_table(raw, filename))

    def conform(self, table: Table) -> Table:
        """The table with its headers named as the columns are (if folded) and checked."""
        if self.fold_headers:
            known = {fold_header(header): header for header in self.headers}
            header = [known.get(fold_header(name), name) for name in table.header]
            renamed = dict(zip(table.header, header, strict=True))
            rows = [(line, {renamed[k]: v for k, v in cells.items()}) for line, cells in table.rows]
            table = Table(header, rows)
        table.require_columns(self.required_headers)
        return table

    def row_parser(self, lookups: Mapping[str, Callable[[Any], Any]] | None = None) -> RowParser:
        return RowParser(self, lookups or {})

    def read_rows(
        self, raw: bytes, filename: str, lookups: Mapping[str, Callable] | None = None
    ) -> list[tuple[int, dict[str, Any]]]:
        """Every row of the file as (line, values by field); ImportRejected lists every error."""
        table = self.read(raw, filename)
        parser = self.row_parser(lookups)
        rows = [(line, parser.parse(line, cells)) for line, cells in table.rows]
        if parser.errors:
            raise ImportRejected(parser.errors)
        return rows

    # --- Writing ---

    def dict_columns(self) -> list[Column]:
        """Every column, for rows given as dicts by header (templates, workbooks of data)."""
        return [Column(c.header, partial(_cell_of, c.header)) for c in self.columns]

    def template_rows(self) -> list[dict[str, Any]]:
        return [{column.header: column.example for column in self.columns}]

    def workbook_bytes(self, rows: Iterable[dict[str, Any]]) -> bytes:
        """A workbook of `rows` (dicts by header) with a second sheet explaining the columns."""
        return xlsx_bytes([(self.title, self.dict_columns(), rows), *self._help_sheet()])

    def template_response(self, file_format: str, filename: str):
        """The header and an example row, as CSV or as XLSX (with the help sheet)."""
        if file_format == "csv":
            return csv_response(filename, self.dict_columns(), self.template_rows())
        if file_format == "xlsx":
            sheets = [(self.title, self.dict_columns(), self.template_rows()), *self._help_sheet()]
            return xlsx_response(filename, sheets)
        raise ValueError(f"Unknown file format {file_format!r}.")

    def _help_sheet(self):
        return [(HELP_SHEET, HELP_COLUMNS, self.columns)]


HELP_COLUMNS = [
    Column("colonne", lambda c: c.header),
    Column("obligatoire", lambda c: c.requirement_label),
    Column("contenu", lambda c: c.description),
    Column("exemple", lambda c: c.example),
]


def _cell_of(header: str, row: dict[str, Any]) -> Any:
    return row.get(header, "")


# --- Reading rows ----------------------------------------------------------------------------


def _parser_for(field) -> Callable[[Any], Any]:
    if isinstance(field, models.DecimalField):
        return parse_decimal
    if isinstance(field, models.IntegerField):
        return parse_int
    if isinstance(field, models.BooleanField):
        return parse_bool
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return parse_date
    return parse_text


def _empty_value(column: TableColumn, field) -> Any:
    """The value of an empty cell: the column's default, else "" for a model's text field (as
    Django stores an empty text), else the model field's default, else None."""
    if column.default is not None:
        return column.default
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    if field is not None and field.has_default():
        return field.get_default()
    return None


def _bounds_check(field) -> Callable[[Any], str | None] | None:
    """The check of a number against its model field's bounds (the same on every database:
    SQLite would store what PostgreSQL refuses, then fail to read it back)."""
    if isinstance(field, models.DecimalField):
        return partial(
            decimal_bounds_error, max_digits=field.max_digits, decimal_places=field.decimal_places
        )
    if isinstance(field, models.IntegerField) and not isinstance(field, models.AutoField):
        ranges = BaseDatabaseOperations.integer_field_ranges
        minimum, maximum = ranges.get(field.get_internal_type(), (None, None))
        return partial(integer_bounds_error, minimum=minimum, maximum=maximum)
    return None


class RowParser:
    """Parses the rows of one file column by column, collecting every error with its line and
    column. `lookups` turn a non-empty value into what it names (a code into a unit) or raise
    ValueError in French. Written for speed: 100,000 rows go through `parse`."""

    def __init__(self, spec: TableSpec, lookups: Mapping[str, Callable[[Any], Any]]):
        self.spec = spec
        self.errors: list[RowError] = []
        self._plan = []
        for column in spec.columns:
            field = spec.model_field(column)
            self._plan.append(
                (
                    column.header,
                    column.field,
                    spec.parser_of(column.header),
                    column.required,
                    _empty_value(column, field),
                    lookups.get(column.field),
                    field.max_length if isinstance(field, models.CharField) else None,
                    _bounds_check(field),
                )
            )

    def parse(self, line: int, cells: dict[str, Any]) -> dict[str, Any] | None:
        """The row's values by field, or None if a cell is wrong (its error is recorded)."""
        values = {}
        errors = self.errors
        valid = True
        for header, field, parse, required, missing, find, max_length, bounds in self._plan:
            cell = cells.get(header, "")
            try:
                value = parse(cell)
                if value is None or value == "":
                    if required:
                        raise ValueError(REQUIRED)
                    value = missing
                elif find is not None:
                    value = find(value)
            except ValueError as error:
                errors.append(RowError(line, header, str(error)))
                valid = False
                continue
            if max_length is not None and value.__class__ is str and len(value) > max_length:
                errors.append(
                    RowError(line, header, f"{len(value)} caractères, {max_length} au plus.")
                )
                valid = False
            elif bounds is not None and value is not None and (problem := bounds(value)):
                errors.append(RowError(line, header, f"« {cell} » {problem}"))
                valid = False
            else:
                values[field] = value
        return values if valid else None

    def error(self, line: int, field: str, message: str) -> None:
        """Records an error found after parsing (a rule across cells) in the field's column."""
        self.errors.append(RowError(line, self.spec.header_of(field), message))


class TableRow:
    """One row read cell by cell, for tables whose columns matter by kind of row (a framework
    workbook: a module row and a sub-criterion row read different columns)."""

    def __init__(self, spec: TableSpec, line: int, cells: dict[str, Any], errors: list[RowError]):
        self.spec, self.line, self.cells, self.errors = spec, line, cells, errors

    def text(self, header: str) -> str:
        value = self.cells.get(header, "")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() if value is not None else ""

    def value(self, header: str, parse: Callable[[Any], Any] | None = None) -> Any:
        """The cell read by `parse` (by default its column's parser); None and an error
        recorded at its line and column if it cannot be read."""
        parse = parse or self.spec.parser_of(header)
        try:
            return parse(self.cells.get(header, ""))
        except ValueError as error:
            self.error(header, str(error))
            return None

    def error(self, header: str, message: str) -> None:
        self.errors.append(RowError(self.line, header, message))
