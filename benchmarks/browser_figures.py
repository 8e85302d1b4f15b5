"""Figure 5 (issue 6): the workbook in real JupyterLab in Chromium, next to a bare widget notebook.

5a. Click to visible verdict: in chapter 02, all questions answered No, one clot sign's radio is
    clicked Yes (then No, alternately) until the verdict's text changes, vs a bare notebook whose
    Dropdown observer sets an HTML widget: an option is selected until the HTML's text changes.
5b. Run All Cells to the first widget visible (the questionnaire, with its verdict shown), with a
    fresh kernel per run, vs the bare notebook's widget (with its HTML shown).
5c. The same for a notebook of chapter 02's questionnaire cell alone (a diagnostic, no budget of
    its own in the issue): the widget's own cost, without the chapter around it (its other cells,
    the widgets after it that the browser builds at the same time, the long page).
5d. In the same runs as 5b, chapter 02 again vs chapter 02 with the bare notebook's widget in the
    questionnaire cell's place (a diagnostic, no budget): what the questionnaire costs where it
    stands (its cell's import of calflib.widgets included), with JupyterLab's own cost of running
    the whole chapter on both sides.
5e. In the same runs as 5b, chapter 02 with no code cell after the questionnaire's (its text
    kept) vs the bare notebook (a diagnostic, no budget): 5b without the widgets below the
    questionnaire (trainer, Wells explorer, self-check), which the kernel builds and the browser
    receives while the questionnaire is being drawn.

Times are taken inside the page with ``performance.now()``: from the DOM event the widget reacts
to (the button's click, the select's change), or from just before the Run All command, to the
first animation frame in which the new text, or the widget, is on the page (``wait_for_function``
polls once per frame). For 5b to 5e "on the page" means laid out with a box and its answer text in
it: Run All scrolls on to the last cell, so chapter 02's widget may already be above the viewport,
where the notebook's content-visibility hides its text from ``innerText``. Ours and the floor (for
5b, 5d and 5e: the chapter, the bare notebook, the chapter with the bare widget, the chapter cut
after the questionnaire) take turns within each run; each figure is the median over the runs.

One JupyterLab, started like the real-browser tests' (tests/browser/browser_support.py), serves a
temporary copy of notebooks/, the bare notebook and the notebooks 5c to 5e make from chapter 02.
Without Chromium or Playwright the rows are reported as skipped, with a note; a failed measurement
is reported as a row, never a crash.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks.harness import Figure, interleave, median, median_gap

__all__ = ["browser_figures"]

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "02_when_not_to_massage.ipynb"
FLOOR = "bench_floor.ipynb"
ALONE = "bench_questionnaire_alone.ipynb"
BARE_IN_CHAPTER = "bench_chapter_bare_widget.ipynb"
CUT_AFTER = "bench_chapter_cut_after_questionnaire.ipynb"
#: What the one code cell of chapter 02 that shows the questionnaire contains.
QUESTIONNAIRE_CALL = "ScreeningQuestionnaire()"
CLOT_SIGN = "calf_swelling_one_side"
BUDGET = 1.3
TIMEOUT_MS = 60_000
SETTLE_MS = 1_000  # after a notebook opens: let the page finish its own start-up work
NAMES = (
    "5a. JupyterLab: click to visible verdict",
    "5b. JupyterLab: Run All to first widget",
    "5c. JupyterLab: Run All, questionnaire cell alone",
    "5d. JupyterLab: chapter 02, bare widget in it",
    "5e. JupyterLab: chapter 02 cut after questionnaire",
)

#: The bare notebook: an ipywidgets Dropdown whose observer sets an HTML widget's value.
_FLOOR_SOURCE = """\
import ipywidgets as widgets

choice = widgets.Dropdown(options=["Yes", "No"], value="No", description="Answer")
shown = widgets.HTML("<b>No</b>")
choice.observe(lambda change: setattr(shown, "value", f"<b>{change['new']}</b>"), names="value")
choice.add_class("bench-choice")
shown.add_class("bench-shown")
box = widgets.VBox([choice, shown])
box.add_class("bench-floor")
box"""

# Which element each side's figures watch: (widget root, the part that shows the answer).
_OURS_WIDGET = (".jp-OutputArea .calf-questionnaire", ".calf-verdict-widget")
_FLOOR_WIDGET = (".jp-OutputArea .bench-floor", ".bench-shown")

_ARM = """() => {
    if (!window.__calfBench) {
        window.__calfBench = {};
        for (const type of ['click', 'change']) {
            document.addEventListener(type, () => { window.__calfBench.start = performance.now(); },
                                      true);
        }
    }
    window.__calfBench.start = null;
    window.__calfBench.end = null;
}"""
_CHANGED = """([selector, before, expected]) => {
    const shown = document.querySelector(selector);
    if (!shown || shown.innerText === before || !shown.innerText.includes(expected)) return false;
    window.__calfBench.end = performance.now();
    return true;
}"""
_RUN_ALL = """() => {
    window.__calfBench = {start: performance.now(), startEpoch: Date.now()};
    window.jupyterapp.commands.execute('notebook:run-all-cells');
}"""
#: The time (performance.now()) of the first frame with the widget laid out and its answer text
#: in it, or false before then. Shared with figure 6 (benchmarks/site_figure.py).
WIDGET_SHOWN_AT = """([root, part]) => {
    const box = document.querySelector(root);
    const answer = box && box.querySelector(part);
    if (!answer || !answer.textContent.trim()) return false;
    const rect = box.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    return performance.now();
}"""
_ELAPSED_MS = """() => {
    const {start, end} = window.__calfBench;
    return start === null || end === null ? null : end - start;
}"""


def browser_or_why_not() -> tuple[ModuleType, str] | str:
    """(the browser tests' support module, Chromium's path), or why the rows are skipped."""
    try:
        support = _support()
    except ImportError as exc:
        return f"skipped: Playwright is not importable ({exc})"
    from calflib.handouts import find_chromium  # the browser tests' and handouts' one rule

    where, chromium = find_chromium()
    if chromium is None:
        return (
            f"skipped: no Chromium at {where} (apt-get install chromium, or set CALFLIB_CHROMIUM)"
        )
    return support, chromium


def browser_figures(repeat: int, quick: bool) -> list[Figure]:
    """Figures 5a to 5e, or the same rows marked skipped (no browser) or failed, with a note."""
    found = browser_or_why_not()
    if isinstance(found, str):
        return _rows_without_numbers(found)
    support, chromium = found
    runs = 1 if quick else max(repeat, 1)
    clicks = 2 if quick else 10
    failures = _failures()
    try:
        return _measure(support, chromium, runs, clicks)
    except failures as exc:  # the server or the browser would not start
        return _rows_without_numbers(_failed(exc))


def _failures() -> tuple[type[BaseException], ...]:
    """What a failed measurement raises: browser_support reports a dead server with pytest.fail."""
    import pytest

    return (Exception, pytest.fail.Exception)


def _failed(exc: BaseException) -> str:
    traceback.print_exception(exc, file=sys.stderr)
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return f"failed: {first_line[:200]}"


def _support() -> ModuleType:
    """tests/browser/browser_support.py: the real-browser tests' server and page helpers."""
    folder = str(ROOT / "tests" / "browser")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import browser_support  # type: ignore[import-not-found]

    module: ModuleType = browser_support
    return module


#: The figures with a budget of their own (the issue's); the others are diagnostics.
_BUDGETED = (NAMES[0], NAMES[1])


def _criterion(name: str) -> str:
    return f"ratio <= {BUDGET}" if name in _BUDGETED else "(diagnostic: no budget)"


def _rows_without_numbers(note: str, names: tuple[str, ...] = NAMES) -> list[Figure]:
    return [Figure(name, "ms", None, None, None, _criterion(name), None, note) for name in names]


def _row(name: str, mine: list[float], base: list[float], note: str) -> Figure:
    """A measured row; a diagnostic (not in ``_BUDGETED``) is reported without a pass or fail."""
    ratio = median(mine) / median(base)
    spread = f"runs: ours {min(mine):.0f}-{max(mine):.0f}, floor {min(base):.0f}-{max(base):.0f}"
    return Figure(
        name,
        "ms",
        median(mine),
        median(base),
        ratio,
        _criterion(name),
        ratio <= BUDGET if name in _BUDGETED else None,
        f"{note}; {spread}",
    )


def _measure(support: ModuleType, chromium: str, runs: int, clicks: int) -> list[Figure]:
    """Start one JupyterLab and one Chromium, measure 5a, 5b with 5d and 5e, 5c (a failure costs
    only its own rows: one, or 5b, 5d and 5e, measured in the same runs)."""
    from playwright.sync_api import sync_playwright

    with _jupyter_lab(support) as lab, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=support.CHROMIUM_ARGS, headless=True
        )

        def new_page() -> Any:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            return page

        rows: list[Figure] = []
        try:
            # 5a first: running both notebooks once also warms the server and bytecode for 5b.
            figures: tuple[tuple[tuple[str, ...], _FigureRun], ...] = (
                ((NAMES[0],), _click_figure),
                ((NAMES[1], NAMES[3], NAMES[4]), _run_all_figure),
                ((NAMES[2],), _alone),
            )
            for names, figure in figures:
                try:
                    rows += figure(support, lab, new_page, runs, clicks)
                except _failures() as exc:
                    rows += _rows_without_numbers(_failed(exc), names)
                finally:
                    with contextlib.suppress(OSError):
                        lab.shut_down_kernels()
        finally:
            browser.close()
    return sorted(rows, key=lambda row: NAMES.index(row.figure))  # 5d, 5e were measured before 5c


#: One measurement: (support, lab, new_page, runs, clicks) -> its rows.
_FigureRun = Callable[[ModuleType, Any, Callable[[], Any], int, int], list[Figure]]


def _click_figure(
    support: ModuleType, lab: Any, new_page: Callable[[], Any], runs: int, clicks: int
) -> list[Figure]:
    """5a: both notebooks open side by side; each run flips each one ``clicks`` times, in turns
    (ours, floor, ours, ...), so a burst of load on this shared machine hits both sides alike."""
    ours_page, floor_page = new_page(), new_page()
    mine: list[float] = []
    base: list[float] = []
    try:
        ours = _reaction_ours(support, lab, ours_page)
        floor = _reaction_floor(support, lab, floor_page)
        for _ in range(runs):
            pairs = [(ours(), floor()) for _ in range(clicks)]
            mine.append(median([pair[0] for pair in pairs]))
            base.append(median([pair[1] for pair in pairs]))
    finally:
        for page in (ours_page, floor_page):
            support.close_page(page)
    note = (
        f"{runs} runs x {clicks} clicks in turns; a radio of the one-model form -> verdict card "
        "vs Dropdown -> HTML"
    )
    return [_row(NAMES[0], mine, base, note)]


def _run_all_figure(
    support: ModuleType, lab: Any, new_page: Callable[[], Any], runs: int, clicks: int
) -> list[Figure]:
    """5b, 5d and 5e: each run opens each notebook with a fresh kernel and runs all its cells, in
    turns: the chapter, the bare notebook, the chapter with the bare widget in it, the chapter
    with no code cell after the questionnaire's (both made here).

    5b is the chapter vs the bare notebook; 5d is the chapter (the same timings) vs the chapter
    with the bare widget; 5e is the cut chapter vs the bare notebook (the same timings as 5b's
    floor); so the rows share their runs and their noise. Each note splits the time: when the
    kernel finished the widget's cell (JupyterLab's recordTiming, the kernel's iopub idle
    message) and the rest, the browser building and laying out the widget's views.
    """
    del clicks
    notebook = _bare_in_chapter_notebook(lab.root / CHAPTER)
    (lab.root / BARE_IN_CHAPTER).write_text(json.dumps(notebook), encoding="utf-8")
    cut = _cut_after_questionnaire_notebook(lab.root / CHAPTER)
    (lab.root / CUT_AFTER).write_text(json.dumps(cut), encoding="utf-8")
    sides = {
        "ours": (CHAPTER, _OURS_WIDGET),
        "floor": (FLOOR, _FLOOR_WIDGET),
        "bare": (BARE_IN_CHAPTER, _FLOOR_WIDGET),
        "cut": (CUT_AFTER, _OURS_WIDGET),
    }
    shown: dict[str, list[float]] = {side: [] for side in sides}
    kernel: dict[str, list[float]] = {side: [] for side in sides}
    for _ in range(runs):
        for side, (name, widget) in sides.items():
            shown[side].append(_run_all(support, lab, new_page(), name, widget, kernel[side]))

    def split(other: str, mine: str = "ours") -> str:
        """Medians of each run's kernel/browser split, ``mine`` and the ``other`` side."""
        return (
            f"medians of each run's split: the kernel finished the widget's cell at "
            f"{median(kernel[mine]):.0f} ({other} {median(kernel[other]):.0f}), the browser "
            f"showed it {median_gap(shown[mine], kernel[mine]):.0f} later "
            f"({other} {median_gap(shown[other], kernel[other]):.0f})"
        )

    note_5b = f"{runs} runs, a fresh kernel each; {split('floor')}"
    note_5d = (
        f"{runs} runs, those of 5b; the same chapter with the floor's bare widget in the "
        f"questionnaire's place: what the questionnaire costs where it stands; {split('bare')}"
    )
    note_5e = (
        f"{runs} runs, those of 5b; chapter 02 with no code cell after the questionnaire's (its "
        f"text kept) vs the bare notebook: 5b without the widgets built below it meanwhile; "
        f"{split('floor', 'cut')}"
    )
    return [
        _row(NAMES[1], shown["ours"], shown["floor"], note_5b),
        _row(NAMES[3], shown["ours"], shown["bare"], note_5d),
        _row(NAMES[4], shown["cut"], shown["floor"], note_5e),
    ]


def _alone(
    support: ModuleType, lab: Any, new_page: Callable[[], Any], runs: int, clicks: int
) -> list[Figure]:
    """5c: as 5b, for a notebook of chapter 02's questionnaire cell alone (made here, so a
    chapter without that one cell costs this row only)."""
    del clicks
    notebook = _alone_notebook(lab.root / CHAPTER)
    (lab.root / ALONE).write_text(json.dumps(notebook), encoding="utf-8")
    kernel: dict[str, list[float]] = {"ours": [], "floor": []}
    mine, base = interleave(
        lambda: _run_all(support, lab, new_page(), ALONE, _OURS_WIDGET, kernel["ours"]),
        lambda: _run_all(support, lab, new_page(), FLOOR, _FLOOR_WIDGET, kernel["floor"]),
        runs,
    )
    note = (
        f"{runs} runs, a fresh kernel each; kernel finished the cell at "
        f"{median(kernel['ours']):.0f} (floor {median(kernel['floor']):.0f}), the browser showed "
        f"it {median_gap(mine, kernel['ours']):.0f} later "
        f"(floor {median_gap(base, kernel['floor']):.0f})"
    )
    return [_row(NAMES[2], mine, base, note)]


def _reaction_ours(support: ModuleType, lab: Any, page: Any) -> Callable[[], float]:
    """Chapter 02 run, all questions answered No; returns 'flip the clot sign, time the verdict'."""
    support.open_notebook(page, lab, CHAPTER)
    support.run_all_cells(page)
    questionnaire = page.locator(_OURS_WIDGET[0])
    for question in questionnaire.locator(".calf-answer").all():
        question.get_by_role("radio", name="No", exact=True).check()
    _settle(support, page)
    sign = questionnaire.locator(f".calf-q-{CLOT_SIGN}")
    verdict = f"{_OURS_WIDGET[0]} {_OURS_WIDGET[1]}"
    answers = iter(_alternate(("Yes", "REFER"), ("No", "CLEAR")))

    def flip() -> float:
        answer, level = next(answers)
        radio = sign.get_by_role("radio", name=answer, exact=True)
        return _time_reaction(support, page, verdict, level, radio.click)

    return flip


def _reaction_floor(support: ModuleType, lab: Any, page: Any) -> Callable[[], float]:
    """The bare notebook run; returns 'select the other option, time the HTML'."""
    support.open_notebook(page, lab, FLOOR)
    support.run_all_cells(page)
    _settle(support, page)
    select = page.locator(f"{_FLOOR_WIDGET[0]} .bench-choice select")
    shown = f"{_FLOOR_WIDGET[0]} {_FLOOR_WIDGET[1]}"
    answers = iter(_alternate(("Yes", "Yes"), ("No", "No")))

    def flip() -> float:
        answer, text = next(answers)
        return _time_reaction(support, page, shown, text, lambda: select.select_option(answer))

    return flip


def _alternate(first: tuple[str, str], second: tuple[str, str]) -> Iterator[tuple[str, str]]:
    while True:
        yield first
        yield second


def _time_reaction(
    support: ModuleType, page: Any, selector: str, expected: str, act: Callable[[], object]
) -> float:
    """Milliseconds from the widget's DOM event to the frame showing the new text containing
    ``expected``; then wait for the kernel to go idle so the next action starts from rest."""
    page.evaluate(_ARM)
    before = page.locator(selector).inner_text()
    act()
    page.wait_for_function(_CHANGED, arg=[selector, before, expected], polling="raf")
    elapsed = _elapsed_ms(page)
    _settle(support, page, 200)
    return elapsed


def _run_all(
    support: ModuleType,
    lab: Any,
    page: Any,
    name: str,
    widget: tuple[str, str],
    kernel_done: list[float],
) -> float:
    """Open ``name`` with a fresh kernel, Run All Cells, time until its first widget is shown.

    Appends to ``kernel_done`` when (ms after Run All) the kernel finished the widget's cell.
    """
    try:
        support.open_notebook(page, lab, name)
        _settle(support, page)
        page.evaluate(_RUN_ALL)
        shown = page.wait_for_function(WIDGET_SHOWN_AT, arg=list(widget), polling="raf")
        elapsed = float(shown.json_value()) - float(page.evaluate("() => window.__calfBench.start"))
        support.wait_for_all_cells_run(page)  # the next run starts on a quiet machine
        kernel_done.append(_kernel_done_ms(support, page))
        return elapsed
    finally:
        support.close_page(page)
        lab.shut_down_kernels()


def _kernel_done_ms(support: ModuleType, page: Any) -> float:
    """Milliseconds from Run All to the kernel's idle message for the first cell with a widget."""
    start_epoch = float(page.evaluate("() => window.__calfBench.startEpoch"))
    for cell in support.notebook_model(page)["cells"]:
        outputs = cell.get("outputs", [])
        if any(support.WIDGET_VIEW in out.get("data", {}) for out in outputs):
            idle = cell["metadata"]["execution"]["iopub.status.idle"]
            return datetime.fromisoformat(idle).timestamp() * 1000 - start_epoch
    raise RuntimeError("no cell shows a widget, or JupyterLab recorded no timing")


def _elapsed_ms(page: Any) -> float:
    elapsed = page.evaluate(_ELAPSED_MS)
    if elapsed is None:  # e.g. the widget did not see the event we listened for
        raise RuntimeError("the page recorded no start or no end time")
    return float(elapsed)


def _settle(support: ModuleType, page: Any, ms: int = SETTLE_MS) -> None:
    support.wait_for_kernel_idle(page)
    page.wait_for_timeout(ms)


@contextlib.contextmanager
def _jupyter_lab(support: ModuleType) -> Iterator[Any]:
    """A private JupyterLab serving a temporary copy of notebooks/ plus the bare notebook.

    Kernels read and write bytecode under a private prefix (warmed by the first runs): the
    checkout's own __pycache__ may be stale while calflib is being edited, and the environment sets
    PYTHONDONTWRITEBYTECODE, which would make every kernel recompile those modules; a learner's
    install has them compiled (make install runs compileall).
    """
    tmp = Path(tempfile.mkdtemp(prefix="calflib-bench-lab-"))
    home, root = tmp / "home", tmp / "root"
    shutil.copytree(support.NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / FLOOR).write_text(json.dumps(_floor_notebook()), encoding="utf-8")
    home.mkdir()
    port, token = support.free_port(), secrets.token_hex(24)
    command = support.jupyter_lab_command(root, home / "lab-app-settings", port, token)
    # As the tests' JupyterLab, plus each cell's kernel timestamps in its metadata (for the notes).
    overrides = home / "lab-app-settings" / "overrides.json"
    settings = json.loads(overrides.read_text(encoding="utf-8"))
    settings["@jupyterlab/notebook-extension:tracker"] = {"recordTiming": True}
    overrides.write_text(json.dumps(settings), encoding="utf-8")
    log = home / "jupyterlab.log"
    extra_env = {"PYTHONPYCACHEPREFIX": str(tmp / "pycache"), "PYTHONDONTWRITEBYTECODE": None}
    process = support.start_server(command, cwd=root, home=home, log=log, extra_env=extra_env)
    try:
        lab = support.JupyterLabServer(f"http://127.0.0.1:{port}/", token, root)
        support.wait_for_http(lab.url("api/status"), process, log)
        yield lab
        with contextlib.suppress(OSError):  # stopping the server ends them too
            lab.shut_down_kernels()
    finally:
        support.stop_process(process)
        shutil.rmtree(tmp, ignore_errors=True)


def _alone_notebook(chapter: Path) -> dict[str, Any]:
    """Chapter 02 with only the code cell that shows the questionnaire (and no outputs)."""
    notebook, index = _questionnaire_cell(chapter)
    return {**notebook, "cells": [_cleared(notebook["cells"][index])]}


def _bare_in_chapter_notebook(chapter: Path) -> dict[str, Any]:
    """Chapter 02, no outputs, with the bare notebook's cell in place of the questionnaire's."""
    notebook, index = _questionnaire_cell(chapter)
    cells = [_cleared(cell) for cell in notebook["cells"]]
    cells[index] = {**cells[index], "source": _FLOOR_SOURCE}
    return {**notebook, "cells": cells}


def _cut_after_questionnaire_notebook(chapter: Path) -> dict[str, Any]:
    """Chapter 02, no outputs, without the code cells after the questionnaire's (text kept)."""
    notebook, index = _questionnaire_cell(chapter)
    cells = [
        _cleared(cell)
        for number, cell in enumerate(notebook["cells"])
        if number <= index or cell["cell_type"] != "code"
    ]
    return {**notebook, "cells": cells}


def _questionnaire_cell(chapter: Path) -> tuple[dict[str, Any], int]:
    """The chapter's notebook and the index of its one code cell showing the questionnaire."""
    notebook: dict[str, Any] = json.loads(chapter.read_text(encoding="utf-8"))
    found = [
        index
        for index, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code" and QUESTIONNAIRE_CALL in "".join(cell["source"])
    ]
    if len(found) != 1:
        raise RuntimeError(
            f"{chapter.name}: expected one cell showing {QUESTIONNAIRE_CALL}, found {len(found)}"
        )
    return notebook, found[0]


def _cleared(cell: dict[str, Any]) -> dict[str, Any]:
    """A code cell without its outputs and execution count; any other cell as it is."""
    if cell["cell_type"] != "code":
        return cell
    return {**cell, "outputs": [], "execution_count": None}


def _floor_notebook() -> dict[str, Any]:
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "floor",
                "metadata": {},
                "outputs": [],
                "source": _FLOOR_SOURCE,
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
