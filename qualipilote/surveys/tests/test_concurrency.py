"""Simultaneous answers: each one stored once, none lost; the same token sent at the same
instant (a double tap) stored once. Meaningful on PostgreSQL; runs on SQLite too."""

import uuid

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.surveys.models import Answer, Response

from .factories import answer, make_survey

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_answers_are_all_counted_once(organisation):
    survey = make_survey(organisation)
    results = run_at_once(
        lambda i: answer(survey, {"accueil-global": "satisfied", "note": i % 11}), 20
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert Response.objects.count() == 20
    assert Answer.objects.filter(question__code="accueil-global").count() == 20


def test_the_same_token_at_the_same_instant_is_stored_once(organisation):
    survey = make_survey(organisation)
    token = uuid.uuid4()
    results = run_at_once(
        lambda _i: answer(survey, {"accueil-global": "satisfied"}, token=token), 8
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert sum(r.created for r in results) == 1
    assert Response.objects.count() == 1 and Answer.objects.count() == 1
