"""Import and export pages of the registers. Importing needs MANAGE_REGISTERS; every member may
export (citizens' contact details only for those who may see them, see exports.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from qualipilote.common.forms import Form, validate_import_size
from qualipilote.common.tabular import RowError
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_REGISTERS

from .exports import export_response
from .filters import filtered
from .import_jobs import start_import
from .imports import IMPORT_FORMATS
from .models import Correspondence, Feedback, ImportJob, UpdateRequest


@dataclass(frozen=True)
class RegisterFiles:
    """What the import and export pages need to know about one register."""

    model: type
    list_url_name: str
    filename: str


REGISTER_FILES = {
    "correspondence": RegisterFiles(
        Correspondence,
        "registers:correspondence_list",
        "courriers-courriels",
    ),
    "feedback": RegisterFiles(Feedback, "registers:feedback_list", "reclamations-suggestions"),
    "update_request": RegisterFiles(UpdateRequest, "registers:update_request_list", "mises-a-jour"),
}
FILE_FORMATS = ("csv", "xlsx")


def _register(register: str) -> tuple[RegisterFiles, object]:
    if register not in REGISTER_FILES:
        raise Http404("Registre inconnu.")
    return REGISTER_FILES[register], IMPORT_FORMATS[register]


class ImportForm(Form):
    file = forms.FileField(
        label="Fichier à importer",
        help_text="Fichier .csv (séparateur ; ou ,) ou .xlsx, avec les colonnes décrites ci-dessous.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        validators=[validate_import_size],
    )


@require_ability(MANAGE_REGISTERS)
def import_page(request, org_code, register):
    files, import_format = _register(register)
    errors: list[RowError] = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_import(
            request.organisation, register, upload.read(), upload.name, user=request.user
        )
        if not job.finished:
            # A consumer imports it: the job's page follows its progress.
            return redirect(
                "registers_io:import_job", org_code=org_code, register=register, pk=job.pk
            )
        # Already finished (tasks run at once in development and tests): as before, the list
        # with the count, or this page with the errors.
        if job.status == ImportJob.Status.DONE:
            _announce_done(request, job)
            return redirect(files.list_url_name, org_code=org_code)
        errors = job_errors(job)
    return render(
        request,
        "registers/io/import.html",
        {
            "page_title": f"Importer : {import_format.label}",
            "import_format": import_format,
            "register": register,
            "form": form,
            "errors": errors,
            "list_url": reverse(files.list_url_name, kwargs={"org_code": org_code}),
        },
        status=400 if errors else 200,
    )


def _announce_done(request, job) -> None:
    count = job.imported or 0
    messages.success(
        request,
        f"{count} enregistrement{'s' if count > 1 else ''} importé{'s' if count > 1 else ''}.",
    )


def job_errors(job) -> list[RowError]:
    return [RowError(error["line"], error["column"], error["message"]) for error in job.errors]


@require_ability(MANAGE_REGISTERS)
def import_job(request, org_code, register, pk):
    """The progress of an import: polled by htmx every second until the job is finished."""
    files, import_format = _register(register)
    job = get_object_or_404(ImportJob, pk=pk, organisation=request.organisation, register=register)
    if request.htmx and job.status == ImportJob.Status.DONE:
        _announce_done(request, job)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse(files.list_url_name, kwargs={"org_code": org_code})
        return response
    context = {
        "page_title": f"Import en cours : {import_format.label}",
        "job": job,
        "register": register,
        "errors": job_errors(job),
        "import_url": reverse(
            "registers_io:import", kwargs={"org_code": org_code, "register": register}
        ),
        "list_url": reverse(files.list_url_name, kwargs={"org_code": org_code}),
    }
    template = (
        "registers/io/_import_progress.html" if request.htmx else "registers/io/import_job.html"
    )
    return render(request, template, context)


def import_template(request, org_code, register, file_format):
    """An empty file with the expected header and one example row (and, in XLSX, a sheet that
    explains the columns)."""
    files, import_format = _register(register)
    if file_format not in FILE_FORMATS:
        raise Http404("Format inconnu.")
    return import_format.table.template_response(file_format, f"modele-{files.filename}")


def export(request, org_code, register):
    """The register's list, with the same filters and quick view as its page, as a file."""
    files, import_format = _register(register)
    organisation = request.organisation
    today = timezone.localdate()
    file_format = request.GET.get("format", "")
    if file_format not in FILE_FORMATS:
        query = request.GET.copy()
        return render(
            request,
            "registers/io/export.html",
            {
                "page_title": f"Exporter : {import_format.label}",
                "import_format": import_format,
                "links": [(f, _with_format(query, f)) for f in FILE_FORMATS],
                "list_url": reverse(files.list_url_name, kwargs={"org_code": org_code})
                + (f"?{request.GET.urlencode()}" if request.GET else ""),
            },
        )
    records = filtered_records(request, files, today)
    return export_response(
        records,
        file_format=file_format,
        filename=f"{files.filename}-{organisation.code}-{today:%Y%m%d}",
        sheet_title=import_format.label,
        today=today,
        membership=request.membership,
    )


def _with_format(query, file_format):
    query = query.copy()
    query["format"] = file_format
    return "?" + query.urlencode()


def filtered_records(request, files: RegisterFiles, today):
    """The same records as the register's list page for the same query string (one FilterSet,
    registers.filters, drives both)."""
    _filterset, records = filtered(files.model, request, today)
    return records
