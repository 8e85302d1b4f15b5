"""axe-core over every chapter in JupyterLab and over the offline site; reflow at 320 px.

Each chapter is opened and run (Run All Cells) in a private JupyterLab whose settings turn the
notebook's windowing off, so every cell and output is on the page when axe-core scans. The
workbook's own elements (outputs and rendered Markdown) must have no WCAG 2.2 AA violation in
the light theme, none of axe's colour-contrast rule in JupyterLab Dark, and at 320 CSS px
(single-document mode, side bars closed) nothing of ours may stick out sideways except data tables
(WCAG 1.4.10 lets those scroll). JupyterLab's own elements are compared with the recorded
baseline (a11y_baseline.json, see a11y_support.py). The Voila app is scanned in test_voila_app.py.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from collections.abc import Callable, Iterator

import pytest
from a11y_support import (
    baseline_changes,
    describe,
    host_summary,
    reflow_problems,
    scan_in_full,
    scan_ours_and_host,
)
from browser_support import (
    NOTEBOOKS,
    REPO,
    RUN_ALL_TIMEOUT_MS,
    WIDGET_VIEW,
    JupyterLabServer,
    close_page,
    copy_workbook,
    free_port,
    jupyter_lab_command,
    notebook_model,
    open_notebook,
    run_all_cells,
    running_jupyter_lab,
    wait_for_all_cells_run,
    wait_for_kernel_idle,
)
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_lite_site import KERNEL_START_TIMEOUT_MS, Offline, lite_site

pytestmark = pytest.mark.browser

__all__ = ["lite_site"]  # the offline site's fixture, shared with test_lite_site.py

CHAPTERS = sorted(p.relative_to(REPO).as_posix() for p in NOTEBOOKS.glob("*.ipynb"))
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
#: The workbook's own elements in a notebook: what its code shows, and its rendered Markdown.
OURS = [f"{PANEL} .jp-OutputArea-output", f"{PANEL} .jp-MarkdownOutput"]
#: The element that scrolls the open notebook.
SCROLLER = f"{PANEL} .jp-WindowedPanel-outer"
PHONE = {"width": 320, "height": 640}
DARK, LIGHT = "JupyterLab Dark", "JupyterLab Light"
#: Every cell on the page at once ("none"; the default renders cells out of view lazily).
NO_WINDOWING = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}


@pytest.fixture(scope="module")
def lab(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLabServer]:
    """A private JupyterLab like the session's (see conftest.py), with notebook windowing off."""
    del chromium_path  # without a browser, skip (or fail) before paying for a server
    home = tmp_path_factory.mktemp("a11y-lab")
    root = home / "root"
    copy_workbook(root)
    port, token = free_port(), secrets.token_hex(24)
    settings = home / "lab-app-settings"
    command = jupyter_lab_command(root, settings, port, token)
    overrides = json.loads((settings / "overrides.json").read_text(encoding="utf-8"))
    (settings / "overrides.json").write_text(json.dumps(overrides | NO_WINDOWING), "utf-8")
    with running_jupyter_lab(root, home, command, port, token, "a11y-jupyterlab") as server:
        yield server


@pytest.fixture
def page(lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """A new page for the private JupyterLab; afterwards closed, every kernel shut down."""
    opened = open_page()
    yield opened
    close_page(opened)
    with contextlib.suppress(OSError):
        lab.shut_down_kernels()


#: True once the cells numbered ``indexes`` each show a rendered output (not an error).
_WIDGETS_SHOWN = """([panel, indexes]) => {
    const cells = document.querySelectorAll(`${panel} .jp-Notebook-cell`);
    return indexes.every(i => {
        const output = cells[i] && cells[i].querySelector('.jp-OutputArea-output');
        return output && output.getBoundingClientRect().height > 0
            && !output.textContent.includes('Error displaying');
    });
}"""
_WIDGET_OUTPUTS = """([panel, indexes]) => {
    const cells = document.querySelectorAll(`${panel} .jp-Notebook-cell`);
    return indexes.map(i => {
        const output = cells[i] && cells[i].querySelector('.jp-OutputArea-output');
        return output ? `cell ${i}: ${Math.round(output.getBoundingClientRect().height)} px, `
            + output.textContent.trim().slice(0, 80) : `cell ${i}: no output`;
    });
}"""


def _wait_until_everything_is_shown(page: Page) -> None:
    """Every cell of the notebook is on the page and every widget it displayed has rendered."""
    model = notebook_model(page)
    widgets = [
        index
        for index, cell in enumerate(model["cells"])
        if any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))
    ]
    shown = page.locator(f"{PANEL} .jp-Notebook-cell").count()
    assert shown == len(model["cells"]), f"{shown} of {len(model['cells'])} cells on the page"
    try:
        page.wait_for_function(_WIDGETS_SHOWN, arg=[PANEL, widgets])
    except PlaywrightTimeout:
        seen = page.evaluate(_WIDGET_OUTPUTS, [PANEL, widgets])
        pytest.fail(f"the widgets did not all render: {seen}", pytrace=False)


_THEME_VARIABLE = "() => getComputedStyle(document.body).getPropertyValue('--jp-layout-color0')"
_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _use_theme(page: Page, theme: str) -> None:
    """Switch JupyterLab's theme (as Settings > Theme does) and wait for its colours, with the
    splash screen it shows meanwhile gone."""
    before = page.evaluate(_THEME_VARIABLE)
    page.evaluate(
        "theme => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme
    )
    page.wait_for_function(
        "([theme, before]) => document.body.dataset.jpThemeName === theme && "
        "getComputedStyle(document.body).getPropertyValue('--jp-layout-color0') !== before && "
        # JupyterLab covers the page with its splash screen while it changes theme: axe-core
        # would find every text covered and check none.
        "!document.querySelector('#jupyterlab-splash')",
        arg=[theme, before],
    )


def _as_on_a_phone(page: Page) -> None:
    """320 CSS px wide, single-document mode, side bars closed: JupyterLab on a small phone."""
    page.set_viewport_size(PHONE)
    page.evaluate(
        """async () => {
            await window.jupyterapp.commands.execute('application:set-mode',
                                                     {mode: 'single-document'});
            window.jupyterapp.shell.collapseLeft();
            window.jupyterapp.shell.collapseRight();
        }"""
    )
    page.wait_for_function(
        "scroller => document.querySelector(scroller).getBoundingClientRect().width <= 320",
        arg=SCROLLER,
    )
    page.evaluate(_TWO_FRAMES)


def _report(found: dict[str, list[str]]) -> str:
    """What failed, under a heading per check, every line in full."""
    return "\n".join(
        f"{what}:\n" + "\n".join(f"  - {line}" for line in lines)
        for what, lines in found.items()
        if lines
    )


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_passes_axe_in_light_and_dark_and_reflows_at_320px(
    page: Page, lab: JupyterLabServer, name: str, record_property: Callable[[str, object], None]
) -> None:
    """After Run All, the chapter's outputs and Markdown have no WCAG 2.2 AA violation (light),
    no colour-contrast one in JupyterLab Dark, nothing sticking out sideways at 320 px (tables
    apart), and JupyterLab's own violations are the recorded ones."""
    open_notebook(page, lab, name)
    run_all_cells(page)
    _wait_until_everything_is_shown(page)
    ours, theirs = scan_ours_and_host(page, OURS, scroller=SCROLLER)
    found = {"WCAG 2.2 AA (light theme)": describe(ours)}
    host = host_summary(theirs)
    found["JupyterLab's own elements"] = baseline_changes(f"JupyterLab {name}", host, page)
    _use_theme(page, DARK)
    try:
        dark = scan_in_full(page, include=OURS, scroller=SCROLLER, rules=["color-contrast"])
        found["colour contrast (JupyterLab Dark)"] = describe(dark)
    finally:
        _use_theme(page, LIGHT)
    _as_on_a_phone(page)
    problems, tables = reflow_problems(page, ", ".join(OURS), SCROLLER)
    found["sideways scrolling at 320 px"] = problems
    record_property("data tables scrolling sideways at 320 px", tables)
    assert not any(found.values()), _report(found)


#: Faults the checks must find: a button with no name, faint grey text (1.6:1), a box wider than
#: a phone; and a wide data table, which may scroll sideways (reported apart).
_FAULTS = (
    "<button></button>"
    '<p style="color:#ccc;background:#fff">Faint grey text</p>'
    '<div style="width:600px">A box wider than a phone</div>'
    '<table style="width:600px"><tr><th>A</th><td>wide table</td></tr></table>'
    # Not a fault: visually hidden text (read by a screen reader, never shown) on one long line.
    '<div style="position:absolute;width:1px;height:1px;overflow:hidden;white-space:nowrap;'
    'clip-path:inset(50%)">Visually hidden: a line read by a screen reader only, never shown '
    "on the page, and far wider than any phone screen is</div>"
)
CANARY = {
    "cells": [
        {"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# Faults"},
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "faults",
            "metadata": {},
            "outputs": [],
            "source": f"from IPython.display import HTML\n\nHTML({_FAULTS!r})",
        },
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_the_checks_see_faults_in_our_elements(page: Page, lab: JupyterLabServer) -> None:
    """An output with a button without a name, faint text and a box wider than a phone fails
    the scan (light and dark) and the reflow check; its wide table is reported apart, and its
    visually hidden text (one long line clipped to a 1 px box) is no reflow problem."""
    (lab.root / "zz_a11y_canary.ipynb").write_text(json.dumps(CANARY), encoding="utf-8")
    open_notebook(page, lab, "zz_a11y_canary.ipynb")
    run_all_cells(page)
    ours, theirs = scan_ours_and_host(page, OURS, scroller=SCROLLER)
    found = {v["id"] for v in ours}
    assert {"button-name", "color-contrast"} <= found, found
    # Split from one scan of the page, the faults are ours and not the host's.
    assert not any("Faint grey" in n["html"] for v in theirs for n in v["nodes"]), theirs
    assert not any(n["html"] == "<button></button>" for v in theirs for n in v["nodes"]), theirs
    _use_theme(page, DARK)
    try:
        dark = scan_in_full(page, include=OURS, scroller=SCROLLER, rules=["color-contrast"])
        assert [v["id"] for v in dark] == ["color-contrast"], describe(dark)
    finally:
        _use_theme(page, LIGHT)
    _as_on_a_phone(page)
    problems, tables = reflow_problems(page, ", ".join(OURS), SCROLLER)
    assert any(p.startswith("div") for p in problems), problems
    assert any(t.startswith("table") for t in tables), tables
    assert not any("Visually hidden" in p for p in problems), problems


# --- the offline site (JupyterLite), chapter 02: the chapter with the most widgets -------------

LITE_CHAPTER = "notebooks/02_when_not_to_massage.ipynb"
#: The calflib widgets chapter 02 shows, by the CSS class on each one's outermost box.
LITE_WIDGETS = ("calf-questionnaire", "calf-trainer", "calf-wells", "calf-check-yourself")
#: JupyterLite's notebook skips rendering cells out of view (CSS content-visibility, and its
#: settings are the site's); for the scan every cell is rendered. Nothing else changes.
_RENDER_EVERY_CELL = ".jp-Notebook-cell { content-visibility: visible !important; }"


def _lite_menu(page: Page, *path: str) -> None:
    """Choose a menu item by its labels, e.g. View > Appearance > Simple Interface."""
    page.get_by_role("menuitem", name=path[0], exact=True).click()
    for label in path[1:]:
        item = page.locator(".lm-Menu-item").filter(
            has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(label)}$"))
        )
        item.first.click()


def _lite_as_on_a_phone(page: Page) -> None:
    """View > Appearance > Simple Interface, the left side bar closed, then 320 CSS px (the site
    does not expose its app object to scripts, so through the menus as a learner would)."""
    if page.locator(".jp-LabShell").get_attribute("data-shell-mode") != "single-document":
        _lite_menu(page, "View", "Appearance", "Simple Interface")
    if page.locator("#jp-left-stack:not(.lm-mod-hidden)").count():
        _lite_menu(page, "View", "Appearance", "Show Left Sidebar")
    page.set_viewport_size(PHONE)
    page.wait_for_function(
        "scroller => document.querySelector(scroller).getBoundingClientRect().width <= 320",
        arg=SCROLLER,
    )
    page.evaluate(_TWO_FRAMES)


def test_offline_site_chapter_passes_axe_and_reflows_at_320px(
    lite_site: str, open_page: Callable[[], Page], record_property: Callable[[str, object], None]
) -> None:
    """In the offline site (no network), chapter 02 run: its outputs and Markdown have no WCAG
    2.2 AA violation, nothing of ours sticks out at 320 px (tables apart), and JupyterLite's own
    violations are the recorded ones."""
    lite = open_page()
    lite.context.route("**/*", Offline(lite_site))
    lite.goto(f"{lite_site}lab/index.html?path={LITE_CHAPTER}")
    lite.locator(f"{PANEL} .jp-Notebook").wait_for(timeout=KERNEL_START_TIMEOUT_MS)
    wait_for_kernel_idle(lite, KERNEL_START_TIMEOUT_MS)
    lite.get_by_role("menuitem", name="Run", exact=True).click()
    lite.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    wait_for_all_cells_run(lite, RUN_ALL_TIMEOUT_MS)
    lite.add_style_tag(content=_RENDER_EVERY_CELL)
    for css in LITE_WIDGETS:
        lite.locator(f"{PANEL} .jp-OutputArea .{css}").first.wait_for()
    ours, theirs = scan_ours_and_host(lite, OURS, scroller=SCROLLER)
    found = {"WCAG 2.2 AA": describe(ours)}
    host = host_summary(theirs)
    found["JupyterLite's own elements"] = baseline_changes(
        f"JupyterLite {LITE_CHAPTER}", host, lite
    )
    _lite_as_on_a_phone(lite)
    problems, tables = reflow_problems(lite, ", ".join(OURS), SCROLLER)
    found["sideways scrolling at 320 px"] = problems
    record_property("data tables scrolling sideways at 320 px", tables)
    close_page(lite)
    assert not any(found.values()), _report(found)
