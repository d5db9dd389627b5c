# Thin wrappers: every task lives in tasks.py, which needs only Python 3.11+ and pip.
PYTHON ?= python3

.PHONY: demo test test-slow clean

demo:
	$(PYTHON) tasks.py demo

test:
	$(PYTHON) tasks.py test

test-slow:
	$(PYTHON) tasks.py test-slow

clean:
	rm -rf .venv out build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache \
		.hypothesis .import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
