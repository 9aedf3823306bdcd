"""Tasks on Huey with several consumers: each is tracked from its enqueueing to its end, a task
whose consumer died is put back in the queue, a periodic task runs once per schedule slot, and
one JSON log line is written per request and per task without personal data."""

import datetime as dt
import json
import logging

import pytest
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY

from qualipilote.common import tasks
from qualipilote.common.logs import JsonFormatter
from qualipilote.common.models import PeriodicRun, TaskRecord

pytestmark = pytest.mark.django_db

# A process id that cannot exist (Linux pids stay below 2**22).
DEAD_WORKER = f"{tasks.HOSTNAME}:{2**22 + 17}"


@pytest.fixture
def queued(monkeypatch):
    """Huey as in production (tasks queued, not run at once) for the signal handlers."""
    monkeypatch.setattr(HUEY, "_immediate", False)
    HUEY.storage.flush_queue()
    yield
    HUEY.storage.flush_queue()


def a_task():
    return tasks.requeue_lost_tasks_every_minute.s()


def test_a_task_is_tracked_from_its_enqueueing_to_its_end(queued):
    task = a_task()
    tasks.on_enqueued("enqueued", task)
    record = TaskRecord.objects.get(task_id=task.id)
    assert record.name == "requeue_lost_tasks_every_minute"
    assert record.started_at is None
    tasks.on_executing("executing", task)
    record.refresh_from_db()
    assert record.started_at is not None
    assert record.worker == tasks.worker_identity()
    tasks.on_complete("complete", task)
    assert not TaskRecord.objects.filter(task_id=task.id).exists()


def test_a_task_whose_consumer_died_is_put_back_in_the_queue(queued):
    task = a_task()
    tasks.on_enqueued("enqueued", task)
    TaskRecord.objects.filter(task_id=task.id).update(started_at=timezone.now(), worker=DEAD_WORKER)
    assert tasks.requeue_lost_tasks() == 1
    record = TaskRecord.objects.get(task_id=task.id)
    assert record.started_at is None
    assert record.attempts == 1
    assert HUEY.pending_count() == 1
    requeued = HUEY.deserialize_task(HUEY.storage.dequeue())
    assert requeued.id == task.id
    assert requeued.name == task.name


def test_a_task_whose_consumer_lives_is_left_alone(queued):
    task = a_task()
    tasks.on_enqueued("enqueued", task)
    tasks.on_executing("executing", task)
    assert tasks.requeue_lost_tasks() == 0
    assert HUEY.pending_count() == 0


def test_a_task_on_another_machine_is_lost_only_after_its_lease(queued, settings):
    settings.TASK_LEASE_SECONDS = 600
    task = a_task()
    tasks.on_enqueued("enqueued", task)
    started = timezone.now()
    TaskRecord.objects.filter(task_id=task.id).update(
        started_at=started, worker="autre-machine:1234"
    )
    assert tasks.requeue_lost_tasks(now=started + dt.timedelta(seconds=599)) == 0
    assert tasks.requeue_lost_tasks(now=started + dt.timedelta(seconds=601)) == 1


def test_a_task_lost_too_often_is_abandoned(queued, settings):
    settings.TASK_MAX_ATTEMPTS = 2
    task = a_task()
    tasks.on_enqueued("enqueued", task)
    TaskRecord.objects.filter(task_id=task.id).update(
        started_at=timezone.now(), worker=DEAD_WORKER, attempts=1
    )
    assert tasks.requeue_lost_tasks() == 0
    assert not TaskRecord.objects.filter(task_id=task.id).exists()
    assert HUEY.pending_count() == 0


def test_the_queue_state_gives_the_age_of_the_oldest_waiting_task(queued):
    first, second = a_task(), a_task()
    tasks.on_enqueued("enqueued", first)
    tasks.on_enqueued("enqueued", second)
    TaskRecord.objects.filter(task_id=first.id).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=5)
    )
    state = tasks.queue_state()
    assert 299 <= state["oldest_task_age_seconds"] <= 302
    assert state["running"] == 0


def test_the_slot_is_the_last_minute_the_crontab_matched():
    nightly = crontab(hour="2", minute="30")
    slot = tasks.schedule_slot(nightly, now=dt.datetime(2026, 11, 29, 2, 31, 40))
    assert slot == dt.datetime(2026, 11, 29, 2, 30, tzinfo=dt.UTC)
    slot = tasks.schedule_slot(nightly, now=dt.datetime(2026, 11, 29, 1, 0))
    assert slot == dt.datetime(2026, 11, 28, 2, 30, tzinfo=dt.UTC)
    monthly = crontab(day="5", hour="8", minute="0")
    slot = tasks.schedule_slot(monthly, now=dt.datetime(2026, 11, 29, 1, 0))
    assert slot == dt.datetime(2026, 11, 5, 8, 0, tzinfo=dt.UTC)


def test_a_periodic_task_runs_once_per_slot_however_many_consumers_enqueue_it():
    calls = []

    @tasks.periodic_task(crontab(hour="2", minute="30"))
    def once_only_for_the_test():
        calls.append(1)
        return "fait"

    # Every consumer's scheduler enqueued a copy: only the first copy works.
    assert once_only_for_the_test.call_local() == "fait"
    assert once_only_for_the_test.call_local() is None
    assert once_only_for_the_test.call_local() is None
    assert calls == [1]
    run = PeriodicRun.objects.get(name="once_only_for_the_test")
    assert run.status == PeriodicRun.Status.DONE
    assert run.finished_at is not None


def test_a_periodic_run_whose_consumer_died_is_taken_over():
    slot = dt.datetime(2026, 11, 29, 2, 30, tzinfo=dt.UTC)
    PeriodicRun.objects.create(
        name="nightly",
        slot=slot,
        status=PeriodicRun.Status.RUNNING,
        worker=DEAD_WORKER,
        started_at=timezone.now(),
    )
    run = tasks.claim_slot("nightly", slot)
    assert run is not None
    assert run.worker == tasks.worker_identity()
    # Now that a live consumer holds it, another copy stays away.
    assert tasks.claim_slot("nightly", slot) is None


def test_a_failed_periodic_run_is_marked_failed():
    @tasks.periodic_task(crontab(minute="*"))
    def failing_for_the_test():
        raise RuntimeError("panne")

    with pytest.raises(RuntimeError):
        failing_for_the_test.call_local()
    assert PeriodicRun.objects.get(name="failing_for_the_test").status == "failed"


def test_one_json_line_per_request_with_its_id_and_organisation_without_personal_data(
    client, caplog
):
    from qualipilote.organisations.tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    with caplog.at_level(logging.INFO, logger="qualipilote.request"):
        response = client.get(
            f"/{organisation.code}/avis/?email=jeanne.martin@example.org",
            HTTP_X_REQUEST_ID="lb-1234",
        )
    assert response["X-Request-ID"] == "lb-1234"
    records = [record for record in caplog.records if record.name == "qualipilote.request"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == "lb-1234"
    assert line["organisation"] == organisation.code
    assert line["path"] == f"/{organisation.code}/avis/"
    assert line["status"] == response.status_code
    assert "jeanne" not in json.dumps(line)
    assert "127.0.0.1" not in json.dumps(line)


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected')
    assert response["X-Request-ID"] != 'x" injected'
    assert len(response["X-Request-ID"]) == 32


def test_old_periodic_runs_are_pruned_but_the_last_of_each_task_stays():
    now = timezone.now()
    old = now - dt.timedelta(days=tasks.PERIODIC_RUNS_KEPT_DAYS + 5)
    for minutes in range(3):
        PeriodicRun.objects.create(
            name="every_minute",
            slot=old + dt.timedelta(minutes=minutes),
            status="done",
            started_at=old + dt.timedelta(minutes=minutes),
        )
    PeriodicRun.objects.create(name="every_minute", slot=now, status="done", started_at=now)
    PeriodicRun.objects.create(name="monthly", slot=old, status="done", started_at=old)
    assert tasks.prune_periodic_runs(now) == 3
    assert set(PeriodicRun.objects.values_list("name", "started_at")) == {
        ("every_minute", now),
        ("monthly", old),
    }


@pytest.mark.django_db(transaction=True)
def test_consumers_enqueuing_the_same_schedule_at_once_run_it_once():
    """Every consumer's scheduler enqueues the periodic task at the same minute: the copies start
    at the same instant in different consumers, one runs."""
    from .concurrency import run_at_once

    calls = []

    @tasks.periodic_task(crontab(minute="*"))
    def raced_for_the_test():
        calls.append(1)
        return "fait"

    results = run_at_once(lambda index: raced_for_the_test.call_local(), 6)
    assert [result for result in results if isinstance(result, BaseException)] == []
    assert results.count("fait") == 1 or (
        # The minute changed between two copies: each slot still ran once.
        len(set(PeriodicRun.objects.values_list("slot", flat=True))) == results.count("fait")
    )
    assert len(calls) == results.count("fait")
    assert PeriodicRun.objects.filter(name="raced_for_the_test").count() == len(calls)
