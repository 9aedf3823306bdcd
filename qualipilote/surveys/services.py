"""Every write of the surveys goes through here, whatever the path (pages, API, demo, admin
commands): defining a wave, answering it, closing it.

Errors are django ValidationError dictionaries whose keys are the field (`title`, `opens_on`,
`channel`, `site`…) or the code of the question, and whose messages are French sentences naming
the question; nothing is stored when there is one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from qualipilote.common.validation import control_character_error
from qualipilote.organisations.enums import Channel

from .enums import (
    CHOICE_KINDS,
    FIXED_CHOICES,
    RATING_MAX,
    RATING_MIN,
    QuestionKind,
    ResponseMode,
)
from .models import Answer, Choice, Question, Questionnaire, Response, Section, Survey

TEXT_MAX_LENGTH = 2000
MAX_QUESTIONS = 200
MAX_CHOICES = 50


# --- Defining a wave ----------------------------------------------------------------------------


@dataclass
class QuestionSpec:
    code: str
    label: str
    kind: str
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    section: str = ""
    feeds_indicator: object = None


def _text(value, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def read_question_specs(raw_questions) -> list[QuestionSpec]:
    """Question specifications from the API's list of mappings (or the builder's), checked; a
    ValidationError names the question by its position and code."""
    errors: list[str] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        raise ValidationError({"questions": "Indiquez au moins une question."})
    if len(raw_questions) > MAX_QUESTIONS:
        raise ValidationError({"questions": f"{MAX_QUESTIONS} questions au plus."})
    specs: list[QuestionSpec] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_questions, start=1):
        where = f"Question {position}"
        if not isinstance(raw, Mapping):
            errors.append(f"{where} : un objet avec code, label et kind est attendu.")
            continue
        code = _text(raw.get("code"), 60)
        label = _text(raw.get("label"), 400)
        kind = raw.get("kind")
        if code:
            where = f"Question {position} (« {code} »)"
        if not code or slugify(code) != code or len(code) > 50:
            errors.append(
                f"{where} : le code est obligatoire, 50 caractères au plus, en minuscules, "
                "chiffres et tirets."
            )
        elif code in seen:
            errors.append(f"{where} : ce code est déjà celui d'une autre question.")
        seen.add(code)
        if not label or len(label) > 300:
            errors.append(f"{where} : l'intitulé (label) est obligatoire, 300 caractères au plus.")
        if kind not in QuestionKind.values:
            errors.append(
                f"{where} : type (kind) inconnu « {kind} » ; attendu : "
                + ", ".join(QuestionKind.values)
                + "."
            )
            continue
        required = raw.get("required", False)
        if not isinstance(required, bool):
            errors.append(f"{where} : required vaut true ou false.")
            required = False
        choices = _read_choices(kind, raw.get("choices"), where, errors)
        specs.append(
            QuestionSpec(
                code=code,
                label=label,
                kind=kind,
                required=required,
                choices=choices,
                section=_text(raw.get("section"), 200),
                feeds_indicator=raw.get("feeds_indicator"),
            )
        )
    if errors:
        raise ValidationError({"questions": errors})
    return specs


def _read_choices(kind, raw, where, errors) -> list[tuple[str, str]]:
    if kind in FIXED_CHOICES:
        if raw:
            errors.append(
                f"{where} : les choix d'une question « {kind} » sont fixés, n'en donnez pas."
            )
        return list(FIXED_CHOICES[kind])
    if kind not in CHOICE_KINDS:
        if raw:
            errors.append(f"{where} : une question « {kind} » n'a pas de choix.")
        return []
    if not isinstance(raw, list) or len(raw) < 2:
        errors.append(f"{where} : donnez au moins deux choix (choices).")
        return []
    if len(raw) > MAX_CHOICES:
        errors.append(f"{where} : {MAX_CHOICES} choix au plus.")
        return []
    choices: list[tuple[str, str]] = []
    for item in raw:
        if isinstance(item, str):
            label, code = item.strip(), slugify(item)[:50]
        elif isinstance(item, Mapping):
            label, code = _text(item.get("label"), 200), _text(item.get("code"), 60)
        else:
            label = code = ""
        if not label or not code or slugify(code) != code or len(code) > 50:
            errors.append(f"{where} : chaque choix a un code (minuscules, tirets) et un libellé.")
            return []
        if code in {c for c, _l in choices}:
            errors.append(f"{where} : le choix « {code} » est donné deux fois.")
            return []
        choices.append((code, label))
    return choices


def _dates_errors(opens_on, closes_on) -> dict[str, str]:
    errors = {}
    if not isinstance(opens_on, dt.date):
        errors["opens_on"] = "Indiquez la date d'ouverture (opens_on)."
    if not isinstance(closes_on, dt.date):
        errors["closes_on"] = "Indiquez la date de clôture (closes_on)."
    elif isinstance(opens_on, dt.date) and closes_on < opens_on:
        errors["closes_on"] = "La date de clôture ne peut pas précéder la date d'ouverture."
    return errors


@transaction.atomic
def create_survey(
    organisation,
    *,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    questions: list[QuestionSpec],
    questionnaire: Questionnaire | None = None,
    introduction: str = "",
    published: bool = True,
    sites=(),
    channels=(),
) -> Survey:
    """A wave with its sections, questions and choices, all or nothing. Without a questionnaire,
    it starts a new one of the same title."""
    errors: dict[str, object] = {}
    title = (title or "").strip()
    if not title or len(title) > 200:
        errors["title"] = "Le titre est obligatoire (200 caractères au plus)."
    errors.update(_dates_errors(opens_on, closes_on))
    if questionnaire is not None and questionnaire.organisation_id != organisation.pk:
        errors["questionnaire"] = "Ce questionnaire n'appartient pas à cette organisation."
    sites = list(sites)
    if any(site.organisation_id != organisation.pk for site in sites):
        errors["sites"] = "Les sites doivent appartenir à cette organisation."
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        errors["channels"] = f"Canal inconnu : {', '.join(map(str, unknown))}."
    if errors:
        raise ValidationError(errors)
    questionnaire = questionnaire or Questionnaire.objects.create(
        organisation=organisation, title=title
    )
    survey = Survey.objects.create(
        organisation=organisation,
        questionnaire=questionnaire,
        title=title,
        introduction=introduction,
        opens_on=opens_on,
        closes_on=closes_on,
        published=published,
        channels=list(channels),
    )
    survey.sites.set(sites)
    sections: dict[str, Section] = {}
    for position, spec in enumerate(questions):
        section = None
        if spec.section:
            section = sections.get(spec.section)
            if section is None:
                section = sections[spec.section] = Section.objects.create(
                    survey=survey, title=spec.section, position=len(sections)
                )
        question = Question.objects.create(
            survey=survey,
            section=section,
            code=spec.code,
            label=spec.label,
            kind=spec.kind,
            required=spec.required,
            position=position,
            feeds_indicator=spec.feeds_indicator,
        )
        Choice.objects.bulk_create(
            Choice(question=question, code=code, label=label, position=index)
            for index, (code, label) in enumerate(spec.choices)
        )
    return survey


def specs_of(survey: Survey) -> list[QuestionSpec]:
    """The questions of a wave, to start the next wave with the same ones (same codes)."""
    return [
        QuestionSpec(
            code=q.code,
            label=q.label,
            kind=q.kind,
            required=q.required,
            choices=[(c.code, c.label) for c in q.choices.all()],
            section=q.section.title if q.section else "",
            feeds_indicator=q.feeds_indicator,
        )
        for q in survey.questions.select_related("section", "feeds_indicator").prefetch_related(
            "choices"
        )
    ]


def feedable_indicators():
    """Indicators a satisfaction question may feed: satisfaction rates that are not computed
    from a register (the catalogue's survey-fed ones, and the entered satisfaction rates)."""
    from qualipilote.indicators.enums import Domain, MeasureUnit, Method
    from qualipilote.indicators.models import Indicator

    return (
        Indicator.objects.active()
        .filter(
            unit=MeasureUnit.PERCENT,
            method__in=[Method.SURVEY, Method.ENTERED],
            domain__in=[Domain.SATISFACTION, Domain.DIGITAL_POINT],
        )
        .in_table_order()
    )


@transaction.atomic
def set_fed_indicators(survey: Survey, links: Mapping[str, object]) -> None:
    """`links`: question code → Indicator (or None) for the wave's satisfaction questions.
    Refused once the wave is closed: what it fed stays as it was."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.closed_at is not None:
        raise ValidationError(
            {"survey": "Cette vague est close : ses indicateurs ne changent plus."}
        )
    allowed = {indicator.pk for indicator in feedable_indicators()}
    questions = {q.code: q for q in survey.questions.filter(kind=QuestionKind.SATISFACTION)}
    errors = {}
    for code, indicator in links.items():
        if code not in questions:
            errors[code] = f"« {code} » n'est pas une question de satisfaction de cette vague."
        elif indicator is not None and indicator.pk not in allowed:
            errors[code] = f"« {questions[code].label} » ne peut pas alimenter cet indicateur."
    chosen = [i.pk for i in links.values() if i is not None]
    if len(chosen) != len(set(chosen)):
        errors["survey"] = "Un indicateur ne peut être alimenté que par une question de la vague."
    if errors:
        raise ValidationError(errors)
    for code, indicator in links.items():
        Question.objects.filter(pk=questions[code].pk).update(feeds_indicator=indicator)


def set_published(survey: Survey, published: bool) -> Survey:
    Survey.objects.filter(pk=survey.pk).update(published=published)
    survey.published = published
    return survey


# --- Answering ----------------------------------------------------------------------------------


def survey_questions(survey: Survey) -> list[Question]:
    """The wave's questions with their choices, read once per submission."""
    return list(survey.questions.select_related("section").prefetch_related("choices"))


def _is_blank(value) -> bool:
    return value is None or value == "" or value == []


def _answer_rows(question: Question, value, errors: dict) -> list[Answer]:
    """The Answer rows of one question's value; records a French error naming the question."""
    name = f"« {question.label} »"

    def fail(message):
        errors[question.code] = f"{name} : {message}"
        return []

    if _is_blank(value):
        if question.required:
            return fail("cette question est obligatoire.")
        return []
    if control_character_error(value):
        return fail(control_character_error(value))
    if question.kind == QuestionKind.TEXT:
        if not isinstance(value, str):
            return fail("une réponse en texte est attendue.")
        text = value.strip()
        if len(text) > TEXT_MAX_LENGTH:
            return fail(f"{TEXT_MAX_LENGTH} caractères au plus.")
        return [Answer(question=question, text=text)] if text else _required(question, fail)
    if question.kind == QuestionKind.RATING:
        number = _rating(value)
        if number is None:
            return fail(f"une note entière de {RATING_MIN} à {RATING_MAX} est attendue.")
        return [Answer(question=question, number=number)]
    by_code = {choice.code: choice for choice in question.choices.all()}
    codes = value if isinstance(value, list) else [value]
    if question.kind != QuestionKind.MULTIPLE_CHOICE and len(codes) > 1:
        return fail("un seul choix est possible.")
    if not all(isinstance(code, str) for code in codes):
        return fail("un code de choix est attendu.")
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        return fail(
            f"le choix « {unknown[0]} » n'existe pas ; choix possibles : "
            + ", ".join(by_code)
            + "."
        )
    return [Answer(question=question, choice=by_code[code]) for code in dict.fromkeys(codes)]


def _required(question, fail):
    return fail("cette question est obligatoire.") if question.required else []


def _rating(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and RATING_MIN <= value <= RATING_MAX:
        return value
    return None


@dataclass
class Submission:
    response: Response
    created: bool  # False: the same token was already stored (a retry); nothing added


def submit_response(
    survey: Survey,
    answers: Mapping,
    *,
    mode: str,
    channel: str = "",
    site=None,
    entered_by=None,
    token: uuid.UUID | None = None,
    paper_number: int | None = None,
    today: dt.date | None = None,
    questions: list[Question] | None = None,
) -> Submission:
    """Stores one submission, all or nothing, once per token."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not survey.published:
        raise ValidationError(
            {"survey": "Cette enquête n'est pas publiée : elle ne reçoit pas de réponse."}
        )
    # Paper forms are typed in after the wave, but never for a wave that has not opened.
    if mode == ResponseMode.PAPER:
        if today < survey.opens_on:
            raise ValidationError({"survey": "Cette enquête n'est pas encore ouverte."})
    elif not survey.is_open_on(today):
        if today > survey.closes_on:
            message = f"Cette enquête est close depuis le {survey.closes_on:%d/%m/%Y}."
        else:
            message = f"Cette enquête ouvre le {survey.opens_on:%d/%m/%Y}."
        raise ValidationError({"survey": message})
    if channel and (
        channel not in Channel.values or (survey.channels and channel not in survey.channels)
    ):
        errors["channel"] = f"Canal « {channel} » inconnu ou non couvert par cette enquête."
    if site is not None:
        allowed = survey.sites.filter(pk=site.pk).exists() or (
            not survey.sites.exists() and site.organisation_id == survey.organisation_id
        )
        if not allowed:
            errors["site"] = "Ce site n'est pas couvert par cette enquête."
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": "Un objet « code de question → réponse » est attendu."})
    questions = questions if questions is not None else survey_questions(survey)
    known = {question.code for question in questions}
    unknown = [str(code) for code in answers if code not in known]
    if unknown:
        errors["answers"] = f"Question inconnue : « {unknown[0]} »."
    rows: list[Answer] = []
    for question in questions:
        rows += _answer_rows(question, answers.get(question.code), errors)
    if errors:
        raise ValidationError(errors)
    if token is not None:
        existing = Response.objects.filter(token=token).first()
        if existing is not None:
            return _same_survey(existing, survey)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                token=token or uuid.uuid4(),
                mode=mode,
                channel=channel or "",
                site=site,
                entered_by=entered_by if mode == ResponseMode.PAPER else None,
                paper_number=paper_number,
            )
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        # The same token was stored by a simultaneous request (a double click): counted once.
        existing = Response.objects.filter(token=token).first() if token else None
        if existing is None:
            raise
        return _same_survey(existing, survey)
    return Submission(response, created=True)


def _same_survey(existing: Response, survey: Survey) -> Submission:
    if existing.survey_id != survey.pk:
        raise ValidationError({"token": "Ce jeton de réponse appartient à une autre enquête."})
    return Submission(existing, created=False)


def next_paper_number(survey: Survey) -> int:
    last = (
        Response.objects.filter(survey=survey, mode=ResponseMode.PAPER)
        .exclude(paper_number=None)
        .order_by("-paper_number")
        .values_list("paper_number", flat=True)
        .first()
    )
    return (last or 0) + 1


# --- Closing a wave -----------------------------------------------------------------------------


@dataclass
class FedFigure:
    indicator_label: str
    month: dt.date
    satisfied: int
    answers_with_opinion: int
    error: str = ""


def close_wave(survey: Survey, *, user=None, today: dt.date | None = None) -> list[FedFigure]:
    """Closes the wave (idempotent: a second call changes nothing) and feeds the indicators its
    questions point to, in the month the wave closes. Returns what was fed."""
    from .results import feed_indicators  # results reads the indicators app

    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.closed_at is not None:
            survey.closed_at = locked.closed_at
            return []
        if today < locked.opens_on:
            raise ValidationError(
                {
                    "survey": f"Cette vague n'ouvre que le {locked.opens_on:%d/%m/%Y} : elle ne peut pas encore être close."
                }
            )
        closing_day = min(locked.closes_on, today)
        if closing_day < locked.closes_on:
            Survey.objects.filter(pk=locked.pk).update(closes_on=closing_day)
            locked.closes_on = closing_day
        fed = feed_indicators(locked, closing_day, user=user, today=today)
        locked.closed_at = timezone.now()
        locked.closed_by = user if user is not None and user.is_authenticated else None
        locked.save(update_fields=["closed_at", "closed_by"])
    survey.closed_at, survey.closes_on = locked.closed_at, locked.closes_on
    return fed


def close_due_waves(today: dt.date | None = None) -> int:
    """Closes every wave whose closing date has passed (the nightly task)."""
    today = today or timezone.localdate()
    count = 0
    for survey in Survey.objects.filter(closed_at=None, closes_on__lt=today).order_by("pk"):
        close_wave(survey, today=today)
        count += 1
    return count


def percent(satisfied: int, with_opinion: int) -> Decimal | None:
    if not with_opinion:
        return None
    return (Decimal(satisfied) * 100 / Decimal(with_opinion)).quantize(Decimal("0.1"))
