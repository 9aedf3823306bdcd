"""Mot de passe oublié: a link by e-mail, single use and short-lived, that signs nobody in by
itself; the lock-out of the login page still applies after a reset."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from qualipilote.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "Une toute nouvelle phrase"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def person(db):
    return UserFactory(username="referent.74", email="referente@haute-savoie.gouv.fr")


def ask_for_a_link(client, email) -> str | None:
    response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302
    if not mail.outbox:
        return None
    return re.search(r"http://testserver(/comptes/mot-de-passe/\S+/)", mail.outbox[-1].body)[1]


def test_the_login_page_leads_to_the_forgotten_password_page(client):
    page = text(client.get(reverse("accounts:login")))
    assert reverse("accounts:password_reset") in page
    assert "Mot de passe oublié" in text(client.get(reverse("accounts:password_reset")))


def test_a_person_sets_a_new_password_from_the_link_received(client, person):
    link = ask_for_a_link(client, "Referente@haute-savoie.gouv.fr")

    assert mail.outbox[0].subject == "Qualipilote — choisir un nouveau mot de passe"
    assert "referent.74" in mail.outbox[0].body
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert "_auth_user_id" not in client.session  # signs in on the login page, like everyone


def test_the_link_serves_once(client, person):
    link = ask_for_a_link(client, person.email)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    again = client.get(link, follow=True)

    assert "Ce lien n'est plus valable" in text(again)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, person):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@example.fr"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_mismatched_passwords_are_refused_in_french(client, person):
    link = ask_for_a_link(client, person.email)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW + "!"})

    assert "Les deux mots de passe ne sont pas identiques." in text(response)
    person.refresh_from_db()
    assert not person.check_password(NEW)


def test_a_control_character_in_the_address_is_refused(client, person):
    response = client.post(reverse("accounts:password_reset"), {"email": "a\x0b@b.fr"})
    assert "« Adresse électronique » contient un caractère de contrôle" in text(response)


def test_the_lock_out_still_applies_after_a_reset(client, person, settings):
    settings.AXES_FAILURE_LIMIT = 3
    link = ask_for_a_link(client, person.email)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "referent.74", "password": "devine"})
    response = client.post(reverse("accounts:login"), {"username": "referent.74", "password": NEW})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
