# The Calf Massage Workbook: the two commands a newcomer needs are `make lab` and `make test`.
# Everything installs into ./.venv from the project's own files (pyproject.toml).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Running as root (containers, CI) needs --allow-root for Jupyter; harmless to omit otherwise.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test lint typecheck unit install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade uv
	$(VENV)/bin/uv pip install --python $(PY) --compile-bytecode --quiet -e '.[test]'
	$(PY) -m compileall -q calflib
	touch $(STAMP)

## Open the workbook in JupyterLab on the start page.
lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/00_start_here.ipynb $(ROOT_FLAG)

## Run every check CI runs: lint, format, types, unit/property/widget tests and every notebook.
test: $(STAMP)
	$(VENV)/bin/ruff check calflib tests notebooks
	$(VENV)/bin/ruff format --check calflib tests notebooks
	$(VENV)/bin/mypy
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
