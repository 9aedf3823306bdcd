"""The public form's rate limit: counted per real client address (behind the configured number
of trusted proxies), in the cache every process shares, and only for accepted messages."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from qualipilote.registers import public_views
from qualipilote.registers.models import Feedback

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def two_per_hour(settings):
    cache.clear()
    settings.PUBLIC_FEEDBACK_RATE_LIMIT = 2
    settings.PUBLIC_FEEDBACK_RATE_WINDOW = 3600
    yield
    cache.clear()


def send(client, organisation, description="Attente trop longue.", **meta):
    url = reverse("registers_io:public_feedback", kwargs={"org_code": organisation.code})
    return client.post(url, {"kind": "complaint", "description": description}, **meta)


def test_a_forged_forwarded_for_does_not_give_new_attempts(client, organisation, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(2):
        assert (
            send(client, organisation, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code
            == 302
        )
    response = send(client, organisation, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert Feedback.objects.count() == 2


def test_behind_a_proxy_each_citizen_has_their_own_count(client, organisation, settings):
    """Keyed on the socket address, every citizen behind the reverse proxy shared one count."""
    settings.TRUSTED_PROXY_COUNT = 1
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert send(client, organisation, **first).status_code == 302
    assert send(client, organisation, **first).status_code == 302
    assert send(client, organisation, **first).status_code == 429
    assert send(client, organisation, **second).status_code == 302
    # Forging an address in front of the proxy's own does not help the first citizen.
    forged = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    assert send(client, organisation, **forged).status_code == 429
    assert Feedback.objects.count() == 3


def test_a_refused_message_does_not_use_up_an_attempt(client, organisation):
    for _ in range(4):
        response = send(client, organisation, description="")
        assert response.status_code == 200
        assert "Écrivez votre message." in response.content.decode()
    assert send(client, organisation).status_code == 302
    assert send(client, organisation).status_code == 302
    assert send(client, organisation).status_code == 429


def test_a_server_error_does_not_use_up_an_attempt(client, organisation, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(public_views, "record_public_feedback", broken)
    client.raise_request_exception = False
    for _ in range(3):
        assert send(client, organisation).status_code == 500
    monkeypatch.undo()
    assert send(client, organisation).status_code == 302
    assert send(client, organisation).status_code == 302
    assert Feedback.objects.count() == 2


def test_the_refusal_is_a_french_page_saying_when_to_come_back(client, organisation):
    send(client, organisation)
    send(client, organisation)
    response = send(client, organisation, description="Un message de trop.")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Trop d&#x27;envois depuis votre connexion" in content
    assert "réessayer dans" in content and "minute" in content
    # What the citizen typed is still in the form, so nothing is lost.
    assert "Un message de trop." in content


def test_a_counter_that_cannot_be_written_does_not_hide_the_reference(
    client, organisation, monkeypatch, caplog
):
    from django.db import DatabaseError

    from qualipilote.common import ratelimit

    real_get_usage = ratelimit.get_usage

    def unwritable(request, **options):
        if options["increment"]:
            raise DatabaseError("cache table unavailable")
        return real_get_usage(request, **options)

    monkeypatch.setattr(ratelimit, "get_usage", unwritable)
    response = send(client, organisation)
    assert response.status_code == 302
    assert Feedback.objects.count() == 1
    assert "the count could not be written" in caplog.text
