"""Imports of the registers from CSV or XLSX files (common.tabular reads them).

Each register has a documented column format (`ImportFormat`: its columns are a
common.tables.TableSpec, which reads the file, documents the columns on the import page and
writes the downloadable templates). Every row is validated and every error collected with its
line and column, in French; a file with any bad row saves nothing. A good file is saved in one
transaction with bulk inserts (and their history rows), after `DeadlineComputer.apply` has
filled the computed columns of each record without a query, so 100,000 rows take seconds.

Author personal data (FeedbackAuthor) is never imported: it is collected with consent only.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from qualipilote.common.tables import TableColumn, TableSpec, lookup, parse_text
from qualipilote.common.tabular import ImportRejected, RowError, parse_bool, parse_date
from qualipilote.common.text import strip_accents
from qualipilote.organisations.enums import Channel

from .deadlines import DeadlineComputer, NoDeadlineRule, record_date_errors
from .enums import (
    AcknowledgementMode,
    CorrespondenceChannel,
    FeedbackKind,
    FeedbackSource,
    UpdateTarget,
)
from .hooks import announce_records_changed
from .models import (
    Correspondence,
    Feedback,
    UpdateRequest,
    allocate_feedback_references,
    search_text_of,
)

BATCH_SIZE = 2000


def normalise(text: str) -> str:
    """ "Réclamation " → "reclamation": compares values without case, accents or spacing."""
    text = strip_accents(str(text).strip().lower())
    return "_".join(text.replace("-", " ").replace("'", " ").split())


def choice_parser(choices: type[models.TextChoices], aliases: dict[str, str] | None = None):
    """Accepts a choice's code or its French label (any case, with or without accents)."""
    accepted = {normalise(value): value for value in choices.values}
    accepted |= {normalise(label): value for value, label in choices.choices}
    accepted |= {normalise(alias): value for alias, value in (aliases or {}).items()}
    allowed = ", ".join(f"« {label.lower()} »" for label in choices.labels)

    def parse(value: Any) -> str | None:
        if value in ("", None):
            return None
        found = accepted.get(normalise(value))
        if found is None:
            raise ValueError(f"« {value} » n'est pas une valeur possible ({allowed}).")
        return found

    parse.allowed = allowed
    return parse


def parse_day(value: Any) -> dt.date | None:
    """common.tabular.parse_date with a fast path for the two usual spellings: strptime costs
    more than the rest of a row's validation, and files have 100,000 rows."""
    if isinstance(value, str) and len(value) == 10:
        try:
            if value[2] == "/" and value[5] == "/":
                return dt.date(int(value[6:]), int(value[3:5]), int(value[:2]))
            if value[4] == "-" and value[7] == "-":
                return dt.date.fromisoformat(value)
        except ValueError:
            pass  # parse_date below gives the French message
    return parse_date(value)


def parse_time(value: Any) -> dt.time | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    text = str(value).strip().lower().replace("h", ":")
    for fmt in ("%H:%M", "%H:%M:%S", "%H:"):
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValueError(f"« {value} » n'est pas une heure (attendu HH:MM).")


@dataclass(frozen=True)
class ImportFormat:
    register: str
    label: str
    model: type[models.Model]
    columns: tuple[TableColumn, ...]
    # Model fields whose dates are checked together (received, answered, acknowledged).
    date_fields: dict[str, str] = field(default_factory=dict)

    @cached_property
    def table(self) -> TableSpec:
        """The columns, bound to the model: text lengths and empty text cells come from it."""
        return TableSpec(self.label, self.columns, model=self.model)

    @property
    def required_headers(self) -> list[str]:
        return self.table.required_headers

    def column_for(self, field_name: str) -> str:
        return self.table.header_of(field_name)


def _date(header, field_name, description, example, required=False):
    return TableColumn(header, field_name, parse_day, description, example, required)


def _bool(header, field_name, description, example, default):
    return TableColumn(header, field_name, parse_bool, description, example, default=default)


UNIT_COLUMN = TableColumn(
    "unite",
    "unit",
    parse_text,
    "Code de l'unité concernée (voir la page Organisation), ou vide.",
    "bae",
)
SCOPE_COLUMN = _bool(
    "perimetre",
    "in_scope",
    "Dans le périmètre de labellisation : oui ou non (oui si vide).",
    "oui",
    True,
)
# No "semaine_echantillon" column any more (issue 7): whether a record is in the sampled week is
# computed from its date and the register's sampling plan. Files made from the former template
# or from an export still carry it: like any unknown column it is ignored, and the import page
# says so, rather than refusing files people already have.
RECEIVED_COLUMN = _date(
    "recu_le", "received_on", "Date de réception (JJ/MM/AAAA ou AAAA-MM-JJ).", "03/02/2025", True
)
ANSWERED_COLUMN = _date(
    "repondu_le", "answered_on", "Date de la réponse, vide si pas encore répondu.", "06/02/2025"
)

CORRESPONDENCE_CHANNEL = choice_parser(CorrespondenceChannel, {"mail": "email", "e-mail": "email"})
ACKNOWLEDGEMENT_MODE = choice_parser(AcknowledgementMode, {"auto": "automatic"})
FEEDBACK_KIND = choice_parser(FeedbackKind)
FEEDBACK_SOURCE = choice_parser(
    FeedbackSource,
    {"formulaire": "web_form", "services_publics+": "public_review", "accueil": "in_person"},
)
FEEDBACK_CHANNEL = choice_parser(Channel, {"accueil": "in_person", "site": "website"})
UPDATE_TARGET = choice_parser(UpdateTarget, {"site": "website", "svi": "ivr"})

CORRESPONDENCE_FORMAT = ImportFormat(
    register="correspondence",
    label="Courriers et courriels",
    model=Correspondence,
    columns=(
        RECEIVED_COLUMN,
        TableColumn(
            "canal",
            "channel",
            CORRESPONDENCE_CHANNEL,
            f"Canal : {CORRESPONDENCE_CHANNEL.allowed}.",
            "courriel",
            required=True,
        ),
        TableColumn(
            "heure_reception",
            "received_at",
            parse_time,
            "Heure de réception (HH:MM), facultative.",
            "09:30",
        ),
        UNIT_COLUMN,
        TableColumn(
            "objet",
            "topic",
            parse_text,
            "Objet de la demande (300 caractères au plus).",
            "Titre de séjour",
        ),
        SCOPE_COLUMN,
        _date(
            "accuse_reception_le",
            "acknowledged_on",
            "Date de l'accusé de réception, facultative.",
            "03/02/2025",
        ),
        TableColumn(
            "mode_accuse",
            "acknowledgement_mode",
            ACKNOWLEDGEMENT_MODE,
            f"Mode de l'accusé de réception : {ACKNOWLEDGEMENT_MODE.allowed} (manuel si vide).",
            "automatique",
        ),
        ANSWERED_COLUMN,
        _bool(
            "signature_conforme",
            "signature_compliant",
            "Courriels : signature conforme (prénom et nom, fonction, adresse) : oui, non ou vide.",
            "oui",
            None,
        ),
        _bool(
            "reponse_conforme",
            "answer_compliant",
            "Courriers : réponse conforme (agent traitant, date et lieu, objet, signataire) : oui, non ou vide.",
            "",
            None,
        ),
    ),
)

FEEDBACK_FORMAT = ImportFormat(
    register="feedback",
    label="Réclamations et suggestions",
    model=Feedback,
    columns=(
        RECEIVED_COLUMN,
        TableColumn(
            "nature",
            "kind",
            FEEDBACK_KIND,
            f"Nature : {FEEDBACK_KIND.allowed}.",
            "réclamation",
            True,
        ),
        TableColumn(
            "origine",
            "source",
            FEEDBACK_SOURCE,
            f"Origine : {FEEDBACK_SOURCE.allowed}.",
            "urne",
            True,
        ),
        TableColumn(
            "canal",
            "channel",
            FEEDBACK_CHANNEL,
            f"Canal concerné, facultatif : {FEEDBACK_CHANNEL.allowed}.",
            "accueil physique",
        ),
        UNIT_COLUMN,
        TableColumn(
            "theme", "theme", parse_text, "Thème (200 caractères au plus).", "Temps d'attente"
        ),
        TableColumn(
            "description",
            "description",
            parse_text,
            "Ce que dit l'usager (sans ses coordonnées).",
            "Attente de 2 heures au guichet.",
        ),
        SCOPE_COLUMN,
        ANSWERED_COLUMN,
        TableColumn(
            "reponse",
            "answer",
            parse_text,
            "Réponse apportée.",
            "Ouverture d'un guichet supplémentaire.",
        ),
    ),
)

UPDATE_REQUEST_FORMAT = ImportFormat(
    register="update_request",
    label="Demandes de mise à jour du site et du SVI",
    model=UpdateRequest,
    columns=(
        _date(
            "demandee_le",
            "received_on",
            "Date de la demande (JJ/MM/AAAA ou AAAA-MM-JJ).",
            "03/02/2025",
            True,
        ),
        TableColumn(
            "support",
            "target",
            UPDATE_TARGET,
            f"Support : {UPDATE_TARGET.allowed} (ou « site », « svi »).",
            "site",
            True,
        ),
        TableColumn(
            "description",
            "description",
            parse_text,
            "Mise à jour demandée.",
            "Horaires d'ouverture d'été",
            True,
        ),
        UNIT_COLUMN,
        SCOPE_COLUMN,
        _date(
            "publiee_le",
            "answered_on",
            "Date de publication, vide si pas encore publiée.",
            "05/02/2025",
        ),
    ),
)

IMPORT_FORMATS = {
    f.register: f for f in (CORRESPONDENCE_FORMAT, FEEDBACK_FORMAT, UPDATE_REQUEST_FORMAT)
}


class RowReader:
    """Turns the rows of a table into unsaved records of one organisation, collecting errors:
    the cells are read by the format's TableSpec, the rules across cells are checked here."""

    def __init__(self, import_format: ImportFormat, organisation, today: dt.date, user=None):
        self.format = import_format
        self.organisation = organisation
        self.today = today
        self.user = user
        units = {unit.code: unit for unit in organisation.units.all()}
        not_found = "aucune unité ne porte le code « {code} » dans cette organisation."
        self.cells = import_format.table.row_parser(lookups={"unit": lookup(units, not_found)})
        self.errors: list[RowError] = self.cells.errors
        self.computer = DeadlineComputer.for_organisation(organisation)
        self.row_class = imported_row_class(import_format.model)
        self.defaults = {
            f.attname: f.get_default()
            for f in import_format.model._meta.concrete_fields
            if not f.primary_key
        }

    def read(self, line: int, cells: dict[str, Any]):
        values = self.cells.parse(line, cells)
        if values is None:
            return None
        return self._build(line, values)

    def _build(self, line, values):
        date_errors = record_date_errors(
            received_on=values["received_on"],
            answered_on=values.get("answered_on"),
            acknowledged_on=values.get("acknowledged_on"),
            today=self.today,
        )
        for field_name, messages in date_errors.items():
            header = self.format.column_for(field_name)
            self.errors.extend(RowError(line, header, message) for message in messages)
        if date_errors:
            return None
        if values.get("acknowledged_on") and not values.get("acknowledgement_mode"):
            values["acknowledgement_mode"] = AcknowledgementMode.MANUAL
        unit = values.pop("unit", None)
        record = self.row_class(
            **{
                **self.defaults,
                **values,
                "organisation_id": self.organisation.pk,
                "unit_id": unit.pk if unit else None,
                "created_by_id": self.user.pk if self.user else None,
            }
        )
        try:
            self.computer.apply(record)
        except NoDeadlineRule as error:
            self.errors.append(RowError(line, self.format.column_for("received_on"), str(error)))
            return None
        return record


PROGRESS_EVERY = 1000


def read_records(
    import_format: ImportFormat,
    organisation,
    raw: bytes,
    filename: str,
    *,
    today,
    user=None,
    progress=None,
):
    """Every record of the file, validated; raises ImportRejected listing every error.
    `progress(rows_read, rows_total)` is called every PROGRESS_EVERY rows if given."""
    table = import_format.table.read(raw, filename)
    reader = RowReader(import_format, organisation, today, user)
    total = len(table.rows)
    records = []
    for index, (line, cells) in enumerate(table.rows, start=1):
        records.append(reader.read(line, cells))
        if progress is not None and (index % PROGRESS_EVERY == 0 or index == total):
            progress(index, total)
    if reader.errors:
        raise ImportRejected(reader.errors)
    return records


def import_register(
    organisation,
    register: str,
    raw: bytes,
    filename: str,
    *,
    user=None,
    today: dt.date | None = None,
    progress=None,
    before_writing=None,
) -> int:
    """Imports a whole file into one register, or nothing. Returns the number of records.

    `progress(rows_read, rows_total)` follows the reading; `before_writing()` is called inside the
    writing transaction, first (an import job marks itself done there, in the same commit)."""
    import_format = IMPORT_FORMATS[register]
    today = today or timezone.localdate()
    records = read_records(
        import_format, organisation, raw, filename, today=today, user=user, progress=progress
    )
    with transaction.atomic():
        if before_writing is not None and before_writing(len(records)) is False:
            return 0
        if import_format.model is Feedback:
            _assign_feedback_references(organisation, records)
        for record in records:
            record.search_text = search_text_of(record)
        insert_with_history(
            import_format.model,
            records,
            organisation=organisation,
            user=user,
            reason=f"Import du fichier « {filename[:80]} »",
        )
        announce_records_changed(organisation, {record.received_on for record in records})
    return len(records)


def _assign_feedback_references(organisation, records) -> None:
    """Takes each year's numbers at once from the counter the forms and the API use, inside the
    import's transaction (years in order, so two imports never lock counters crosswise)."""
    by_year = defaultdict(list)
    for record in records:
        by_year[record.received_on.year].append(record)
    for year, of_year in sorted(by_year.items()):
        references = allocate_feedback_references(organisation, year, len(of_year))
        for record, reference in zip(of_year, references, strict=True):
            record.reference = reference


# --- Saving ------------------------------------------------------------------------------------
#
# Django's bulk_create spends about 100 µs per row of Python preparing each value (and as much
# again for simple_history's bulk history), i.e. 30 to 50 s for 100,000 rows. Rows are validated
# above field by field with the models' own rules, so they are written here with the same
# INSERT bulk_create would issue (executemany on SQLite, COPY on PostgreSQL), with their history rows (one
# "+" row each, the importing user and the file name as reason), in the caller's transaction.


class ImportedRow:
    """A validated row: the model's column values as attributes, without a model instance."""

    def __init__(self, **values):
        self.__dict__.update(values)


def imported_row_class(model) -> type:
    """ImportedRow with the model's `register_kind`, which DeadlineComputer.apply() reads."""
    return type(
        f"Imported{model.__name__}",
        (ImportedRow,),
        {"register_kind": model.register_kind, "SEARCH_FIELDS": model.SEARCH_FIELDS},
    )


def _adapter(field, connection):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    return None


def _insert_rows(model, values: dict[str, Any], rows, constants: dict[str, Any]) -> None:
    """INSERTs `rows` into the model's table: `values` maps columns to a row -> value function,
    `constants` gives the columns that are the same for every row (adapted once)."""
    connection = connections[router.db_for_write(model)]
    fields = [
        f for f in model._meta.concrete_fields if f.attname in values or f.attname in constants
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    getters = []
    for f in fields:
        adapt = _adapter(f, connection)
        if f.attname in constants:
            value = constants[f.attname]
            value = adapt(value) if adapt and value is not None else value
            getters.append((lambda row, value=value: value, None))
        else:
            getters.append((values[f.attname], adapt))

    def params(row):
        cells = []
        for get, adapt in getters:
            value = get(row)
            cells.append(adapt(value) if adapt is not None and value is not None else value)
        return cells

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # in-process: executemany loops in C
            for start in range(0, len(rows), BATCH_SIZE):
                cursor.executemany(sql, [params(row) for row in rows[start : start + BATCH_SIZE]])
            return
        if connection.vendor == "postgresql":  # COPY: the bulk path PostgreSQL is built for
            columns = sql[sql.index("(") : sql.index(" VALUES ")]
            with cursor.copy(f"COPY {quote(model._meta.db_table)} {columns} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(params(row))
            return
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, [params(row) for row in rows[start : start + BATCH_SIZE]])


def insert_with_history(model, rows, *, organisation, user, reason) -> None:
    stamp = timezone.now()
    constant_names = {"created_at", "updated_at"}
    attnames = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in constant_names
    ]
    stamps = dict.fromkeys(constant_names, stamp)
    _insert_rows(model, {name: operator.attrgetter(name) for name in attnames}, rows, stamps)
    # Rows inserted in one transaction get increasing keys: read them back in insertion order.
    pks = list(
        model.objects.filter(organisation=organisation, created_at=stamp)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(pks) != len(rows):
        raise RuntimeError("Import interrompu : des lignes insérées n'ont pas été retrouvées.")
    for row, pk in zip(rows, pks, strict=True):
        row.id = pk
    history_values = {name: operator.attrgetter(name) for name in [*attnames, "id"]}
    history_constants = {
        **stamps,
        "history_date": stamp,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": user.pk if user else None,
    }
    _insert_rows(model.history.model, history_values, rows, history_constants)


__all__ = ["IMPORT_FORMATS", "ImportRejected", "RowError", "import_register"]
