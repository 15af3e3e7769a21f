# backrehab - the two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-machine lint unit test-js test-sqlite test-postgres bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed-app

# From the npm registry, never committed: @mediapipe/pose (the camera coach's pose model, served
# by the app's own static files under vendor/mediapipe-pose/), and for the tests axe-core
# (accessibility checks) and @vladmandic/human (its photograph is the browser test's fake camera).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed-app

## make run: install, migrate SQLite, load the library and the demo clinic, serve on :8000
run: $(VENV)/.installed-app node_modules/.installed
	$(BIN)/backrehab setup
	$(BIN)/backrehab serve --address 127.0.0.1:8000

## make test: lint, type-check, then the whole suite on SQLite and on PostgreSQL
test: test-machine lint test-js test-sqlite test-postgres

# Chromium, gettext, poppler, Pango and fonts when missing (installed when running as root on
# Debian, otherwise a message saying what to install), and the local PostgreSQL started.
test-machine:
	.ci/prepare-test-machine

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

# Browser-side ES modules (the camera coach's counter) under Node's own test runner.
test-js:
	node --test tests/js/

# One test process per core (pytest-xdist); each gets its own test database.
PYTEST := $(BIN)/pytest -p no:cacheprovider -n auto

test-sqlite: $(VENV)/.installed-dev node_modules/.installed | test-machine
	$(PYTEST)

test-postgres: $(VENV)/.installed-dev node_modules/.installed | test-machine
	DATABASE_URL=$(PG_URL) $(PYTEST)

## make bench: speed figures (not tests)
bench: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache node_modules
