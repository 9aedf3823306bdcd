"""Two publications at the same instant: never two in force. Meaningful on PostgreSQL (row
locks); runs on SQLite too (one writer at a time)."""

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.publication import services
from qualipilote.publication.models import Publication

from .factories import draft

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_drafts_published_at_once_leave_one_publication_in_force(data, lead):
    drafts = [draft(data, lead) for _ in range(4)]
    results = run_at_once(lambda i: services.publish(drafts[i], user=lead), 4)
    assert not any(isinstance(r, Exception) for r in results), results
    assert Publication.objects.filter(organisation=data, status="published").count() == 1
    assert Publication.objects.filter(organisation=data, status="replaced").count() == 3


def test_the_same_draft_published_at_once_is_published_once(data, lead):
    prepared = draft(data, lead)
    results = run_at_once(lambda _i: services.publish(prepared, user=lead), 4)
    published = [r for r in results if isinstance(r, Publication)]
    refused = [r for r in results if not isinstance(r, Publication)]
    assert len(published) == 1
    assert all("déjà été publié" in str(error) for error in refused), refused
    assert Publication.objects.filter(organisation=data, status="published").count() == 1
