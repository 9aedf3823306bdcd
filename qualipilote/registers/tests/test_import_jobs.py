"""Imports run by a background task: the page that started one follows its progress; a task
killed mid-way leaves nothing written and, run again (put back in the queue), imports the whole
file once; a finished job run again writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qualipilote.registers import import_jobs, imports
from qualipilote.registers.models import Correspondence, ImportJob

pytestmark = pytest.mark.django_db

ROWS = 30


def good_file(rows=ROWS) -> bytes:
    lines = ["recu_le;canal"] + ["16/02/2026;courriel"] * rows
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def queued(monkeypatch):
    """Tasks queued, as with consumers: starting an import only records the job."""
    queued_jobs = []
    monkeypatch.setattr(import_jobs, "run_import_job", queued_jobs.append)
    return queued_jobs


def job_url(organisation, job):
    return reverse(
        "registers_io:import_job",
        kwargs={"org_code": organisation.code, "register": job.register, "pk": job.pk},
    )


def test_with_consumers_the_import_page_sends_to_the_progress_page(
    quality_lead_client, organisation, queued
):
    response = quality_lead_client.post(
        reverse(
            "registers_io:import",
            kwargs={"org_code": organisation.code, "register": "correspondence"},
        ),
        {"file": SimpleUploadedFile("courriels.csv", good_file())},
    )
    job = ImportJob.objects.get()
    assert queued == [job.pk]
    assert response.status_code == 302
    assert response["Location"] == job_url(organisation, job)
    page = quality_lead_client.get(response["Location"]).content.decode()
    assert "courriels.csv" in page
    assert "en attente" in page
    assert 'hx-trigger="every 1s"' in page
    assert Correspondence.objects.count() == 0


def test_the_progress_page_follows_the_reading_then_moves_to_the_register(
    quality_lead_client, organisation, queued, monkeypatch
):
    job = import_jobs.start_import(organisation, "correspondence", good_file(), "c.csv")
    seen = []
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 10)
    real_progress_update = ImportJob.objects.filter

    def watch(*args, **kwargs):
        seen.append(ImportJob.objects.values_list("rows_read", "rows_total").get(pk=job.pk))
        return real_progress_update(*args, **kwargs)

    monkeypatch.setattr(ImportJob.objects, "filter", watch)
    assert import_jobs.execute_import_job(job.pk) == ROWS
    monkeypatch.undo()
    # Progress was written while reading: 10, 20, 30 rows of 30.
    assert (10, ROWS) in seen and (20, ROWS) in seen
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.imported == ROWS
    assert not job.file  # the file is deleted once imported
    response = quality_lead_client.get(job_url(organisation, job), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse(
        "registers:correspondence_list", kwargs={"org_code": organisation.code}
    )


def test_a_task_killed_while_writing_leaves_nothing_and_its_rerun_imports_once(
    organisation, queued, monkeypatch
):
    job = import_jobs.start_import(organisation, "correspondence", good_file(), "c.csv")
    real_insert = imports.insert_with_history

    def killed(model, rows, **kwargs):
        real_insert(model, rows[:10], **kwargs)  # a third written, then the process dies
        raise KeyboardInterrupt  # not an Exception: nothing in the task catches it, as kill -9

    monkeypatch.setattr(imports, "insert_with_history", killed)
    with pytest.raises(KeyboardInterrupt):
        import_jobs.execute_import_job(job.pk)
    assert Correspondence.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.WRITING
    assert job.file  # still there for the retry

    monkeypatch.setattr(imports, "insert_with_history", real_insert)
    assert import_jobs.execute_import_job(job.pk) == ROWS
    assert Correspondence.objects.count() == ROWS
    # Put back in the queue once more (its consumer died after the commit): nothing written.
    assert import_jobs.execute_import_job(job.pk) is None
    assert Correspondence.objects.count() == ROWS


def test_a_refused_file_shows_its_errors_on_the_progress_page(
    quality_lead_client, organisation, queued
):
    raw = b"recu_le;canal\n16/02/2026;fax\n"
    job = import_jobs.start_import(organisation, "correspondence", raw, "c.csv")
    assert import_jobs.execute_import_job(job.pk) == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    page = quality_lead_client.get(job_url(organisation, job)).content.decode()
    assert "rien n&#x27;a été importé" in page or "rien n'a été importé" in page
    assert "Ligne 2" in page or "<td>2</td>" in page
    assert Correspondence.objects.count() == 0


def test_another_organisation_cannot_see_an_import(
    member_client, organisation, other_organisation, queued
):
    job = import_jobs.start_import(organisation, "correspondence", good_file(), "c.csv")
    client = member_client(org=other_organisation)
    response = client.get(
        reverse(
            "registers_io:import_job",
            kwargs={
                "org_code": other_organisation.code,
                "register": "correspondence",
                "pk": job.pk,
            },
        )
    )
    assert response.status_code == 404
    response = client.get(job_url(organisation, job))
    assert response.status_code in (403, 404)
