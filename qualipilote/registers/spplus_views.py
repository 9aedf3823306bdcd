"""The page that imports Services Publics+ experiences into the feedback register
(MANAGE_REGISTERS, like the register's other imports)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from qualipilote.common.forms import Form, validate_import_size
from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_REGISTERS

from .spplus import COLUMNS, SPPLUS_TABLE, import_experiences


class ExperienceImportForm(Form):
    file = forms.FileField(
        label="Export des expériences Services Publics+",
        help_text="Fichier .csv (séparateur ; ou ,) ou .xlsx.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        validators=[validate_import_size],
    )


@require_ability(MANAGE_REGISTERS)
def import_experiences_page(request, org_code):
    form = ExperienceImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_experiences(
                request.organisation, upload.read(), upload.name, user=request.user
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, result.message)
            return redirect("registers:feedback_list", org_code=org_code)
    return render(
        request,
        "registers/io/import_spplus.html",
        {
            "page_title": "Importer des expériences Services Publics+",
            "form": form,
            "errors": errors,
            "columns": SPPLUS_TABLE.columns,
            "aliases": [(column.header, aliases) for column, aliases in COLUMNS],
        },
        status=400 if errors or form.errors else 200,
    )
