"""Import of the State's "Je donne mon avis" (JDMA) export, and the figures of its ratings.

The export (DISIC/jedonnemonavis.numerique.gouv.fr, webapp-backoffice
src/utils/export-worker/generate-csv.ts and generate-xls.ts) has one line a review: "Date de
l'avis" (UTC, "YYYY-MM-DD HH:MM:SS" in CSV, a date cell in XLSX), "Nom du formulaire", "Lien
d'intégration", "Identifiant Avis" (the end of the review's number in hexadecimal), then one
column per question, headed by the question's label. Answers are written as the service stores
them: the satisfaction question's smileys are "Pas bien", "Moyen", "Très bien" (the labels of
webapp-backoffice src/utils/form.ts, whose codes bad / medium / good the service also shows and
which are accepted too) and the service scores them 0, 5 and 10 (SmileyQuestionViz.tsx); several
answers to one question are joined by " / ".

The question columns accepted are those of the service's standard form (its "root" template);
any other header is refused by name, so a column is never silently dropped. The "Adresse mail"
column is accepted but never stored: it is personal data the quality review does not need.

The whole file is imported or nothing (common.tables: French errors with line and column). A
review already imported (same identifier in the organisation) is counted as known, not added,
so importing the same file twice adds nothing. CSV and XLSX are read (the service's "XLS"
export is an .xlsx workbook); the old binary .xls format is not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth

from qualipilote.common.tables import TableColumn, TableSpec, fold_header
from qualipilote.common.tabular import ImportRejected, RowError, Table, read_table
from qualipilote.organisations.models import Organisation

from .enums import JDMA_SCORES, JdmaAnswerKind, JdmaSmiley
from .models import JdmaAnswer, JdmaReview

DATE = "Date de l'avis"
FORM = "Nom du formulaire"
LINK = "Lien d'intégration"
IDENTIFIER = "Identifiant Avis"
EMAIL = "Adresse mail"


@dataclass(frozen=True)
class JdmaQuestion:
    code: str  # the service's field_code
    label: str  # the column's header in the export
    kind: str


# The questions of the service's standard form (prisma/seeds/forms/root.ts), in its order.
QUESTIONS = (
    JdmaQuestion(
        "satisfaction", "De façon générale, comment ça s'est passé ?", JdmaAnswerKind.SMILEY
    ),
    JdmaQuestion(
        "comprehension",
        "Qu'avez-vous pensé des informations et des instructions fournies ?",
        JdmaAnswerKind.MARK,
    ),
    JdmaQuestion(
        "contact_tried",
        "Durant votre parcours, avez-vous tenté d'obtenir de l'aide par l'un des moyens suivants ?",
        JdmaAnswerKind.TEXT,
    ),
    JdmaQuestion(
        "contact_reached",
        "Quand vous avez cherché de l'aide, avez-vous réussi à joindre l'administration ?",
        JdmaAnswerKind.TEXT,
    ),
    JdmaQuestion(
        "contact_satisfaction",
        "Comment évaluez-vous la qualité de l'aide que vous avez obtenue de la part de "
        "l'administration ?",
        JdmaAnswerKind.TEXT,
    ),
    JdmaQuestion("verbatim", "Souhaitez-vous nous en dire plus ?", JdmaAnswerKind.TEXT),
)
COMMENT_QUESTION = "Souhaitez-vous nous en dire plus ?"

_SMILEYS = {fold_header(label): value for value, label in JdmaSmiley.choices} | {
    value: value for value in JdmaSmiley.values
}
_SMILEYS_ALLOWED = ", ".join(f"« {label} »" for label in JdmaSmiley.labels)
_IDENTIFIER = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def parse_instant(value: Any) -> dt.datetime | None:
    """The review's instant, in UTC as the service writes it."""
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(0))
    else:
        text = str(value).strip().replace("T", " ").removesuffix("Z")
        moment = None
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
            try:
                moment = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if moment is None:
            raise ValueError(
                f"« {value} » n'est pas une date et une heure (attendu AAAA-MM-JJ HH:MM:SS)."
            )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def parse_identifier(value: Any) -> str | None:
    if value in ("", None):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not _IDENTIFIER.match(text):
        raise ValueError(
            f"« {text[:80]} » n'est pas un identifiant d'avis (lettres, chiffres, 64 au plus)."
        )
    return text


def parse_smiley(value: Any) -> str | None:
    if value in ("", None):
        return None
    found = _SMILEYS.get(fold_header(value))
    if found is None:
        raise ValueError(
            f"« {str(value)[:80]} » n'est pas une réponse possible ({_SMILEYS_ALLOWED})."
        )
    return found


def parse_mark(value: Any) -> int | None:
    if value in ("", None):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text not in {"1", "2", "3", "4", "5"}:
        raise ValueError(f"« {text[:80]} » n'est pas une note de 1 à 5.")
    return int(text)


def parse_answer_text(value: Any) -> str | None:
    if value in ("", None):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > 5000:
        raise ValueError(f"{len(text)} caractères, 5000 au plus.")
    return text


_PARSERS = {
    JdmaAnswerKind.SMILEY: parse_smiley,
    JdmaAnswerKind.MARK: parse_mark,
    JdmaAnswerKind.TEXT: parse_answer_text,
}

JDMA_TABLE = TableSpec(
    "Avis « Je donne mon avis »",
    (
        TableColumn(
            DATE,
            "submitted_at",
            parse_instant,
            "Date et heure de l'avis (UTC), comme l'export les écrit.",
            "2026-03-02 09:41:12",
            required=True,
        ),
        TableColumn(FORM, "form_name", None, "Nom du formulaire.", "Titre de séjour", True),
        TableColumn(
            LINK,
            "integration_link",
            None,
            "Nom du bouton d'intégration.",
            "Page démarche",
            header_required=True,
        ),
        TableColumn(
            IDENTIFIER,
            "identifier",
            parse_identifier,
            "Identifiant de l'avis chez le service.",
            "4f2a9c1",
            required=True,
        ),
        *(
            TableColumn(
                question.label,
                question.code,
                _PARSERS[question.kind],
                question.kind.label,
                "Très bien" if question.kind == JdmaAnswerKind.SMILEY else "",
            )
            for question in QUESTIONS
        ),
        TableColumn(EMAIL, "email", lambda value: None, "Ignorée : jamais enregistrée.", ""),
    ),
    model=JdmaReview,
)
_CANONICAL = {fold_header(column.header): column.header for column in JDMA_TABLE.columns}


def _conform(table: Table) -> Table:
    """The table with its headers written as the spec's; a header the export does not have is
    refused by name (header comparison ignores case, accents and punctuation)."""
    errors, header = [], []
    for name in table.header:
        canonical = _CANONICAL.get(fold_header(name))
        if canonical is None:
            if name:
                errors.append(
                    RowError(
                        1,
                        name,
                        "colonne inconnue : ce n'est pas une colonne de l'export « Je donne mon "
                        "avis » (questions du formulaire standard).",
                    )
                )
            canonical = name
        elif canonical in header:
            errors.append(RowError(1, name, "colonne en double."))
        header.append(canonical)
    if errors:
        raise ImportRejected(errors)
    renamed = dict(zip(table.header, header, strict=True))
    rows = [(line, {renamed[k]: v for k, v in cells.items()}) for line, cells in table.rows]
    table = Table(header, rows)
    table.require_columns(JDMA_TABLE.required_headers)
    return table


def _refuse_several_sheets(raw: bytes, filename: str) -> None:
    """The service writes one sheet a year in its XLSX export: only one can be read at once."""
    if not filename.lower().endswith(".xlsx"):
        return
    import io

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    except Exception:  # read_table gives the French message of an unreadable workbook
        return
    try:
        names = workbook.sheetnames
    finally:
        workbook.close()
    if len(names) > 1:
        raise ImportRejected(
            [
                RowError(
                    1,
                    "",
                    f"le classeur compte {len(names)} feuilles ({', '.join(names[:5])}) : "
                    "l'export en compte une par année ; exportez une année à la fois (filtre "
                    "de dates du service) ou enregistrez chaque feuille en CSV.",
                )
            ]
        )


@dataclass(frozen=True)
class JdmaRow:
    line: int
    values: dict[str, Any]


def read_jdma(raw: bytes, filename: str) -> list[JdmaRow]:
    """Every review of the file, validated; ImportRejected lists every error."""
    table = read_table(raw, filename)  # size, rows and control characters checked there
    _refuse_several_sheets(raw, filename)
    table = _conform(table)
    parser = JDMA_TABLE.row_parser()
    rows = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        values = parser.parse(line, cells)
        if values is None:
            continue
        first = seen.setdefault(values["identifier"], line)
        if first != line:
            parser.errors.append(
                RowError(line, IDENTIFIER, f"même identifiant que la ligne {first}.")
            )
            continue
        rows.append(JdmaRow(line, values))
    if parser.errors:
        raise ImportRejected(parser.errors)
    return rows


@dataclass(frozen=True)
class JdmaImportResult:
    new: int
    known: int

    @property
    def message(self) -> str:
        new = f"{self.new} nouvel avis" if self.new <= 1 else f"{self.new} nouveaux avis"
        known = f"{self.known} déjà connu" if self.known <= 1 else f"{self.known} déjà connus"
        return f"Import terminé : {new} enregistré{'s' if self.new > 1 else ''}, {known}."


def _answers_of(review: JdmaReview, values: dict[str, Any]) -> list[JdmaAnswer]:
    answers = []
    for question in QUESTIONS:
        value = values.get(question.code)
        if value in (None, ""):
            continue
        answer = JdmaAnswer(review=review, question=question.label, kind=question.kind)
        if question.kind == JdmaAnswerKind.SMILEY:
            answer.smiley, answer.score = value, JDMA_SCORES[value]
        elif question.kind == JdmaAnswerKind.MARK:
            answer.score = value
        else:
            answer.text = value
        answers.append(answer)
    return answers


def import_jdma(
    organisation: Organisation, raw: bytes, filename: str, *, user=None
) -> JdmaImportResult:
    """Imports the file's new reviews, all or nothing; reviews already known are skipped."""
    rows = read_jdma(raw, filename)
    with transaction.atomic():
        # One import of an organisation at a time: two imports of the same file at once would
        # otherwise both find a review new (the unique constraint would then fail the second).
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        identifiers = [row.values["identifier"] for row in rows]
        known = set()
        for start in range(0, len(identifiers), 900):
            known |= set(
                JdmaReview.objects.filter(
                    organisation=organisation, identifier__in=identifiers[start : start + 900]
                ).values_list("identifier", flat=True)
            )
        fresh = [row for row in rows if row.values["identifier"] not in known]
        reviews = JdmaReview.objects.bulk_create(
            [
                JdmaReview(
                    organisation=organisation,
                    identifier=row.values["identifier"],
                    submitted_at=row.values["submitted_at"],
                    form_name=row.values["form_name"],
                    integration_link=row.values["integration_link"],
                    imported_by=user,
                )
                for row in fresh
            ],
            batch_size=1000,
        )
        if reviews and reviews[0].pk is None:  # a backend that does not return keys
            by_identifier = dict(
                JdmaReview.objects.filter(
                    organisation=organisation,
                    identifier__in=[row.values["identifier"] for row in fresh],
                ).values_list("identifier", "pk")
            )
            for review in reviews:
                review.pk = by_identifier[review.identifier]
        JdmaAnswer.objects.bulk_create(
            [
                answer
                for review, row in zip(reviews, fresh, strict=True)
                for answer in _answers_of(review, row.values)
            ],
            batch_size=1000,
        )
    return JdmaImportResult(new=len(fresh), known=len(known))


# --- Figures -----------------------------------------------------------------------------------


def _rate(good: int, rated: int) -> Decimal | None:
    if not rated:
        return None
    return (Decimal(100) * good / rated).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _average(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


SMILEY_COUNTS = {
    "bad": Count("id", filter=Q(smiley=JdmaSmiley.BAD)),
    "medium": Count("id", filter=Q(smiley=JdmaSmiley.MEDIUM)),
    "good": Count("id", filter=Q(smiley=JdmaSmiley.GOOD)),
    "rated": Count("id"),
    "average": Avg("score"),
}


@dataclass(frozen=True)
class SmileyFigures:
    """Counts per smiley, satisfaction share (good / all rated) and average score on 10."""

    label: str
    bad: int
    medium: int
    good: int
    rated: int
    average: Decimal | None

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return _rate(self.good, self.rated)


def _figures(label: str, row: dict) -> SmileyFigures:
    return SmileyFigures(
        label, row["bad"], row["medium"], row["good"], row["rated"], _average(row["average"])
    )


def smiley_answers(organisation, **filters):
    return JdmaAnswer.objects.filter(
        review__organisation=organisation, kind=JdmaAnswerKind.SMILEY, **filters
    )


def forms_summary(organisation) -> list[dict]:
    """One row per JDMA form: reviews, and the figures of its smiley answers."""
    reviews = dict(
        JdmaReview.objects.filter(organisation=organisation)
        .values("form_name")
        .annotate(n=Count("id"))
        .values_list("form_name", "n")
    )
    ratings = {
        row["review__form_name"]: row
        for row in smiley_answers(organisation)
        .values("review__form_name")
        .annotate(**SMILEY_COUNTS)
        .order_by()
    }
    empty = dict.fromkeys(("bad", "medium", "good", "rated"), 0) | {"average": None}
    return [
        {
            "form_name": name,
            "reviews": count,
            "figures": _figures(name, ratings.get(name, empty)),
        }
        for name, count in sorted(reviews.items())
    ]


@dataclass(frozen=True)
class QuestionResults:
    question: str
    total: SmileyFigures
    months: list[SmileyFigures]


def form_results(organisation, form_name: str) -> list[QuestionResults]:
    """Per smiley question of the form: the totals and one line per month."""
    answers = smiley_answers(organisation, review__form_name=form_name)
    totals = {
        row["question"]: row
        for row in answers.values("question").annotate(**SMILEY_COUNTS).order_by()
    }
    by_month: dict[str, list[SmileyFigures]] = {}
    monthly = (
        answers.annotate(month=TruncMonth("review__submitted_at"))
        .values("question", "month")
        .annotate(**SMILEY_COUNTS)
        .order_by("question", "month")
    )
    for row in monthly:
        month = row["month"]
        by_month.setdefault(row["question"], []).append(
            _figures(f"{MONTHS[month.month - 1]} {month.year}", row)
        )
    return [
        QuestionResults(question, _figures("Total", totals[question]), by_month.get(question, []))
        for question in sorted(totals)
    ]


def form_comments(organisation, form_name: str, limit: int = 100):
    return (
        JdmaAnswer.objects.filter(
            review__organisation=organisation,
            review__form_name=form_name,
            kind=JdmaAnswerKind.TEXT,
            question=COMMENT_QUESTION,
        )
        .select_related("review")
        .order_by("-review__submitted_at")[:limit]
    )


def year_figures(organisation, year: int) -> SmileyFigures:
    row = smiley_answers(organisation, review__submitted_at__year=year).aggregate(**SMILEY_COUNTS)
    return _figures(str(year), row)


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
