# The Calf Massage Workbook: the two commands a newcomer needs are `make lab` and `make test`.
# Everything installs into ./.venv from the lock files in requirements/ (exact versions, hashes
# checked), so a class set up next term gets the versions that passed the tests. `make lock`
# refreshes them from pyproject.toml (see the README, "Pinned versions").

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
# Three stamps, one per install step; each step reruns when its lock file (or pyproject.toml,
# which the editable install of calflib reads) is newer than its stamp.
UV_STAMP := $(VENV)/.installed-uv
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Running as root (containers, CI) needs --allow-root for Jupyter; harmless to omit otherwise.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
# CALFLIB_CHROMIUM, if set, names another Chromium binary and the set-up leaves the system alone.
CHROMIUM := /usr/bin/chromium

.PHONY: lab test lint typecheck unit install clean browser app site lock

## Install the workbook only (what `make lab`, `make app` and `make site` need), without opening it.
install: $(STAMP)

## The venv and the installer (uv, at the version of requirements/uv.txt, hash checked by pip).
$(UV_STAMP): requirements/uv.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/uv.txt
	touch $@

## The workbook: requirements/lab.txt (JupyterLab, ipywidgets, Voila and everything below them),
## then calflib itself, editable and with --no-deps (a folder has no hash to check). Adds to the
## venv rather than syncing it, so test tools from an earlier `make test` stay.
$(STAMP): $(UV_STAMP) requirements/lab.txt pyproject.toml
	$(UV) pip install --python $(PY) --compile-bytecode --quiet --require-hashes -r requirements/lab.txt
	$(UV) pip install --python $(PY) --compile-bytecode --quiet --no-deps -e .
	$(PY) -m compileall -q calflib
	touch $@

## The workbook and the test tools: the venv is synced to requirements/test.txt (the lab lock's
## versions plus pytest, nbval, Hypothesis, ruff, mypy, Playwright), so nothing left over from an
## older lock (a stray pytest plugin, say) takes part in the tests.
$(TEST_STAMP): $(STAMP) requirements/test.txt
	$(UV) pip sync --python $(PY) --compile-bytecode --quiet --require-hashes requirements/test.txt
	$(UV) pip install --python $(PY) --compile-bytecode --quiet --no-deps -e .
	$(PY) -m compileall -q calflib
	touch $@

## Refresh the lock files from pyproject.toml: every pin that still fits pyproject's ranges is kept
## and only what must move moves. `make lock UPGRADE=1` moves everything to the newest versions
## the ranges allow. One resolution for Linux, macOS and Windows, Python 3.11 and newer
## (--universal); test.txt and binder.txt take lab.txt as constraints, so all three agree on every
## package they share. Then run `make test` and commit requirements/ if it passes.
LOCK_FLAGS = $(strip --universal --python-version 3.11 --generate-hashes --quiet \
	--custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade,))
lock: $(UV_STAMP)
	$(UV) pip compile $(LOCK_FLAGS) pyproject.toml -o requirements/lab.txt
	$(UV) pip compile $(LOCK_FLAGS) pyproject.toml --extra test -c requirements/lab.txt \
	  -o requirements/test.txt
	$(UV) pip compile $(LOCK_FLAGS) pyproject.toml requirements/binder.in -c requirements/lab.txt \
	  -o requirements/binder.txt
	$(UV) pip compile $(LOCK_FLAGS) requirements/uv.in -o requirements/uv.txt

## Open the workbook in JupyterLab on the start page. The server's root is this folder, as on
## Binder and a hub, so the chapters' links to docs/ and the documented addresses work.
## JUPYTER_CONFIG_PATH adds jupyter-config/jupyter_server_config.py: chapters are saved without outputs, so they
## reopen clean and running them never changes the files in the repository.
lab: $(STAMP)
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" notebooks/00_start_here.ipynb $(ROOT_FLAG)

## Make sure the browser tests have a Chromium: install Debian's package as root, else say how.
## Not fatal: without a browser the browser tests fail under CI and are skipped (with a message) elsewhere.
browser:
	@if [ -n "$$CALFLIB_CHROMIUM" ] || [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests (apt-get, about 30 s, once)..."; \
	  { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "WARNING: could not install chromium with apt-get; the browser tests cannot run."; \
	else \
	  echo "Note: no $(CHROMIUM), so the browser tests cannot run (skipped; under CI=true they fail)." \
	       "To run them: sudo apt-get install chromium (Debian/Ubuntu), or set CALFLIB_CHROMIUM=/path/to/chromium."; \
	fi

## Serve the screening questionnaire and scenario trainer as a code-free page (Voila).
app: $(STAMP)
	$(VENV)/bin/calflib app

## Build the offline in-browser workbook (JupyterLite + Pyodide, no network needed) into build/site/.
## Needs npm and, the first time, PyPI and the npm registry; rebuilt only when an input changes.
## The rendered edition (build/book) and any printed handouts (build/handouts) ship inside it.
site: $(STAMP) book
	$(PY) scripts/build_site.py

## Run every check CI runs: lint, format, types, unit/property/widget tests, every notebook (nbval)
## and the real-browser tests (JupyterLab, the Voila app and the offline site in Chromium).
test: $(TEST_STAMP) browser site
	$(VENV)/bin/ruff check calflib tests notebooks scripts benchmarks
	$(VENV)/bin/ruff format --check calflib tests notebooks scripts benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest

## Measure how fast the workbook feels, each figure next to its floor (issue 6): prints a table and
## writes benchmarks/results/latest.json. Figures 5 and 6 drive Chromium (skipped, with a note,
## without it); figure 6 opens the offline site, so the site is built (or found current) first.
.PHONY: bench
bench: $(TEST_STAMP) browser site
	$(PY) -m benchmarks --out benchmarks/results/latest.json

## The rendered edition: every chapter run and shown with its outputs, as a static website in
## build/book/ (no kernel, no network; open build/book/index.html). Printed handouts already in
## build/handouts/ are linked from it, so run `make handouts` first to include them.
.PHONY: book handouts
book: $(STAMP)
	$(PY) scripts/build_book.py --out build/book

## Printable handouts (PDF, A4 and US Letter) in build/handouts/: screening and stop rules cards,
## scenario cards and their answers, the answer key, rubric and glossary. Chromium prints them;
## without it this says how to get it and fails.
handouts: $(STAMP) browser
	$(VENV)/bin/calflib handout all --out build/handouts

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis test-artifacts build
