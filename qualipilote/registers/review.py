"""Complaints and suggestions in the annual quality review (section 70): how many were received,
their themes, how many were answered within the deadline and the mean delay. The actions they
led to are told by the action plan's section (the improvement app), which this app may not read.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Max, Min, Q

from qualipilote.common.annual_review import ReviewSection, ReviewTable
from qualipilote.common.review_text import number, percent, plural, rate

from .enums import FeedbackKind
from .models import Feedback

ORDER = 70
TITLE = "Les réclamations et suggestions"
NO_THEME = "Thème non renseigné"


def feedback_section(organisation, year: int) -> list[ReviewSection]:
    records = Feedback.objects.filter(
        organisation=organisation,
        received_on__gte=dt.date(year, 1, 1),
        received_on__lte=dt.date(year, 12, 31),
    )
    figures = records.aggregate(
        complaints=Count("pk", filter=Q(kind=FeedbackKind.COMPLAINT)),
        suggestions=Count("pk", filter=Q(kind=FeedbackKind.SUGGESTION)),
        answered_on_time=Count("pk", filter=Q(on_time=True)),
        due=Count("pk", filter=Q(on_time__isnull=False)),
        mean_days=Avg("working_days_taken"),
        shortest_rule=Min("deadline_days"),
        longest_rule=Max("deadline_days"),
    )
    complaints, suggestions = figures["complaints"], figures["suggestions"]
    if not complaints and not suggestions:
        return [
            ReviewSection(
                ORDER,
                TITLE,
                empty_statement=f"Aucune réclamation ni suggestion n'a été enregistrée en {year}.",
            )
        ]
    deadline = (
        f"dans le délai de {figures['longest_rule']} jours ouvrés"
        if figures["shortest_rule"] == figures["longest_rule"]
        else "dans le délai applicable"
    )
    paragraphs = [
        f"En {year}, {plural(complaints, 'réclamation')} et {plural(suggestions, 'suggestion')} "
        f"ont été enregistrées."
    ]
    on_time_rate = rate(figures["answered_on_time"], figures["due"])
    if on_time_rate is not None:
        text = (
            f"{percent(on_time_rate)} ont été traitées {deadline} "
            f"({number(figures['answered_on_time'])} sur {number(figures['due'])} réponses dues)"
        )
        if figures["mean_days"] is not None:
            text += f", avec un délai moyen de réponse de {number(figures['mean_days'], 1)} jours ouvrés"
        paragraphs.append(text + ".")
    themes = (
        records.values("theme")
        .annotate(
            complaints=Count("pk", filter=Q(kind=FeedbackKind.COMPLAINT)),
            suggestions=Count("pk", filter=Q(kind=FeedbackKind.SUGGESTION)),
            total=Count("pk"),
        )
        .order_by("-total", "theme")
    )
    rows = [
        [row["theme"] or NO_THEME, number(row["complaints"]), number(row["suggestions"])]
        for row in themes
    ]
    table = ReviewTable(
        caption=f"Réclamations et suggestions {year} par thème",
        headers=["Thème", "Réclamations", "Suggestions"],
        rows=rows + [["Total", number(complaints), number(suggestions)]],
    )
    return [ReviewSection(ORDER, TITLE, paragraphs=paragraphs, tables=[table])]
