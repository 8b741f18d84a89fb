# Balai. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed ## Create .venv and install Balai with its dev tools

run: install ## Migrate, seed the demo, print the admin login, serve on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install ## Run the test suite (SQLite; PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## Update the Indonesian catalogue (locale/id) and compile it
	flock locale/.lock $(MANAGE) makemessages -l id --no-obsolete --ignore=.venv --ignore=bench --ignore=tests
	flock locale/.lock $(MANAGE) compilemessages -l id --ignore=.venv

messages-upstream: install ## Compile and check Balai's Indonesian for Wagtail, allauth and Django (locale_upstream)
	flock locale/.lock $(PY) bin/upstream_messages.py compile
	$(PY) bin/upstream_messages.py check

worker: install ## Run the background task worker (reminder e-mails)
	$(MANAGE) db_worker

bench: install ## Benchmarks against Wagtail API v2 and a bare Django view (needs PostgreSQL)
	$(PY) bench/run.py

loadtest: install ## Enrollment rush and fault tests over HTTP (needs PostgreSQL)
	$(PY) bench/loadtest.py
	$(PY) bench/loadtest_slots.py

e2e: install ## Only the browser tests (needs Debian's Chromium: apt-get install chromium)
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

screenshots: install ## Phone and desktop screenshots of the demo into docs/screenshots (needs Chromium)
	$(PY) bin/screenshots.py

.PHONY: help install run test lint format messages messages-upstream worker bench loadtest screenshots e2e
