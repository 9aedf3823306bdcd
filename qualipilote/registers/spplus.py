"""Import of the user experiences of Services Publics+ into the feedback register.

The experiences come from the DITP's export (the "experiences" open-data file of
opendata.plus.transformation.gouv.fr and the structure's own export): one line an experience
with its identifier (`id_experience`, or `id`), its status (`statut`, or `etat_de_lexperience`:
with or without an answer, "Traitée"…), the date it was written (`ecrit_le`, DD/MM/YYYY), its
description, the user's feeling (`ressenti_usager`: Négatif, Neutre, Positif), the structure's
answer (`reponse_structure_1`) and the date of the first answer (`date_de_premiere_reponse`).
Headers are recognised whatever their accents, case, spaces or underscores, under the names
listed in COLUMNS; the export's other columns listed in IGNORED (typologies, tags, publication
date, postcode…) are accepted and not kept; any other header is refused by name.

Each experience becomes a feedback of source "Avis Services Publics+" (FeedbackSource.
PUBLIC_REVIEW): a negative one is a complaint, a neutral or positive one a suggestion; its
feeling is kept. The structure's answer is the feedback's answer, dated by the first answer's
date when the file gives it (an answer without a date leaves the feedback unanswered for the
deadline figures, which never invent a date). Deadlines are computed as for any feedback, in
working days of the organisation's calendar.

Re-importing adds nothing: a feedback keeps the experience's identifier (`external_id`); a file
without an identifier column gets a stable one, "h-" and the SHA-256 of the date and the
description (spaces and case folded), so the same export imported twice still adds nothing.

The description is the user's own words: like every feedback's free text it is replaced by a
marker by the personal-data purge (registers.purge) once the retention period is over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qualipilote.common.tables import TableColumn, TableSpec, parse_text
from qualipilote.common.tabular import ImportRejected, RowError, Table, read_table
from qualipilote.common.text import strip_accents
from qualipilote.organisations.models import Organisation

from .enums import FeedbackKind, FeedbackSource, PublicFeeling
from .hooks import announce_records_changed
from .imports import (
    RowReader,
    _assign_feedback_references,
    insert_with_history,
    parse_day,
)
from .models import Feedback, search_text_of

SOURCE = FeedbackSource.PUBLIC_REVIEW


def fold(text: Any) -> str:
    """ "État de l'expérience" and "etat_de_lexperience" → "etatdelexperience"."""
    return "".join(ch for ch in strip_accents(str(text)).lower() if ch.isalnum())


_FEELINGS = {fold(label): value for value, label in PublicFeeling.choices} | {
    fold(value): value for value in PublicFeeling.values
}
_FEELINGS_ALLOWED = ", ".join(f"« {label.lower()} »" for label in PublicFeeling.labels)


def parse_feeling(value: Any) -> str | None:
    if value in ("", None):
        return None
    found = _FEELINGS.get(fold(value))
    if found is None:
        raise ValueError(f"« {str(value)[:80]} » n'est pas un ressenti ({_FEELINGS_ALLOWED}).")
    return found


def parse_experience_id(value: Any) -> str | None:
    if value in ("", None):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > 64 or not all(ch.isalnum() or ch in "-_" for ch in text):
        raise ValueError(
            f"« {text[:80]} » n'est pas un identifiant d'expérience (lettres, chiffres, 64 au plus)."
        )
    return text


def parse_status(value: Any) -> str | None:
    text = parse_text(value)
    if len(text) > 60:
        raise ValueError(f"{len(text)} caractères, 60 au plus.")
    return text or None


# Canonical header → (other names the exports use).
COLUMNS = (
    (
        TableColumn(
            "id_experience",
            "external_id",
            parse_experience_id,
            "Identifiant de l'expérience chez Services Publics+.",
            "123456",
        ),
        ("id", "id experience", "identifiant", "identifiant experience"),
    ),
    (
        TableColumn(
            "statut",
            "status",
            parse_status,
            "Statut de l'expérience (avec ou sans réponse) : lu, non conservé.",
            "Traitée",
        ),
        ("etat de l experience", "etat", "etat experience"),
    ),
    (
        TableColumn(
            "ecrit_le",
            "received_on",
            parse_day,
            "Date de l'expérience (JJ/MM/AAAA ou AAAA-MM-JJ).",
            "03/02/2026",
            required=True,
        ),
        ("date", "date d envoi", "date d envoi de l experience", "date de l experience"),
    ),
    (
        TableColumn(
            "description",
            "description",
            parse_text,
            "Le message de l'usager.",
            "Rendez-vous obtenu rapidement.",
            required=True,
        ),
        ("message", "experience"),
    ),
    (
        TableColumn(
            "ressenti_usager",
            "feeling",
            parse_feeling,
            f"Ressenti : {_FEELINGS_ALLOWED}.",
            "positif",
            required=True,
        ),
        ("ressenti",),
    ),
    (
        TableColumn(
            "reponse_structure_1",
            "answer",
            parse_text,
            "Réponse de la structure, vide sans réponse.",
            "Merci pour votre retour.",
        ),
        ("reponse de la structure", "reponse structure", "reponse"),
    ),
    (
        TableColumn(
            "date_de_premiere_reponse",
            "answered_on",
            parse_day,
            "Date de la première réponse de la structure.",
            "05/02/2026",
        ),
        ("date de reponse", "date reponse", "repondu le"),
    ),
)
# Columns of the DITP's export that the register does not keep.
IGNORED = (
    "date_de_publication",
    "motif_de_rejet",
    "pays",
    "code_postal_usager",
    "intitule_structure",
    "intitule_de_la_structure",
    "code_sp+_de_la_structure",
    "intitule_typologie_1",
    "intitule_typologie_2",
    "intitule_typologie_3",
    "tags_generaux_accessibilite",
    "tags_generaux_informationexplication",
    "tags_generaux_relation",
    "tags_generaux_reactivite",
    "tags_generaux_simplicitecomplexite",
    "reponse_structure_2",
    "reponse_structure_3",
)

SPPLUS_TABLE = TableSpec(
    "Expériences Services Publics+", tuple(column for column, _ in COLUMNS), model=Feedback
)
_CANONICAL = {
    fold(name): column.header for column, aliases in COLUMNS for name in (column.header, *aliases)
}
_IGNORED = {fold(name) for name in IGNORED}


def _conform(table: Table) -> Table:
    errors, header = [], []
    for name in table.header:
        key = fold(name)
        canonical = _CANONICAL.get(key)
        if canonical is None and key not in _IGNORED and name:
            errors.append(
                RowError(
                    1,
                    name,
                    "colonne inconnue : ce n'est pas une colonne de l'export des expériences "
                    "Services Publics+.",
                )
            )
        elif canonical is not None and canonical in header:
            errors.append(RowError(1, name, "colonne en double."))
        header.append(canonical or name)
    if errors:
        raise ImportRejected(errors)
    renamed = dict(zip(table.header, header, strict=True))
    rows = [(line, {renamed[k]: v for k, v in cells.items()}) for line, cells in table.rows]
    table = Table(header, rows)
    table.require_columns(SPPLUS_TABLE.required_headers)
    return table


def content_key(received_on: dt.date, description: str) -> str:
    """The stable identifier of an experience exported without one."""
    folded = " ".join(description.lower().split())
    digest = hashlib.sha256(f"{received_on.isoformat()}\n{folded}".encode()).hexdigest()
    return f"h-{digest[:40]}"


class ExperienceReader(RowReader):
    """The registers' RowReader (dates checked, deadline computed) with the SP+ columns."""

    def read(self, line: int, cells: dict[str, Any]):
        values = self.cells.parse(line, cells)
        if values is None:
            return None
        values.pop("status", None)
        values["source"] = SOURCE
        values["kind"] = (
            FeedbackKind.COMPLAINT
            if values["feeling"] == PublicFeeling.NEGATIVE
            else FeedbackKind.SUGGESTION
        )
        values["external_id"] = values.get("external_id") or content_key(
            values["received_on"], values["description"]
        )
        return self._build(line, values)


@dataclass(frozen=True)
class SpplusImportFormat:
    """What RowReader reads of an import format."""

    table: TableSpec
    model: type = Feedback

    def column_for(self, field_name: str) -> str:
        return self.table.header_of(field_name)


@dataclass(frozen=True)
class ExperienceImportResult:
    new: int
    known: int

    @property
    def message(self) -> str:
        new = (
            f"{self.new} nouvelle expérience"
            if self.new <= 1
            else f"{self.new} nouvelles expériences"
        )
        known = f"{self.known} déjà connue" if self.known <= 1 else f"{self.known} déjà connues"
        return f"Import terminé : {new} ajoutée{'s' if self.new > 1 else ''} au registre, {known}."


def read_experiences(organisation, raw: bytes, filename: str, *, today, user=None) -> list:
    table = _conform(read_table(raw, filename))
    reader = ExperienceReader(SpplusImportFormat(SPPLUS_TABLE), organisation, today, user)
    records = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        record = reader.read(line, cells)
        if record is None:
            continue
        first = seen.setdefault(record.external_id, line)
        if first != line:
            reader.errors.append(
                RowError(line, "id_experience", f"même expérience que la ligne {first}.")
            )
            continue
        records.append(record)
    if reader.errors:
        raise ImportRejected(reader.errors)
    return records


def import_experiences(
    organisation: Organisation, raw: bytes, filename: str, *, user=None, today=None
) -> ExperienceImportResult:
    """Adds the file's new experiences to the feedback register, all or nothing."""
    today = today or timezone.localdate()
    records = read_experiences(organisation, raw, filename, today=today, user=user)
    with transaction.atomic():
        # One SP+ import of an organisation at a time (see surveys.jdma.import_jdma).
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        ids = [record.external_id for record in records]
        known = set()
        for start in range(0, len(ids), 900):
            known |= set(
                Feedback.objects.filter(
                    organisation=organisation,
                    source=SOURCE,
                    external_id__in=ids[start : start + 900],
                ).values_list("external_id", flat=True)
            )
        fresh = [record for record in records if record.external_id not in known]
        if fresh:
            _assign_feedback_references(organisation, fresh)
            for record in fresh:
                record.search_text = search_text_of(record)
            insert_with_history(
                Feedback,
                fresh,
                organisation=organisation,
                user=user,
                reason=f"Import Services Publics+ « {filename[:80]} »",
            )
            announce_records_changed(organisation, {record.received_on for record in fresh})
    return ExperienceImportResult(new=len(fresh), known=len(known))
