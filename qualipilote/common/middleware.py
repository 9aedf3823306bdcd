"""Middleware shared by every app."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from .validation import control_character_error, named

API_PREFIX = "/api/"


class RefuseControlCharactersMiddleware:
    """Answers 400, in French, to an address whose path or query string carries a control
    character (%00, %0B…), before any view reads it.

    Forms and serializers refuse them in what they read (common/forms.py, api/serializers.py),
    but addresses reach the database by other ways too: a path segment (/referentiels/x/%00/),
    a filter of the Django admin (?kind=%00) or a parameter no form declares. On PostgreSQL a
    NUL byte in a query answered 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._problem(request)
        if problem is None:
            return self.get_response(request)
        name, error = problem
        if request.path.startswith(API_PREFIX):
            return JsonResponse({name: [named(name, error)]}, status=400)
        return render(
            request,
            "400.html",
            {"message": f"L'adresse est refusée : {named(name, error)}"},
            status=400,
        )

    @staticmethod
    def _problem(request) -> tuple[str, str] | None:
        error = control_character_error(request.path)
        if error:
            return "chemin", error
        for key, values in request.GET.lists():
            error = control_character_error(key)
            if error:
                return "paramètre", error
            error = control_character_error(values)
            if error:
                return key, error
        return None
