"""The one-hour checks on real elapsed time: across midnight and both daylight-saving changes,
and times typed as local wall-clock times (the skipped and the repeated hour)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from qualipilote.crisis.enums import Step
from qualipilote.crisis.services import event_checks, record_step
from qualipilote.crisis.tests.factories import CrisisEventFactory
from qualipilote.crisis.timing import AmbiguousLocalTime, paris_instant, shown

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def paris(*args, fold=0):
    return dt.datetime(*args, tzinfo=PARIS, fold=fold)


def record_all(event, **instants):
    for step, at in instants.items():
        record_step(event, step=step, at=at)


def test_cell_activated_40_minutes_after_a_start_before_midnight(organisation):
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 6, 10, 23, 40))
    record_step(event, step=Step.CELL_ACTIVATED, at=paris(2025, 6, 11, 0, 20))
    checks = event_checks(event)
    assert checks.cell_delay_minutes == 40
    assert checks.cell_within_hour is True


def test_march_night_the_hour_from_0130_to_0330_lasts_one_hour(organisation):
    # 30 March 2025: at 02:00 the clocks go to 03:00. 01:30 → 03:30 on the wall is 1 h.
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 3, 30, 1, 30))
    record_step(event, step=Step.CELL_ACTIVATED, at=paris(2025, 3, 30, 3, 30))
    checks = event_checks(event)
    assert checks.cell_delay_minutes == 60
    assert checks.cell_within_hour is True


def test_march_night_0130_to_0345_is_late_by_real_time(organisation):
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 3, 30, 1, 30))
    record_step(event, step=Step.CELL_ACTIVATED, at=paris(2025, 3, 30, 3, 45))
    checks = event_checks(event)
    assert checks.cell_delay_minutes == 75
    assert checks.cell_within_hour is False


def test_october_night_0230_twice_is_one_hour_apart(organisation):
    # 26 October 2025: 02:00–03:00 happens twice. First 02:30 (UTC+2) → second 02:30 (UTC+1).
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 10, 26, 2, 30))
    record_step(event, step=Step.CELL_ACTIVATED, at=paris(2025, 10, 26, 2, 30, fold=1))
    checks = event_checks(event)
    assert checks.cell_delay_minutes == 60
    assert checks.cell_within_hour is True


def test_october_night_0145_to_0240_second_time_is_late(organisation):
    # 01:45 (UTC+2) → 02:40 in winter time (UTC+1): 1 h 55 of real time, not 55 minutes.
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 10, 26, 1, 45))
    record_step(event, step=Step.CELL_ACTIVATED, at=paris(2025, 10, 26, 2, 40, fold=1))
    checks = event_checks(event)
    assert checks.cell_delay_minutes == 115
    assert checks.cell_within_hour is False


def test_information_delay_is_the_longest_audience_across_midnight(organisation):
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 1, 5, 22, 0))
    record_all(
        event,
        cod_activated=paris(2025, 1, 5, 23, 30),
        officials_informed=paris(2025, 1, 5, 23, 50),
        public_informed=paris(2025, 1, 6, 0, 10),
        media_informed=paris(2025, 1, 6, 0, 35),
    )
    checks = event_checks(event)
    assert checks.information_delay_minutes == 65
    assert checks.information_within_hour is False


def test_information_within_hour_when_all_three_are_informed_in_time(organisation):
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 3, 30, 1, 0))
    record_all(
        event,
        cod_activated=paris(2025, 3, 30, 1, 50),
        officials_informed=paris(2025, 3, 30, 3, 5),
        public_informed=paris(2025, 3, 30, 3, 20),
        media_informed=paris(2025, 3, 30, 3, 45),
    )
    checks = event_checks(event)
    assert checks.information_delay_minutes == 55
    assert checks.information_within_hour is True


def test_information_unknown_while_an_audience_is_missing_and_the_event_runs(organisation):
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 6, 1, 8, 0))
    record_all(
        event,
        cod_activated=paris(2025, 6, 1, 8, 10),
        officials_informed=paris(2025, 6, 1, 8, 20),
        public_informed=paris(2025, 6, 1, 8, 30),
    )
    checks = event_checks(event)
    assert checks.information_within_hour is None
    assert checks.information_delay_minutes is None
    assert checks.deadlines[1].missing == ["Information des médias"]


def test_a_missing_audience_fails_the_check_once_the_event_is_over(organisation):
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 6, 1, 8, 0))
    record_all(
        event,
        cod_activated=paris(2025, 6, 1, 8, 10),
        officials_informed=paris(2025, 6, 1, 8, 20),
        ended=paris(2025, 6, 1, 18, 0),
    )
    checks = event_checks(event)
    assert checks.information_within_hour is False
    assert checks.cell_within_hour is False  # the cell was never recorded


def test_later_messages_do_not_change_the_first_information(organisation):
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 6, 1, 8, 0))
    record_all(
        event,
        cod_activated=paris(2025, 6, 1, 8, 10),
        officials_informed=paris(2025, 6, 1, 8, 20),
        public_informed=paris(2025, 6, 1, 8, 30),
        media_informed=paris(2025, 6, 1, 8, 40),
    )
    record_step(event, step=Step.PUBLIC_INFORMED, at=paris(2025, 6, 1, 12, 0), channel="sms")
    assert event_checks(event).information_delay_minutes == 30


def test_without_cod_activation_the_information_check_does_not_apply(organisation):
    event = CrisisEventFactory(organisation=organisation, started_at=paris(2025, 6, 1, 8, 0))
    record_all(event, cell_activated=paris(2025, 6, 1, 8, 30), ended=paris(2025, 6, 1, 9, 0))
    checks = event_checks(event)
    assert checks.information_within_hour is None
    assert checks.cell_within_hour is True


# Local wall-clock times as typed on the live page.


def test_a_time_in_the_skipped_march_hour_is_refused():
    with pytest.raises(ValidationError, match="n'existe pas le 30/03/2025"):
        paris_instant(dt.datetime(2025, 3, 30, 2, 30))


def test_a_time_in_the_repeated_october_hour_must_say_which_one():
    with pytest.raises(AmbiguousLocalTime, match="existe deux fois le 26/10/2025"):
        paris_instant(dt.datetime(2025, 10, 26, 2, 30))


def test_the_repeated_hour_with_its_fold_gives_two_instants_one_hour_apart():
    first = paris_instant(dt.datetime(2025, 10, 26, 2, 30), fold=0)
    second = paris_instant(dt.datetime(2025, 10, 26, 2, 30), fold=1)
    assert first == dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC)
    assert second == dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)
    assert shown(first) == "26/10/2025 à 02:30 (heure d'été)"
    assert shown(second) == "26/10/2025 à 02:30 (heure d'hiver)"


def test_an_ordinary_local_time_needs_no_fold():
    assert paris_instant(dt.datetime(2025, 1, 6, 0, 10)) == dt.datetime(
        2025, 1, 5, 23, 10, tzinfo=dt.UTC
    )
