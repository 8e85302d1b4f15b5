"""Tests for the notebook files: committed stripped, kernel python3, narrative and short calls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
MAX_CODE_LINES = 5


def test_expected_notebooks_exist() -> None:
    """The start page and the screening chapter are there."""
    names = {p.name for p in NOTEBOOKS}
    assert {"00_start_here.ipynb", "02_when_not_to_massage.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stripped(path: Path) -> None:
    """No outputs, execution counts or widget state are committed; the kernel is python3."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_code_is_short_calls_only(path: Path) -> None:
    """Code cells are a few lines (imports and calls); logic lives in calflib."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            lines = [ln for ln in source.splitlines() if ln.strip() and not ln.startswith("#")]
            assert len(lines) <= MAX_CODE_LINES, source
            assert "def " not in source and "class " not in source, source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_says_education_not_diagnosis(path: Path) -> None:
    """Every notebook carries the education-not-diagnosis note."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "not diagnosis" in text.lower() or "not a diagnosis" in text.lower()
