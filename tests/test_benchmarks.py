"""The benchmark harness keeps working (tiny repeat count; no timing is asserted here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
    assert [r["figure"][:3] for r in rows] == ["5a.", "5b.", "5c.", "6. ", "6b."]
    for row in rows:
        assert row["ours"] is None and row["passed"] is None
        assert row["note"].startswith("skipped: no Chromium at CALFLIB_CHROMIUM=")
    assert "skipped: no Chromium" in done.stdout
