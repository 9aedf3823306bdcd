"""Exports of the registers' filtered lists to CSV and XLSX (common.tabular writes them).

Headers are the import headers (a file exported can be read back) followed by the computed
columns. Feedback exports end with the author's contact columns, filled only for the records
whose contact details the exporting member may see (organisations.permissions.
can_see_contact_details, the rule of the record's page and of the API); every other member
reads in `coordonnees` only whether there are any. The national view never exports them.
"""

from __future__ import annotations

import datetime as dt

from qualipilote.common.tabular import Column, csv_response, xlsx_response
from qualipilote.organisations.permissions import can_see_contact_details

from .enums import ContactDetails
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


def contact_columns(membership) -> list[Column]:
    def contact(name):
        def value(record):
            author = record.contact_author
            if author is None or not can_see_contact_details(membership, record):
                return ""
            return getattr(author, name)

        return value

    return [
        Column("coordonnees", lambda r: ContactDetails(r.contact_details).label),
        Column("auteur_nom", contact("name")),
        Column("auteur_courriel", contact("email")),
        Column("auteur_telephone", contact("phone")),
        Column("auteur_adresse", contact("address")),
    ]


EXPORT_COLUMNS = {
    Correspondence: correspondence_columns,
    Feedback: feedback_columns,
    UpdateRequest: update_request_columns,
}


def export_response(
    queryset, *, file_format: str, filename: str, sheet_title: str, today: dt.date, membership
):
    """The filtered records as a CSV (streamed) or XLSX download, for `membership`."""
    columns = EXPORT_COLUMNS[queryset.model](today)
    related = ["unit"]
    if queryset.model is Feedback:
        columns += contact_columns(membership)
        related.append("author")
    rows = queryset.select_related(*related).order_by("received_on", "pk").iterator(chunk_size=2000)
    if file_format == "csv":
        return csv_response(filename, columns, rows)
    return xlsx_response(filename, [(sheet_title, columns, rows)])
