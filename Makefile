# RéFLEX — `make run` serves the demo, `make test` runs every check. Both install what they need into .venv.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# pgserver (the embedded PostgreSQL) ships wheels up to Python 3.12, so 3.12 comes first.
PYTHON ?= $(shell for p in python3.12 python3.13 $(HOME)/.pyenv/versions/3.12*/bin/python3.12 $(HOME)/.pyenv/versions/3.13*/bin/python3.13; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$p"; break; }; done)

.PHONY: run test install install-dev messages lint migrations-check pytest worker clean bench load logins

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "RéFLEX needs Python 3.12 or 3.13 (Django 6.1). Install one, e.g. 'apt install python3.12 python3.12-venv'," ; \
		echo "or 'pyenv install 3.12', then run make again (or pass PYTHON=/path/to/python3.12)."; exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

install-dev: install

messages: install
	@$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

run: install messages
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo --if-empty
	@$(PY) -c "from reflex.demo import DEMO_ACCOUNTS, DEMO_PASSWORD; \
		print('\nDemo accounts (password: ' + DEMO_PASSWORD + '):'); [print(f'  {e:40} {r}') for e, r in DEMO_ACCOUNTS]; \
		print('\nRéFLEX: http://127.0.0.1:8000\n')"
	@# The task worker runs beside the server and is started again if it ever stops (as systemd would).
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		( trap 'kill $$child 2>/dev/null; wait $$child 2>/dev/null; exit 0' TERM INT; \
		  while true; do $(MANAGE) worker --interval 1 & child=$$!; wait $$child; \
		  echo "The task worker stopped (status $$?); starting it again in 2 s."; sleep 2; done ) & worker=$$!; \
		$(MANAGE) runserver 127.0.0.1:8000

worker: install
	$(MANAGE) worker

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

pytest: install messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint migrations-check pytest

# Department-scale figures (see README "Benchmarks"): data seeded once into its own database, then measured.
bench: install messages
	$(PY) bench/run.py

load: install messages
	$(PY) bench/load.py

logins: install
	$(PY) bench/logins.py

clean:
	rm -rf $(VENV) staticfiles
