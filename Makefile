# The two commands of the README:
#   make run    install, create the demo database when none exists, serve on http://127.0.0.1:8050
#   make test   install (with test tools, Debian's Chromium and PostgreSQL), start a throw-away
#               PostgreSQL on loopback, and run every test (integration tests on both backends)
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
PIP     := $(BIN)/pip --disable-pip-version-check --quiet

.PHONY: run test install install-test system-deps

run: install
	$(BIN)/saniveld run

test: install-test system-deps
	SANIVELD_TEST_PG_URL="$$(./scripts/start-postgres.sh)" $(BIN)/python -m pytest

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

system-deps:
	./scripts/install-system-deps.sh
