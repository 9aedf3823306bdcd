"""Reading and writing the spreadsheets users exchange with Qualipilote (CSV and XLSX).

Every import reads its file here and every export writes it here, so the rules below hold for
all of them (the columns of each table are described once, in common.tables):

- imports are validated row by row and saved all or nothing: a reader collects every error with
  its line and column, in French, and the caller saves only when there is none;
- a file is refused before it is read when it would cost more than it is worth: more rows than
  settings.IMPORT_MAX_ROWS, or a workbook that decompresses to more than
  IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES or compresses suspiciously well (a zip bomb);
- CSV may come from Excel in Windows-1252; anything else gets a French message, never a 500;
- a cell holding a control character is refused with its line and column (common.validation);
- exports never hand a spreadsheet a formula made of text someone typed: XLSX text cells are
  always strings, CSV text that a spreadsheet would evaluate is prefixed with a quote (OWASP's
  advice on CSV injection); numbers and dates stay numbers and dates;
- a control character already stored never makes an export fail: it is written as U+FFFD.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.exceptions import InvalidFileException

from .validation import (
    CONTROL_CHARACTERS,
    control_character_error,
    decimal_bounds_error,
    integer_bounds_error,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_A_WORKBOOK = "ce fichier n'est pas un classeur Excel (.xlsx) lisible."


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


def _refuse(message: str, line: int = 1) -> ImportRejected:
    return ImportRejected([RowError(line, "", message)])


def _french_integer(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _too_many_rows(limit: int) -> ImportRejected:
    return _refuse(
        f"le fichier compte plus de {_french_integer(limit)} lignes de données, la limite d'un "
        "import : découpez-le en plusieurs fichiers."
    )


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
        raise _refuse("le fichier est vide.")
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(raw)
    if name.endswith((".csv", ".txt")):
        return _read_csv(raw)
    raise _refuse("format non reconnu : envoyez un fichier .csv ou .xlsx.")


def _control_character_errors(line: int, header: list[str], cells: Sequence[Any]) -> list[RowError]:
    """The cells of a row (before any stripping) that hold a control character."""
    errors = []
    for column, cell in zip(header, cells, strict=False):
        if isinstance(cell, str) and (message := control_character_error(cell)):
            errors.append(RowError(line, column, message))
    return errors


def _header_errors(cells: Sequence[Any]) -> list[RowError]:
    for cell in cells:
        if isinstance(cell, str) and (message := control_character_error(cell)):
            return [RowError(1, "", f"l'en-tête {message}")]
    return []


# --- CSV ----------------------------------------------------------------------------------------


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or, failing that, Windows-1252 as Excel writes it; refuses
    (in French, with the line) bytes that are neither, such as 0x81 which cp1252 leaves undefined."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise _refuse(
            f"le fichier n'est ni en UTF-8 ni en Windows-1252 (octet 0x{raw[error.start]:02X} "
            "illisible) : enregistrez-le au format « CSV UTF-8 ».",
            line,
        ) from None


def _read_csv(raw: bytes) -> Table:
    text = decode_text(raw).lstrip("\ufeff")
    if not text.strip():  # a byte-order mark alone
        raise _refuse("le fichier est vide.")
    first_line = text.splitlines()[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    # One search of the whole text; cells are examined one by one only when it finds something.
    has_control_characters = CONTROL_CHARACTERS.search(text) is not None
    limit = settings.IMPORT_MAX_ROWS
    errors: list[RowError] = []
    rows = []
    try:
        raw_header = next(reader)
        header = [cell.strip().lower() for cell in raw_header]
        if has_control_characters:
            errors += _header_errors(raw_header)
        for line, cells in enumerate(reader, start=2):
            if line > limit + 1:
                raise _too_many_rows(limit)
            if has_control_characters:
                errors += _control_character_errors(line, header, cells)
            if not any(cell.strip() for cell in cells):
                continue
            rows.append(
                (
                    line,
                    {
                        col: (cells[i].strip() if i < len(cells) else "")
                        for i, col in enumerate(header)
                    },
                )
            )
    except csv.Error as error:
        raise _refuse(_csv_error_message(error), reader.line_num) from None
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise _refuse("le fichier ne contient aucune ligne de données.", 2)
    return Table(header, rows)


def _csv_error_message(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return (
            f"une cellule est trop longue (plus de {_french_integer(csv.field_size_limit())} "
            "caractères) ou un guillemet n'est pas refermé."
        )
    return (
        "ce fichier CSV est mal formé (guillemets ou séparateurs) : enregistrez-le de nouveau "
        "depuis le tableur."
    )


# --- XLSX ---------------------------------------------------------------------------------------

# What openpyxl (or zipfile, zlib and the XML parser under it) raises on a damaged workbook.
_UNREADABLE_WORKBOOK = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    SyntaxError,  # xml.etree.ElementTree.ParseError: e.g. "&#x0B;", which XML 1.0 forbids
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # an encrypted part
)
# Parts smaller than this cannot hurt whatever their compression ratio.
_RATIO_CHECKED_FROM = 1024 * 1024
_CHUNK = 1024 * 1024
_XML_PREFIX = rb"(?:[A-Za-z_][\w.-]{0,15}:)?"
_ROW_TAG = re.compile(rb"<" + _XML_PREFIX + rb"row[\s/>]")
_DIMENSION = re.compile(
    rb"<" + _XML_PREFIX + rb'dimension\s[^>]*?ref="[A-Za-z]*\d*:?[A-Za-z]*(\d+)"'
)


def _read_xlsx(raw: bytes) -> Table:
    check_workbook_size(raw)
    try:
        # openpyxl warns about parts it drops from a damaged file (a sheet without id, an
        # unknown extension): the person importing cannot act on that, what matters is whether
        # a first sheet remains to be read, which IndexError below answers.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            return _xlsx_table(workbook.worksheets[0])
        finally:
            workbook.close()
    except _UNREADABLE_WORKBOOK:
        raise _refuse(NOT_A_WORKBOOK) from None


def check_workbook_size(raw: bytes) -> None:
    """Refuses, before anything is decompressed for good, a workbook that would cost too much to
    read: its parts' uncompressed sizes (as the archive declares them: zipfile never inflates a
    part beyond its declared size) and compression ratios, and the rows of its sheets (declared
    by <dimension ref>, else counted in one streaming pass at C speed)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(NOT_A_WORKBOOK) from None
    limit = settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES
    total = sum(part.file_size for part in parts)
    if total > limit:
        raise _refuse(
            f"une fois décompressé, ce classeur ferait {_megabytes(total)} Mo, au-delà des "
            f"{_megabytes(limit)} Mo acceptés : enregistrez les données seules (sans mise en "
            "forme) ou découpez le fichier."
        )
    max_ratio = settings.IMPORT_XLSX_MAX_COMPRESSION_RATIO
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _RATIO_CHECKED_FROM and ratio > max_ratio:
            raise _refuse(
                f"ce classeur a un taux de compression anormal ({_french_integer(round(ratio))} pour 1, "
                f"{max_ratio} au plus) : enregistrez-le de nouveau depuis le tableur."
            )
    max_rows = settings.IMPORT_MAX_ROWS
    try:
        for part in parts:
            if part.filename.endswith(".xml") and _rows_of_part(archive, part, max_rows + 1) > (
                max_rows + 1
            ):
                raise _too_many_rows(max_rows)
    except _UNREADABLE_WORKBOOK:
        raise _refuse(NOT_A_WORKBOOK) from None


def _megabytes(size: int) -> str:
    return _french_integer(round(size / (1024 * 1024)))


def _rows_of_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limit: int) -> int:
    """The rows of a part (0 if it is not a sheet): the last row its <dimension ref> declares,
    if that is beyond `limit`; else its <row> tags, counted until there are more than `limit`.
    Text cannot hold a literal "<row", so only real rows are counted, whatever the part."""
    count = 0
    tail = b""
    with archive.open(part) as stream:
        chunk = stream.read(_CHUNK)
        declared = _DIMENSION.search(chunk)
        if declared and int(declared.group(1)) > limit:
            return int(declared.group(1))
        while chunk:
            buffer = tail + chunk
            # Cut before the last "<": no tag straddles the cut, none is counted twice.
            cut = buffer.rfind(b"<")
            if cut == -1:
                tail = b""
            else:
                count += len(_ROW_TAG.findall(buffer, 0, cut))
                tail = buffer[cut:]
                if len(tail) > 64:  # a long text after the "<": settle it, keep no tail
                    count += _ROW_TAG.match(tail) is not None
                    tail = b""
            if count > limit:
                return count
            chunk = stream.read(_CHUNK)
    return count + (_ROW_TAG.match(tail) is not None)


def _xlsx_table(sheet) -> Table:
    values = sheet.iter_rows(values_only=True)
    try:
        raw_header = next(values)
    except StopIteration:
        raise _refuse("le classeur est vide.") from None
    header = [str(cell or "").strip().lower() for cell in raw_header]
    errors = _header_errors(raw_header)
    limit = settings.IMPORT_MAX_ROWS
    width = len(header)
    rows = []
    for line, cells in enumerate(values, start=2):
        if line > limit + 1:  # rows the sheet does not declare, e.g. a gap before row 2,000,000
            raise _too_many_rows(limit)
        if not any(cell not in (None, "") for cell in cells):
            continue
        texts = [cell for cell in cells[:width] if cell.__class__ is str]
        if texts and CONTROL_CHARACTERS.search("".join(texts)):
            errors += _control_character_errors(line, header, cells)
        rows.append(
            (
                line,
                {
                    col: _xlsx_cell(cells[i]) if i < len(cells) else ""
                    for i, col in enumerate(header)
                },
            )
        )
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise _refuse("le classeur ne contient aucune ligne de données.", 2)
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


def parse_int(value: Any, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """An integer, within [minimum, maximum] when given (the range of its column)."""
    if value in ("", None):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip().replace("\u202f", "").replace(" ", "")
        try:
            number = int(text)
        except ValueError:
            raise ValueError(f"« {value} » n'est pas un nombre entier.") from None
    if error := integer_bounds_error(number, minimum=minimum, maximum=maximum):
        raise ValueError(f"« {value} » {error}")
    return number


def parse_decimal(
    value: Any, *, max_digits: int | None = None, decimal_places: int = 0
) -> Decimal | None:
    """An exact decimal ("12,5", "1 234", 0.1 read as 0.1), finite, and within the bounds of a
    DecimalField(max_digits, decimal_places) when max_digits is given."""
    if value in ("", None):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the number as written in the cell, not its binary twin
    else:
        text = str(value).strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text.rstrip("%"))
        except InvalidOperation:
            raise ValueError(f"« {value} » n'est pas un nombre.") from None
    if not number.is_finite():
        raise ValueError(f"« {value} » n'est pas un nombre.")
    if max_digits is not None:
        error = decimal_bounds_error(number, max_digits=max_digits, decimal_places=decimal_places)
        if error:
            raise ValueError(f"« {value} » {error}")
    return number


# --- Exports ---


@dataclass(frozen=True)
class Column:
    """One exported column: its French header and how to get the cell from a row."""

    header: str
    value: Callable[[Any], Any]


# A CSV cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _printable(text: str) -> str:
    """`text` with its control characters replaced by U+FFFD. Forms, the API and imports refuse
    them, but a value stored before (or by a path that forgot) must not make an export fail
    (openpyxl raises IllegalCharacterError on C0 controls); the replacement character, rather
    than nothing, shows the reader that something was there."""
    if CONTROL_CHARACTERS.search(text) is None:
        return text
    return CONTROL_CHARACTERS.sub("\ufffd", text)


class _Echo:
    def write(self, value):
        return value


def csv_response(
    filename: str, columns: Sequence[Column], rows: Iterable[Any]
) -> StreamingHttpResponse:
    """Streams a CSV that Excel opens correctly (UTF-8 with BOM, semicolons)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([csv_cell(c.header) for c in columns])
        for row in rows:
            yield writer.writerow([csv_cell(c.value(row)) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_cell(value: Any) -> Any:
    """A value as a French spreadsheet reads it from a CSV; text never read as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = _printable(str(value))
    if text.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + text  # OWASP: the quote makes the spreadsheet show the text as it is
    return text


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[Column], Iterable[Any]]]) -> bytes:
    """A real workbook, written in streaming mode so that large exports stay small in memory."""
    workbook = openpyxl.Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=sheet_title(title))
        sheet.append([_xlsx_value(sheet, c.header) for c in columns])
        for row in rows:
            sheet.append([_xlsx_value(sheet, c.value(row)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(title: str) -> str:
    """A title Excel accepts for a sheet: 31 characters at most, none of : \\ / ? * [ ]."""
    return re.sub(r"\s*[:\\/?*\[\]]\s*", " - ", title)[:31].strip() or "Feuille"


def _xlsx_value(sheet, value: Any) -> Any:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str):
        value = _printable(value)
        if value.startswith("=") or value in ERROR_CODES:
            # openpyxl would write "=…" as a formula and "#N/A" as an error: force a string.
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            return cell
        return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Spreadsheets have no time zones: the local (Paris) time, as the pages show it.
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[Column], Iterable[Any]]]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
