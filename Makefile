# Qualipilote — a newcomer needs two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
# Address of the development server: `make run PORT=8001` or `PORT=8001 make run`.
HOST ?= 127.0.0.1
PORT ?= 8000
# Development settings live in .env (DEBUG=1, a generated SECRET_KEY), written once by the first
# development target and read by qualipilote/settings.py; production sets its own environment
# (see README). The tests read no .env (ENV_FILE empty): they only see what TEST_ENV sets.
TEST_ENV := ENV_FILE= DEBUG=0 SECRET_KEY=test-only-secret-key HUEY_IMMEDIATE=1 TEMPLATE_STRING_IF_INVALID="INVALID_TEMPLATE_VARIABLE(%s)"

.PHONY: install run serve demo manage test test-browser lint format bench bench-quick migrate clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	touch $@

install: $(VENV)/.installed

# Never overwritten: a developer's own .env stays theirs. Not for production (DEBUG=1).
.env:
	@$(PYTHON) -c 'import secrets, sys; sys.stdout.write("\n".join([ \
	  "# Développement seulement : écrit par make, jamais versionné (.gitignore).", \
	  "# Les variables d'\''environnement l'\''emportent sur ce fichier.", \
	  "DEBUG=1", "HUEY_IMMEDIATE=1", "SECRET_KEY=" + secrets.token_urlsafe(50), ""]))' > $@
	@echo "Fichier .env écrit (développement : DEBUG=1, clé secrète générée)."

migrate: install .env
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_frameworks
	$(PY) manage.py load_indicators
	$(PY) manage.py load_demo

run: demo
	@$(PY) manage.py demo_logins --host $(HOST) --port $(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production stack on this machine: gunicorn (several workers) and Huey consumers on PostgreSQL
# and Redis; needs DATABASE_URL, REDIS_URL and SECRET_KEY (README, "Production"). Ctrl-C stops it.
serve: install
	deploy/serve

# Any manage.py command with the project's environment: make manage ARGS="createsuperuser".
manage: install .env
	$(PY) manage.py $(ARGS)

# Unit and integration tests on the database named by DATABASE_URL (SQLite when unset).
test: install
	$(TEST_ENV) $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# Browser tests: headless Debian Chromium driven by Playwright (see .ci/run for the install).
test-browser: install
	$(TEST_ENV) DJANGO_ALLOW_ASYNC_UNSAFE=1 $(PY) -m pytest -m browser -p no:randomly $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(TEST_ENV) $(PY) manage.py bench_indicators $(BENCH_ARGS)

bench-quick: install
	$(TEST_ENV) $(PY) manage.py bench_indicators --quick $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache
