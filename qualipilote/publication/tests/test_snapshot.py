"""What a publication holds: the chosen figures of the latest closed month, the latest closed
wave's rates with their answers, the scope's commitments; nothing made up."""

from decimal import Decimal

import pytest

from qualipilote.publication.results import read

from .factories import published

pytestmark = pytest.mark.django_db


def test_the_published_set_has_the_chosen_figures_of_the_latest_closed_month(
    data, lead, frozen_today
):
    publication = published(data, lead)
    results = read(publication.content, publication.published_at.date())
    assert results.month_label == "octobre 2026"
    lines = {line.code: line for line in results.indicators}
    assert set(lines) == {"phone_answer_rate", "email_answered_on_time_rate"}
    phone = lines["phone_answer_rate"]
    assert (phone.value_display, phone.base, phone.target, phone.status_words) == (
        "90,00 %",
        "sur 5\u202f000 appels reçus",
        "> 90,00 %",
        "Objectif non atteint",
    )
    assert lines["email_answered_on_time_rate"].value == Decimal("75.00")
    # The indicator without data that month is left out, never shown as zero.
    assert results.omitted == [
        "Délai moyen de réponse aux demandes d'information par courrier (en jours)"
    ]
