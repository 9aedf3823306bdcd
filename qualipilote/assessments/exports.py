"""Export of the self-assessment to XLSX: one row per commitment in scope, assessed or not."""

from __future__ import annotations

from django.utils import timezone

from qualipilote.common.tabular import Column, xlsx_response

from .progress import export_rows


def _assessment(row, name, default=""):
    assessment = row["assessment"]
    return getattr(assessment, name) if assessment is not None else default


def _assessed_at(row):
    assessment = row["assessment"]
    if assessment is None:
        return None
    # Spreadsheets have no time zones: the local (Paris) time, as the pages show it.
    return timezone.localtime(assessment.assessed_at).replace(tzinfo=None, microsecond=0)


def _evidence(row) -> str:
    assessment = row["assessment"]
    if assessment is None:
        return ""
    return " ; ".join(
        evidence.title if evidence.kind == "file" else f"{evidence.title} ({evidence.url})"
        for evidence in assessment.evidence.all()
    )


COLUMNS = [
    Column(
        "Module",
        lambda r: f"{r['commitment'].module.number} — {r['commitment'].module.display_title}",
    ),
    Column("Numéro", lambda r: r["commitment"].number),
    Column("Engagement", lambda r: r["commitment"].title),
    Column(
        "Appréciation",
        lambda r: r["assessment"].get_status_display() if r["assessment"] else "Non évalué",
    ),
    Column("Motif de non-application", lambda r: _assessment(r, "not_applicable_reason")),
    Column("Commentaire", lambda r: _assessment(r, "comment")),
    Column("Preuves", _evidence),
    Column("Évalué par", lambda r: str(_assessment(r, "assessed_by", "") or "")),
    Column("Évalué le", _assessed_at),
]


def export_response(organisation, filename: str):
    return xlsx_response(filename, [("Auto-diagnostic", COLUMNS, export_rows(organisation))])
