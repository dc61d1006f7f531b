# E-Advokasi — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The web server and the worker both see them: unless SITE_URL is set, the links in
# e-mails point at http://$(HOST):$(PORT) (advokasi/settings/base.py).
export HOST PORT

.PHONY: help install assets run web worker migrate seed test test-fast lint messages lock check-deploy clean

help:
	@echo "make run    install, migrate, seed demo data, start web + Celery worker/beat (Ctrl-C stops all)"
	@echo "make test   install and run the whole test suite"

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "E-Advokasi needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1)); set PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $@

install: $(VENV)/.installed

# Front-end packages come from npm, pinned by package-lock.json, copied into
# static/vendor/ (ignored by git). Never a CDN: the site must work on an intranet.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Every file a copied asset points at (its source map) is copied too: the production
# manifest storage follows those references and collectstatic fails on a missing one.
# Depends on the Makefile so that a changed copy list refreshes an existing checkout.
static/vendor/.installed: node_modules/.installed Makefile
	@mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/chartjs
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
	   static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/chartjs/
	@touch $@

assets: static/vendor/.installed

migrate: install
	$(MANAGE) migrate --noinput

# The calendar reaches two years back so that older cases keep correct deadlines.
seed: migrate
	$(MANAGE) sync_holidays --from-year $$(( $$(date +%Y) - 2 ))
	$(MANAGE) seed_demo --skip-calendar

# Web server and a Celery worker with embedded beat, in the foreground. Ctrl-C (or
# any of them dying) stops all of them. Safe to run again: every step is idempotent.
run: install assets seed
	@echo "E-Advokasi: http://$(HOST):$(PORT)/  (demo accounts: see README.md; Ctrl-C to stop)"
	@trap 'trap - INT TERM EXIT; kill $$(jobs -p) 2>/dev/null; wait' INT TERM EXIT; \
	$(VENV)/bin/celery -A advokasi worker --beat --loglevel=INFO --concurrency=2 & \
	$(MANAGE) runserver --noreload $(HOST):$(PORT) & \
	wait -n

web: install assets
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A advokasi worker --beat --loglevel=INFO

test: install assets
	$(PY) -m pytest $(PYTEST_ARGS)

# No browser, worker or release tests. The rest runs in TEST_WORKERS processes (pytest-xdist;
# 0: in this one) on SQLite databases in memory (ADVOKASI_TEST_DB, advokasi/settings/test.py),
# then the few tests that hand the database to a subprocess (marker db_file) on a file.
# Exit status 5 is pytest's "no tests selected" (e.g. PYTEST_ARGS naming one folder).
TEST_WORKERS ?= auto
FAST := not browser and not worker and not release
test-fast: install assets
	ADVOKASI_TEST_DB=memory $(PY) -m pytest -n $(TEST_WORKERS) -m "$(FAST) and not db_file" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PY) -m pytest -m "$(FAST) and db_file" $(PYTEST_ARGS) || [ $$? -eq 5 ]

# ruff, then the import rules between apps (pyproject.toml [tool.importlinter]; ADR 0005).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

messages: install
	cd $(CURDIR) && $(MANAGE) makemessages -l en --no-obsolete --no-location --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=var
	$(MANAGE) compilemessages -l en --ignore=.venv

check-deploy: install
	DJANGO_SETTINGS_MODULE=advokasi.settings.production DEBUG=false \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	ALLOWED_HOSTS=advokasi.example.go.id SITE_URL=https://advokasi.example.go.id DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/deploy-check.sqlite3} \
	$(MANAGE) check --deploy --fail-level WARNING

lock: install
	$(PIP) install --quiet -r requirements.in
	( echo '# Pinned with `pip freeze` from requirements.in (direct dependencies). Regenerate: make lock'; $(PIP) freeze ) > requirements.txt

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
