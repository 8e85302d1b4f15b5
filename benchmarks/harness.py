"""The measuring harness: interleaved repeats, medians, budgets, a table and a JSON file."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["Figure", "interleave", "median", "median_gap", "run_command", "table", "write_json"]


@dataclass(frozen=True)
class Figure:
    """One benchmark figure: our median next to its floor's, and whether the budget holds."""

    figure: str
    unit: str
    ours: float | None  # None: not measured (the note says why)
    floor: float | None
    ratio: float | None
    budget: str
    passed: bool | None
    note: str = ""


def interleave(
    ours: Callable[[], float], floor: Callable[[], float] | None, repeat: int
) -> tuple[list[float], list[float]]:
    """Run ours and the floor alternately ``repeat`` times; return both lists of timings."""
    mine: list[float] = []
    base: list[float] = []
    for _ in range(repeat):
        mine.append(ours())
        if floor is not None:
            base.append(floor())
    return mine, base


def run_command(
    cmd: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> float:
    """Wall-clock seconds of one command run to completion (it must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"benchmark command failed ({done.returncode}): {' '.join(cmd)}\n{done.stdout[-2000:]}"
            f"\n{done.stderr[-2000:]}"
        )
    return elapsed


def median(values: list[float]) -> float:
    """The median (values must not be empty)."""
    return statistics.median(values)


def median_gap(later: list[float], earlier: list[float]) -> float:
    """The median of each run's own difference (later - earlier), not a difference of medians
    taken from different runs."""
    return median([b - a for b, a in zip(later, earlier, strict=True)])


def table(figures: list[Figure]) -> str:
    """A plain-text table of the figures."""
    head = f"{'figure':<46} {'ours':>10} {'floor':>10} {'ratio':>6}  {'budget':<30} result"
    lines = [head, "-" * len(head)]
    for f in figures:
        ours = f"{f.ours:.4g}" if f.ours is not None else "-"
        floor = f"{f.floor:.4g}" if f.floor is not None else "-"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "-"
        result = "n/a" if f.passed is None else ("PASS" if f.passed else "FAIL")
        lines.append(
            f"{f.figure:<46} {ours:>10} {floor:>10} {ratio:>6}  {f.budget:<30} {result}"
            + (f"  ({f.note})" if f.note else "")
        )
        lines.append(f"{'':<46} unit: {f.unit}")
    return "\n".join(lines)


def write_json(figures: list[Figure], path: Path, meta: dict[str, object]) -> None:
    """Write the figures and run metadata as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"meta": meta, "figures": [asdict(f) for f in figures]}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def python() -> str:
    """The interpreter running the benchmarks (the project's venv)."""
    return sys.executable
