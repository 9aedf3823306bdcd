"""/healthz: the state of the database, the cache and the task queue in JSON; 200 when all
answer, 503 when one is down; answered over plain HTTP to the probes of loopback. A service
away makes pages answer a friendly 503, never a traceback."""

import json

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from qualipilote.common import health
from qualipilote.common.models import PeriodicRun
from qualipilote.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# Nothing listens there (the ports 18000-18999 are this project's; 18999 is left free).
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:18999/5",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_healthz_reports_database_cache_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["cache"]["ok"] is True
    queue = body["queue"]
    assert queue["ok"] is True
    assert queue["length"] == 0
    assert queue["oldest_task_age_seconds"] is None
    # Every periodic task is listed, with its last run (none yet).
    assert "refresh_open_months_nightly" in queue["periodic"]
    assert "daily_personal_data_purge" in queue["periodic"]
    assert queue["periodic"]["daily_personal_data_purge"] is None


def test_healthz_gives_the_last_run_of_a_periodic_task(client):
    from django.utils import timezone

    now = timezone.now()
    PeriodicRun.objects.create(
        name="daily_personal_data_purge",
        slot=now,
        status=PeriodicRun.Status.DONE,
        started_at=now,
        finished_at=now,
    )
    run = client.get("/healthz").json()["queue"]["periodic"]["daily_personal_data_purge"]
    assert run["status"] == "done"
    assert run["finished_at"] is not None


def test_a_loopback_probe_gets_plain_http_whatever_the_host(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["qualipilote.exemple.gouv.fr"]
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_from_elsewhere_healthz_follows_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["qualipilote.exemple.gouv.fr"]
    response = client.get(
        "/healthz", HTTP_HOST="qualipilote.exemple.gouv.fr", REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_healthz_says_503_when_the_cache_is_down(client, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["cache"]["ok"] is False
    assert body["database"]["ok"] is True


def test_healthz_says_503_when_the_database_is_down(client, monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}


def test_a_page_needing_the_cache_answers_a_friendly_503_when_redis_is_away(settings):
    organisation = OrganisationFactory()
    settings.CACHES = DEAD_REDIS
    client = Client(raise_request_exception=False)
    response = client.post(
        reverse("registers_io:public_feedback", kwargs={"org_code": organisation.code}),
        {"description": "Bonjour"},
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "Traceback" not in page
    assert response["Retry-After"] == "30"


def test_an_api_call_gets_a_json_503_when_the_database_is_away(rf):
    from qualipilote.common.errors import server_error

    request = rf.get("/api/v1/quelquechose")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "indisponible" in json.loads(response.content)["detail"]


def test_another_error_stays_a_500_without_traceback(rf):
    from qualipilote.common.errors import server_error

    request = rf.get("/")
    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "boom" not in response.content.decode()
