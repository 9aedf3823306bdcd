"""Reliable background tasks on Huey, whatever the number of consumers.

Huey takes a task out of the queue when a consumer starts it: if that consumer is killed
(kill -9, a machine lost), the task is gone. So every task is also written in the database from
its enqueueing to its end (TaskRecord, through Huey's signals); a periodic task, every minute,
puts back in the queue the tasks whose consumer is dead (same machine: its process no longer
exists; another machine: still unfinished after TASK_LEASE_SECONDS), at most TASK_MAX_ATTEMPTS
times. A task must therefore be idempotent and atomic: its writes in one transaction, and a
second run of a finished task does nothing (see registers' import jobs).

Each consumer runs its own scheduler, so with N consumers a periodic task is enqueued N times per
schedule. `periodic_task` lets only the first copy of a schedule slot (the last minute its crontab
matched) run: it claims the slot by inserting a PeriodicRun row, unique on (task, slot); the other
copies find the row and do nothing. A run whose consumer died is taken over by the copy put back
in the queue. The health endpoint reads the last run of each periodic task from these rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from huey import crontab, signals
from huey.contrib.djhuey import HUEY, db_periodic_task

from .logs import organisation_var, request_id_var
from .models import PeriodicRun, TaskRecord

logger = logging.getLogger("qualipilote.task")
HOSTNAME = socket.gethostname()
# Up to 31 days back, minute by minute: enough for a monthly schedule.
SLOT_SEARCH_MINUTES = 31 * 24 * 60 + 60
_started = threading.local()


def worker_identity() -> str:
    return f"{HOSTNAME}:{os.getpid()}"


def worker_alive(worker: str, started_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether the consumer that started a task may still be running it."""
    host, _, pid = worker.rpartition(":")
    if host == HOSTNAME and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    if started_at is None:
        return False
    return now - started_at < dt.timedelta(seconds=settings.TASK_LEASE_SECONDS)


# --- Tracking every task through Huey's signals ----------------------------------------------


def _name(task) -> str:
    return getattr(task, "name", type(task).__name__)


def on_enqueued(signal, task, *args, **kwargs):
    if HUEY.immediate:
        return
    TaskRecord.objects.update_or_create(
        task_id=task.id,
        defaults={
            "name": _name(task),
            "message": HUEY.serialize_task(task),
            "enqueued_at": timezone.now(),
            "started_at": None,
            "worker": "",
        },
    )


def on_executing(signal, task, *args, **kwargs):
    _started.value = (task.id, time.monotonic())
    if HUEY.immediate:
        return
    TaskRecord.objects.filter(task_id=task.id).update(
        started_at=timezone.now(), worker=worker_identity()
    )


def _log_end(task, outcome: str, level=logging.INFO, **extra):
    started = getattr(_started, "value", None)
    duration = None
    if started and started[0] == task.id:
        duration = round((time.monotonic() - started[1]) * 1000, 1)
    logger.log(
        level,
        "task",
        extra={"task": _name(task), "task_id": task.id, "outcome": outcome, "duration_ms": duration}
        | extra,
    )
    organisation_var.set("")


def on_complete(signal, task, *args, **kwargs):
    _log_end(task, "done")
    if not HUEY.immediate:
        TaskRecord.objects.filter(task_id=task.id).delete()


def on_error(signal, task, exc=None, *args, **kwargs):
    _log_end(task, "error", logging.ERROR, error=type(exc).__name__ if exc else "")
    if not HUEY.immediate and not task.retries:
        TaskRecord.objects.filter(task_id=task.id).delete()


def on_retrying(signal, task, *args, **kwargs):
    if not HUEY.immediate:
        TaskRecord.objects.filter(task_id=task.id).update(started_at=None, worker="")


def on_dropped(signal, task, *args, **kwargs):
    if not HUEY.immediate:
        TaskRecord.objects.filter(task_id=task.id).delete()


def _with_fresh_connection(handler):
    """Outside a request (a consumer's scheduler and worker threads live for days), a connection
    broken by a database restart is replaced before use, as Django does between requests."""

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        if not request_id_var.get() and not connection.in_atomic_block:
            close_old_connections()
        return handler(*args, **kwargs)

    return wrapper


def connect_signals() -> None:
    for signal_names, handler in (
        ((signals.SIGNAL_ENQUEUED,), on_enqueued),
        ((signals.SIGNAL_EXECUTING,), on_executing),
        ((signals.SIGNAL_COMPLETE,), on_complete),
        ((signals.SIGNAL_ERROR,), on_error),
        ((signals.SIGNAL_RETRYING,), on_retrying),
        ((signals.SIGNAL_CANCELED, signals.SIGNAL_REVOKED, signals.SIGNAL_EXPIRED), on_dropped),
    ):
        HUEY.signal(*signal_names)(_with_fresh_connection(handler))


# --- Lost tasks --------------------------------------------------------------------------------


def requeue_lost_tasks(now: dt.datetime | None = None) -> int:
    """Puts back in the queue the started tasks whose consumer is dead; returns how many."""
    now = now or timezone.now()
    requeued = 0
    for record in TaskRecord.objects.filter(started_at__isnull=False).order_by("enqueued_at"):
        if worker_alive(record.worker, record.started_at, now):
            continue
        with transaction.atomic():
            # Claimed by this process only if nobody changed it meanwhile (another reaper, the
            # task finishing).
            claimed = TaskRecord.objects.filter(
                task_id=record.task_id, worker=record.worker, started_at=record.started_at
            )
            if record.attempts + 1 >= settings.TASK_MAX_ATTEMPTS:
                if claimed.delete()[0]:
                    logger.error(
                        "task abandoned",
                        extra={"task": record.name, "task_id": record.task_id},
                    )
                continue
            if not claimed.update(started_at=None, worker="", attempts=record.attempts + 1):
                continue
            HUEY.storage.enqueue(bytes(record.message))
            requeued += 1
            logger.warning(
                "task requeued",
                extra={
                    "task": record.name,
                    "task_id": record.task_id,
                    "lost_worker": record.worker,
                },
            )
    return requeued


def queue_state(now: dt.datetime | None = None) -> dict:
    """Length of the queue and age of its oldest waiting task, in seconds."""
    now = now or timezone.now()
    oldest = (
        TaskRecord.objects.filter(started_at__isnull=True)
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    return {
        "length": HUEY.pending_count(),
        "oldest_task_age_seconds": round((now - oldest).total_seconds()) if oldest else None,
        "running": TaskRecord.objects.filter(started_at__isnull=False).count(),
    }


# --- Periodic tasks: once per schedule ---------------------------------------------------------


def _huey_now() -> dt.datetime:
    """Now, the way Huey's scheduler matches crontabs (naive UTC by default)."""
    return (
        dt.datetime.now(dt.UTC).replace(tzinfo=None) if HUEY.utc else dt.datetime.now()
    ).replace(second=0, microsecond=0)


def schedule_slot(validate, now: dt.datetime | None = None) -> dt.datetime:
    """The last minute at or before `now` (Huey's convention) that the crontab matched, aware."""
    moment = (now or _huey_now()).replace(second=0, microsecond=0)
    for minutes in range(SLOT_SEARCH_MINUTES):
        candidate = moment - dt.timedelta(minutes=minutes)
        if validate(candidate):
            moment = candidate
            break
    if HUEY.utc:
        return moment.replace(tzinfo=dt.UTC)
    return timezone.make_aware(moment)


def claim_slot(name: str, slot: dt.datetime) -> PeriodicRun | None:
    """The run of `name` for `slot` if this process may run it, None if another did or does."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(
                name=name,
                slot=slot,
                status=PeriodicRun.Status.RUNNING,
                worker=worker_identity(),
                started_at=now,
            )
    except IntegrityError:
        pass
    run = PeriodicRun.objects.filter(name=name, slot=slot).first()
    if (
        run is None
        or run.status != PeriodicRun.Status.RUNNING
        or worker_alive(run.worker, run.started_at, now)
    ):
        return None
    # Its consumer died mid-way: take it over, unless another copy just did.
    taken = PeriodicRun.objects.filter(pk=run.pk, worker=run.worker).update(
        worker=worker_identity(), started_at=now
    )
    if not taken:
        return None
    run.refresh_from_db()
    return run


def periodic_task(schedule, **options):
    """Like djhuey's db_periodic_task, running once per schedule slot across all consumers."""

    def decorator(function):
        name = function.__name__

        @functools.wraps(function)
        def once(*args, **kwargs):
            run = claim_slot(name, schedule_slot(schedule))
            if run is None:
                logger.info("periodic task already run", extra={"task": name})
                return None
            try:
                result = function(*args, **kwargs)
            except Exception:
                PeriodicRun.objects.filter(pk=run.pk).update(
                    status=PeriodicRun.Status.FAILED, finished_at=timezone.now()
                )
                raise
            PeriodicRun.objects.filter(pk=run.pk).update(
                status=PeriodicRun.Status.DONE, finished_at=timezone.now()
            )
            return result

        once.run_unlocked = function
        return db_periodic_task(schedule, name=name, **options)(once)

    return decorator


def periodic_states() -> dict:
    """The last run of every periodic task Huey knows."""
    # The consumer imports every app's tasks module; a web server has to ask for them.
    autodiscover_modules("tasks")
    names = sorted(task.name for task in HUEY._registry.periodic_tasks)
    states = {}
    for name in names:
        run = PeriodicRun.objects.filter(name=name).order_by("-started_at").first()
        states[name] = (
            None
            if run is None
            else {
                "status": run.status,
                "slot": run.slot.isoformat(),
                "started_at": run.started_at.isoformat(),
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            }
        )
    return states


# Runs older than this are deleted, except the last one of each task (the health endpoint shows it).
PERIODIC_RUNS_KEPT_DAYS = 35


def prune_periodic_runs(now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - dt.timedelta(days=PERIODIC_RUNS_KEPT_DAYS)
    latest = PeriodicRun.objects.filter(name=OuterRef("name")).order_by("-started_at")
    return (
        PeriodicRun.objects.filter(started_at__lt=cutoff)
        .exclude(pk=Subquery(latest.values("pk")[:1]))
        .delete()[0]
    )


@periodic_task(crontab(minute="*"))
def requeue_lost_tasks_every_minute() -> int:
    prune_periodic_runs()
    return requeue_lost_tasks()
