# The two commands of the README:
#   make run    install, create the demo database when none exists, serve on http://127.0.0.1:8050
#   make test   install (with test tools and Debian's Chromium) and run every test
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
PIP     := $(BIN)/pip --disable-pip-version-check --quiet

.PHONY: run test install install-test system-deps

run: install
	$(BIN)/saniveld run

test: install-test system-deps
	$(BIN)/python -m pytest

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
