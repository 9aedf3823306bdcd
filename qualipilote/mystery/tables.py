"""The files of a mystery-shopper campaign: the contractor's results (imported all or nothing,
with the table-import specification built from the campaign's grid: one column per typed
criterion, named by its code) and the export of the tests and results (XLSX)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qualipilote.common.tables import TableColumn, TableSpec, lookup, parse_text
from qualipilote.common.tabular import (
    Column,
    ImportRejected,
    RowError,
    parse_date,
    xlsx_response,
)

from . import services
from .enums import Score
from .models import Campaign, TestContact

FIXED_FIELDS = ("contacted_on", "contacted_time", "unit", "answered_on", "subject", "comment")

SCORE_WORDS = {
    "oui": Score.YES,
    "o": Score.YES,
    "yes": Score.YES,
    "non": Score.NO,
    "n": Score.NO,
    "no": Score.NO,
    "sans objet": Score.NOT_APPLICABLE,
    "so": Score.NOT_APPLICABLE,
    "na": Score.NOT_APPLICABLE,
    "n/a": Score.NOT_APPLICABLE,
}


def parse_score(value: Any) -> str | None:
    text = parse_text(value).lower()
    if not text:
        return None
    if text not in SCORE_WORDS:
        raise ValueError(f"« {value} » n'est pas une note possible (oui, non ou sans objet).")
    return SCORE_WORDS[text]


def parse_time(value: Any) -> dt.time | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    text = str(value).strip().lower().replace("h", ":")
    if text.endswith(":"):
        text += "00"
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValueError(f"« {value} » n'est pas une heure (attendu HH:MM, par exemple 09:30).")


def import_spec(campaign: Campaign) -> TableSpec:
    """The columns of the campaign's file: the test's dates, then its typed criteria."""
    columns = [
        TableColumn(
            "date_envoi",
            "contacted_on",
            parse_date,
            "Date d'envoi du courriel ou de l'appel, dans la période de l'enquête.",
            campaign.starts_on.strftime("%d/%m/%Y"),
            required=True,
        ),
        TableColumn(
            "heure_envoi",
            "contacted_time",
            parse_time,
            "Heure d'envoi ou d'appel (HH:MM).",
            "09:30",
            required=True,
        ),
        TableColumn("unite", "unit", description="Code de l'unité testée.", example=""),
        TableColumn(
            "date_reponse",
            "answered_on",
            parse_date,
            "Date de la réponse reçue ; vide si aucune réponse.",
            campaign.starts_on.strftime("%d/%m/%Y"),
        ),
        TableColumn("objet", "subject", description="Objet de la demande.", example="Horaires"),
        TableColumn("observations", "comment", description="Observations de l'enquêteur."),
    ]
    for criterion in campaign.criteria.all():
        if criterion.is_computed:
            continue
        description = f"{criterion.label} : oui, non ou sans objet."
        if criterion.requires_answer:
            description += " Sans objet si aucune réponse."
        columns.append(TableColumn(criterion.code, criterion.code, parse_score, description, "oui"))
    return TableSpec(f"Tests {campaign.title}"[:60], tuple(columns), model=TestContact)


def import_tests(campaign: Campaign, raw: bytes, filename: str, *, user, today=None):
    """Reads the contractor's file; every error of the file (unknown criterion, date outside the
    campaign, score not among the choices…) with its line and column, or every test stored."""
    today = today or timezone.localdate()
    spec = import_spec(campaign)
    table = spec.read(raw, filename)
    criteria = list(campaign.criteria.all())
    known = set(spec.headers) | {criterion.code for criterion in criteria}
    unknown = [header for header in table.header if header and header not in known]
    if unknown:
        codes = ", ".join(c.code for c in criteria if not c.is_computed)
        raise ImportRejected(
            [
                RowError(1, header, f"critère inconnu de la grille de l'enquête (codes : {codes}).")
                for header in unknown
            ]
        )
    units = {unit.code: unit for unit in campaign.organisation.units.all()}
    parser = spec.row_parser({"unit": lookup(units, "aucune unité ne porte le code « {code} ».")})
    header_of = {"contacted_at": "date_envoi", "answered_on": "date_reponse", "unit": "unite"}
    rows = []
    for line, cells in table.rows:
        values = parser.parse(line, cells)
        if values is None:
            continue
        contacted_at = timezone.make_aware(
            dt.datetime.combine(values["contacted_on"], values["contacted_time"])
        )
        fixed = {
            "contacted_at": contacted_at,
            "unit": values.get("unit") or None,
            "answered_on": values.get("answered_on"),
            "subject": values.get("subject", ""),
            "comment": values.get("comment", ""),
        }
        scores = {key: value for key, value in values.items() if key not in FIXED_FIELDS and value}
        errors = services.test_errors(campaign, fixed, scores, criteria, today=today)
        for field, messages in errors.items():
            for message in messages:
                parser.errors.append(RowError(line, header_of.get(field, field), message))
        if not errors:
            rows.append((fixed, scores))
    if parser.errors:
        raise ImportRejected(parser.errors)
    if not rows:
        raise ImportRejected([RowError(2, "", "le fichier ne contient aucun test.")])
    return services.store_tests(campaign, rows, user=user)


# --- Export -------------------------------------------------------------------------------------


def _score_label(test, criterion) -> str:
    value = test.score_by_criterion.get(criterion.pk)
    return Score(value).label if value else ""


def export_response(campaign: Campaign):
    criteria = list(campaign.criteria.all())
    tests = list(
        campaign.tests.select_related("unit").prefetch_related("scores").order_by("number")
    )
    for test in tests:
        test.score_by_criterion = {score.criterion_id: score.value for score in test.scores.all()}
    test_columns = [
        Column("n°", lambda t: t.number),
        Column("envoyé ou appelé le", lambda t: t.contacted_at),
        Column("créneau", lambda t: t.get_time_slot_display()),
        Column("unité", lambda t: t.unit.name if t.unit else ""),
        Column("objet", lambda t: t.subject),
        Column("réponse reçue le", lambda t: t.answered_on),
        Column("délai (jours ouvrés)", lambda t: t.delay_working_days),
        *(
            Column(criterion.label, lambda t, criterion=criterion: _score_label(t, criterion))
            for criterion in criteria
        ),
        Column("observations", lambda t: t.comment),
    ]
    figures = services.results(campaign)
    result_columns = [
        Column("critère", lambda r: r.criterion.label),
        Column("oui", lambda r: r.yes),
        Column("tests notés", lambda r: r.applicable),
        Column("taux de oui (%)", lambda r: r.rate),
        Column("point faible", lambda r: r.weak),
    ]
    summary = [
        ("Tests", figures.tests),
        ("Réponses reçues", figures.answered),
        ("Délai moyen de réponse (jours ouvrés)", figures.average_delay),
        ("Seuil de faiblesse (%)", campaign.weak_threshold),
    ]
    summary_columns = [Column("indicateur", lambda r: r[0]), Column("valeur", lambda r: r[1])]
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    return xlsx_response(
        f"enquete-mystere-{campaign.pk}-{stamp}",
        [
            ("Tests", test_columns, tests),
            ("Résultats", result_columns, figures.criteria),
            ("Synthèse", summary_columns, summary),
        ],
    )
