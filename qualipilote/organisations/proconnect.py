"""Sign-in with ProConnect, the State's identity federation (OpenID Connect, authorization code
flow), on mozilla-django-oidc.

Configured from the environment only (settings: PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID,
PROCONNECT_CLIENT_SECRET, PROCONNECT_SIGNING_ALGORITHM); without them the button is not shown
and every address here answers 404. The provider's endpoints come from its discovery document
(`<issuer>/.well-known/openid-configuration`), read at the first sign-in and kept an hour,
never at start-up: a provider that is down must not stop password sign-in.

What is checked, each refusal with a French sentence on the login page:
- `state` (64 characters) must be one this browser's session started, used once;
- the id_token and the userinfo, both JWTs signed with the provider's key (JWKS), must verify,
  come from the issuer, be meant for our client id; the id_token must carry the `nonce`
  (64 characters) of the same request, and the userinfo the same `sub`;
- the identity must be expected: services.sign_in_with_proconnect matches it by `sub`, or by
  e-mail to a pending invitation (or an existing member at the first sign-in), and refuses
  anyone else without creating anything.
Signing out ends the provider's session too (end_session_endpoint with id_token_hint).
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from .services import ProConnectIdentity, SignInRefused, sign_in_with_proconnect

logger = logging.getLogger(__name__)

BACKEND = "qualipilote.organisations.proconnect.ProConnectBackend"
ID_TOKEN_SESSION_KEY = "oidc_id_token"
DISCOVERY_PATH = "/.well-known/openid-configuration"
DISCOVERY_SECONDS = 3600
# mozilla-django-oidc's endpoint settings, read from the discovery document instead.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}

UNAVAILABLE = (
    "ProConnect ne répond pas pour le moment : réessayez dans quelques minutes, ou connectez-vous "
    "avec votre identifiant et votre mot de passe."
)
UNVERIFIED = (
    "La réponse de ProConnect n'a pas pu être vérifiée ({reason}) : la connexion est refusée. "
    "Recommencez ; si cela se reproduit, prévenez l'administrateur de Qualipilote."
)

_discovered: dict[str, tuple[float, dict]] = {}


def enabled() -> bool:
    return settings.PROCONNECT_ENABLED


def provider_metadata() -> dict:
    """The provider's discovery document, fetched at most once an hour per process."""
    issuer = settings.PROCONNECT_ISSUER
    # Nothing cached yet is not "fetched at 0": the monotonic clock starts near 0 at boot, and a
    # process started within the hour would have used an empty document.
    if issuer in _discovered:
        fetched_at, metadata = _discovered[issuer]
        if time.monotonic() - fetched_at < DISCOVERY_SECONDS:
            return metadata
    try:
        response = requests.get(issuer + DISCOVERY_PATH, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("ProConnect discovery failed: %s", error)
        raise SignInRefused(UNAVAILABLE) from error
    missing = [name for name in (*ENDPOINTS.values(), "issuer") if not metadata.get(name)]
    if missing or metadata["issuer"] != issuer:
        logger.error(
            "ProConnect discovery document unusable: missing %s, issuer %s",
            missing,
            metadata.get("issuer"),
        )
        raise SignInRefused(UNAVAILABLE)
    _discovered[issuer] = (time.monotonic(), metadata)
    return metadata


def forget_provider_metadata() -> None:
    _discovered.clear()


def oidc_setting(name: str, *default):
    """mozilla-django-oidc's settings, the endpoints taken from the discovery document."""
    if name in ENDPOINTS:
        return provider_metadata()[ENDPOINTS[name]]
    return import_from_settings(name, *default)


class ProConnectBackend(OIDCAuthenticationBackend):
    """Exchanges the code, verifies both JWTs and finds the person (services).

    Called by `callback` only: its `authenticate` takes keywords that no other sign-in passes, so
    Django's password sign-in never reaches it. Building it reads no setting and no network
    (Django builds every listed backend to load a session's user)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    # The attributes mozilla-django-oidc reads, resolved when the flow needs them.
    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, *, proconnect_code: str, proconnect_nonce: str):
        """The user of this authorization code, or SignInRefused saying why not."""
        self.request = request
        try:
            token_info = self.get_token(
                {
                    "client_id": self.OIDC_RP_CLIENT_ID,
                    "client_secret": self.OIDC_RP_CLIENT_SECRET,
                    "grant_type": "authorization_code",
                    "code": proconnect_code,
                    "redirect_uri": request.build_absolute_uri(reverse("proconnect:callback")),
                }
            )
        except requests.HTTPError as error:
            logger.warning("ProConnect refused the code: %s", error)
            raise SignInRefused(
                "ProConnect a refusé le code de connexion (déjà utilisé ou expiré) : recommencez "
                "depuis la page de connexion."
            ) from error
        except requests.RequestException as error:
            logger.warning("ProConnect token exchange failed: %s", error)
            raise SignInRefused(UNAVAILABLE) from error
        id_token, access_token = token_info.get("id_token"), token_info.get("access_token")
        if not id_token or not access_token:
            raise SignInRefused(UNVERIFIED.format(reason="aucun jeton d'identité"))
        payload = self.verify_token(id_token, nonce=proconnect_nonce)
        try:
            claims = self.get_userinfo(access_token, id_token, payload)
        except requests.RequestException as error:
            logger.warning("ProConnect userinfo failed: %s", error)
            raise SignInRefused(UNAVAILABLE) from error
        if claims.get("sub") != payload.get("sub"):
            raise SignInRefused(UNVERIFIED.format(reason="deux identités différentes"))
        user = sign_in_with_proconnect(ProConnectIdentity.from_claims(claims))
        self.id_token = id_token
        return user

    def get_userinfo(self, access_token, id_token, payload):
        """ProConnect answers the userinfo as a signed JWT (application/jwt), verified like the
        id_token; plain JSON (other providers) is refused, as it carries no signature."""
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/jwt":
            raise SignInRefused(UNVERIFIED.format(reason="informations d'identité non signées"))
        return self.verify_token(response.text)

    def verify_token(self, token, **kwargs):
        """Signature (provider's JWKS, configured algorithm), issuer, audience, expiry; the nonce
        of the id_token (kwargs["nonce"]) against the one this session sent."""
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
                raise SignInRefused(UNVERIFIED.format(reason="algorithme de signature inattendu"))
            key = self.retrieve_matching_jwk(token)
            required = ["iss", "aud", "sub"] + (
                ["exp", "iat", "nonce"] if "nonce" in kwargs else []
            )
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.PROCONNECT_ISSUER,
                leeway=60,
                options={"require": required},
            )
        except requests.RequestException as error:
            logger.warning("ProConnect JWKS unavailable: %s", error)
            raise SignInRefused(UNAVAILABLE) from error
        except jwt.InvalidSignatureError as error:
            logger.warning("ProConnect token with an invalid signature: %s", error)
            raise SignInRefused(UNVERIFIED.format(reason="signature invalide")) from error
        except (jwt.PyJWTError, SuspiciousOperation) as error:
            logger.warning("ProConnect token refused: %s", error)
            raise SignInRefused(UNVERIFIED.format(reason=f"jeton refusé : {error}")) from error
        if "nonce" in kwargs and payload.get("nonce") != kwargs["nonce"]:
            logger.warning("ProConnect id_token with an unexpected nonce")
            raise SignInRefused(
                "La réponse de ProConnect ne correspond pas à la demande de connexion partie de "
                "ce navigateur (nonce inattendu) : la connexion est refusée. Recommencez depuis "
                "la page de connexion."
            )
        return payload

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def _refuse(request, message: str):
    messages.error(request, message)
    return redirect("accounts:login")


class LoginView(OIDCAuthenticationRequestView):
    """Sends the browser to ProConnect with a fresh state and nonce kept in the session
    (mozilla-django-oidc), and `?next=` remembered for the return."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not enabled():
            raise Http404("ProConnect n'est pas configuré.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except SignInRefused as refusal:
            return _refuse(request, str(refusal))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@require_GET
def callback(request):
    """Where ProConnect sends the browser back with `code` and `state`."""
    if not enabled():
        raise Http404("ProConnect n'est pas configuré.")
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    started = states.pop(state, None) if state else None
    request.session["oidc_states"] = states  # each state is used once, even when refused
    if request.GET.get("error"):
        logger.info("ProConnect answered %s", request.GET.get("error"))
        return _refuse(
            request,
            "La connexion avec ProConnect n'a pas abouti "
            f"({request.GET.get('error_description') or request.GET['error']}). Recommencez, ou "
            "connectez-vous avec votre identifiant et votre mot de passe.",
        )
    if started is None:
        logger.warning("ProConnect callback with an unknown state")
        return _refuse(
            request,
            "Cette réponse de ProConnect ne correspond à aucune connexion en cours dans ce "
            "navigateur (state inconnu ou déjà utilisé) : recommencez depuis la page de connexion.",
        )
    issuer = request.GET.get("iss")
    if issuer is not None and issuer != settings.PROCONNECT_ISSUER:
        return _refuse(request, UNVERIFIED.format(reason="émetteur inattendu"))
    code = request.GET.get("code", "")
    if not code:
        return _refuse(request, UNVERIFIED.format(reason="aucun code d'autorisation"))
    backend = ProConnectBackend()
    try:
        user = backend.authenticate(
            request, proconnect_code=code, proconnect_nonce=started.get("nonce") or ""
        )
    except SignInRefused as refusal:
        return _refuse(request, str(refusal))
    next_url = request.session.get("oidc_login_next")
    auth.login(request, user, backend=BACKEND)
    request.session[ID_TOKEN_SESSION_KEY] = backend.id_token
    return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


def provider_logout_url(request) -> str | None:
    """Where signing out sends a person signed in with ProConnect: the provider's
    end_session_endpoint, which ends their ProConnect session and sends them back to
    `logged_out`. None for everyone else (settings.SIGN_OUT_PROVIDER_URL names this function,
    for accounts' sign-out view, which sits below this app)."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not id_token or not enabled():
        return None
    try:
        endpoint = provider_metadata().get("end_session_endpoint")
    except SignInRefused:
        return None
    if not endpoint:
        return None
    parameters = {
        "id_token_hint": id_token,
        "state": get_random_string(settings.OIDC_STATE_SIZE),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("proconnect:logged_out")),
    }
    return f"{endpoint}?{urlencode(parameters)}"


@require_GET
def logged_out(request):
    """The post_logout_redirect_uri registered with ProConnect."""
    if not enabled():
        raise Http404("ProConnect n'est pas configuré.")
    messages.info(request, "Vous êtes déconnecté·e de Qualipilote et de ProConnect.")
    return redirect("accounts:login")
