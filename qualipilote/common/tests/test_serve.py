"""Starting the production stack with a missing or malformed variable stops at once with a French
sentence naming it: `make serve` (deploy/serve) and gunicorn's configuration."""

import os
import subprocess

from django.conf import settings

ROOT = settings.BASE_DIR


def run(command, **variables):
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        command,
        cwd=ROOT,
        env=environment | variables,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_serve_names_the_missing_variable():
    result = run(
        ["deploy/serve"],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/qualipilote",
        SECRET_KEY="x" * 50,
    )
    assert result.returncode == 2
    assert "la variable REDIS_URL est obligatoire" in result.stderr


def test_make_serve_wants_postgresql():
    result = run(
        ["deploy/serve"],
        DATABASE_URL="sqlite:///db.sqlite3",
        REDIS_URL="redis://127.0.0.1:6379/5",
        SECRET_KEY="x" * 50,
    )
    assert result.returncode == 2
    assert "DATABASE_URL doit désigner PostgreSQL" in result.stderr


def test_make_serve_refuses_a_malformed_number_of_consumers():
    result = run(
        ["deploy/serve"],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/qualipilote",
        REDIS_URL="redis://127.0.0.1:6379/5",
        SECRET_KEY="x" * 50,
        HUEY_CONSUMERS="deux",
    )
    assert result.returncode == 2
    assert "HUEY_CONSUMERS doit être un nombre entier" in result.stderr


def test_gunicorn_names_a_malformed_variable_in_french():
    result = run(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--check-config"],
        GUNICORN_WORKERS="beaucoup",
        ENV_FILE="",
        DEBUG="0",
        SECRET_KEY="x" * 50,
    )
    assert result.returncode != 0
    assert "La variable GUNICORN_WORKERS doit être un nombre entier" in result.stderr


def test_gunicorn_stops_with_the_settings_french_sentence():
    result = run(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--check-config"],
        ENV_FILE="",
        DEBUG="0",
    )
    assert result.returncode != 0
    assert "Configuration incomplète" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
