"""Reading and writing the spreadsheets users exchange with Qualipilote (CSV and XLSX).

Imports are validated row by row and saved all or nothing: a reader collects every error with
its line and column, in French, and the caller saves only when there is none. CSV may come
from Excel in Windows-1252; XLSX must really be a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.http import HttpResponse, StreamingHttpResponse
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return f"Ligne {self.line}, colonne « {self.column} » : {self.message}"
        return f"Ligne {self.line} : {self.message}"


class ImportRejected(Exception):
    """The file was refused; nothing was saved. `errors` lists every problem found."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or, failing that, Windows-1252 as Excel writes it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


@dataclass
class Table:
    """A file read as a header and rows; `rows` yields (line number in the file, {column: value})."""

    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]

    def require_columns(self, columns: Iterable[str]) -> None:
        missing = [column for column in columns if column not in self.header]
        if missing:
            raise ImportRejected(
                [RowError(1, column, "colonne absente de l'en-tête.") for column in missing]
            )


def read_table(raw: bytes, filename: str) -> Table:
    """Reads a CSV or XLSX upload; refuses empty files and files that are not what they claim."""
    if not raw or not raw.strip():
        raise ImportRejected([RowError(1, "", "le fichier est vide.")])
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(raw)
    if name.endswith((".csv", ".txt")):
        return _read_csv(raw)
    raise ImportRejected(
        [RowError(1, "", "format non reconnu : envoyez un fichier .csv ou .xlsx.")]
    )


def _read_csv(raw: bytes) -> Table:
    text = decode_text(raw)
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        rows.append(
            (
                line,
                {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(header)},
            )
        )
    if not rows:
        raise ImportRejected([RowError(2, "", "le fichier ne contient aucune ligne de données.")])
    return Table(header, rows)


def _read_xlsx(raw: bytes) -> Table:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise ImportRejected(
            [RowError(1, "", "ce fichier n'est pas un classeur Excel (.xlsx) lisible.")]
        ) from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = [str(cell or "").strip().lower() for cell in next(values)]
    except StopIteration:
        raise ImportRejected([RowError(1, "", "le classeur est vide.")]) from None
    rows = []
    for line, cells in enumerate(values, start=2):
        if not any(cell not in (None, "") for cell in cells):
            continue
        rows.append(
            (
                line,
                {
                    col: _xlsx_cell(cells[i]) if i < len(cells) else ""
                    for i, col in enumerate(header)
                },
            )
        )
    workbook.close()
    if not rows:
        raise ImportRejected([RowError(2, "", "le classeur ne contient aucune ligne de données.")])
    return Table(header, rows)


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, str):
        return value.strip()
    return value


# --- Cell parsers: each returns a value or raises ValueError with a French message. ---


def parse_date(value: Any) -> dt.date | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"« {text} » n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ).")


def parse_bool(value: Any) -> bool | None:
    if value in ("", None):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"oui", "o", "vrai", "true", "1", "x", "yes"}:
        return True
    if text in {"non", "n", "faux", "false", "0", "no"}:
        return False
    raise ValueError(f"« {value} » n'est pas une réponse oui/non.")


def parse_int(value: Any) -> int | None:
    if value in ("", None):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace("\u202f", "").replace(" ", "")
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"« {value} » n'est pas un nombre entier.") from None


def parse_decimal(value: Any) -> float | None:
    if value in ("", None):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace("\u202f", "").replace(" ", "").replace(",", ".").rstrip("%")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"« {value} » n'est pas un nombre.") from None


# --- Exports ---


@dataclass(frozen=True)
class Column:
    """One exported column: its French header and how to get the cell from a row."""

    header: str
    value: Callable[[Any], Any]


class _Echo:
    def write(self, value):
        return value


def csv_response(
    filename: str, columns: Sequence[Column], rows: Iterable[Any]
) -> StreamingHttpResponse:
    """Streams a CSV that Excel opens correctly (UTF-8 with BOM, semicolons)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([c.header for c in columns])
        for row in rows:
            yield writer.writerow([_csv_cell(c.value(row)) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[Column], Iterable[Any]]]) -> bytes:
    """A real workbook, written in streaming mode so that large exports stay small in memory."""
    workbook = openpyxl.Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([c.header for c in columns])
        for row in rows:
            sheet.append([_xlsx_value(c.value(row)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value


def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[Column], Iterable[Any]]]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
