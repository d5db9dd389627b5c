PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Only pass directories that exist (benchmarks/ and examples/ may not yet).
LINT_DIRS := $(wildcard rosterkit tests benchmarks examples)
MYPY_DIRS := $(wildcard rosterkit tests benchmarks)

.PHONY: install demo test test-slow lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[dev]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rosterkit solve examples/clinic/practice.yaml --out out/clinic --time-limit 60 --workers 2
	@echo "Roster written to out/clinic/ (roster.csv, grid.csv, team.ics, calendars/, report.txt)"

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_DIRS)
	$(BIN)/ruff format --check $(LINT_DIRS)
	$(BIN)/lint-imports --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy $(MYPY_DIRS)

test: $(STAMP)
	$(BIN)/ruff check $(LINT_DIRS)
	$(BIN)/ruff format --check $(LINT_DIRS)
	$(BIN)/mypy $(MYPY_DIRS)
	$(BIN)/lint-imports --no-logo
	$(BIN)/pytest

test-slow: $(STAMP)
	HYPOTHESIS_PROFILE=slow $(BIN)/pytest -m slow

clean:
	rm -rf $(VENV) out build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache \
		.hypothesis .import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
