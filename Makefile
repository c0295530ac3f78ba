# casedesk: set-up on a fresh Debian 12 machine, as root.
#   make run     system packages, venv, migrate, static files, demo data,
#                then serve http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)
#   make test    system packages (with chromium), dev venv, ruff, the whole test suite
#   make bench   the benchmarks, when there are any
#   make clean   delete var/ (the SQLite database, media, static files) and .venv
# Nothing is activated: every command uses .venv/bin/python.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
# pytest-xdist workers; PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
# Where settings.py puts the SQLite file and the collected static files.
VAR_DIR := $(or $(CASEDESK_VAR_DIR),var)

.PHONY: run test bench clean

run:
	bash scripts/system-packages.sh
	@$(MAKE) --no-print-directory $(VENV)/.requirements.stamp
	@mkdir -p $(VAR_DIR)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	@$(PY) manage.py help load_demo >/dev/null 2>&1 || { \
	    echo "make run: 'manage.py load_demo' does not exist yet, so there is no demo data to load." >&2; \
	    exit 1; }
	$(PY) manage.py load_demo
	bash scripts/serve.sh

test:
	bash scripts/system-packages.sh --test
	@$(MAKE) --no-print-directory $(VENV)/.requirements-dev.stamp
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -p xdist -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench:
	@if [ -f bench/run.py ]; then \
	    bash scripts/system-packages.sh && \
	    $(MAKE) --no-print-directory $(VENV)/.requirements-bench.stamp && \
	    $(PY) bench/run.py; \
	else \
	    echo "make bench: there are no benchmarks yet (bench/run.py is not there)."; \
	fi

clean:
	rm -rf var $(VENV)

# The venv, made once. If making it fails half-way, nothing is left behind.
$(PY):
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# pip runs only when a requirements file is newer than its stamp.
$(VENV)/.requirements.stamp: requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.requirements-dev.stamp: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	touch $@

# The bench's peer (django-fsm-log): installed by `make bench` only, never by `make run`.
$(VENV)/.requirements-bench.stamp: requirements.txt requirements-dev.txt requirements-bench.txt | $(PY)
	$(PIP) install -r requirements-bench.txt
	touch $@
