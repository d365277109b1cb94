# Two commands do all set-up on a fresh machine:
#   make run    start the app on http://localhost:8501
#   make test   lint, type-check and run every test (unit, page and real-browser tests)
# Both build .venv from the pinned versions in requirements/*.lock when it is missing or stale.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test bench lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lumbar Log needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements/app.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/app.lock
	@touch $@

$(VENV)/.test-installed: requirements/test.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/test.lock
	@touch $@ $(VENV)/.app-installed

run: $(VENV)/.app-installed
	$(BIN)/streamlit run serve.py

test: $(VENV)/.test-installed
	@scripts/ensure-chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.test-installed
	@scripts/ensure-chromium
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Re-pin after changing the ranges in pyproject.toml (needs network access to the package index).
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --no-header -q -o requirements/app.lock
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --no-header -q --extra test -o requirements/test.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache test-artifacts
