"""The same yearly figure entered by several people at the same instant: one figure, no error.
Meaningful on PostgreSQL; runs on SQLite too."""

from decimal import Decimal

import pytest

from qualipilote.common.tests.concurrency import run_at_once
from qualipilote.ecoresponsibility import services
from qualipilote.ecoresponsibility.models import EcoFigure

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_entries_of_one_figure_keep_one(organisation):
    results = run_at_once(
        lambda i: services.record_figure(
            organisation, year=2025, indicator="waste_tonnes", value=Decimal(20 + i)
        ),
        4,
    )
    assert not any(isinstance(r, Exception) for r in results), results
    figure = EcoFigure.objects.get()
    assert figure.value in {Decimal(20 + i) for i in range(4)}
