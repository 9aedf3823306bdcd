"""Settings come from the environment, then from the development .env file (ENV_FILE, `.env`
beside manage.py by default); a missing or malformed variable stops the start with a French
sentence naming the variable and how to set it, without a traceback. Each case starts a real
`manage.py` in a clean environment, as an operator would."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")
PRINT_SETTINGS = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name, None) for name in %r}, default=str))"
)


def manage(*args, env=None, env_file=""):
    clean = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "ENV_FILE": env_file,
    }
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=clean | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )


def settings_with(names, env=None, env_file=""):
    result = manage("shell", "-c", PRINT_SETTINGS % (names,), env=env, env_file=env_file)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "une-vraie-cle-de-production-" + "x" * 40}


def test_a_missing_secret_key_says_in_french_what_to_set():
    """Before: an English traceback ending in "The environment variable SECRET_KEY is required"."""
    result = manage("check", env={"DEBUG": "0"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert "make run" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DEBUG", "peut-être", "La variable DEBUG doit valoir 1 ou 0"),
        (
            "PUBLIC_FEEDBACK_RATE_LIMIT",
            "cinq",
            "La variable PUBLIC_FEEDBACK_RATE_LIMIT doit être un nombre entier",
        ),
        (
            "TRUSTED_PROXY_COUNT",
            "-1",
            "La variable TRUSTED_PROXY_COUNT doit être un nombre entier supérieur ou égal à 0",
        ),
        ("DATABASE_URL", "base-de-test", "La variable DATABASE_URL"),
        ("SESSION_STORE", "fichier", "La variable SESSION_STORE doit valoir db ou cache"),
        ("LOG_FORMAT", "xml", "La variable LOG_FORMAT doit valoir json ou text"),
        ("HUEY_WORKERS", "0", "La variable HUEY_WORKERS doit être un nombre entier"),
        ("HEALTHZ_NETWORKS", "le-reseau", "La variable HEALTHZ_NETWORKS doit être une liste"),
    ],
)
def test_a_malformed_variable_is_named_in_french(name, value, expected):
    result = manage("check", env=PRODUCTION | {name: value})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert f"« {value} »" in result.stderr


def test_the_env_file_is_read_and_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\nSECRET_KEY=cle-du-fichier\nTRUSTED_PROXY_COUNT=2\n")
    from_file = settings_with(
        ["DEBUG", "SECRET_KEY", "TRUSTED_PROXY_COUNT"], env_file=str(env_file)
    )
    assert from_file == {"DEBUG": True, "SECRET_KEY": "cle-du-fichier", "TRUSTED_PROXY_COUNT": 2}
    overridden = settings_with(
        ["DEBUG", "SECRET_KEY", "TRUSTED_PROXY_COUNT"],
        env=PRODUCTION | {"TRUSTED_PROXY_COUNT": "1"},
        env_file=str(env_file),
    )
    assert overridden == {
        "DEBUG": False,
        "SECRET_KEY": PRODUCTION["SECRET_KEY"],
        "TRUSTED_PROXY_COUNT": 1,
    }


def test_deployment_choices_come_from_the_environment():
    chosen = settings_with(
        [
            "CACHES",
            "PUBLIC_FEEDBACK_RATE_LIMIT",
            "PUBLIC_FEEDBACK_RATE_WINDOW",
            "AXES_FAILURE_LIMIT",
            "AXES_COOLOFF_TIME",
            "SESSION_COOKIE_AGE",
            "SECURE_HSTS_SECONDS",
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
        ],
        env=PRODUCTION
        | {
            "REDIS_URL": "redis://cache.interne:6379/1",
            "PUBLIC_FEEDBACK_RATE_LIMIT": "10",
            "PUBLIC_FEEDBACK_RATE_WINDOW": "600",
            "LOGIN_FAILURE_LIMIT": "3",
            "LOGIN_COOLOFF_MINUTES": "30",
            "SESSION_IDLE_MINUTES": "60",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_SSL_REDIRECT": "1",
            "TRUSTED_PROXY_COUNT": "1",
        },
    )
    assert chosen["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert chosen["CACHES"]["default"]["LOCATION"] == "redis://cache.interne:6379/1"
    assert chosen["PUBLIC_FEEDBACK_RATE_LIMIT"] == 10
    assert chosen["PUBLIC_FEEDBACK_RATE_WINDOW"] == 600
    assert chosen["AXES_FAILURE_LIMIT"] == 3
    assert chosen["AXES_COOLOFF_TIME"] == "0:30:00"
    assert chosen["SESSION_COOKIE_AGE"] == 3600
    assert chosen["SECURE_HSTS_SECONDS"] == 31536000
    assert chosen["SECURE_SSL_REDIRECT"] is True
    assert chosen["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_without_redis_the_cache_is_the_shared_database_table():
    chosen = settings_with(["CACHES"], env=PRODUCTION)
    assert chosen["CACHES"]["default"]["BACKEND"] == "qualipilote.common.cache.DatabaseCache"


HTTPS = {
    "ALLOWED_HOSTS": "qualipilote.example.gouv.fr",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "1",
}


def test_the_deployment_check_is_clean_with_production_settings():
    result = manage(
        "check", "--deploy", "--tag", "security", "--fail-level", "WARNING", env=PRODUCTION | HTTPS
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_names_what_production_forgot():
    result = manage(
        "check", "--deploy", "--tag", "security", env=PRODUCTION | {"ALLOWED_HOSTS": "x.gouv.fr"}
    )
    assert "security.W004" in result.stderr  # HSTS
    assert "security.W008" in result.stderr  # redirect to HTTPS


PROCONNECT = {
    "PROCONNECT_ISSUER": "https://auth.agentconnect.gouv.fr/api/v2/.well-known/openid-configuration",
    "PROCONNECT_CLIENT_ID": "client",
    "PROCONNECT_CLIENT_SECRET": "secret",
}


def test_proconnect_is_switched_on_by_its_three_variables_and_its_sign_out_allowed_by_the_csp():
    values = settings_with(
        ["PROCONNECT_ENABLED", "PROCONNECT_ISSUER", "OIDC_RP_CLIENT_ID", "CONTENT_SECURITY_POLICY"],
        env=PRODUCTION | PROCONNECT,
    )

    assert values["PROCONNECT_ENABLED"] is True
    assert values["PROCONNECT_ISSUER"] == "https://auth.agentconnect.gouv.fr/api/v2"
    assert values["OIDC_RP_CLIENT_ID"] == "client"
    form_action = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["form-action"]
    assert "https://auth.agentconnect.gouv.fr" in form_action


def test_proconnect_is_off_without_its_variables():
    values = settings_with(["PROCONNECT_ENABLED", "CONTENT_SECURITY_POLICY"], env=PRODUCTION)
    assert values["PROCONNECT_ENABLED"] is False
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["form-action"] == ["'self'"]


def test_proconnect_half_configured_stops_the_start_in_french():
    result = manage("check", env=PRODUCTION | {"PROCONNECT_CLIENT_ID": "client"})
    assert result.returncode == 1
    assert "ProConnect est à moitié configuré : il manque PROCONNECT_ISSUER, " in result.stderr


def test_redis_url_puts_the_task_queue_on_redis_too_and_sessions_may_go_to_the_cache():
    chosen = settings_with(
        ["HUEY", "SESSION_ENGINE"],
        env=PRODUCTION | {"REDIS_URL": "redis://cache.interne:6379/1", "SESSION_STORE": "cache"},
    )
    assert chosen["HUEY"]["huey_class"] == "huey.RedisHuey"
    assert chosen["HUEY"]["url"] == "redis://cache.interne:6379/1"
    assert chosen["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_the_queue_is_sqlite_and_sessions_the_database():
    chosen = settings_with(["HUEY", "SESSION_ENGINE"], env=PRODUCTION)
    assert chosen["HUEY"]["huey_class"] == "huey.SqliteHuey"
    assert chosen["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_a_redis_url_of_another_kind_is_refused_in_french():
    result = manage("check", env=PRODUCTION | {"REDIS_URL": "http://cache.interne:6379"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "La variable REDIS_URL doit être une adresse redis://" in result.stderr


def test_s3_bucket_switches_files_to_object_storage_with_short_lived_private_urls():
    chosen = settings_with(
        ["STORAGES"],
        env=PRODUCTION
        | {
            "S3_BUCKET": "qualipilote-preuves",
            "S3_ENDPOINT_URL": "https://s3.interne",
            "S3_URL_SECONDS": "30",
        },
    )
    default = chosen["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "qualipilote-preuves"
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.interne"
    assert default["OPTIONS"]["default_acl"] == "private"
    assert default["OPTIONS"]["querystring_expire"] == 30


def test_static_hashed_serves_whitenoise_manifest_names():
    chosen = settings_with(
        ["STORAGES", "WHITENOISE_USE_FINDERS"], env=PRODUCTION | {"STATIC_HASHED": "1"}
    )
    assert chosen["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert chosen["WHITENOISE_USE_FINDERS"] is False


def test_a_malformed_sentry_dsn_is_refused_in_french():
    result = manage("check", env=PRODUCTION | {"SENTRY_DSN": "pas-une-adresse"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "La variable SENTRY_DSN" in result.stderr


def test_a_sentry_dsn_switches_error_reporting_on_without_personal_data():
    result = manage(
        "shell",
        "-c",
        "import sentry_sdk; client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['send_default_pii'])",
        env=PRODUCTION | {"SENTRY_DSN": "https://cle@sentry.interne/42"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True False"
