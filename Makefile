# Set-up and everyday commands. Each target creates/reuses the local virtual environment.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark

.PHONY: demo test bench lint clean browser-deps

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "crosswire needs $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	@touch $(STAMP)

# The Spark engine's extra (PySpark, pyarrow, pandas: ~740 MB) for the tests only; `make demo`
# does not need it.
$(SPARK_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[spark]'
	@touch $(SPARK_STAMP)

demo: $(STAMP)
	$(BIN)/crosswire demo

# Headless Chromium for the end-to-end browser tests (tests/test_browser.py): does nothing when
# `chromium` is on PATH; installs it with apt-get when possible (root on Debian/Ubuntu); otherwise
# the browser tests skip and say why.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium for the browser tests (apt-get)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    { apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
	      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; }; } \
	      || echo "could not install chromium: the browser tests will skip"; \
	  else echo "chromium not found and not installable here: the browser tests will skip"; fi; }

test: $(SPARK_STAMP) browser-deps
	$(BIN)/python -m pytest

bench: $(STAMP)
	@for b in benchmarks/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache build src/*.egg-info
