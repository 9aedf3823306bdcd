"""Satisfaction surveys in the annual quality review (section 50): per question, the share of
satisfied and very satisfied users with the answers behind it, compared with the previous wave
(surveys.results counts them in the database)."""

from __future__ import annotations

import datetime as dt

from qualipilote.common.annual_review import ReviewBar, ReviewChart, ReviewSection, ReviewTable
from qualipilote.common.review_text import date, number, percent, plural

from .enums import QuestionKind
from .models import Survey
from .results import question_results, with_previous_wave

ORDER = 50
TITLE = "Les enquêtes de satisfaction"


def surveys_section(organisation, year: int) -> list[ReviewSection]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    surveys = Survey.objects.filter(organisation=organisation).order_by("opens_on", "pk")
    waves = list(surveys.filter(opens_on__lte=last, closes_on__gte=first))
    paragraphs = []
    if not waves:
        latest = surveys.filter(closes_on__lt=first).order_by("-closes_on", "-pk").first()
        if latest is None:
            return [
                ReviewSection(
                    ORDER,
                    TITLE,
                    empty_statement=f"Aucune enquête de satisfaction n'a été menée en {year}, "
                    "ni auparavant.",
                )
            ]
        paragraphs.append(
            f"Aucune enquête de satisfaction n'a été menée en {year}. Les résultats présentés "
            f"sont ceux de la dernière enquête, « {latest.title} », menée du "
            f"{date(latest.opens_on)} au {date(latest.closes_on)}."
        )
        waves = [latest]
    tables, charts = [], []
    for survey in waves:
        results = with_previous_wave(question_results(survey, comments=False))
        satisfaction = [q for q in results.questions if q.kind == QuestionKind.SATISFACTION]
        text = (
            f"« {survey.title} », du {date(survey.opens_on)} au {date(survey.closes_on)} : "
            f"{plural(results.responses, 'questionnaire')}."
        )
        if results.previous is not None:
            text += (
                f" Comparaison avec la vague précédente « {results.previous.title} » "
                f"({plural(results.previous_responses or 0, 'questionnaire')})."
            )
        paragraphs.append(text)
        if not satisfaction:
            paragraphs.append("Cette enquête ne comporte pas de question de satisfaction.")
            continue
        headers = ["Question", "Satisfaits et très satisfaits", "Réponses avec avis"]
        if results.previous is not None:
            headers += ["Vague précédente", "Évolution (points)"]
        rows = []
        for question in satisfaction:
            row = [
                question.label,
                percent(question.rounded_rate),
                number(question.answers_with_opinion),
            ]
            if results.previous is not None:
                change = question.change
                row += [
                    percent(question.previous_rate),
                    "—" if change is None else f"{'+' if change > 0 else ''}{number(change, 1)}",
                ]
            rows.append(row)
        tables.append(
            ReviewTable(
                caption=f"{survey.title} : taux de satisfaction par question",
                headers=headers,
                rows=rows,
            )
        )
        charts.append(
            ReviewChart(
                title=f"{survey.title} : satisfaits et très satisfaits",
                bars=[ReviewBar(q.label, q.rounded_rate) for q in satisfaction],
            )
        )
    return [ReviewSection(ORDER, TITLE, paragraphs=paragraphs, tables=tables, charts=charts)]
