"""Pages of the API: the organisation's integration tokens, and the offline API docs page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from qualipilote.common.forms import Form
from qualipilote.organisations.access import require_ability
from qualipilote.organisations.permissions import MANAGE_ORGANISATION

from .models import ApiToken


class ApiTokenForm(Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="À quoi sert ce jeton (ex. « Export du CMS », « Statistiques téléphoniques »).",
    )


@require_ability(MANAGE_ORGANISATION)
def token_list(request, org_code):
    """Lists the tokens and creates one; the raw value is shown on this response only."""
    organisation = request.organisation
    raw_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw_token = ApiToken.issue(
            organisation, form.cleaned_data["name"], created_by=request.user
        )
        form = ApiTokenForm()
    return render(
        request,
        "api/token_list.html",
        {
            "page_title": "Jetons d'API",
            "tokens": organisation.api_tokens.select_related("created_by"),
            "form": form,
            "raw_token": raw_token,
        },
    )


@require_POST
@require_ability(MANAGE_ORGANISATION)
def token_revoke(request, org_code, pk):
    token = get_object_or_404(request.organisation.api_tokens.active(), pk=pk)
    token.revoke()
    messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne donne plus accès.")
    return redirect("api_tokens:list", org_code=org_code)


@csrf_exempt  # whatever the method: there is nothing here to protect
def api_not_found(request, rest):
    return JsonResponse({"detail": "Aucune ressource à cette adresse."}, status=404)


# --- API documentation --------------------------------------------------------------------------


def api_docs(request):
    """The standard interactive documentation (Swagger UI) of the OpenAPI schema, with its assets
    served locally by drf-spectacular-sidecar (no CDN) and started from a static file (CSP)."""
    return render(request, "api/docs.html", {"page_title": "Documentation de l'API"})
