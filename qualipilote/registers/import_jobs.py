"""Imports of register files as background tasks, with their progress.

`start_import` keeps the file in the storage, records an ImportJob and queues `run_import_job`;
the page that started it polls the job (io_views.import_job). The task is safe to run twice and
to kill at any moment, as common.tasks requires:

- the records and the job's "done" state are written in one transaction (import_register's
  `before_writing`): a consumer killed before the commit leaves nothing, one killed after it
  leaves a finished job;
- a second run (the task put back in the queue after its consumer died) finds the job done, under
  its row lock, and writes nothing; otherwise it starts again from the file, kept until the end.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from huey.contrib.djhuey import db_task

from qualipilote.common.logs import organisation_var
from qualipilote.common.tabular import ImportRejected

from .imports import import_register
from .models import ImportJob

logger = logging.getLogger("qualipilote.import")
UNEXPECTED = "Erreur inattendue pendant l'import : rien n'a été importé. Réessayez ou signalez-le."


def start_import(organisation, register: str, raw: bytes, filename: str, *, user=None) -> ImportJob:
    job = ImportJob(organisation=organisation, register=register, filename=filename[:255])
    job.created_by = user if getattr(user, "is_authenticated", False) else None
    job.file.save(filename[-100:] or "import", ContentFile(raw), save=False)
    job.save()
    run_import_job(job.pk)
    return ImportJob.objects.get(pk=job.pk)


def _finish(job: ImportJob, **values) -> None:
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **values)
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def execute_import_job(job_id: int) -> int | None:
    """Runs one import job (the task's body); returns the records imported, None if nothing to do."""
    job = ImportJob.objects.select_related("organisation", "created_by").filter(pk=job_id).first()
    if job is None:
        return None
    organisation_var.set(job.organisation.code)
    if job.finished:
        if job.file:  # killed between the commit and the file's deletion
            _finish(job)
        return None
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.READING, rows_read=0)
    with job.file.open("rb") as stored:
        raw = stored.read()

    def progress(rows_read: int, rows_total: int) -> None:
        status = ImportJob.Status.WRITING if rows_read == rows_total else ImportJob.Status.READING
        ImportJob.objects.filter(pk=job.pk).update(
            rows_read=rows_read, rows_total=rows_total, status=status
        )

    def before_writing(count: int) -> bool:
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status == ImportJob.Status.DONE:
            return False
        # Committed with the records, or rolled back with them.
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, imported=count)
        return True

    try:
        count = import_register(
            job.organisation,
            job.register,
            raw,
            job.filename,
            user=job.created_by,
            progress=progress,
            before_writing=before_writing,
        )
    except ImportRejected as rejected:
        errors = [
            {"line": error.line, "column": error.column, "message": error.message}
            for error in rejected.errors
        ]
        _finish(job, status=ImportJob.Status.FAILED, errors=errors)
        logger.info("import refused", extra={"job": job.pk, "errors": len(errors)})
        return 0
    except Exception:
        _finish(
            job,
            status=ImportJob.Status.FAILED,
            errors=[{"line": None, "column": "", "message": UNEXPECTED}],
        )
        raise
    _finish(job)
    logger.info("import done", extra={"job": job.pk, "records": count})
    return count


@db_task()
def run_import_job(job_id: int) -> int | None:
    return execute_import_job(job_id)
