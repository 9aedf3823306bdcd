"""The flood of the public form on a handful of clients: the real server answers, every message
is counted once. No timing here."""

import pytest

from bench.public_feedback import flood
from qualipilote.organisations.models import Organisation
from qualipilote.registers.models import Feedback


@pytest.mark.django_db(transaction=True)
def test_a_small_flood_is_accepted_stored_and_cleaned_up():
    figures = flood(clients=8, server_threads=4, timeout=60)

    assert (figures.accepted, figures.refused, figures.failed) == (8, 0, 0)
    assert (figures.stored, figures.lost, figures.stored_without_answer) == (8, 0, 0)
    assert figures.authors_stored == 4  # every other citizen left a contact, with consent
    assert figures.distinct_references and figures.references_without_gap
    assert figures.references_match
    assert not Organisation.objects.filter(code="bench-avis").exists()
    assert not Feedback.objects.exists()
