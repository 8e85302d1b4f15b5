"""Figure 6 (issue 6): the offline in-browser site (build/site, JupyterLite + Pyodide) in Chromium.

6. Page open to first widget visible: a new browser context (empty cache and browser storage, as
   on a learner's first visit) opens chapter 02 in the site; as soon as the in-browser kernel is
   idle, Run > Run All Cells is clicked; the time is from the navigation's start
   (``performance.now()`` counts from it) to the first animation frame with the questionnaire laid
   out and its verdict text in it. The floor is the same steps on a bare notebook served by the
   same site (an ipywidgets Dropdown whose observer sets an HTML widget, as in figure 5).

6b. The part after the kernel is idle (Run All to the widget), reported beside it: figure 6 is
    mostly Pyodide's boot, the same on both sides, so 6b shows what calflib itself adds.

The site is served from a temporary copy of build/site with the bare notebook added to its files
and its contents index, by the same small static server as the offline-site test. The note gives
where the time goes: the kernel's start (Pyodide's boot) and Run All to the widget, both medians.
Without Chromium, Playwright, or a site built from the current inputs the row says why it was
skipped; a failed measurement is reported as a row, never a crash.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import browser_figures as lab_figures
from benchmarks.harness import Figure, interleave, median, median_gap

__all__ = ["site_figure"]

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
NAME = "6. offline site: page open to first widget"
PART_NAME = "6b. offline site: Run All to first widget"
CHAPTER = "notebooks/02_when_not_to_massage.ipynb"
FLOOR = "notebooks/bench_floor.ipynb"
KERNEL_START_TIMEOUT_MS = 240_000  # Pyodide boots inside the page: 15-25 s here, more when busy


def site_figure(repeat: int, quick: bool) -> list[Figure]:
    """Figure 6, or the row marked skipped (no browser, no current site) or failed, with a note."""
    found = lab_figures.browser_or_why_not()
    if isinstance(found, str):
        return _without_numbers(found)
    support, chromium = found
    problem = site_problem()
    if problem is not None:
        return _without_numbers(f"skipped: {problem}; run 'make site'")
    runs = 1 if quick else max(repeat, 1)
    try:
        return _measure(support, chromium, runs)
    except lab_figures._failures() as exc:
        return _without_numbers(lab_figures._failed(exc))


def site_problem() -> str | None:
    """Why build/site cannot be measured (missing, or built from other inputs), or None."""
    script = ROOT / "scripts" / "build_site.py"
    spec = importlib.util.spec_from_file_location("build_site", script)
    if spec is None or spec.loader is None:
        return f"cannot load {script}"
    build_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_site)
    stamp = SITE / build_site.STAMP_NAME
    if not stamp.exists():
        return f"the offline site is not built ({SITE} has no {stamp.name})"
    if stamp.read_text(encoding="utf-8").strip() != build_site.inputs_hash():
        return "build/site was built from other inputs (calflib or the notebooks changed since)"
    return None


def _without_numbers(note: str) -> list[Figure]:
    return [
        Figure(NAME, "ms", None, None, None, f"ratio <= {lab_figures.BUDGET}", None, note),
        Figure(PART_NAME, "ms", None, None, None, "(reported)", None, note),
    ]


def _measure(support: Any, chromium: str, runs: int) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    kernel_ready: dict[str, list[float]] = {"ours": [], "floor": []}
    with _site_with_floor() as folder, contextlib.ExitStack() as stack:
        log = folder.parent / "requests.log"
        url = stack.enter_context(support.serve_static(folder, log))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=chromium, args=support.CHROMIUM_ARGS, headless=True
        )
        stack.callback(browser.close)

        def once(side: str, path: str, widget: tuple[str, str]) -> float:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                page = context.new_page()
                page.set_default_timeout(KERNEL_START_TIMEOUT_MS)
                shown, ready = _open_run_all(
                    support, page, f"{url}lab/index.html?path={path}", widget
                )
                kernel_ready[side].append(ready)
                return shown
            finally:
                context.close()

        mine, base = interleave(
            lambda: once("ours", CHAPTER, lab_figures._OURS_WIDGET),
            lambda: once("floor", FLOOR, lab_figures._FLOOR_WIDGET),
            runs,
        )
    ratio = median(mine) / median(base)
    ours_run_all = median_gap(mine, kernel_ready["ours"])
    floor_run_all = median_gap(base, kernel_ready["floor"])
    note = (
        f"{runs} runs, a new browser context each; kernel idle at "
        f"{median(kernel_ready['ours']):.0f} (floor {median(kernel_ready['floor']):.0f}); "
        f"runs: ours {min(mine):.0f}-{max(mine):.0f}, floor {min(base):.0f}-{max(base):.0f}"
    )
    budget = lab_figures.BUDGET
    return [
        Figure(
            NAME,
            "ms",
            median(mine),
            median(base),
            ratio,
            f"ratio <= {budget}",
            ratio <= budget,
            note,
        ),
        # The part of figure 6 that calflib adds to, without Pyodide's boot (the same on both
        # sides): reported, not budgeted; the median of each run's own split.
        Figure(
            PART_NAME,
            "ms",
            ours_run_all,
            floor_run_all,
            ours_run_all / floor_run_all,
            "(reported: the part of 6 after boot)",
            None,
            "from the kernel idle to the widget shown, two menu clicks included",
        ),
    ]


def _open_run_all(
    support: Any, page: Any, address: str, widget: tuple[str, str]
) -> tuple[float, float]:
    """Open ``address``; when the kernel is idle, Run All. Returns (widget shown, kernel idle),
    both in milliseconds from the start of the navigation."""
    page.goto(address)
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for()
    support.wait_for_kernel_idle(page, KERNEL_START_TIMEOUT_MS)
    ready = float(page.evaluate("() => performance.now()"))
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    handle = page.wait_for_function(lab_figures.WIDGET_SHOWN_AT, arg=list(widget), polling="raf")
    shown = float(handle.json_value())
    support.wait_for_all_cells_run(page)  # the next run starts on a quiet machine
    return shown, ready


@contextlib.contextmanager
def _site_with_floor() -> Iterator[Path]:
    """A temporary copy of build/site with the bare notebook in its files and contents index."""
    tmp = Path(tempfile.mkdtemp(prefix="calflib-bench-site-"))
    try:
        folder = tmp / "site"
        shutil.copytree(SITE, folder)
        notebook = folder / "files" / FLOOR
        floor = lab_figures._floor_notebook()
        # The site's own kernel (Pyodide), as the site's chapters name it: else a kernel picker.
        chapter_nb = json.loads((folder / "files" / CHAPTER).read_text(encoding="utf-8"))
        floor["metadata"]["kernelspec"] = chapter_nb["metadata"]["kernelspec"]
        notebook.write_text(json.dumps(floor), encoding="utf-8")
        index_path = folder / "api" / "contents" / Path(FLOOR).parent / "all.json"
        index = json.loads(index_path.read_text(encoding="utf-8"))
        chapter = next(e for e in index["content"] if e["path"] == CHAPTER)
        name = Path(FLOOR).name
        entry = {**chapter, "name": name, "path": FLOOR, "size": notebook.stat().st_size}
        index["content"].append(entry)
        index_path.write_text(json.dumps(index), encoding="utf-8")
        yield folder
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
