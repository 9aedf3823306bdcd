"""Bad input on the timeline: French messages, nothing half-saved."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from qualipilote.crisis.enums import EventKind, Step
from qualipilote.crisis.models import CrisisEvent, CrisisStep
from qualipilote.crisis.services import open_event, record_step
from qualipilote.crisis.tests.factories import CrisisEventFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def event(organisation):
    return CrisisEventFactory(organisation=organisation, started_at=paris(2025, 6, 1, 8, 0))


def test_a_step_before_the_start_is_refused(event):
    with pytest.raises(ValidationError, match="précède le début de l'événement"):
        record_step(event, step=Step.CELL_ACTIVATED, at=paris(2025, 6, 1, 7, 59))
    assert not CrisisStep.objects.exists()


def test_a_cod_activation_after_the_end_is_refused(event):
    record_step(event, step=Step.ENDED, at=paris(2025, 6, 1, 12, 0))
    with pytest.raises(ValidationError, match="suit la fin de l'événement"):
        record_step(event, step=Step.COD_ACTIVATED, at=paris(2025, 6, 1, 12, 5))
    assert list(CrisisStep.objects.values_list("step", flat=True)) == ["ended"]


def test_an_end_before_a_recorded_step_is_refused(event):
    record_step(event, step=Step.COD_ACTIVATED, at=paris(2025, 6, 1, 9, 0))
    with pytest.raises(ValidationError, match="La fin .* précède l'étape « Activation du COD »"):
        record_step(event, step=Step.ENDED, at=paris(2025, 6, 1, 8, 30))


def test_a_second_cell_activation_is_refused(event):
    record_step(event, step=Step.CELL_ACTIVATED, at=paris(2025, 6, 1, 8, 30))
    with pytest.raises(ValidationError, match="déjà enregistrée pour cet événement"):
        record_step(event, step=Step.CELL_ACTIVATED, at=paris(2025, 6, 1, 8, 45))
    assert CrisisStep.objects.count() == 1


def test_the_same_client_key_records_the_step_once(event):
    first = record_step(
        event, step=Step.PUBLIC_INFORMED, at=paris(2025, 6, 1, 8, 30), client_key="k1"
    )
    again = record_step(
        event, step=Step.PUBLIC_INFORMED, at=paris(2025, 6, 1, 8, 30), client_key="k1"
    )
    assert first.created and not again.created
    assert again.step.pk == first.step.pk
    assert CrisisStep.objects.count() == 1


def test_an_instant_without_time_zone_is_refused(event):
    with pytest.raises(ValidationError, match="fuseau horaire"):
        record_step(event, step=Step.CELL_ACTIVATED, at=dt.datetime(2025, 6, 1, 8, 30))


def test_a_future_instant_is_refused(event):
    with pytest.raises(ValidationError, match="dans le futur"):
        record_step(event, step=Step.CELL_ACTIVATED, at=dt.datetime(2999, 1, 1, tzinfo=dt.UTC))


def test_the_cip_closes_only_after_its_activation(event):
    with pytest.raises(ValidationError, match="avant d'avoir été activée"):
        record_step(event, step=Step.CIP_CLOSED, at=paris(2025, 6, 1, 9, 0))
    record_step(
        event, step=Step.CIP_ACTIVATED, at=paris(2025, 6, 1, 9, 0), cip_number="0 800 00 74 74"
    )
    with pytest.raises(ValidationError, match="précède son activation"):
        record_step(event, step=Step.CIP_CLOSED, at=paris(2025, 6, 1, 8, 50))


def test_a_channel_belongs_to_a_message_only(event):
    with pytest.raises(ValidationError, match="canal ne s'indique que pour un message"):
        record_step(event, step=Step.COD_ACTIVATED, at=paris(2025, 6, 1, 9, 0), channel="sms")


def test_an_unknown_kind_is_refused(organisation):
    with pytest.raises(ValidationError, match="n'est pas une nature connue"):
        open_event(
            organisation, title="Avalanche", kind="drill", started_at=paris(2025, 2, 1, 6, 0)
        )
    assert not CrisisEvent.objects.exists()


def test_an_exercise_is_an_exercise(organisation):
    exercise = open_event(
        organisation,
        title="Exercice SEVESO",
        kind=EventKind.EXERCISE,
        started_at=paris(2025, 2, 1, 9, 0),
    )
    assert exercise.kind == "exercise"
