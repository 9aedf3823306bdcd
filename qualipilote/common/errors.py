"""The answer to an unexpected error (handler500): a friendly 503 when a service the application
needs is away (the database, Redis), a plain 500 otherwise; never a traceback.

Both pages are rendered without the request's context: reading the session or the user would
ask the database again, the very thing that may be down.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

try:  # redis-py is installed with the project, Redis itself is optional
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    SERVICE_ERRORS: tuple[type[BaseException], ...] = (
        OperationalError,
        InterfaceError,
        RedisConnectionError,
        RedisTimeoutError,
    )
except ImportError:  # pragma: no cover
    SERVICE_ERRORS = (OperationalError, InterfaceError)

UNAVAILABLE = "Le service est momentanément indisponible. Réessayez dans quelques minutes."
FAILED = "Une erreur inattendue est survenue. L'équipe technique en est informée."


def service_unavailable(error: BaseException | None) -> bool:
    if error is None:
        return False
    if isinstance(error, SERVICE_ERRORS):
        return True
    # PostgreSQL dropping the connection mid-query surfaces as a plain DatabaseError sometimes.
    return isinstance(error, DatabaseError) and "connection" in str(error).lower()


def server_error(request, *args, **kwargs):
    unavailable = service_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    message = UNAVAILABLE if unavailable else FAILED
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    response = HttpResponse(
        render_to_string("error.html", {"status": status, "message": message}), status=status
    )
    if unavailable:
        response["Retry-After"] = "30"
    return response
