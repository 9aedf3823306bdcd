# Qualipilote — a newcomer needs two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Development defaults; production sets its own environment (see README).
DEV_ENV := DEBUG=1 HUEY_IMMEDIATE=1
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-secret-key HUEY_IMMEDIATE=1 TEMPLATE_STRING_IF_INVALID="INVALID_TEMPLATE_VARIABLE(%s)"

.PHONY: install run serve demo test test-browser lint format bench bench-quick migrate clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_frameworks
	$(DEV_ENV) $(PY) manage.py load_indicators
	$(DEV_ENV) $(PY) manage.py load_demo

run: demo
	@$(DEV_ENV) $(PY) manage.py demo_logins
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

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
