"""The same export imported twice at the same instant (a double click, two tabs): each review
stored once, the second import finds them known, neither fails. Meaningful on PostgreSQL (the
organisation's row is locked for the import); runs on SQLite too. The same for Services
Publics+ experiences."""

import datetime as dt

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.registers.models import Feedback
from qualipilote.registers.spplus import import_experiences
from qualipilote.surveys.jdma import import_jdma
from qualipilote.surveys.models import JdmaReview

from .test_jdma import csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)

SPPLUS = (
    "id_experience;ecrit_le;description;ressenti_usager\n"
    "1;05/01/2026;Attente.;Négatif\n"
    "2;14/01/2026;Bon accueil.;Positif\n"
).encode()


def test_the_same_jdma_file_imported_at_once_is_stored_once(organisation):
    results = run_at_once(lambda _i: import_jdma(organisation, csv_bytes(), "avis.csv"), 4)
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(r.new for r in results) == [0, 0, 0, 5]
    assert JdmaReview.objects.count() == 5


def test_the_same_experiences_imported_at_once_are_stored_once(organisation):
    results = run_at_once(
        lambda _i: import_experiences(organisation, SPPLUS, "sp.csv", today=dt.date(2026, 11, 27)),
        4,
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(r.new for r in results) == [0, 0, 0, 2]
    assert Feedback.objects.count() == 2
