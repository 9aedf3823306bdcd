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


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return components.get(ref.rsplit("/", 1)[-1], {})
    return schema


def _type_label(prop: dict, components: dict) -> str:
    if "$ref" in prop or "allOf" in prop:
        target = prop.get("$ref") or prop["allOf"][0].get("$ref", "")
        resolved = components.get(target.rsplit("/", 1)[-1], {})
        if "enum" in resolved:
            return "une valeur parmi : " + ", ".join(str(v) for v in resolved["enum"] if v)
        return target.rsplit("/", 1)[-1]
    if "oneOf" in prop:
        return " ou ".join(_type_label(option, components) for option in prop["oneOf"])
    label = prop.get("format") or prop.get("type", "")
    if "enum" in prop:
        label = "une valeur parmi : " + ", ".join(str(v) for v in prop["enum"] if v)
    return label


def _fields(schema: dict, components: dict) -> list[dict]:
    schema = _resolve(schema, components)
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": _type_label(prop, components),
            "read_only": prop.get("readOnly", False),
            "nullable": prop.get("nullable", False),
            "required": name in required,
            "description": prop.get("description", ""),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def documented_operations(schema: dict) -> list[dict]:
    """The OpenAPI schema flattened for a page: each operation with its parameters and fields."""
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {})
            body_schema = next(iter(body.values()), {}).get("schema", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": {"path": "chemin", "query": "requête"}.get(p["in"], p["in"]),
                            "type": _type_label(p.get("schema", {}), components),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": _fields(body_schema, components) if body_schema else [],
                }
            )
    return operations


def api_docs(request):
    """The API reference, rendered on the server from the OpenAPI schema: no CDN, no JavaScript
    (drf-spectacular's Swagger UI and Redoc load their assets from a CDN)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    models = [
        {"name": name, "fields": _fields(component, components)}
        for name, component in sorted(components.items())
        if component.get("properties") and not name.startswith("Paginated")
    ]
    return render(
        request,
        "api/docs.html",
        {
            "page_title": "Documentation de l'API",
            "info": schema.get("info", {}),
            "operations": documented_operations(schema),
            "models": models,
        },
    )
