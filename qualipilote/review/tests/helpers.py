import io
import re

import pypdf


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def pdf_text(raw: bytes) -> str:
    assert raw.startswith(b"%PDF")
    return _flat(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(raw)).pages))


def docx_text(raw: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(raw))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return _flat("\n".join(parts))
