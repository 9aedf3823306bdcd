"""What the task queue needs the database to remember (common.tasks): the tasks in flight, so that
one whose consumer died is put back in the queue, and the runs of the periodic tasks, so that
each schedule runs once however many consumers there are."""

from __future__ import annotations

from django.db import models


class TaskRecord(models.Model):
    """A task from its enqueueing to its end (then the row is deleted)."""

    task_id = models.CharField("identifiant", max_length=64, primary_key=True)
    name = models.CharField("tâche", max_length=200)
    # Huey's serialised message: what is put back in the queue if the task is lost.
    message = models.BinaryField("message")
    enqueued_at = models.DateTimeField("mise en file", db_index=True)
    started_at = models.DateTimeField("début", null=True, blank=True)
    # host:pid of the consumer running it.
    worker = models.CharField("consommateur", max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField("essais", default=0)

    class Meta:
        verbose_name = "tâche en cours"
        verbose_name_plural = "tâches en cours"

    def __str__(self) -> str:
        return f"{self.name} ({self.task_id})"


class PeriodicRun(models.Model):
    """One run of a periodic task for one schedule slot (the minute its crontab matched)."""

    class Status(models.TextChoices):
        RUNNING = "running", "en cours"
        DONE = "done", "terminée"
        FAILED = "failed", "en échec"

    name = models.CharField("tâche", max_length=200)
    slot = models.DateTimeField("échéance")
    status = models.CharField("état", max_length=10, choices=Status.choices)
    worker = models.CharField("consommateur", max_length=200, blank=True)
    started_at = models.DateTimeField("début")
    finished_at = models.DateTimeField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "passage d'une tâche périodique"
        verbose_name_plural = "passages des tâches périodiques"
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="periodic_run_once_per_slot")
        ]
        indexes = [models.Index(fields=["name", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.name} {self.slot:%Y-%m-%d %H:%M}"
