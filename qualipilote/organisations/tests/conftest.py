"""Fixtures of the people tests: the local OpenID Connect provider standing for ProConnect."""

import copy

import pytest

from qualipilote.organisations import proconnect as proconnect_module

from .oidc import OidcProvider


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """node-oidc-provider on 127.0.0.1, its client registered with the live server's addresses;
    started once per test session (about a second), stopped at its end."""
    provider = OidcProvider(
        redirect_uri=f"{live_server.url}/comptes/proconnect/retour/",
        post_logout_redirect_uri=f"{live_server.url}/comptes/proconnect/deconnecte/",
    )
    yield provider
    provider.stop()


@pytest.fixture
def proconnect(settings, oidc_provider):
    """ProConnect switched on and pointed at the local provider, as the environment would
    (settings.py reads PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET).
    Cookies travel over plain HTTP to the live server."""
    settings.PROCONNECT_ENABLED = True
    settings.PROCONNECT_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider.client_secret
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc_provider.issuer)
    settings.CONTENT_SECURITY_POLICY = policy
    proconnect_module.forget_provider_metadata()
    oidc_provider.publish("own-key")
    yield oidc_provider
    proconnect_module.forget_provider_metadata()
