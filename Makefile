PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: run test check build clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q -c constraints.txt -e .
	touch $@

$(VENV)/.full: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q -c constraints.txt -e '.[mt,server,test]'
	touch $@ $(VENV)/.core

# Build the bundled corpus project, then open the review TUI on a terminal
# (or print the summary when there is none).
run: $(VENV)/.core
	$(BIN)/workbench build --project .
	@if [ -t 0 ] && [ -t 1 ] && [ -z "$$CI" ] && $(BIN)/workbench review --help >/dev/null 2>&1; then \
		$(BIN)/workbench review --project . ; \
	fi

# Lint, types and the import contracts (docs/architecture.md) before the tests.
check: $(VENV)/.full
	$(BIN)/ruff check .
	$(BIN)/mypy workbench
	$(BIN)/lint-imports

# the tests are independent (each project in its own tmp_path): one worker per
# core; tests are dealt one by one and an idle worker steals queued ones, so a
# file of slow tests (test_cli, test_spelling) no longer keeps one worker busy
# while the other waits (a module fixture is built at most once per worker)
test: check
	$(BIN)/python -m pytest -q -n auto --dist worksteal

clean:
	rm -rf $(VENV) .workbench
