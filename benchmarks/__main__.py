"""python -m benchmarks [--repeat N] [--only a,b] [--quick] [--out FILE]"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import sys
import tempfile
import time
import timeit
from pathlib import Path

from benchmarks.figures import FIGURES, ROOT
from benchmarks.harness import table, write_json


def cpu_check_ms() -> float:
    """Milliseconds for a fixed pure-Python loop (best of 5): this run's machine speed."""
    best = min(timeit.repeat("sum(range(100_000))", number=20, repeat=5))
    return round(best * 1000, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure the workbook's figures side by side with their floors.",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median taken)")
    parser.add_argument(
        "--only", default="", help=f"comma-separated subset of: {', '.join(FIGURES)}"
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check the harness")
    parser.add_argument(
        "--out", type=Path, default=Path("benchmarks/results/latest.json"), help="JSON output"
    )
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(FIGURES)
    unknown = [name for name in chosen if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    # Measure calflib as installed (make install compiles it): with PYTHONDONTWRITEBYTECODE set,
    # as on these machines, a module edited since would be compiled again in every process.
    compileall.compile_dir(ROOT / "calflib", quiet=1)
    # calflib's parse cache in a private folder for this run (never the developer's own), inherited
    # by every process measured: each figure's first run fills it, so medians are warm-cache
    # kernels, as every kernel after a learner's first is.
    cache = tempfile.mkdtemp(prefix="calflib-bench-cache-")
    os.environ["CALFLIB_CACHE"] = cache
    speed_before = cpu_check_ms()
    figures = []
    started = time.perf_counter()
    for name in chosen:
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        figures.extend(FIGURES[name](args.repeat, args.quick))
    print(table(figures))
    meta = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "repeat": args.repeat,
        "quick": args.quick,
        "seconds": round(time.perf_counter() - started, 1),
    }
    meta["parse_cache"] = "a private folder for this run, filled by each figure's first run"
    # These machines share their CPUs: the same pure-Python loop, before and after the run,
    # shows whether it ran on a slowed machine (absolute budgets then fail; ratios hold better).
    meta["cpu_check_ms"] = {"before": speed_before, "after": cpu_check_ms()}
    print(
        f"\nmachine speed check (a fixed Python loop, lower is faster): {speed_before} ms before, "
        f"{meta['cpu_check_ms']['after']} ms after the run"
    )
    write_json(figures, args.out, meta)
    shutil.rmtree(cache, ignore_errors=True)
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
