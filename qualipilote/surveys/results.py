"""Results of a wave, counted in the database (one grouped query per kind of figure), and what
the indicators receive when a wave closes.

The satisfaction rate of a question is (très satisfait + satisfait) / answers that gave an
opinion: "sans avis" and blank answers are not in the denominator. It always travels with the
number of answers behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count
from django.utils import timezone

from qualipilote.indicators.enums import Source
from qualipilote.indicators.periods import month_of
from qualipilote.indicators.services import EnteredFigure, record_entered_figure

from .enums import OPINION_CODES, SATISFIED_CODES, QuestionKind
from .models import Answer, Question, Response, Survey

COMMENTS_SHOWN = 200


@dataclass(frozen=True)
class Filters:
    site: object = None  # organisations.Site
    channel: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    def responses(self, survey: Survey):
        responses = Response.objects.filter(survey=survey)
        if self.site is not None:
            responses = responses.filter(site=self.site)
        if self.channel:
            responses = responses.filter(channel=self.channel)
        if self.start:
            responses = responses.filter(submitted_at__gte=_day_start(self.start))
        if self.end:
            responses = responses.filter(submitted_at__lt=_day_start(self.end + dt.timedelta(1)))
        return responses


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class ChoiceCount:
    code: str
    label: str
    count: int
    share: Decimal | None = None  # of the question's answers, in percent


@dataclass
class QuestionResult:
    question: Question
    answers: int = 0  # responses that answered this question
    counts: list[ChoiceCount] = field(default_factory=list)
    answers_with_opinion: int = 0
    satisfied: int = 0
    average: Decimal | None = None  # ratings
    comments: list[str] = field(default_factory=list)
    previous_rate: Decimal | None = None
    previous_answers: int | None = None

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def label(self) -> str:
        return self.question.label

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def satisfaction_rate(self) -> Decimal | None:
        if self.kind != QuestionKind.SATISFACTION or not self.answers_with_opinion:
            return None
        return (Decimal(self.satisfied) * 100 / self.answers_with_opinion).quantize(Decimal("0.1"))

    @property
    def rounded_rate(self) -> int | None:
        rate = self.satisfaction_rate
        return None if rate is None else int(rate.quantize(Decimal("1"), rounding="ROUND_HALF_UP"))

    @property
    def change(self) -> Decimal | None:
        if self.satisfaction_rate is None or self.previous_rate is None:
            return None
        return self.satisfaction_rate - self.previous_rate


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    previous: Survey | None = None
    previous_responses: int | None = None


def question_results(
    survey: Survey, filters: Filters = Filters(), *, comments=True
) -> SurveyResults:
    questions = list(survey.questions.prefetch_related("choices"))
    responses = filters.responses(survey)
    answers = Answer.objects.filter(question__survey=survey, response__in=responses)
    answered = dict(
        answers.values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    by_choice = {
        (row["question_id"], row["choice_id"]): row["n"]
        for row in answers.exclude(choice=None)
        .values("question_id", "choice_id")
        .annotate(n=Count("id"))
    }
    by_number = {
        (row["question_id"], row["number"]): row["n"]
        for row in answers.exclude(number=None)
        .values("question_id", "number")
        .annotate(n=Count("id"))
    }
    averages = dict(
        answers.exclude(number=None)
        .values("question_id")
        .annotate(mean=Avg("number"))
        .values_list("question_id", "mean")
    )
    texts: dict[int, list[str]] = {}
    if comments:
        text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
        for question_id, text in (
            answers.filter(question_id__in=text_ids)
            .exclude(text="")
            .order_by("-response__submitted_at", "-pk")
            .values_list("question_id", "text")
        ):
            bucket = texts.setdefault(question_id, [])
            if len(bucket) < COMMENTS_SHOWN:
                bucket.append(text)
    results = []
    for question in questions:
        result = QuestionResult(question=question, answers=answered.get(question.pk, 0))
        if question.has_choices:
            for choice in question.choices.all():
                count = by_choice.get((question.pk, choice.pk), 0)
                result.counts.append(ChoiceCount(choice.code, choice.label, count))
                if choice.code in OPINION_CODES and question.kind == QuestionKind.SATISFACTION:
                    result.answers_with_opinion += count
                    if choice.code in SATISFIED_CODES:
                        result.satisfied += count
        elif question.kind == QuestionKind.RATING:
            result.counts = [
                ChoiceCount(str(n), str(n), by_number.get((question.pk, n), 0)) for n in range(11)
            ]
            mean = averages.get(question.pk)
            result.average = None if mean is None else Decimal(str(mean)).quantize(Decimal("0.1"))
        result.comments = texts.get(question.pk, [])
        for count in result.counts:
            if result.answers:
                count.share = (Decimal(count.count) * 100 / result.answers).quantize(Decimal("1"))
        results.append(result)
    return SurveyResults(survey=survey, responses=responses.count(), questions=results)


def with_previous_wave(results: SurveyResults, filters: Filters = Filters()) -> SurveyResults:
    """Adds, question by question (same code), the previous wave's rate and answers. Filters
    by site and channel carry over; a period does not (the previous wave has its own dates)."""
    previous = results.survey.previous_wave()
    if previous is None:
        return results
    before = question_results(
        previous, Filters(site=filters.site, channel=filters.channel), comments=False
    )
    by_code = {result.code: result for result in before.questions}
    for result in results.questions:
        match = by_code.get(result.code)
        if match is not None and match.kind == result.kind:
            result.previous_rate = match.satisfaction_rate
            result.previous_answers = (
                match.answers_with_opinion
                if match.kind == QuestionKind.SATISFACTION
                else match.answers
            )
    results.previous = previous
    results.previous_responses = before.responses
    return results


def feed_indicators(survey: Survey, closing_day: dt.date, *, user, today: dt.date):
    """Each question that feeds an indicator gives it (satisfied, answers with an opinion) for
    the month the wave closes. A month already closed in the indicators is reported, not
    forced."""
    from .services import FedFigure

    fed = []
    results = question_results(survey, comments=False)
    for result in results.questions:
        indicator = result.question.feeds_indicator
        if indicator is None or result.kind != QuestionKind.SATISFACTION:
            continue
        month = month_of(closing_day)
        figure = FedFigure(indicator.label, month, result.satisfied, result.answers_with_opinion)
        if result.answers_with_opinion:
            try:
                record_entered_figure(
                    survey.organisation,
                    EnteredFigure(
                        indicator=indicator,
                        month=month,
                        numerator=Decimal(result.satisfied),
                        denominator=Decimal(result.answers_with_opinion),
                        source_detail=f"Enquête « {survey.title} », question « {result.label} »"[
                            :300
                        ],
                    ),
                    user=user if user is not None and user.is_authenticated else None,
                    source=Source.IMPORTED,
                    today=today,
                )
            except ValidationError as error:
                figure.error = " ".join(error.messages)
        else:
            figure.error = "Aucune réponse avec un avis : pas de mesure."
        fed.append(figure)
    return fed
