"""The A4 poster of the published results (WeasyPrint), with a QR code to the public page."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from qualipilote.surveys.posters import qr_svg

POSTER_CSS = Path(__file__).with_name("poster.css")


def poster_pdf(results, absolute_url: str) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "publication/poster.html",
        {"results": results, "url": absolute_url, "qr": qr_svg(absolute_url, scale=6)},
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(POSTER_CSS))])
