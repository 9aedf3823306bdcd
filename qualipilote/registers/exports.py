"""Exports of the registers' filtered lists to CSV and XLSX (common.tabular writes them).

Headers are the import headers (a file exported can be read back) followed by the computed
columns. Exports never include the personal data of feedback authors (FeedbackAuthor): every
member may export, and the national view must never see it; the quality lead reads an author's
contact on the record's page only.
"""

from __future__ import annotations

import datetime as dt

from qualipilote.common.tabular import Column, csv_response, xlsx_response

from .models import Correspondence, Feedback, UpdateRequest


def _unit_code(record):
    return record.unit.code if record.unit_id else ""


def computed_columns(today: dt.date) -> list[Column]:
    return [
        Column("echeance", lambda r: r.due_on),
        Column("delai_jours_ouvres", lambda r: r.deadline_days),
        Column("jours_ouvres_pour_repondre", lambda r: r.working_days_taken),
        Column("dans_les_delais", lambda r: r.on_time),
        Column("en_retard", lambda r: r.is_overdue(today)),
    ]


def common_columns() -> list[Column]:
    return [
        Column("unite", _unit_code),
        Column("perimetre", lambda r: r.in_scope),
        Column("semaine_echantillon", lambda r: r.sampled),
    ]


def correspondence_columns(today: dt.date) -> list[Column]:
    return [
        Column("recu_le", lambda r: r.received_on),
        Column("canal", lambda r: r.get_channel_display()),
        Column(
            "heure_reception", lambda r: r.received_at.strftime("%H:%M") if r.received_at else ""
        ),
        Column("objet", lambda r: r.topic),
        *common_columns(),
        Column("accuse_reception_le", lambda r: r.acknowledged_on),
        Column("mode_accuse", lambda r: r.get_acknowledgement_mode_display()),
        Column("repondu_le", lambda r: r.answered_on),
        Column("signature_conforme", lambda r: r.signature_compliant),
        Column("reponse_conforme", lambda r: r.answer_compliant),
        *computed_columns(today),
    ]


def feedback_columns(today: dt.date) -> list[Column]:
    return [
        Column("reference", lambda r: r.reference),
        Column("recu_le", lambda r: r.received_on),
        Column("nature", lambda r: r.get_kind_display()),
        Column("origine", lambda r: r.get_source_display()),
        Column("canal", lambda r: r.get_channel_display()),
        Column("theme", lambda r: r.theme),
        Column("description", lambda r: r.description),
        *common_columns(),
        Column("repondu_le", lambda r: r.answered_on),
        Column("reponse", lambda r: r.answer),
        *computed_columns(today),
    ]


def update_request_columns(today: dt.date) -> list[Column]:
    return [
        Column("demandee_le", lambda r: r.received_on),
        Column("support", lambda r: r.get_target_display()),
        Column("description", lambda r: r.description),
        Column("unite", _unit_code),
        Column("perimetre", lambda r: r.in_scope),
        Column("publiee_le", lambda r: r.answered_on),
        *computed_columns(today),
    ]


EXPORT_COLUMNS = {
    Correspondence: correspondence_columns,
    Feedback: feedback_columns,
    UpdateRequest: update_request_columns,
}


def export_response(queryset, *, file_format: str, filename: str, sheet_title: str, today: dt.date):
    """The filtered records as a CSV (streamed) or XLSX download."""
    columns = EXPORT_COLUMNS[queryset.model](today)
    rows = queryset.select_related("unit").order_by("received_on", "pk").iterator(chunk_size=2000)
    if file_format == "csv":
        return csv_response(filename, columns, rows)
    return xlsx_response(filename, [(sheet_title, columns, rows)])
