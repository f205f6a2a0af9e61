# Two commands matter: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: test lint typecheck pytest matrix demo bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]'
	touch $@

$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# As the oldest Python (pyproject's python_version), then as a newer one: code behind a
# `sys.version_info >= (3, 11)` branch is only checked by the second pass.
typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy --strict vogent_async tests noxfile.py
	$(BIN)/mypy --strict --python-version 3.12 vogent_async

# Branch coverage with a floor that only rises (measured 97% when it was set).
pytest: $(VENV)/.dev-installed
	$(BIN)/coverage run -m pytest -q
	$(BIN)/coverage report

# Strict: a broken reference, link, snippet or docstring fails the build. Offline.
docs: $(VENV)/.docs-installed
	$(BIN)/mypy --strict --python-version 3.11 docs/examples docs/_ext
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# noxfile.py: the core of the suite on Python 3.10, 3.12 and 3.13, and on the lowest
# dependencies pyproject.toml allows; then the sdist and wheel, built, checked, and the
# wheel smoke-tested in a clean venv outside the tree. A Python pyenv lacks is skipped,
# named in a warning and in nox's summary (NOX_REQUIRE_ALL=1 makes that an error).
matrix: $(VENV)/.dev-installed
	$(BIN)/nox

# The full suite (3.11) and the matrix's sessions (their own venvs) run side by side on
# two cores; --output-sync prints each one's output whole when it ends.
test: lint typecheck
	$(MAKE) -j2 --output-sync=target pytest matrix
	$(MAKE) docs

# About 25 minutes on 2 cores: the suite against its baselines; writes benchmarks/RESULTS.md.
bench: $(VENV)/.bench-installed
	$(BIN)/python -m benchmarks

demo: $(VENV)/.installed
	$(BIN)/python -m vogent_async demo

clean:
	rm -rf $(VENV) .nox .mypy_cache .ruff_cache .pytest_cache site dist
