"""The benchmark figures (issue 6): each returns one or more Figure rows."""

from __future__ import annotations

import atexit
import itertools
import json
import os
import random
import shutil
import tempfile
import time
import timeit
from pathlib import Path

from benchmarks.browser_figures import browser_figures
from benchmarks.harness import Figure, interleave, median, python, run_command
from benchmarks.print_figures import print_figures
from benchmarks.site_figure import site_figure

__all__ = ["FIGURES"]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["CALFLIB_HOME"] = tempfile.mkdtemp(prefix="calflib-bench-home-")
    atexit.register(shutil.rmtree, env["CALFLIB_HOME"], ignore_errors=True)
    return env


def _nbval(paths: list[Path], cwd: Path) -> list[str]:
    return [
        python(),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--nbval",
        "--nbval-current-env",
        *map(str, paths),
    ]


def notebook_suite(repeat: int, quick: bool) -> list[Figure]:
    """nbval over every notebook vs the same number of one-cell `pass` notebooks."""
    ours = NOTEBOOKS[:1] if quick else NOTEBOOKS
    tmp = Path(tempfile.mkdtemp(prefix="calflib-bench-nb-"))
    floor = []
    for i in range(len(ours)):
        nb = {
            "cells": [
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": f"c{i}",
                    "metadata": {},
                    "outputs": [],
                    "source": ["pass"],
                }
            ],
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        path = tmp / f"floor_{i:02d}.ipynb"
        path.write_text(json.dumps(nb), encoding="utf-8")
        floor.append(path)
    env = _env()
    mine, base = interleave(
        lambda: run_command(_nbval(ours, ROOT), cwd=ROOT, env=env),
        lambda: run_command(_nbval(floor, tmp), cwd=tmp, env=env),
        repeat,
    )
    shutil.rmtree(tmp, ignore_errors=True)
    ratio = median(mine) / median(base)
    return [
        Figure(
            f"1. nbval, {len(ours)} notebooks",
            "s",
            median(mine),
            median(base),
            ratio,
            "ratio <= 1.3",
            ratio <= 1.3,
        )
    ]


def imports(repeat: int, quick: bool) -> list[Figure]:
    """Import time in a fresh interpreter: core vs bare, widgets layer vs ipywidgets.

    Each round runs all five commands one after another, so every figure and its floor meet the
    same moment's machine; at least 20 rounds, as one process start is short and noisy.
    """
    py = python()
    env = _env()
    every_widget = "import calflib.widgets as w; [getattr(w, n) for n in w.__all__]"
    one_widget = "from calflib.widgets import ScreeningQuestionnaire"
    commands = {
        "bare": "pass",
        "core": "import calflib, calflib.screening",
        "ipywidgets": "import ipywidgets",
        "layer": every_widget,
        "single": one_widget,
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(5 if quick else max(repeat * 4, 20)):
        for name, code in commands.items():
            times[name].append(run_command([py, "-c", code], env=env))
    bare, core, ipyw = times["bare"], times["core"], times["ipywidgets"]
    layer, single = times["layer"], times["single"]
    core_add = (median(core) - median(bare)) * 1000
    layer_add = (median(layer) - median(ipyw)) * 1000
    single_add = (median(single) - median(ipyw)) * 1000
    return [
        Figure(
            "2a. import calflib + screening engine (added over python -c pass)",
            "ms",
            core_add,
            median(bare) * 1000,
            median(core) / median(bare),
            "adds <= 50 ms",
            core_add <= 50,
        ),
        Figure(
            "2b. import every widget (added over import ipywidgets)",
            "ms",
            layer_add,
            median(ipyw) * 1000,
            median(layer) / median(ipyw),
            "adds <= 100 ms",
            layer_add <= 100,
        ),
        Figure(
            "2c. import one widget, as chapter 02 does (added over ipywidgets)",
            "ms",
            single_add,
            median(ipyw) * 1000,
            median(single) / median(ipyw),
            "adds <= 100 ms",
            single_add <= 100,
        ),
    ]


def screening(repeat: int, quick: bool) -> list[Figure]:
    """One assess call (median over mixed answer sets) and the exhaustive red-flag sweep."""
    from calflib.content_in_use import default_content
    from calflib.screening import answers_with, assess

    content = default_content()
    rng = random.Random(6)
    sets = []
    for _ in range(50):
        answers = {}
        for fid in content.finding_ids:
            state = rng.choice([True, False, False, None])
            if state is not None:
                answers[fid] = state
        answers.pop("recent_strain", None)
        sets.append(answers)
    number = 200 if quick else 2000
    per_call = []
    for _ in range(max(repeat, 3)):
        total = timeit.timeit(lambda: [assess(a) for a in sets], number=number // 50)
        per_call.append(total / (number // 50 * len(sets)) * 1e6)
    blank = min(timeit.repeat(lambda: assess({}), number=number, repeat=3)) / number * 1e6
    flags = content.red_flags
    base = answers_with(content=content)
    start = time.perf_counter()
    states = itertools.product((True, False, None), repeat=len(flags) if not quick else 6)
    count = 0
    for combo in states:
        answers = dict(base)
        for fid, state in zip(flags, combo, strict=False):
            if state is None:
                del answers[fid]
            else:
                answers[fid] = state
        assess(answers, content=content)
        count += 1
    sweep = time.perf_counter() - start
    return [
        Figure(
            "3a. assess(), one call (mixed answers)",
            "us",
            median(per_call),
            None,
            None,
            "<= 50 us",
            median(per_call) <= 50,
        ),
        Figure(
            "3b. assess(), worst case (all 'not sure')",
            "us",
            blank,
            None,
            None,
            "<= 50 us",
            blank <= 50,
        ),
        Figure(
            f"3c. exhaustive red-flag sweep ({count} cases)",
            "s",
            sweep,
            None,
            None,
            "(reported)",
            None,
        ),
    ]


def widget_reaction(repeat: int, quick: bool) -> list[Figure]:
    """Change one questionnaire answer until the verdict is updated, vs Dropdown -> HTML."""
    import ipywidgets as widgets

    from calflib.widgets import ScreeningQuestionnaire

    q = ScreeningQuestionnaire()
    for toggle in q.questions.values():
        toggle.value = "No"
    toggle = q.questions["calf_swelling_one_side"]
    values = itertools.cycle(["Yes", "No"])

    dropdown = widgets.Dropdown(options=["Yes", "No"], value="No")
    html = widgets.HTML()
    dropdown.observe(
        lambda change: setattr(html, "value", f"<b>{change['new']}</b>"), names="value"
    )
    bare_values = itertools.cycle(["Yes", "No"])
    number = 50 if quick else 300

    def ours() -> float:
        start = time.perf_counter()
        for _ in range(number):
            toggle.value = next(values)
        return (time.perf_counter() - start) / number * 1000

    def floor() -> float:
        start = time.perf_counter()
        for _ in range(number):
            dropdown.value = next(bare_values)
        return (time.perf_counter() - start) / number * 1000

    mine, base = interleave(ours, floor, max(repeat, 5))
    ratio = median(mine) / median(base)
    return [
        Figure(
            "4. widget reaction in the kernel",
            "ms",
            median(mine),
            median(base),
            ratio,
            "ratio <= 3 and <= 5 ms",
            ratio <= 3 and median(mine) <= 5,
            note="kernel-side only: comm messages go nowhere outside a kernel",
        ),
    ]


def setup(repeat: int, quick: bool) -> list[Figure]:
    """Time of the README set-up into a fresh venv, and the installed size."""
    if quick:
        return []
    tmp = Path(tempfile.mkdtemp(prefix="calflib-bench-venv-"))
    venv = tmp / "venv"
    seconds = run_command(["make", "-C", str(ROOT), "install", f"VENV={venv}"], cwd=ROOT)
    size = sum(p.stat().st_size for p in venv.rglob("*") if p.is_file()) / 1e6
    shutil.rmtree(tmp, ignore_errors=True)
    return [
        Figure(
            "7a. set-up: make install into a fresh venv",
            "s",
            seconds,
            None,
            None,
            "(reported; uv cache warm)",
            None,
        ),
        Figure("7b. installed size of the venv", "MB", size, None, None, "(reported)", None),
    ]


FIGURES = {
    "notebooks": notebook_suite,
    "import": imports,
    "screening": screening,
    "widget": widget_reaction,
    "browser": browser_figures,
    "site": site_figure,
    "setup": setup,
    "print": print_figures,
}
