"""The benchmark harness keeps working (tiny repeat count; no timing is asserted here)."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_harness_runs_and_writes_every_field(tmp_path: Path) -> None:
    """`python -m benchmarks --quick` prints a table and writes JSON rows with every field."""
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--repeat",
            "1",
            "--only",
            "import,screening,widget",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "figure" in done.stdout and "assess()" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    names = [f["figure"] for f in data["figures"]]
    assert any(n.startswith("2a.") for n in names) and any(n.startswith("4.") for n in names)
    for row in data["figures"]:
        assert set(row) == {"figure", "unit", "ours", "floor", "ratio", "budget", "passed", "note"}
        assert isinstance(row["ours"], float)  # differences of noisy timings may be negative
    assert data["meta"]["quick"] is True


def test_unknown_figure_is_refused() -> None:
    """Asking for a figure that does not exist names the known ones."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "nope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "choose from notebooks, import" in done.stderr


def test_browser_figures_without_chromium_are_skipped_rows(tmp_path: Path) -> None:
    """With no Chromium, figures 5 and 6 are rows saying why they were skipped (no browser
    starts)."""
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--only",
            "browser,site",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env={**os.environ, "CALFLIB_CHROMIUM": str(tmp_path / "no-chromium")},
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(out.read_text(encoding="utf-8"))["figures"]
    assert [r["figure"][:3] for r in rows] == ["5a.", "5b.", "5c.", "5d.", "5e.", "6. ", "6b."]
    for row in rows:
        assert row["ours"] is None and row["passed"] is None
        assert row["note"].startswith("skipped: no Chromium at CALFLIB_CHROMIUM=")
    # Only the figures have a budget; the diagnostics say they have none.
    budgets = {r["figure"][:2]: r["budget"] for r in rows if r["figure"].startswith("5")}
    assert budgets == {
        "5a": "ratio <= 1.3",
        "5b": "ratio <= 1.3",
        **{f: "(diagnostic: no budget)" for f in ("5c", "5d", "5e")},
    }
    assert "skipped: no Chromium" in done.stdout


def _lab_figures() -> ModuleType:
    """benchmarks/browser_figures.py (the checkout is on the path under `python -m pytest`, not
    always under a bare `pytest`)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("benchmarks.browser_figures")


def _source(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def test_chapter_with_bare_widget_replaces_only_the_questionnaire_cell() -> None:
    """Figure 5d's notebook: chapter 02 with the bare notebook's cell in the questionnaire cell's
    place, every other cell's source as it was, and no outputs."""
    lab = _lab_figures()
    chapter = ROOT / "notebooks" / lab.CHAPTER
    before = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
    after = lab._bare_in_chapter_notebook(chapter)["cells"]
    assert len(after) == len(before)
    sources = [_source(cell) for cell in after]
    assert sources.count(lab._FLOOR_SOURCE) == 1
    assert not any("ScreeningQuestionnaire()" in source for source in sources)
    replaced = sources.index(lab._FLOOR_SOURCE)
    assert "ScreeningQuestionnaire()" in _source(before[replaced])
    for index, (new, old) in enumerate(zip(after, before, strict=True)):
        assert new["cell_type"] == old["cell_type"]
        if index != replaced:
            assert new["source"] == old["source"]
        if new["cell_type"] == "code":
            assert new["outputs"] == [] and new["execution_count"] is None


def test_chapter_cut_after_the_questionnaire_keeps_its_text_and_the_code_before() -> None:
    """Figure 5e's notebook: chapter 02 up to and with the questionnaire's cell, then its
    Markdown only; no outputs."""
    lab = _lab_figures()
    chapter = ROOT / "notebooks" / lab.CHAPTER
    before = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
    after = lab._cut_after_questionnaire_notebook(chapter)["cells"]
    asked = next(i for i, c in enumerate(before) if "ScreeningQuestionnaire()" in _source(c))
    later_code = [c for c in before[asked + 1 :] if c["cell_type"] == "code"]
    assert later_code, "chapter 02 shows no widget after the questionnaire: 5e would equal 5b"
    kept = before[: asked + 1] + [c for c in before[asked + 1 :] if c["cell_type"] != "code"]
    assert [_source(c) for c in after] == [_source(c) for c in kept]
    assert "ScreeningQuestionnaire()" in _source(after[asked])
    assert all(c["cell_type"] == "markdown" for c in after[asked + 1 :])
    for cell in after:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize(
    "make", ["_bare_in_chapter_notebook", "_alone_notebook", "_cut_after_questionnaire_notebook"]
)
def test_made_notebooks_have_no_outputs(tmp_path: Path, make: str) -> None:
    """Figures 5c to 5e run their notebooks from scratch: a chapter saved with outputs and
    execution counts gives notebooks without them (text cells as they were)."""
    lab = _lab_figures()
    run = {"cell_type": "code", "execution_count": 3, "metadata": {}}
    output = {"output_type": "stream", "name": "stdout", "text": "old\n"}
    cells = [
        {**run, "source": "print('before')", "outputs": [output]},
        {**run, "source": "ScreeningQuestionnaire()", "outputs": [output]},
        {"cell_type": "markdown", "metadata": {}, "source": "Text after"},
        {**run, "source": "print('after')", "outputs": [output]},
    ]
    chapter = tmp_path / "chapter.ipynb"
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    chapter.write_text(json.dumps(notebook), encoding="utf-8")
    made = getattr(lab, make)(chapter)["cells"]
    code = [cell for cell in made if cell["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert all(c == cells[2] for c in made if c["cell_type"] == "markdown")


@pytest.mark.parametrize(
    "make", ["_bare_in_chapter_notebook", "_alone_notebook", "_cut_after_questionnaire_notebook"]
)
@pytest.mark.parametrize("calls", [0, 2])
def test_chapter_without_one_questionnaire_cell_is_refused(
    tmp_path: Path, make: str, calls: int
) -> None:
    """Figures 5c, 5d and 5e need exactly one code cell showing the questionnaire."""
    lab = _lab_figures()
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": []}
    cells = [{**cell, "source": "print('no widget here')"}]
    cells += [{**cell, "source": "ScreeningQuestionnaire()"} for _ in range(calls)]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    chapter = tmp_path / "chapter.ipynb"
    chapter.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(RuntimeError, match=rf"chapter.ipynb: expected one cell .* found {calls}"):
        getattr(lab, make)(chapter)
