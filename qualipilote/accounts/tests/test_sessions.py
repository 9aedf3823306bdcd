"""A session ends after settings.SESSION_COOKIE_AGE of inactivity (8 hours by default, from
SESSION_IDLE_MINUTES), each request extending it; the cookie itself ends with the browser."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)


def test_defaults_are_eight_idle_hours_and_a_browser_session_cookie():
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_an_active_session_lasts_an_idle_one_ends(quality_lead_client, organisation):
    home = f"/{organisation.code}/"
    with time_machine.travel(START, tick=False) as clock:
        assert quality_lead_client.get(home).status_code == 200
        # Working all day: each page extends the session.
        for _ in range(3):
            clock.shift(dt.timedelta(hours=7))
            assert quality_lead_client.get(home).status_code == 200
        clock.shift(dt.timedelta(hours=8, minutes=1))
        response = quality_lead_client.get(home)
        assert response.status_code == 302
        assert "/comptes/connexion/" in response["Location"]


def test_the_session_cookie_has_no_expiry_date(client, django_user_model):
    from qualipilote.organisations.tests.factories import UserFactory

    UserFactory(username="referent.74")
    response = client.post(
        "/comptes/connexion/", {"username": "referent.74", "password": "mot-de-passe-de-test"}
    )
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
