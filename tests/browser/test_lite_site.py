"""The offline in-browser site (build/site/, JupyterLite + Pyodide) in Chromium with no network.

``make test`` builds the site first (``make site``, cached). Here it is served by a small static
server on 127.0.0.1 and every request to any other host is aborted, so Pyodide, the kernel's
wheels, ipywidgets and calflib must all come from the site itself. Chapter 02 is opened and run
once for this module; the tests then use it as a learner would and read what the page shows.
One test reloads the page (a new in-browser kernel) and expects the self-check answer back;
another runs chapter 01 in a page of its own, types into it, saves it and expects it to reopen
with the typed text and no output (the site's clean save, site/clean-save.js).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import (
    REPO,
    RESULT_REGION,
    RUN_ALL_TIMEOUT_MS,
    WATCH,
    DocumentedAddress,
    accessibility_violations,
    answer_with_keyboard_only,
    close_page,
    console_errors,
    documented_addresses,
    serve_static,
    wait_for_kernel_idle,
)
from playwright.sync_api import Locator, Page, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from calflib.content_in_use import default_bank, default_content
from calflib.model import Level
from calflib.quiz import grade

pytestmark = pytest.mark.browser

SITE = REPO / "build" / "site"
BUILD_SCRIPT = REPO / "scripts" / "build_site.py"
CHAPTER = "notebooks/02_when_not_to_massage.ipynb"
# Pyodide boots inside the page before the kernel is idle: 15-25 s here, more on a busy machine.
KERNEL_START_TIMEOUT_MS = 180_000
CONTENT = default_content()
#: The widgets chapter 02 shows, by the CSS class each puts on its outermost box.
CHAPTER_WIDGETS = ("calf-questionnaire", "calf-trainer", "calf-wells", "calf-check-yourself")


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _site_problem() -> str | None:
    """Why build/site cannot be tested as it is (missing, or built from other inputs), or None."""
    spec = importlib.util.spec_from_file_location("build_site", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    build_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_site)
    stamp = SITE / build_site.STAMP_NAME
    if not stamp.exists():
        return f"the offline site is not built ({SITE} has no {stamp.name})"
    if stamp.read_text().strip() != build_site.inputs_hash():
        return "the offline site in build/site/ was built from other inputs (calflib, notebooks)"
    return None


@pytest.fixture(scope="module")
def lite_site(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """build/site/ served on 127.0.0.1 at a free port; fails under CI, skips elsewhere, if stale."""
    del chromium_path  # without a browser, skip (or fail) before anything else
    problem = _site_problem()
    if problem is not None:
        message = f"{problem}. Run 'make site' (or 'make test', which builds it first)."
        if _on_ci():
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    log = tmp_path_factory.mktemp("lite-site") / "requests.log"
    WATCH.logs["lite-site"] = log
    try:
        with serve_static(SITE, log) as url:
            yield url
    finally:
        WATCH.logs.pop("lite-site", None)


class Offline:
    """Lets requests to the site through and aborts, and remembers, every other one."""

    def __init__(self, site_url: str) -> None:
        self.origin = urlsplit(site_url).netloc
        self.served: list[str] = []
        self.aborted: list[str] = []

    def __call__(self, route: Route) -> None:
        url = route.request.url
        split = urlsplit(url)
        if split.hostname == "127.0.0.1" and split.netloc == self.origin:
            self.served.append(split.path)
            route.continue_()
        else:
            self.aborted.append(url)
            route.abort("internetdisconnected")


# Run All stops at a cell that fails, so wait for every cell to run OR for an error to show.
_RAN_OR_FAILED = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return false;
    const stderr = "[data-mime-type='application/vnd.jupyter.stderr']";
    if (panel.querySelector('.jp-OutputArea-output' + stderr)) return true;
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
}"""


def _errors(page: Page) -> list[str]:
    """Every error or stderr output in the open notebook, as text.

    textContent, not innerText: JupyterLab skips rendering cells out of view, and their
    innerText is empty.
    """
    shown = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
        "[data-mime-type='application/vnd.jupyter.stderr']"
    )
    return [text.strip()[-3000:] for text in shown.all_text_contents()]


def _open(page: Page, url: str, chapter: str = CHAPTER) -> None:
    """Open a chapter in the site (a new page load) and wait for the in-browser kernel."""
    page.goto(f"{url}lab/index.html?path={chapter}")
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=KERNEL_START_TIMEOUT_MS)
    wait_for_kernel_idle(page, KERNEL_START_TIMEOUT_MS)


def _open_and_run(page: Page, url: str, chapter: str = CHAPTER) -> None:
    """Open a chapter (chapter 02 unless told) in the site, wait for the kernel, run all cells."""
    _open(page, url, chapter)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_RAN_OR_FAILED, timeout=RUN_ALL_TIMEOUT_MS)
    wait_for_kernel_idle(page, RUN_ALL_TIMEOUT_MS)
    errors = _errors(page)
    assert errors == [], "a cell failed in the in-browser kernel:\n" + "\n".join(errors)


@pytest.fixture(scope="module")
def offline(lite_site: str) -> Offline:
    """The request filter of this module's page."""
    return Offline(lite_site)


@pytest.fixture(scope="module")
def chapter(lite_site: str, offline: Offline, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 02 in the offline site, every cell run, with no network beyond the site."""
    page = open_page()
    # On the context, so the page's workers (where Pyodide runs) are filtered too. Service
    # workers stay allowed: JupyterLite's file system talks to the page through one.
    page.context.route("**/*", offline)
    _open_and_run(page, lite_site)
    yield page
    close_page(page)


def _page_errors(page: Page) -> list[str]:
    # JupyterLite looks for optional index files (all.json) that a static site does not have;
    # those 404s are expected ("don't worry", it logs). Anything else is a real error.
    return [line for line in console_errors(page) if "status of 404" not in line]


def test_chapter_runs_with_no_network(chapter: Page, offline: Offline) -> None:
    """Every cell runs without error, each widget shows, and nothing but the site was asked for."""
    assert _errors(chapter) == []
    for css in CHAPTER_WIDGETS:
        expect(chapter.locator(f".jp-OutputArea .{css}").first).to_be_visible()
    assert offline.aborted == []
    # The kernel's own downloads went through the filter too (they come from a worker).
    fetched = " ".join(offline.served)
    for part in (
        "/static/pyodide/pyodide.asm.wasm",
        "/static/pyodide/ipython-",
        "/pypi/calflib-",
        "/extensions/anywidget/",  # the one-model widgets' front end
    ):
        assert part in fetched, f"{part} was not fetched from the site"
    # Their kernel side is calflib's own (calflib/widgets/_anymodel.py): no anywidget or psygnal.
    assert "/pypi/anywidget-" not in fetched and "/pypi/psygnal-" not in fetched
    assert _page_errors(chapter) == []


def _badge(level: Level) -> str:
    return f"{level.name}: {CONTENT.levels[level].title}"


def test_questionnaire_gives_clear_then_refer(chapter: Page) -> None:
    """All No shows CLEAR; then one clot warning sign answered Yes shows REFER."""
    questionnaire = chapter.locator(".jp-OutputArea .calf-questionnaire")
    verdict = questionnaire.locator(".calf-verdict-widget")
    questions = questionnaire.locator(".calf-answer")
    assert questions.count() == len(CONTENT.findings)
    for question in questions.all():
        question.get_by_role("radio", name="No", exact=True).check()
    expect(verdict).to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    expect(verdict).to_contain_text(CONTENT.levels[Level.CLEAR].advice, use_inner_text=True)

    sign = next(f for f in CONTENT.findings.values() if f.group == "clot")
    group = questionnaire.get_by_role("radiogroup", name=f"{sign.label} {sign.question}")
    yes = group.get_by_role("radio", name="Yes", exact=True)
    yes.check()
    expect(yes).to_be_checked()
    expect(verdict).to_contain_text(_badge(Level.REFER), use_inner_text=True)
    expect(questionnaire.locator(RESULT_REGION)).to_contain_text(
        _badge(Level.REFER), use_inner_text=True
    )
    expect(verdict).not_to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    assert _errors(chapter) == []


def test_questionnaire_form_works_with_the_keyboard_and_passes_axe(chapter: Page) -> None:
    """In the offline site too, the keyboard alone (ArrowLeft, Tab) answers each group No and
    reaches CLEAR, and axe-core finds no WCAG 2.x A/AA violation in the form."""
    questionnaire = chapter.locator(".jp-OutputArea .calf-questionnaire")
    questionnaire.scroll_into_view_if_needed()
    live = questionnaire.locator(RESULT_REGION)
    questionnaire.get_by_role("button", name="Start again", exact=True).click()
    expect(live).not_to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    groups = [g for g in CONTENT.groups if CONTENT.members(g.id)]
    answer_with_keyboard_only(chapter, questionnaire, len(groups))
    expect(live).to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    expect(live).to_contain_text("(all answered)", use_inner_text=True)
    assert accessibility_violations(chapter, ".jp-OutputArea .calf-questionnaire") == []


def _self_check(page: Page) -> tuple[Locator, Locator, str]:
    """The first one-answer self-check question: its box, its right option, the headline."""
    questions = default_bank().for_chapter(Path(CHAPTER).stem)
    question = next(q for q in questions if q.kind != "multiple")
    right = next(o for o in question.options if o.correct)
    box = page.locator(f".jp-OutputArea .calf-quiz-{question.id}")
    option = box.get_by_role("radio", name=right.text, exact=True)
    return box, option, grade(question, right.id).headline


def test_self_check_answer_is_kept_after_a_reload(chapter: Page, lite_site: str) -> None:
    """A self-check answer gets its feedback with no error, and is shown again after a reload.

    The site keeps calflib's progress in the browser's storage (CALFLIB_HOME=/drive/.calflib),
    so a reload, which starts a new in-browser kernel, finds it.
    """
    box, option, headline = _self_check(chapter)
    option.check()
    check = box.locator("button.calf-quiz-check")
    expect(check).to_have_text("Check")
    check.click()
    feedback = box.locator(".calf-quiz-feedback-widget")
    expect(feedback).to_contain_text(headline, use_inner_text=True)
    # The answer is saved right after the feedback is shown, while the kernel is still busy.
    wait_for_kernel_idle(chapter)
    assert _errors(chapter) == []
    # calflib's notices when progress cannot be read or saved (calflib/widgets/_common.py)
    expect(chapter.locator(".jp-OutputArea .calf-check-yourself")).not_to_contain_text(
        re.compile("could not be|Something went wrong|About your saved progress")
    )

    _open_and_run(chapter, lite_site)  # a new page load: the old kernel is gone
    box, option, headline = _self_check(chapter)
    expect(option).to_be_checked()
    expect(box.locator(".calf-quiz-feedback-widget")).to_contain_text(headline, use_inner_text=True)
    assert _errors(chapter) == []


#: A quick chapter with widgets (the anatomy explorer and a self-check) for the saving test.
SAVED_CHAPTER = "notebooks/01_the_calf.ipynb"
#: What a learner adds to the chapter's first code cell before saving; it must be kept.
LEARNER_NOTE = "# my own note: left calf sore after the run"
_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
_DIRTY_TAB = "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current.jp-mod-dirty"


def test_a_chapter_run_and_saved_reopens_clean_with_the_learners_text(
    lite_site: str, open_page: Callable[[], Page]
) -> None:
    """Run a chapter, type into it, save it with Ctrl+S, load the page again: the chapter comes
    back from the browser's storage with the learner's text but no output, so no widget shows
    "Error displaying widget: model not found" (its model died with the old kernel)."""
    page = open_page()
    page.context.route("**/*", Offline(lite_site))
    _open_and_run(page, lite_site, SAVED_CHAPTER)
    widgets = page.locator(f"{_PANEL} .jp-OutputArea-output > .jupyter-widgets")
    expect(widgets.first).to_be_visible()  # else this test would prove nothing
    editor = page.locator(f"{_PANEL} .jp-CodeCell .jp-InputArea-editor .cm-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n" + LEARNER_NOTE)
    expect(page.locator(_DIRTY_TAB)).to_have_count(1)
    page.keyboard.press("Control+s")
    expect(page.locator(_DIRTY_TAB)).to_have_count(0)
    # What the learner sees in the open chapter is unchanged by saving.
    assert widgets.count() > 0

    _open(page, lite_site, SAVED_CHAPTER)  # a new page load: the old kernel and its models are gone
    outputs = page.locator(f"{_PANEL} .jp-OutputArea-output")
    if outputs.count():  # give old widget views the time to fail, to report what a learner sees
        with contextlib.suppress(PlaywrightTimeout):
            outputs.filter(has_text="Error displaying widget").first.wait_for(timeout=10_000)
    seen = [text.strip() for text in outputs.all_text_contents()]
    assert not any("model not found" in text for text in seen), seen
    assert seen == [], f"the reopened chapter shows old outputs: {seen[:3]}"
    expect(page.locator(f"{_PANEL} .jp-CodeCell").first).to_contain_text(LEARNER_NOTE)
    assert _page_errors(page) == []


LITE_ADDRESSES = [a for a in documented_addresses() if a.server == "lite"]


def _first_heading(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    first = next(c for c in cells if c["cell_type"] == "markdown")
    return "".join(first["source"]).splitlines()[0].lstrip("# ").strip()


@pytest.mark.parametrize("address", LITE_ADDRESSES, ids=[a.text for a in LITE_ADDRESSES])
def test_a_documented_address_opens_in_the_site(
    lite_site: str, open_page: Callable[[], Page], address: DocumentedAddress
) -> None:
    """An offline-site address the README or the teacher's guide gives opens JupyterLite, and
    the chapter it names (if any) is the notebook shown, with no 'cannot open' dialog."""
    page = open_page()
    page.context.route("**/*", Offline(lite_site))
    page.goto(lite_site + address.path)
    page.locator("#jp-main-dock-panel").wait_for(timeout=KERNEL_START_TIMEOUT_MS)
    chapter = parse_qs(urlsplit(address.path).query).get("path", [None])[0]
    if chapter is not None:
        shown = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook, .jp-Dialog")
        shown.first.wait_for(timeout=KERNEL_START_TIMEOUT_MS)
        expect(page.locator(".jp-Dialog")).to_have_count(0)
        tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")
        expect(tab).to_have_text(Path(chapter).name)
        heading = _first_heading(REPO / chapter)
        expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")).to_contain_text(heading)
    expect(page.locator(".jp-Dialog")).to_have_count(0)
    close_page(page)
