"""Spreadsheets built in memory to attack the import readers: archives that decompress to far
more than they weigh, sheets that declare or hold millions of rows, cells that break XML.

The tests use them at the size that matters where it is cheap (a declared size, a declared
dimension) and scaled down with lowered limits where the real size would cost seconds; the
benchmark command `bench_hostile_files` builds them at full size and prints the figures.
"""

from __future__ import annotations

import io
import struct
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK = b"a" * (1 << 20)


def workbook_parts(rows=(("recu_le", "canal"), ("16/02/2026", "courriel"))) -> dict[str, bytes]:
    """The parts of a small real workbook written by openpyxl, by name."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    archive = zipfile.ZipFile(buffer)
    return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def zipped(parts: dict[str, bytes], *, streamed: dict | None = None) -> bytes:
    """An archive of `parts`; `streamed` maps a part name to a function that writes it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        for name, write in (streamed or {}).items():
            with archive.open(name, "w", force_zip64=True) as member:
                write(member)
    return out.getvalue()


def _with_shared_strings(parts: dict[str, bytes]) -> dict[str, bytes]:
    parts = dict(parts)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>",
    )
    return parts


def huge_shared_string(megabytes: int) -> bytes:
    """A workbook whose shared strings part really holds one string of `megabytes` MiB: a few
    hundred kilobytes on the wire (deflate compresses repeated bytes about 1,000 times)."""

    def write(member):
        member.write(f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>'.encode())
        for _ in range(megabytes):
            member.write(CHUNK)
        member.write(b"</t></si></sst>")

    return zipped(_with_shared_strings(workbook_parts()), streamed={SHARED_STRINGS: write})


def declare_size(raw: bytes, name: str, size: int) -> bytes:
    """The archive with the uncompressed size of `name` changed in its central directory (what
    zipfile believes) and its local header: a part that claims to hold `size` bytes."""
    data = bytearray(raw)
    encoded = name.encode()
    for signature, size_offset, name_offset in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_offset : start + name_offset + len(encoded)] == encoded:
                struct.pack_into("<I", data, start + size_offset, size)
            start += 4
    return bytes(data)


def declared_huge_shared_strings(size: int) -> bytes:
    """A small shared strings part whose headers declare `size` bytes once decompressed."""
    parts = _with_shared_strings(workbook_parts())
    parts[SHARED_STRINGS] = f'<sst xmlns="{MAIN_NS}"><si><t>a</t></si></sst>'.encode()
    return declare_size(zipped(parts), SHARED_STRINGS, size)


def sheet_with_rows(rows: int, *, declared: int | None = None, empty: bool = True) -> bytes:
    """A workbook whose first sheet holds a header and `rows` more rows (empty `<row r=…/>`, or
    one cell each), with `<dimension ref>` declaring `declared` rows (none if None)."""

    def write(member):
        member.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}">'.encode())
        if declared is not None:
            member.write(b'<dimension ref="A1:B%d"/>' % declared)
        member.write(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>recu_le</t></is>')
        member.write(b"</c></row>")
        batch = []
        for number in range(2, rows + 2):
            if empty:
                batch.append(b'<row r="%d"/>' % number)
            else:
                batch.append(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (number, number))
            if len(batch) == 10_000:
                member.write(b"".join(batch))
                batch = []
        member.write(b"".join(batch) + b"</sheetData></worksheet>")

    parts = workbook_parts()
    del parts[SHEET]
    return zipped(parts, streamed={SHEET: write})


def sheet_with_far_row(row_number: int) -> bytes:
    """A header and a single row numbered `row_number`: readers fill the gap with empty rows."""
    parts = workbook_parts()
    parts[SHEET] = (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>recu_le</t></is></c></row>'
        f'<row r="{row_number}"><c r="A{row_number}"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return zipped(parts)


def sheet_with_cell_xml(cell_xml: str) -> bytes:
    """A header `recu_le;objet` and one row whose B2 cell is `cell_xml` verbatim (e.g. an XML
    character reference that XML 1.0 forbids)."""
    parts = workbook_parts()
    parts[SHEET] = (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>recu_le</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>objet</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>16/02/2026</t></is></c>'
        f"{cell_xml}</row></sheetData></worksheet>"
    ).encode()
    return zipped(parts)
