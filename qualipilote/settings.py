"""Qualipilote settings: one file, every deployment choice read from the environment.

Variables come from the environment first, then from the development file `.env` beside
manage.py (written by `make run`, never committed; ENV_FILE names another file, empty reads
none, as the tests do). A value that is missing where it matters (SECRET_KEY outside DEBUG) or
malformed stops the start with a French sentence naming the variable and how to set it, instead
of falling back silently; manage.py prints it without a traceback.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# override=False: a variable set in the environment always wins over the file.
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    load_dotenv(ENV_FILE, override=False)

TRUE_WORDS = {"1", "true", "yes", "on", "oui", "vrai"}
FALSE_WORDS = {"0", "false", "no", "off", "non", "faux"}


def configuration_error(message: str) -> ImproperlyConfigured:
    """A start refused for a variable: manage.py prints `message` alone (no traceback)."""
    error = ImproperlyConfigured(message)
    error.for_the_operator = True
    return error


def _raw(name: str) -> str | None:
    """The variable's value, None when unset or empty (an empty value means "the default")."""
    value = os.environ.get(name)
    return value if value else None


def env_str(name: str, default: str | None = None) -> str:
    value = _raw(name)
    if value is not None:
        return value
    if default is None:
        raise configuration_error(
            f"La variable d'environnement {name} est obligatoire : définissez-la "
            f"(export {name}=…) ou ajoutez une ligne {name}=… au fichier .env."
        )
    return default


def env_bool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise configuration_error(
        f"La variable {name} doit valoir 1 ou 0 (ou true/false, oui/non, on/off) ; "
        f"elle vaut « {raw} »."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or (minimum is not None and value < minimum):
        at_least = f" supérieur ou égal à {minimum}" if minimum is not None else ""
        raise configuration_error(
            f"La variable {name} doit être un nombre entier{at_least} ; elle vaut « {raw} »."
        )
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_database(name: str, default: str) -> dict:
    url = env_str(name, default)
    try:
        return dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    except (ValueError, dj_database_url.UnknownSchemeError) as error:
        scheme = url.split("://", 1)[0]  # never the rest: it may hold a password
        raise configuration_error(
            f"La variable {name} n'est pas une adresse de base de données reconnue (type "
            f"« {scheme} »). Exemples : sqlite:///db.sqlite3, "
            "postgres://utilisateur:mot-de-passe@serveur:5432/qualipilote."
        ) from error


DEBUG = env_bool("DEBUG", False)
# Only a debug server may run without its own key; production must provide one.
if not DEBUG and _raw("SECRET_KEY") is None:
    raise configuration_error(
        "La variable SECRET_KEY manque : hors développement (DEBUG=0), Qualipilote ne démarre "
        "pas sans clé secrète. En production, définissez-la, par exemple : "
        "export SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\". "
        "En développement, lancez make run : il écrit un fichier .env avec DEBUG=1 et une clé."
    )
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-dev-only-key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # dsfr before django.forms: its widget templates (radio, checkbox, error lists) override
    # Django's through FORM_RENDERER = TemplatesSetting, which searches apps in this order.
    "widget_tweaks",
    "dsfr",
    "django.forms",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the application (API docs)
    "simple_history",
    "huey.contrib.djhuey",
    "axes",
    "qualipilote.common",
    "qualipilote.accounts",
    "qualipilote.organisations",
    "qualipilote.frameworks",
    "qualipilote.assessments",
    "qualipilote.registers",
    "qualipilote.indicators",
    "qualipilote.crisis",
    "qualipilote.surveys",
    "qualipilote.improvement",
    "qualipilote.review",
    "qualipilote.committees",
    "qualipilote.documents",
    "qualipilote.training",
    "qualipilote.ecoresponsibility",
    "qualipilote.mystery",
    "qualipilote.publication",
    "qualipilote.api",
    # Outside the runtime package: demo data (its commands, and marks of what it created) and
    # benchmarks (commands only).
    "demo",
    "bench",
]

MIDDLEWARE = [
    # First: the request id and the JSON log line of every request; the load balancer's probe.
    "qualipilote.common.logs.RequestLogMiddleware",
    "qualipilote.common.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "qualipilote.common.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "qualipilote.organisations.access.OrganisationAccessMiddleware",
    # Last, as django-axes requires: turns a lock-out into the French login page (accounts.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qualipilote.urls"
WSGI_APPLICATION = "qualipilote.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Templates of django-dsfr that the project amends (searched before every app's own).
        "DIRS": [BASE_DIR / "qualipilote" / "common" / "overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dsfr.context_processors.site_config",
                "qualipilote.common.context_processors.organisation",
                "qualipilote.accounts.context_processors.sign_in_options",
            ],
            # Undefined variables show up loudly in tests instead of rendering as "".
            "string_if_invalid": env_str("TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# DSFR now recommends marking optional fields rather than required ones.
DSFR_MARK_OPTIONAL_FIELDS = True

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while a task writes; a busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests run on a file, not Django's default shared in-memory database: threads that stand for
    # simultaneous requests then meet the same locking (WAL, IMMEDIATE, busy timeout) as the
    # server; shared-cache memory databases answer "table is locked" at once instead of waiting.
    DATABASES["default"]["TEST"] = {
        "NAME": env_str("SQLITE_TEST_DATABASE", str(BASE_DIR / "db.sqlite3-test"))
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out (account, address) pair before the password is even
# checked, on the login page and on the admin's.
# The ProConnect backend only loads the users it signed in: its `authenticate` is called by
# ProConnect's callback alone (organisations/proconnect.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "qualipilote.organisations.proconnect.ProConnectBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Password reset links ("mot de passe oublié") are valid one hour.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_MINUTES", 60, minimum=1) * 60

# --- People: invitations and ProConnect -------------------------------------------------------
# An invitation link is valid INVITATION_VALID_DAYS days (resending it starts the period again).
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)
# The public address of the site (https://qualipilote.exemple.gouv.fr), for the links of e-mails
# sent outside a request (the invite_member command); pages use the address they were asked on.
SITE_URL = env_str("SITE_URL", "")

# ProConnect (OpenID Connect, organisations/proconnect.py): switched on when the issuer, the
# client id and its secret are all set; none set means switched off (no button, no address).
PROCONNECT_ISSUER = env_str("PROCONNECT_ISSUER", "").removesuffix(
    "/.well-known/openid-configuration"
)
PROCONNECT_CLIENT_ID = env_str("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = env_str("PROCONNECT_CLIENT_SECRET", "")
_proconnect_given = {
    name: bool(value)
    for name, value in (
        ("PROCONNECT_ISSUER", PROCONNECT_ISSUER),
        ("PROCONNECT_CLIENT_ID", PROCONNECT_CLIENT_ID),
        ("PROCONNECT_CLIENT_SECRET", PROCONNECT_CLIENT_SECRET),
    )
}
if any(_proconnect_given.values()) and not all(_proconnect_given.values()):
    missing = ", ".join(name for name, given in _proconnect_given.items() if not given)
    raise configuration_error(
        f"ProConnect est à moitié configuré : il manque {missing}. Définissez PROCONNECT_ISSUER, "
        "PROCONNECT_CLIENT_ID et PROCONNECT_CLIENT_SECRET ensemble, ou aucune des trois."
    )
PROCONNECT_ENABLED = all(_proconnect_given.values())
if PROCONNECT_ENABLED and not PROCONNECT_ISSUER.startswith(("https://", "http://")):
    raise configuration_error(
        "La variable PROCONNECT_ISSUER doit être une adresse https://… (par exemple "
        f"https://auth.agentconnect.gouv.fr/api/v2) ; elle vaut « {PROCONNECT_ISSUER} »."
    )
PROCONNECT_SIGNING_ALGORITHM = env_str("PROCONNECT_SIGNING_ALGORITHM", "RS256")
if PROCONNECT_SIGNING_ALGORITHM not in {"RS256", "RS384", "RS512", "ES256", "ES384", "PS256"}:
    raise configuration_error(
        "La variable PROCONNECT_SIGNING_ALGORITHM doit valoir RS256 ou ES256 (l'algorithme de "
        f"signature choisi pour l'application chez ProConnect) ; elle vaut "
        f"« {PROCONNECT_SIGNING_ALGORITHM} »."
    )
# mozilla-django-oidc's settings; the endpoints come from the provider's discovery document.
OIDC_RP_CLIENT_ID = PROCONNECT_CLIENT_ID
OIDC_RP_CLIENT_SECRET = PROCONNECT_CLIENT_SECRET
OIDC_RP_SIGN_ALGO = PROCONNECT_SIGNING_ALGORITHM
OIDC_RP_SCOPES = "openid given_name usual_name email uid siret"
OIDC_AUTHENTICATION_CALLBACK_URL = "proconnect:callback"
OIDC_STATE_SIZE = 64
OIDC_NONCE_SIZE = 64
OIDC_USE_NONCE = True
OIDC_TIMEOUT = env_int("PROCONNECT_TIMEOUT_SECONDS", 10, minimum=1)
# accounts' sign-out asks this function where to send a person signed in with ProConnect.
SIGN_OUT_PROVIDER_URL = "qualipilote.organisations.proconnect.provider_logout_url"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Without collectstatic (development, tests) whitenoise serves straight from the apps.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files (evidence, import files waiting for their task): local disk (MEDIA_ROOT), or S3-compatible
# object storage when S3_BUCKET is set (django-storages). Either way they are private: no public
# route serves them; downloads go through the application after the membership check.
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("S3_URL_SECONDS", 60, minimum=1),
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": env_str("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
    }
# STATIC_HASHED=1 (production, `make serve`): whitenoise serves collectstatic's copies under
# hashed, compressed names, cached for a year by browsers.
STATIC_HASHED = env_bool("STATIC_HASHED", False)
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_HASHED
        else env_str("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}
if STATIC_HASHED:
    WHITENOISE_USE_FINDERS = False

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qualipilote@localhost")

# --- Client address, shared cache, rate limits (public pages) -------------------------------
# How many reverse proxies stand in front of the application, each appending the address it saw
# to X-Forwarded-For. 0 (default): the header is ignored, since any client can forge it. N: the
# Nth address from the right is the client's (qualipilote.common.clients). The login lock-out
# and the public pages' rate limits count by that address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# One cache for every process (N workers must not give N times a limit, a restart must not reset
# it): Redis when REDIS_URL is set, otherwise the database (table created by the common app's
# migrations). The database cache's incr is made atomic in qualipilote.common.cache. It keeps up
# to 100,000 entries before culling (Django's default 300 would drop live counters).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise configuration_error(
        "La variable REDIS_URL doit être une adresse redis://serveur:6379/0 (ou rediss://, "
        f"unix://) ; elle commence par « {REDIS_URL.split('://', 1)[0][:20]} »."
    )
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that went away answers within seconds: pages fail with the friendly 503
            # (common.errors.server_error) instead of hanging.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "qualipilote.common.cache.DatabaseCache",
            "LOCATION": "qualipilote_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
# django-ratelimit counts in that cache. It is used as a library (common.ratelimit), not as an
# installed app: its system check calls every cache but memcached and django-redis unsupported.
RATELIMIT_USE_CACHE = "default"
# Public feedback form: accepted messages per client address and per organisation, per window.
PUBLIC_FEEDBACK_RATE_LIMIT = env_int("PUBLIC_FEEDBACK_RATE_LIMIT", 5, minimum=1)
PUBLIC_FEEDBACK_RATE_WINDOW = env_int("PUBLIC_FEEDBACK_RATE_WINDOW", 3600, minimum=1)
# Survey answers accepted per client address and organisation per window (a hall's shared
# Wi-Fi sends many people from one address: higher than the feedback form).
SURVEY_RATE_LIMIT = env_int("SURVEY_RATE_LIMIT", 30, minimum=1)
SURVEY_RATE_WINDOW = env_int("SURVEY_RATE_WINDOW", 3600, minimum=1)

# --- Accounts: login lock-out and session lifetime ---------------------------------------------
# After LOGIN_FAILURE_LIMIT wrong passwords for one account from one client address (the
# trusted-proxy address of common.clients, IPv6 by /64), that pair is refused for
# LOGIN_COOLOFF_MINUTES after the last failure, right password included. Per account AND address:
# a guesser cannot lock a colleague out of their own office, nor try every account from one
# place. A successful login forgets earlier mistakes. Attempts are kept in the database (shared
# by every process).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "qualipilote.common.clients.client_network"
AXES_LOCKOUT_CALLABLE = "qualipilote.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
# Failed attempts are what the lock-out needs; a log of every successful login would only be one
# more store of personal data.
AXES_DISABLE_ACCESS_LOG = True

# Sessions end after SESSION_IDLE_MINUTES without a request (8 hours: a working day), each request
# extending them (one UPDATE of the session row per request), instead of Django's two weeks from
# the login. The cookie also carries no expiry date, so closing the browser ends the session on
# the shared computers of a front office; the server-side idle limit still applies to browsers
# that restore their cookies on restart.
# Sessions live in the database (default, shared by every process) or, with SESSION_STORE=cache,
# in the shared cache (Redis) with the database behind it (cached_db: a restart of Redis signs
# nobody out).
SESSION_STORE = env_str("SESSION_STORE", "db")
if SESSION_STORE not in {"db", "cache"}:
    raise configuration_error(
        f"La variable SESSION_STORE doit valoir db ou cache ; elle vaut « {SESSION_STORE} »."
    )
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SESSION_STORE == "cache"
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 8 * 60, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# --- HTTPS and security headers ----------------------------------------------------------------
# Production serves HTTPS only (`manage.py check --deploy` is clean with the values of the README's
# production example; CI runs it). Behind a TLS-terminating proxy, SECURE_PROXY_SSL_HEADER tells
# Django a request was HTTPS (the proxy must overwrite X-Forwarded-Proto); it defaults to on when
# proxies are trusted (TRUSTED_PROXY_COUNT > 0). Left off by default: a redirect to HTTPS or HSTS
# on a server without a certificate locks people out, so the deployment turns them on.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_COUNT > 0):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): every script, style sheet, font and image comes from the
# application itself (django-dsfr ships the DSFR's files; htmx is django-htmx's). No inline script
# or style anywhere (templates bind behaviour in common/static/common/qualipilote.js and style in
# CSS files; common/tests/test_security_headers.py checks the templates, the browser tests check
# the pages raise no violation). The one addition is `data:` images: the DSFR style sheet draws
# some icons (checkboxes, select arrows) as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Signing out of ProConnect is a form posted here and redirected to ProConnect's
# end_session_endpoint: browsers check that redirect against form-action.
if PROCONNECT_ENABLED:
    _issuer = urlsplit(PROCONNECT_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )

# Background work: SQLite queue by default (one machine, no other server), Redis when REDIS_URL
# (or HUEY_REDIS_URL, to put the queue on another Redis) is set, immediate (synchronous) when
# HUEY_IMMEDIATE is set, as in tests. Every task is tracked in the database (common.tasks): a
# task whose consumer died is put back in the queue, and a periodic task runs once per schedule
# however many consumers there are.
HUEY_REDIS_URL = env_str("HUEY_REDIS_URL", "") or REDIS_URL
HUEY = {
    "name": "qualipilote",
    "immediate": env_bool("HUEY_IMMEDIATE", DEBUG),
    "huey_class": "huey.RedisHuey" if HUEY_REDIS_URL else "huey.SqliteHuey",
    **(
        {"url": HUEY_REDIS_URL}
        if HUEY_REDIS_URL
        else {"filename": env_str("HUEY_SQLITE_PATH", str(BASE_DIR / "huey.sqlite3"))}
    ),
    "consumer": {"workers": env_int("HUEY_WORKERS", 2, minimum=1), "worker_type": "thread"},
}
# A task started by a consumer on another machine that has not finished after this many seconds
# is taken for lost (on the same machine, the consumer's process is checked instead).
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 30 * 60, minimum=60)
# A lost task is put back in the queue at most this many times.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 3, minimum=1)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "qualipilote.api.authentication.OrganisationTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["qualipilote.api.permissions.IsOrganisationMember"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only (a form body cannot say null); NaN and Infinity reach the fields, which
    # refuse them by name (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["qualipilote.api.parsers.JSONParser"],
    # limit and offset checked and bounded (api/pagination.py).
    "DEFAULT_PAGINATION_CLASS": "qualipilote.api.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Qualipilote",
    "DESCRIPTION": "Registres et indicateurs de la démarche qualité, par organisation.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Choice sets sharing a field name across apps ("kind", "status"): each gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "CrisisEventKindEnum": "qualipilote.crisis.enums.EventKind",
        "ActionStatusEnum": "qualipilote.improvement.enums.ActionStatus",
        "FindingStatusEnum": "qualipilote.improvement.enums.FindingStatus",
    },
    # Error answers and empty filters, which the views do not declare (api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "qualipilote.api.schema.document_errors",
    ],
}

# Uploaded evidence: office documents, PDF and images only, 10 MB each by default.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Imports of registers may be large (100,000 rows): allowed up to 50 MB.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# What an import may hold once read, checked before reading (a 1 MB workbook can decompress to
# gigabytes): data rows (CSV or first sheet), uncompressed size of a workbook, and how many
# times smaller than its content a part of it may be compressed (real sheets: 5 to 20 times).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env_int(
    "IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", 150 * 1024 * 1024
)
IMPORT_XLSX_MAX_COMPRESSION_RATIO = env_int("IMPORT_XLSX_MAX_COMPRESSION_RATIO", 100)

# Logs: one JSON line per request and per task (common.logs: organisation code, request id,
# status, duration; never a name, an address or an e-mail), or readable lines in development.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise configuration_error(
        f"La variable LOG_FORMAT doit valoir json ou text ; elle vaut « {LOG_FORMAT} »."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "qualipilote.common.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF they make at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every failed login at INFO; a lock-out is a WARNING, which is kept.
        "axes": {"level": "WARNING"},
        # Our own line per request (common.logs) replaces Django's, which carries the query string.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # Huey's own lines name task arguments; common.tasks logs one line per task instead.
        "huey": {"level": "WARNING"},
    },
}

# /healthz answers over plain HTTP, whatever the Host header, to the load balancer's probes from
# these networks (loopback by default); from elsewhere it goes through the usual checks (HTTPS
# redirect, ALLOWED_HOSTS).
HEALTHZ_NETWORKS = env_list("HEALTHZ_NETWORKS", "127.0.0.0/8,::1/128")
for _network in HEALTHZ_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as error:
        raise configuration_error(
            "La variable HEALTHZ_NETWORKS doit être une liste de réseaux séparés par des virgules "
            f"(par exemple 127.0.0.0/8,10.0.0.0/8) ; « {_network} » n'en est pas un."
        ) from error

# Error reporting: Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is set. No
# personal data is sent (send_default_pii off: no user, no address, no cookie).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.utils import BadDsn

    try:
        sentry_sdk.init(
            dsn=SENTRY_DSN,
            environment=env_str("SENTRY_ENVIRONMENT", "production"),
            send_default_pii=False,
            traces_sample_rate=0.0,
        )
    except BadDsn as error:
        raise configuration_error(
            "La variable SENTRY_DSN n'est pas une adresse Sentry valable "
            "(https://clé@serveur/numéro-de-projet)."
        ) from error
