"""The audit-readiness page of an emergency-communication commitment shows its yearly
indicators (counted by the crisis module) beside the monthly ones."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from qualipilote.crisis.enums import Step
from qualipilote.crisis.services import record_step
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.indicators.catalogue import load_catalogue

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def test_commitment_47_shows_the_yearly_cell_figures_with_the_events_behind(
    client, organisation, lead, framework, scope
):
    load_catalogue()
    commitment = framework.commitments[47]
    commitment.indicator_codes = ["emergency_cell_within_hour_rate", "emergency_cell_median_delay"]
    commitment.save()
    for start, minutes in (
        (dt.datetime(2025, 2, 3, 23, 40, tzinfo=PARIS), 35),
        (dt.datetime(2025, 11, 8, 4, 0, tzinfo=PARIS), 80),
    ):
        event = CrisisEventFactory(organisation=organisation, started_at=start)
        record_step(event, step=Step.CELL_ACTIVATED, at=start + dt.timedelta(minutes=minutes))
    client.force_login(lead)

    with time_machine.travel(dt.datetime(2026, 1, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        response = client.get(
            reverse(
                "improvement:readiness_commitment",
                kwargs={"org_code": organisation.code, "pk": commitment.pk},
            )
        )

    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())))
    assert response.status_code == 200
    assert "Indicateurs annuels" in page
    assert "Délai médian d'activation de la cellule" in page
    # 2025: one cell within the hour out of two; median of 35 and 80 minutes.
    assert "50,00 % sur 2 événements Non atteint" in page
    assert "58 min sur 2 événements" in page
    assert "Aucun indicateur lié à cet engagement" not in page
