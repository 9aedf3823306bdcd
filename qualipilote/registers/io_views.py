"""Import and export pages of the registers. Importing needs MANAGE_REGISTERS; every member may
export (citizens' contact details only for those who may see them, see exports.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from qualipilote.common.forms import Form, validate_import_size
from qualipilote.common.tabular import ImportRejected, RowError
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_REGISTERS

from .exports import export_response
from .filters import filtered
from .imports import IMPORT_FORMATS, import_register
from .models import Correspondence, Feedback, UpdateRequest


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
        try:
            count = import_register(
                request.organisation, register, upload.read(), upload.name, user=request.user
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                f"{count} enregistrement{'s' if count > 1 else ''} importé{'s' if count > 1 else ''}.",
            )
            return redirect(files.list_url_name, org_code=org_code)
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
