"""/healthz: the state of what a server needs (database, cache, task queue) in JSON, 200 when all
answer and 503 when one does not.

Load balancers probe it over plain HTTP, by address: from HEALTHZ_NETWORKS (loopback by default)
the middleware answers before the HTTPS redirect and the host check. From anywhere else the
request follows the normal path (HTTPS, ALLOWED_HOSTS) to the same answer.
"""

from __future__ import annotations

import ipaddress
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

logger = logging.getLogger("qualipilote.health")
HEALTHZ_PATH = "/healthz"


def _check(name: str, function) -> tuple[bool, dict]:
    started = time.monotonic()
    try:
        details = function() or {}
    except Exception as error:  # noqa: BLE001 - any failure means "down", named in the answer
        logger.warning("health check failed", extra={"check": name, "error": type(error).__name__})
        return False, {"ok": False, "error": type(error).__name__}
    return True, {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1), **details}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"engine": connection.vendor}


def _cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache read-back")
    cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _queue():
    from .tasks import periodic_states, queue_state

    return {**queue_state(), "periodic": periodic_states()}


def health() -> tuple[int, dict]:
    checks = {}
    healthy = True
    for name, function in (("database", _database), ("cache", _cache), ("queue", _queue)):
        ok, details = _check(name, function)
        healthy = healthy and ok
        checks[name] = details
    status = 200 if healthy else 503
    return status, {
        "status": "ok" if healthy else "error",
        "time": timezone.now().isoformat(timespec="seconds"),
        **checks,
    }


def healthz(request):
    status, body = health()
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _probe_networks():
    return [ipaddress.ip_network(network, strict=False) for network in settings.HEALTHZ_NETWORKS]


class HealthCheckMiddleware:
    """Answers the probes of HEALTHZ_NETWORKS before the HTTPS redirect and the host check."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = _probe_networks()

    def __call__(self, request):
        if request.path == HEALTHZ_PATH and self._from_probe(request):
            return healthz(request)
        return self.get_response(request)

    def _from_probe(self, request) -> bool:
        try:
            peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR") or "")
        except ValueError:
            return False
        return any(peer in network for network in self.networks)
