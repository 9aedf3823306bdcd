"""Two clicks on "Générer" at the same instant queue one generation. Meaningful on PostgreSQL
(select_for_update); runs on SQLite too."""

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.review.models import ReviewGeneration
from qualipilote.review.services import create_review, start_generation

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_clicks_start_one_generation(organisation, monkeypatch):
    # The consumer is not running: the generations stay queued, as between two quick clicks.
    monkeypatch.setattr("qualipilote.review.tasks.run_generation", lambda pk: None)
    review = create_review(organisation, 2024)
    results = run_at_once(lambda _i: start_generation(review).pk, 6)
    assert not any(isinstance(result, Exception) for result in results), results
    assert ReviewGeneration.objects.count() == 1
    assert set(results) == {ReviewGeneration.objects.get().pk}
