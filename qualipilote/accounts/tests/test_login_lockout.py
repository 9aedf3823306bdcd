"""Guessing passwords: after settings.AXES_FAILURE_LIMIT wrong passwords for one account from one
client address, that account is locked for that address during the cool-off, even with the right
password, and the login page says so in French. The address is the trusted-proxy one."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from qualipilote.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "mot-de-passe-de-test"
START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def five_tries_fifteen_minutes(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


@pytest.fixture
def user(db):
    return UserFactory(username="referent.74")


def log_in(client, username, password, **meta):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **meta
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_after_many_wrong_ones_does_not_open_the_account(client, user):
    """Before: 30 wrong passwords in 16 seconds, then the right one signed in."""
    for _ in range(30):
        log_in(client, "referent.74", "devine")
    response = log_in(client, "referent.74", RIGHT)
    assert not signed_in(client)
    assert response.status_code == 429


def test_the_lockout_page_is_the_login_page_in_french(client, user):
    for _ in range(4):
        response = log_in(client, "referent.74", "devine")
        assert response.status_code == 200
        assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    response = log_in(client, "referent.74", "devine")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Trop de tentatives de connexion" in content
    assert "15 minutes" in content
    assert "Se connecter" in content


def test_the_account_opens_again_after_the_cool_off(client, user):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            log_in(client, "referent.74", "devine")
        clock.shift(dt.timedelta(minutes=16))
        assert log_in(client, "referent.74", RIGHT).status_code == 302
        assert signed_in(client)


def test_trying_during_the_lockout_restarts_the_cool_off(client, user):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            log_in(client, "referent.74", "devine")
        clock.shift(dt.timedelta(minutes=14))
        assert log_in(client, "referent.74", RIGHT).status_code == 429
        clock.shift(dt.timedelta(minutes=14))
        assert log_in(client, "referent.74", RIGHT).status_code == 429
        clock.shift(dt.timedelta(minutes=16))
        assert log_in(client, "referent.74", RIGHT).status_code == 302


def test_the_lockout_is_per_account_and_per_address(client, user):
    UserFactory(username="agent.74")
    for _ in range(5):
        log_in(client, "referent.74", "devine", REMOTE_ADDR="198.51.100.9")
    # The same account from the person's own office is not blocked by someone else's guesses…
    assert log_in(client, "referent.74", RIGHT, REMOTE_ADDR="203.0.113.7").status_code == 302
    client.logout()
    # …and another account from the guessing address is not blocked either.
    assert log_in(client, "agent.74", RIGHT, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lockout(client, user):
    for number in range(5):
        log_in(client, "referent.74", "devine", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = log_in(client, "referent.74", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_behind_a_proxy_the_lockout_follows_the_client_address(client, user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        log_in(client, "referent.74", "devine", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert (
        log_in(
            client, "referent.74", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy
        ).status_code
        == 429
    )
    assert (
        log_in(
            client, "referent.74", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
        ).status_code
        == 302
    )


def test_a_successful_login_forgets_earlier_mistakes(client, user):
    for _ in range(4):
        log_in(client, "referent.74", "devine")
    assert log_in(client, "referent.74", RIGHT).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, "referent.74", "devine")
    assert log_in(client, "referent.74", RIGHT).status_code == 302


def test_the_admin_login_is_guarded_too(client, user):
    user.is_staff = True
    user.save()
    for _ in range(5):
        client.post("/admin/login/", {"username": "referent.74", "password": "devine"})
    response = client.post("/admin/login/", {"username": "referent.74", "password": RIGHT})
    assert response.status_code == 429
    assert not signed_in(client)
