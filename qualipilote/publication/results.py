"""Reading a publication's frozen content: the figures as the public page, the poster and the
open-data export show them, and the Services Publics+ indicators derived from them.

Everything here reads `content` (the JSON frozen at publication), never the live data.

Services Publics+ indicators (commitment 6), each only when the published figures allow it:
- taux de décroché: the phone answer rate indicator (answered calls / calls received);
- share of requests handled within the announced deadline: the on-time rates computed from the
  e-mail, letter and feedback registers, as a ratio of sums (on time / counted);
- overall satisfaction: the survey question that feeds the overall satisfaction indicator;
- net satisfaction: satisfied share minus dissatisfied share of that question, over the answers
  that gave an opinion ("sans avis" and blanks left out), in points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from qualipilote.indicators.enums import Status
from qualipilote.indicators.models import format_value
from qualipilote.indicators.periods import month_label

PHONE_INDICATOR = "phone_answer_rate"
REQUEST_REGISTERS = ("email", "letter", "feedback")
FREQUENCY_MONTHLY = "Mensuelle"
FREQUENCY_WAVE = "Par vague d'enquête"
STATUS_WORDS = {
    Status.MET: "Objectif atteint",
    Status.NOT_MET: "Objectif non atteint",
    Status.NO_TARGET: "Sans objectif",
    Status.NO_DATA: "Pas de données",
}
NET_SATISFACTION_DEFINITION = (
    "Satisfaction nette : part des personnes satisfaites ou très satisfaites moins part des "
    "personnes peu ou pas du tout satisfaites, parmi les réponses exprimant un avis (les « sans "
    "avis » ne comptent pas), en points."
)


def _decimal(text) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)


def _percent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))


def french_number(value: Decimal | int, places: int = 0) -> str:
    text = f"{value:,.{places}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def rounded_percent(value: Decimal) -> str:
    return f"{french_number(value.quantize(Decimal('1'), rounding='ROUND_HALF_UP'))} %"


@dataclass
class IndicatorLine:
    code: str
    label: str
    unit: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    denominator_label: str
    target: str
    status: str
    register: str = ""
    on_time_rate: bool = False  # computed from a register: answered on time / counted

    @property
    def value_display(self) -> str:
        return format_value(self.value, self.unit)

    @property
    def status_words(self) -> str:
        return STATUS_WORDS.get(self.status, "")

    @property
    def met(self) -> bool | None:
        return {Status.MET: True, Status.NOT_MET: False}.get(self.status)

    @property
    def base(self) -> str:
        """What the figure counts: "sur 1 234 appels reçus" (nothing for a plain count)."""
        if self.denominator is None:
            return ""
        noun = self.denominator_label.lower() if self.denominator_label else "dossiers comptés"
        return f"sur {french_number(self.denominator)} {noun}"


@dataclass
class QuestionLine:
    code: str
    label: str
    answers: int
    satisfied: int
    dissatisfied: int
    rate: Decimal
    overall: bool

    @property
    def rate_display(self) -> str:
        return rounded_percent(self.rate)

    @property
    def net(self) -> Decimal:
        return _percent(Decimal(self.satisfied - self.dissatisfied) * 100 / self.answers)


@dataclass
class OpenDataRow:
    structure: str
    indicator: str
    value: Decimal
    frequency: str
    updated_on: dt.date
    period: str
    base: int | None


@dataclass
class PublishedResults:
    organisation_name: str
    updated_on: dt.date | None
    commitments_framework: str = ""
    commitments: list[dict] = field(default_factory=list)
    month: dt.date | None = None
    indicators: list[IndicatorLine] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    survey_title: str = ""
    survey_opens_on: dt.date | None = None
    survey_closes_on: dt.date | None = None
    survey_responses: int = 0
    questions: list[QuestionLine] = field(default_factory=list)

    @property
    def month_label(self) -> str:
        return month_label(self.month) if self.month else ""

    @property
    def survey_period(self) -> str:
        if self.survey_opens_on is None:
            return ""
        return f"du {self.survey_opens_on:%d/%m/%Y} au {self.survey_closes_on:%d/%m/%Y}"

    @property
    def overall(self) -> QuestionLine | None:
        return next((q for q in self.questions if q.overall), None)

    @property
    def net_satisfaction_definition(self) -> str:
        return NET_SATISFACTION_DEFINITION

    def open_data(self) -> list[OpenDataRow]:
        return open_data_rows(self)


def read(content: dict, updated_on: dt.date | None) -> PublishedResults:
    results = PublishedResults(
        organisation_name=(content.get("organisation") or {}).get("name", ""),
        updated_on=updated_on,
    )
    commitments = content.get("commitments")
    if commitments:
        results.commitments_framework = commitments["framework"]
        results.commitments = commitments["items"]
    indicators = content.get("indicators")
    if indicators:
        results.month = dt.date.fromisoformat(indicators["month"])
        results.omitted = indicators.get("omitted", [])
        results.indicators = [
            IndicatorLine(
                code=row["code"],
                label=row["label"],
                unit=row["unit"],
                value=_decimal(row["value"]),
                numerator=_decimal(row["numerator"]),
                denominator=_decimal(row["denominator"]),
                denominator_label=row.get("denominator_label", ""),
                target=row["target"],
                status=row["status"],
                register=row.get("register", ""),
                on_time_rate=row.get("on_time_rate", False),
            )
            for row in indicators["rows"]
        ]
    survey = content.get("survey")
    if survey:
        results.survey_title = survey["title"]
        results.survey_opens_on = dt.date.fromisoformat(survey["opens_on"])
        results.survey_closes_on = dt.date.fromisoformat(survey["closes_on"])
        results.survey_responses = survey["responses"]
        results.questions = [
            QuestionLine(
                code=q["code"],
                label=q["label"],
                answers=q["answers_with_opinion"],
                satisfied=q["satisfied"],
                dissatisfied=q["dissatisfied"],
                rate=_decimal(q["rate"]),
                overall=q["overall"],
            )
            for q in survey["questions"]
        ]
    return results


def _on_time_requests(results: PublishedResults) -> tuple[Decimal, Decimal] | None:
    rows = [
        line
        for line in results.indicators
        if line.on_time_rate and line.register in REQUEST_REGISTERS and line.denominator
    ]
    numerator = sum((line.numerator for line in rows), Decimal(0))
    denominator = sum((line.denominator for line in rows), Decimal(0))
    return (numerator, denominator) if rows and denominator else None


def sp_plus_rows(results: PublishedResults) -> list[OpenDataRow]:
    """The Services Publics+ indicators the published figures allow; none is ever made up."""
    rows = []
    name, updated = results.organisation_name, results.updated_on
    by_code = {line.code: line for line in results.indicators}
    phone = by_code.get(PHONE_INDICATOR)
    if phone is not None and phone.denominator:
        rows.append(
            OpenDataRow(
                name,
                "Taux de décroché",
                _percent(phone.value),
                FREQUENCY_MONTHLY,
                updated,
                results.month_label,
                int(phone.denominator),
            )
        )
    on_time = _on_time_requests(results)
    if on_time is not None:
        numerator, denominator = on_time
        rows.append(
            OpenDataRow(
                name,
                "Part des demandes traitées dans le délai annoncé",
                _percent(numerator * 100 / denominator),
                FREQUENCY_MONTHLY,
                updated,
                results.month_label,
                int(denominator),
            )
        )
    overall = results.overall
    if overall is not None:
        for label, value in (
            ("Taux de satisfaction globale", _percent(overall.rate)),
            ("Taux de satisfaction nette", overall.net),
        ):
            rows.append(
                OpenDataRow(
                    name,
                    label,
                    value,
                    FREQUENCY_WAVE,
                    updated,
                    results.survey_period,
                    overall.answers,
                )
            )
    return rows


def open_data_rows(results: PublishedResults) -> list[OpenDataRow]:
    """The SP+ indicators first, then every published figure under its own label."""
    rows = sp_plus_rows(results)
    name, updated = results.organisation_name, results.updated_on
    for line in results.indicators:
        rows.append(
            OpenDataRow(
                name,
                line.label,
                line.value.quantize(Decimal("0.01")),
                FREQUENCY_MONTHLY,
                updated,
                results.month_label,
                int(line.denominator) if line.denominator is not None else None,
            )
        )
    for question in results.questions:
        rows.append(
            OpenDataRow(
                name,
                f"Enquête « {results.survey_title} » : {question.label}",
                _percent(question.rate),
                FREQUENCY_WAVE,
                updated,
                results.survey_period,
                question.answers,
            )
        )
    return rows
