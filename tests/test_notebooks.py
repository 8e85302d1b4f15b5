"""Tests for the notebook files: committed stripped, kernel python3, narrative and short calls."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from calflib.content_in_use import default_content

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


_CITE = re.compile(r"\[([^\[\]]*\bS\d+[a-z]?\b[^\[\]]*)\]")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_cited_source_is_in_the_chapters_source_list(path: Path) -> None:
    """A key cited in a chapter's text ([S65]) is listed, with its label, under its Sources heading,
    and exists in the bibliography (so a learner can look up every citation)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    listing = next((c for c in cells if c.startswith("## Sources")), "")
    cited = {
        key.strip()
        for cell in cells
        if cell is not listing
        for group in _CITE.findall(cell)
        for key in group.split(",")
        if re.fullmatch(r"S\d+[a-z]?", key.strip())
    }
    if not cited:
        return
    listed = set(re.findall(r"\*\*(S\d+[a-z]?)\*\*", listing))
    assert cited <= listed, f"cited but not listed under Sources: {sorted(cited - listed)}"
    assert cited <= set(default_content().sources)
