# make run  : environment + locked dependencies, migrate, demo data, serve on http://127.0.0.1:8000
# make test : everything needed, then the whole suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)

SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
# Python 3.12+: the pyenv build pinned in .python-version, else python3.12 on PATH.
PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python3 /root/.pyenv/versions/$(PYTHON_VERSION)/bin/python3) $(shell command -v python3.12 2>/dev/null))
UV_VERSION := 0.13.8
UV := .uv/bin/uv
VENV := .venv
OCOP := $(VENV)/bin/ocop
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test env test-deps serve worker bench bench-national clean messages

$(UV):
	@test -n "$(PYTHON)" || { echo "Python $(PYTHON_VERSION) not found (pyenv or python3.12)"; exit 1; }
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	UV_PYTHON=$(PYTHON) UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --quiet --compile-bytecode
	@touch $@

# Bytecode compiled once here (uv sync --compile-bytecode for the dependencies): a machine with
# PYTHONDONTWRITEBYTECODE set otherwise compiles every module again in every process it starts.
env: $(VENV)/.synced
	@$(VENV)/bin/python -m compileall -q -j 0 ocop > /dev/null

run: env
	DEBUG=1 $(OCOP) migrate --no-input
	DEBUG=1 $(OCOP) load_demo
	@echo ""
	@echo "Open http://$(HOST):$(PORT)/  (Ctrl+C stops the server and the background worker)"
	@DEBUG=1 $(OCOP) worker --interval 0.5 > data/worker.log 2>&1 & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  DEBUG=1 $(OCOP) runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests (never a downloaded browser); gettext for messages.
test-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
	  || echo "WARNING: chromium could not be installed; browser tests will be skipped"; }

test: env test-deps
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -n 2 --dist loadfile --durations=20

messages: env
	cd ocop && DEBUG=1 ../$(OCOP) makemessages -l vi --no-obsolete
	$(VENV)/bin/python tools/fill_po.py ocop/locale/vi/LC_MESSAGES/django.po tools/vi.tsv $(sort $(wildcard tools/vi/*.tsv))
	cd ocop && DEBUG=1 ../$(OCOP) compilemessages

bench: env
	$(VENV)/bin/python bench/register_bench.py
	$(VENV)/bin/python bench/criteria_bench.py
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(VENV)/bin/python bench/verify_bench.py
	$(VENV)/bin/python bench/catalogue_bench.py
	$(VENV)/bin/python bench/plans_bench.py

# National scale (issue 17): one register of ROWS rows; the import and verification benchmarks when present.
ROWS ?= 200000
bench-national: env
	$(VENV)/bin/python bench/national.py --rows $(ROWS)
	@if [ -f bench/national_import.py ]; then $(VENV)/bin/python bench/national_import.py --rows $(ROWS); fi
	@if [ -f bench/national_verify.py ]; then $(VENV)/bin/python bench/national_verify.py --rows $(ROWS); fi

clean:
	rm -rf .venv .uv data
