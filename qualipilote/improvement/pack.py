"""The evidence pack handed to the auditor: a PDF of the readiness pages (WeasyPrint) and a zip
of the evidence files, one folder per commitment of the scope."""

from __future__ import annotations

import io
import re
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone

from qualipilote.assessments.enums import EvidenceKind
from qualipilote.assessments.models import Evidence
from qualipilote.frameworks.scope import commitments_in_scope, scope_of

from .readiness import commitment_pack, scope_readiness


def pack_pdf(organisation) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    rows, score = scope_readiness(organisation)
    commitments = [
        {"commitment": row.commitment, "row": row, **commitment_pack(organisation, row.commitment)}
        for row in rows
    ]
    html = render_to_string(
        "improvement/pack.html",
        {
            "organisation": organisation,
            "scope": scope_of(organisation),
            "score": score,
            "commitments": commitments,
            "generated_at": timezone.localtime(),
        },
    )
    stylesheet = CSS(filename=finders.find("improvement/pack.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def _safe(name: str) -> str:
    return re.sub(r"[^\w.\- ]+", "_", name).strip() or "preuve"


def pack_zip(organisation) -> bytes:
    """Every evidence file of the scope's commitments; links are listed in liens.txt."""
    buffer = io.BytesIO()
    evidence = (
        Evidence.objects.filter(
            assessment__organisation=organisation,
            assessment__commitment__in=commitments_in_scope(organisation),
        )
        .select_related("assessment__commitment")
        .order_by("assessment__commitment__position", "assessment__commitment__number", "pk")
    )
    links = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in evidence:
            folder = f"engagement-{item.assessment.commitment.number:02d}"
            if item.kind == EvidenceKind.LINK:
                links.append(f"{folder} : {item.title} — {item.url}")
                continue
            with item.file.open("rb") as stored:
                archive.writestr(
                    f"{folder}/{item.pk}-{_safe(item.filename or 'preuve')}", stored.read()
                )
        archive.writestr("liens.txt", "\n".join(links) + "\n" if links else "Aucun lien.\n")
    return buffer.getvalue()
