"""Sign-in with ProConnect, end to end: a real OpenID Connect provider (node-oidc-provider, see
oidc.py) signs the id_token and the userinfo (application/jwt) like ProConnect; a real HTTP
client (requests) follows the browser's path through Django's live server and the provider. No
part of the token exchange is mocked."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
import requests

from qualipilote.accounts.models import User
from qualipilote.organisations.enums import Role
from qualipilote.organisations.models import Invitation, Membership
from qualipilote.organisations.services import invite_member
from qualipilote.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "/comptes/proconnect/connexion/"


class FormReader(HTMLParser):
    """The first form of a page: its action and the values of its inputs and buttons."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self.done = None, {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and self.action is None:
            self.action = attrs.get("action", "")
        elif tag in {"input", "button"} and attrs.get("name"):
            self.fields.setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self.action is not None:
            self.done = True


def read_form(page: requests.Response) -> tuple[str, dict]:
    reader = FormReader()
    reader.feed(page.text)
    return requests.compat.urljoin(page.url, reader.action or page.url), reader.fields


def page_text(page: requests.Response) -> str:
    return html.unescape(re.sub(r"\s+", " ", page.text))


def browser() -> requests.Session:
    return requests.Session()


def log_in_at_provider(session: requests.Session, page: requests.Response, login: str):
    """Fills the provider's login form (the provider asks for no password in tests)."""
    assert "/interaction/" in page.url, page.url
    action, fields = read_form(page)
    return session.post(action, data={**fields, "login": login}, timeout=20)


def sign_in(session, live_server, login: str) -> requests.Response:
    start = session.get(live_server.url + LOGIN, timeout=20)
    return log_in_at_provider(session, start, login)


@pytest.fixture
def invited(organisation, proconnect):
    """Amélie Durand is invited as quality lead, and has a ProConnect identity at that address."""
    lead = MembershipFactory(organisation=organisation, role=Role.QUALITY_LEAD).user
    invitation, _token = invite_member(
        organisation,
        email="Amelie.Durand@haute-savoie.gouv.fr",
        role=Role.QUALITY_CORRESPONDENT,
        title="mme",
        by=lead,
        base_url="http://testserver",
    )
    proconnect.set_account(
        "amelie",
        sub="proconnect-sub-amelie",
        email="amelie.durand@haute-savoie.gouv.fr",
        given_name="Amélie",
        usual_name="Durand",
        uid="1234",
        siret="17740001200014",
    )
    return invitation


def test_an_invited_person_signs_in_with_proconnect_and_joins_the_organisation(
    live_server, invited
):
    session = browser()
    start = session.get(live_server.url + LOGIN, allow_redirects=False, timeout=20)
    asked = parse_qs(urlparse(start.headers["Location"]).query)
    assert asked["scope"] == ["openid given_name usual_name email uid siret"]
    assert len(asked["state"][0]) >= 32 and len(asked["nonce"][0]) >= 32

    landed = log_in_at_provider(
        session, session.get(start.headers["Location"], timeout=20), "amelie"
    )

    assert landed.status_code == 200
    assert urlparse(landed.url).path == "/pref-74/"
    assert "Correspondante qualité" in page_text(landed)
    person = User.objects.get(proconnect_sub="proconnect-sub-amelie")
    assert (person.email, person.first_name, person.last_name, person.title) == (
        "amelie.durand@haute-savoie.gouv.fr",
        "Amélie",
        "Durand",
        "mme",
    )
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert (membership.organisation.code, membership.role) == ("pref-74", "quality_correspondent")
    invited.refresh_from_db()
    assert invited.accepted_by == person


def test_the_second_sign_in_finds_the_person_by_sub_after_the_email_changed(
    live_server, invited, proconnect
):
    sign_in(browser(), live_server, "amelie")
    proconnect.set_account(
        "amelie",
        sub="proconnect-sub-amelie",
        email="amelie.durand-martin@interieur.gouv.fr",
        given_name="Amélie",
        usual_name="Durand-Martin",
    )

    landed = sign_in(browser(), live_server, "amelie")

    assert urlparse(landed.url).path == "/pref-74/"
    person = User.objects.get(proconnect_sub="proconnect-sub-amelie")
    assert person.email == "amelie.durand-martin@interieur.gouv.fr"
    assert person.last_name == "Durand-Martin"
    assert User.objects.filter(proconnect_sub__isnull=False).count() == 1


def test_an_identity_without_invitation_is_refused_and_nothing_is_created(
    live_server, organisation, proconnect
):
    proconnect.set_account("inconnu", sub="sub-inconnu", email="inconnu@example.gouv.fr")
    users_before = User.objects.count()

    landed = sign_in(browser(), live_server, "inconnu")

    assert urlparse(landed.url).path == "/comptes/connexion/"
    assert (
        "Votre identité ProConnect (inconnu@example.gouv.fr) n'est attendue par aucune "
        "organisation de Qualipilote" in page_text(landed)
    )
    assert User.objects.count() == users_before
    assert not Membership.objects.filter(user__email="inconnu@example.gouv.fr").exists()


def test_tokens_signed_with_another_key_than_the_published_one_are_refused(
    live_server, invited, proconnect
):
    proconnect.publish("other-key")

    landed = sign_in(browser(), live_server, "amelie")

    assert urlparse(landed.url).path == "/comptes/connexion/"
    assert "n'a pas pu être vérifiée (signature invalide)" in page_text(landed)
    assert not User.objects.filter(proconnect_sub="proconnect-sub-amelie").exists()
    invited.refresh_from_db()
    assert invited.accepted_at is None  # still usable once the keys are right


def test_an_id_token_with_an_unexpected_nonce_is_refused(live_server, invited):
    session = browser()
    start = session.get(live_server.url + LOGIN, allow_redirects=False, timeout=20)
    # The authorization request reaches the provider with another nonce than the one this
    # session keeps (a request forged or replayed from another browser).
    url = urlparse(start.headers["Location"])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    query["nonce"] = "n" * 64
    tampered = urlunparse(url._replace(query=urlencode(query)))

    landed = log_in_at_provider(session, session.get(tampered, timeout=20), "amelie")

    assert urlparse(landed.url).path == "/comptes/connexion/"
    assert "(nonce inattendu) : la connexion est refusée" in page_text(landed)
    assert not User.objects.filter(proconnect_sub="proconnect-sub-amelie").exists()


def test_a_callback_with_an_unknown_state_is_refused(live_server, proconnect):
    landed = browser().get(
        live_server.url + "/comptes/proconnect/retour/?code=abc&state=" + "s" * 64, timeout=20
    )

    assert urlparse(landed.url).path == "/comptes/connexion/"
    assert "state inconnu ou déjà utilisé" in page_text(landed)


def test_signing_out_ends_the_session_at_the_provider(live_server, invited):
    session = browser()
    sign_in(session, live_server, "amelie")
    # While the provider's session lasts, signing in again needs no login at the provider.
    again = session.get(live_server.url + LOGIN, timeout=20)
    assert urlparse(again.url).path == "/pref-74/"

    home = session.get(live_server.url + "/pref-74/", timeout=20)
    action, fields = read_form_with(home, "/comptes/deconnexion/")
    out = session.post(action, data=fields, allow_redirects=False, timeout=20)

    end_session = urlparse(out.headers["Location"])
    assert end_session.path == "/session/end"
    parameters = parse_qs(end_session.query)
    assert parameters["id_token_hint"][0].count(".") == 2  # the id_token, a JWT
    assert parameters["post_logout_redirect_uri"] == [
        f"{live_server.url}/comptes/proconnect/deconnecte/"
    ]
    assert len(parameters["state"][0]) >= 32
    confirm = session.get(out.headers["Location"], timeout=20)
    action, fields = read_form(confirm)
    back = session.post(action, data={**fields, "logout": "yes"}, timeout=20)
    assert urlparse(back.url).path == "/comptes/connexion/"
    assert "Vous êtes déconnecté·e de Qualipilote et de ProConnect." in page_text(back)
    # The provider's session is over: signing in asks for the login at the provider again.
    restart = session.get(live_server.url + LOGIN, timeout=20)
    assert "/interaction/" in restart.url
    assert session.get(live_server.url + "/pref-74/", allow_redirects=False).status_code == 302


def read_form_with(page: requests.Response, action_path: str) -> tuple[str, dict]:
    """The form of `page` posting to `action_path`, with its CSRF token."""
    token = re.search(
        r'<form[^>]*action="'
        + re.escape(action_path)
        + r'"[^>]*>.*?name="csrfmiddlewaretoken" value="([^"]+)"',
        page.text,
        re.S,
    )
    assert token, "no sign-out form"
    return requests.compat.urljoin(page.url, action_path), {"csrfmiddlewaretoken": token.group(1)}


def test_proconnect_is_switched_off_without_configuration(client, settings):
    settings.PROCONNECT_ENABLED = False

    login_page = client.get("/comptes/connexion/")

    assert "ProConnect" not in login_page.content.decode()
    assert client.get(LOGIN).status_code == 404
    assert client.get("/comptes/proconnect/retour/?code=a&state=b").status_code == 404
    assert Invitation.objects.count() == 0
