"""The review as a PDF (WeasyPrint, from an HTML template: every text escaped, charts as SVG)
and as an editable DOCX (python-docx, charts as PNG): the same content, section by section."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .charts import font_path, png, svg
from .content import ReviewContent

NO_DATA = (
    "Aucune donnée n'est enregistrée dans Qualipilote pour {year} : ce bilan ne présente que "
    "les constats ci-dessous."
)


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def review_html(content: ReviewContent) -> str:
    sections = [
        {
            "section": section,
            # The SVG is built by charts.svg from escaped texts: safe to insert.
            "charts": [mark_safe(svg(chart)) for chart in section.charts],  # noqa: S308
        }
        for section in content.sections
    ]
    return render_to_string(
        "review/document.html",
        {
            "content": content,
            "sections": sections,
            "foreword": _paragraphs(content.foreword),
            "conclusion": _paragraphs(content.conclusion),
            "no_data": None if content.has_data else NO_DATA.format(year=content.year),
        },
    )


def review_pdf(content: ReviewContent) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = "".join(
        f'@font-face {{ font-family: "Marianne"; font-weight: {weight}; '
        f'src: url("file://{path}"); }}'
        for weight, path in (("normal", font_path("Regular")), ("bold", font_path("Bold")))
        if path
    )
    stylesheets = [
        CSS(string=faces, font_config=fonts),
        CSS(filename=finders.find("review/document.css"), font_config=fonts),
    ]
    return HTML(string=review_html(content)).write_pdf(stylesheets=stylesheets, font_config=fonts)


def review_docx(content: ReviewContent) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.title = f"{content.title} — {content.subtitle}"
    document.core_properties.language = "fr-FR"
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
    document.add_heading(content.title, level=0)
    document.add_paragraph(content.subtitle)
    document.add_paragraph(f"Généré le {content.generated_at:%d/%m/%Y à %H:%M}.")
    if content.foreword.strip():
        document.add_heading("Avant-propos", level=1)
        for paragraph in _paragraphs(content.foreword):
            document.add_paragraph(paragraph)
    if not content.has_data:
        document.add_paragraph(NO_DATA.format(year=content.year))
    for number, section in enumerate(content.sections, 1):
        document.add_heading(f"{number}. {section.title}", level=1)
        if section.is_empty:
            document.add_paragraph(section.empty_statement or "Rien à signaler pour l'année.")
            continue
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        for table in section.tables:
            caption = document.add_paragraph(table.caption)
            caption.runs[0].bold = True
            grid = document.add_table(rows=1, cols=len(table.headers))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
                cell.text = header
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = value
        for chart in section.charts:
            document.add_picture(io.BytesIO(png(chart)), width=Cm(17))
            document.add_paragraph().add_run(chart.title).italic = True
    if content.conclusion.strip():
        document.add_heading("Conclusion", level=1)
        for paragraph in _paragraphs(content.conclusion):
            document.add_paragraph(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
