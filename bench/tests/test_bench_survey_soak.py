"""The survey soak on a handful of clients: the real server answers, every answer is stored
once, a double tap counts once, the scratch organisation is removed. No timing here."""

import pytest

from bench.survey_soak import soak
from qualipilote.organisations.models import Organisation
from qualipilote.surveys.models import Response


@pytest.mark.django_db(transaction=True)
def test_a_small_soak_stores_every_answer_once():
    figures = soak(clients=10, server_threads=4, double_every=3, timeout=60)

    assert (figures.accepted, figures.failed, figures.stored) == (10, 0, 10)
    assert (figures.lost, figures.counted_twice, figures.wrong_answers) == (0, 0, 0)
    assert figures.double_taps == 4
    assert figures.expected_counts == figures.stored_counts
    assert not Organisation.objects.filter(code="bench-enquete").exists()
    assert not Response.objects.exists()
