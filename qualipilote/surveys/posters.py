"""The QR code of a survey's public page (segno) and the A4 poster for a site (WeasyPrint)."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.urls import reverse

POSTER_CSS = Path(__file__).with_name("poster.css")


def public_path(survey, site=None) -> str:
    path = reverse(
        "surveys_public:answer", kwargs={"org_code": survey.organisation.code, "pk": survey.pk}
    )
    return f"{path}?site={site.pk}" if site is not None else path


def qr_svg(url: str, scale: int = 6) -> str:
    """The QR code of `url` as inline SVG markup (error correction level M, quiet zone)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, title="QR code de l'enquête"
    )
    return buffer.getvalue().decode()


def poster_pdf(survey, site, absolute_url: str) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "surveys/poster.html",
        {
            "survey": survey,
            "site": site,
            "url": absolute_url,
            "qr": qr_svg(absolute_url, scale=10),
        },
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(POSTER_CSS))])
