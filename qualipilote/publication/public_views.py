"""What the public reads without an account: the results page, its A4 poster and the open-data
export, all from the publication in force (its frozen content) and nothing else.

Nothing published (never, or withdrawn): 404 with a French page. The responses may be kept
five minutes by browsers and shared caches (a withdrawal shows within that delay); a signed-in
member's page is private (the header names them).
"""

from __future__ import annotations

import json
from functools import wraps

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from qualipilote.common.tabular import Column, csv_response
from qualipilote.organisations.access import public_page

from .models import Publication
from .posters import poster_pdf
from .results import NET_SATISFACTION_DEFINITION, read

PUBLIC_MAX_AGE = 300
NOTHING_PUBLISHED = "Aucun résultat n'est publié pour le moment."
OPEN_DATA_COLUMNS = [
    Column("structure", lambda row: row.structure),
    Column("indicateur", lambda row: row.indicator),
    Column("valeur", lambda row: row.value),
    Column("fréquence", lambda row: row.frequency),
    Column("date de mise à jour", lambda row: row.updated_on),
    Column("période", lambda row: row.period),
    Column("nombre de réponses ou de dossiers", lambda row: row.base),
]


def _current(request):
    publication = (
        Publication.objects.current()
        .filter(organisation=request.organisation)
        .only("pk", "content", "published_at", "organisation_id")
        .first()
    )
    if publication is None:
        raise _NothingPublished()
    return publication, read(publication.content, publication.published_on)


class _NothingPublished(Exception):
    pass


def _cached(response, publication, *, private=False):
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    response["Last-Modified"] = http_date(publication.published_at.timestamp())
    return response


def _nothing(request):
    response = render(
        request,
        "publication/public/nothing.html",
        {"page_title": "Résultats de qualité de service", "message": NOTHING_PUBLISHED},
        status=404,
    )
    patch_cache_control(response, public=True, max_age=60)
    return response


def _or_404(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _NothingPublished:
            return _nothing(request)

    return wrapper


@public_page
@_or_404
def results(request, org_code):
    publication, results = _current(request)
    response = render(
        request,
        "publication/public/results.html",
        {
            "page_title": f"Résultats de qualité de service — {results.organisation_name}",
            "results": results,
            "net_definition": NET_SATISFACTION_DEFINITION,
        },
    )
    return _cached(response, publication, private=request.user.is_authenticated)


def _public_url(request) -> str:
    return request.build_absolute_uri(
        reverse("publication_public:results", kwargs={"org_code": request.organisation.code})
    )


@public_page
@_or_404
def poster(request, org_code):
    publication, results = _current(request)
    response = HttpResponse(
        poster_pdf(results, _public_url(request)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="resultats-{org_code}.pdf"'
    return _cached(response, publication)


def _file_name(org_code, publication) -> str:
    return f"resultats-{org_code}-{publication.published_on:%Y-%m-%d}"


@public_page
@_or_404
def open_data_csv(request, org_code):
    publication, results = _current(request)
    response = csv_response(
        _file_name(org_code, publication), OPEN_DATA_COLUMNS, results.open_data()
    )
    return _cached(response, publication)


@public_page
@_or_404
def open_data_json(request, org_code):
    publication, results = _current(request)
    rows = [
        {
            "structure": row.structure,
            "indicateur": row.indicator,
            "valeur": float(row.value),
            "frequence": row.frequency,
            "date_de_mise_a_jour": row.updated_on.isoformat(),
            "periode": row.period,
            "nombre_de_reponses": row.base,
        }
        for row in results.open_data()
    ]
    response = HttpResponse(
        json.dumps(rows, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_file_name(org_code, publication)}.json"'
    )
    return _cached(response, publication)
