"""Pages of the "Je donne mon avis" ratings: import of the service's export (MANAGE_SURVEYS) and
the results of one form, shown with the surveys to every member of the organisation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from qualipilote.common.forms import Form, validate_import_size
from qualipilote.common.tabular import ImportRejected
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_SURVEYS

from .jdma import JDMA_TABLE, form_comments, form_results, import_jdma
from .models import JdmaReview


class JdmaImportForm(Form):
    file = forms.FileField(
        label="Export « Je donne mon avis »",
        help_text="Fichier .csv ou .xlsx tel que le service l'exporte (une feuille).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        validators=[validate_import_size],
    )


@require_ability(MANAGE_SURVEYS)
def jdma_import(request, org_code):
    form = JdmaImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_jdma(
                request.organisation, upload.read(), upload.name, user=request.user
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, result.message)
            return redirect("surveys:list", org_code=org_code)
    return render(
        request,
        "surveys/jdma/import.html",
        {
            "page_title": "Importer des avis « Je donne mon avis »",
            "form": form,
            "errors": errors,
            "columns": JDMA_TABLE.columns,
        },
        status=400 if errors or form.errors else 200,
    )


def jdma_results(request, org_code):
    form_name = request.GET.get("formulaire", "")
    organisation = request.organisation
    if not JdmaReview.objects.filter(organisation=organisation, form_name=form_name).exists():
        raise Http404("Formulaire inconnu.")
    return render(
        request,
        "surveys/jdma/results.html",
        {
            "page_title": f"Avis « Je donne mon avis » : {form_name}",
            "form_name": form_name,
            "reviews": JdmaReview.objects.filter(
                organisation=organisation, form_name=form_name
            ).count(),
            "questions": form_results(organisation, form_name),
            "comments": form_comments(organisation, form_name),
        },
    )
