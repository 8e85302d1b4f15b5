"""The scenario app (``calflib app``, Voila) in Chromium: no code shown, one scenario completed.

The app is started through the real console script, exactly as a learner or teacher types it,
on a free port; the test reads the address (with its token) that the command prints.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from a11y_support import (
    PAGE_RULES,
    axe_scan,
    baseline_changes,
    describe,
    host_summary,
    reflow_problems,
    scan_in_full,
)
from browser_support import (
    RESULT_REGION,
    WATCH,
    accessibility_violations,
    answer_with_keyboard_only,
    close_page,
    console_errors,
    free_port,
    start_server,
    stop_process,
    wait_for_http,
)
from playwright.sync_api import Page, expect

from calflib.cli import APP_NOTEBOOK
from calflib.content_in_use import default_content
from calflib.model import Level
from calflib.trainer import check_choice

pytestmark = pytest.mark.browser

CONTENT = default_content()
APP_LOADED_TIMEOUT_MS = 90_000
_URL = re.compile(r"Serving the scenario app at (http://127\.0\.0\.1:\d+/\?token=\S+)")


def _printed_url(log: Path, timeout_s: float = 30.0) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = _URL.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(1)
        time.sleep(0.1)
    pytest.fail(f"'calflib app' printed no address:\n{log.read_text()[-3000:]}", pytrace=False)


@pytest.fixture(scope="module")
def app_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app's private home: Jupyter folders, and calflib's (``CALFLIB_HOME``) at calflib-home."""
    return tmp_path_factory.mktemp("app-home")


@pytest.fixture(scope="module")
def app_url(chromium_path: str, app_home: Path) -> Iterator[str]:
    """``calflib app --no-browser --port P`` running with private Jupyter folders."""
    del chromium_path  # without a browser, skip (or fail) before paying for a server
    home = app_home
    log = home / "calflib-app.log"
    script = Path(sys.executable).with_name("calflib")
    command = [str(script), "app", "--no-browser", "--port", str(free_port())]
    process = start_server(command, cwd=home, home=home, log=log)
    WATCH.logs["calflib-app"] = log
    try:
        url = _printed_url(log)
        wait_for_http(url, process, log)
        yield url
    finally:
        stop_process(process)
        WATCH.logs.pop("calflib-app", None)
    assert "The scenario app has stopped." in log.read_text(), "the app did not stop cleanly"


def _visit(app_url: str, open_page: Callable[[], Page]) -> Page:
    """A visitor opens the app in a new page (no shared browser storage) and sees the widgets."""
    page = open_page()
    page.goto(app_url)
    page.locator(".calf-trainer").wait_for(timeout=APP_LOADED_TIMEOUT_MS)
    return page


@pytest.fixture
def app_page(app_url: str, open_page: Callable[[], Page]) -> Iterator[Page]:
    """The app, open in a new page, once Voila has run the notebook and shown the widgets."""
    page = _visit(app_url, open_page)
    yield page
    close_page(page)


def test_app_shows_the_questionnaire_and_trainer_and_no_code(app_page: Page) -> None:
    """The page holds exactly the questionnaire and the trainer; no code, prompt or error."""
    expect(app_page.locator(".calf-questionnaire")).to_have_count(1)
    expect(app_page.locator(".calf-trainer")).to_have_count(1)
    expect(app_page.locator(".calf-wells, .calf-check-yourself, .calf-anatomy")).to_have_count(0)
    expect(app_page.locator(".jp-InputArea-editor, .cm-editor, .jp-InputPrompt")).to_have_count(0)
    expect(app_page.locator("body")).not_to_contain_text("from calflib")
    expect(app_page.locator("body")).not_to_contain_text("Traceback")
    expect(app_page.locator("body")).not_to_contain_text("javascript error", use_inner_text=True)
    assert console_errors(app_page) == []
    expect(app_page.locator("body")).to_contain_text(
        "Education, not diagnosis", use_inner_text=True
    )


def test_app_completes_a_scenario(app_page: Page) -> None:
    """Pick a level for the first scenario, press Check my answer, read the feedback."""
    trainer = app_page.locator(".calf-trainer")
    scenario = CONTENT.scenarios[0]
    expect(trainer.locator(".calf-story")).to_contain_text(scenario.title, use_inner_text=True)
    info = CONTENT.levels[scenario.expected]
    trainer.get_by_role("radio", name=f"{scenario.expected.name}: {info.title}", exact=True).check()
    check = trainer.locator("button.calf-check")
    expect(check).to_have_text("Check my answer")
    check.click()
    feedback = trainer.locator(".calf-feedback-widget")
    expect(feedback).to_contain_text(
        check_choice(scenario, scenario.expected, CONTENT).headline, use_inner_text=True
    )
    expect(feedback).to_contain_text(scenario.teaching_point, use_inner_text=True)
    expect(trainer).to_contain_text("Checked so far: 1; right: 1.", use_inner_text=True)


def _what_a_visitor_sees(page: Page) -> dict[str, str]:
    return {
        css: page.locator(f".{css}").inner_text() for css in ("calf-questionnaire", "calf-trainer")
    }


def test_each_visit_starts_fresh_and_nothing_is_kept(
    app_url: str, app_home: Path, open_page: Callable[[], Page]
) -> None:
    """A visitor answers the screening and checks a story; the next visitor sees the page as
    new, and no answer or progress is left on the server (one person's health answers must not
    reach the next, nor the answer reach a projector)."""
    first = _visit(app_url, open_page)
    fresh = _what_a_visitor_sees(first)
    assert "Checked so far: 0; right: 0." in fresh["calf-trainer"], "an earlier visit shows"
    scenario = CONTENT.scenarios[0]
    trainer = first.locator(".calf-trainer")
    info = CONTENT.levels[scenario.expected]
    trainer.get_by_role("radio", name=f"{scenario.expected.name}: {info.title}", exact=True).check()
    trainer.locator("button.calf-check").click()
    expect(trainer.locator(".calf-feedback-widget")).to_contain_text(scenario.teaching_point)
    questionnaire = first.locator(".calf-questionnaire")
    sign = next(f for f in CONTENT.findings.values() if f.group == "clot")
    # "Yes" to the group's lead-in opens its questions.
    questionnaire.locator(f".calf-g-{sign.group}").get_by_role("radio", name="Yes").check()
    questionnaire.get_by_role("radiogroup", name=f"{sign.label} {sign.question}").get_by_role(
        "radio", name="Yes", exact=True
    ).check()
    expect(questionnaire.locator(".calf-verdict-widget")).to_contain_text("REFER")
    assert _what_a_visitor_sees(first) != fresh
    close_page(first)

    second = _visit(app_url, open_page)
    assert _what_a_visitor_sees(second) == fresh
    expect(second.locator(".calf-trainer")).to_contain_text("Checked so far: 0; right: 0.")
    close_page(second)
    kept = sorted(
        p.relative_to(app_home).as_posix() for p in (app_home / "calflib-home").rglob("*")
    )
    assert kept == [], f"the app kept a visitor's answers on the server: {kept}"


#: Elements inside the questionnaire form that stick out of its right edge (tag, classes, width).
_WIDER_THAN_THE_FORM = """form => {
    const edge = form.getBoundingClientRect().right + 1;
    return [...form.querySelectorAll('*')]
        .filter(node => node.getBoundingClientRect().right > edge)
        .map(node => `${node.tagName}.${node.getAttribute('class')}`)
        .slice(0, 5);
}"""


def test_app_questionnaire_is_an_accessible_form(app_page: Page) -> None:
    """In the app the questionnaire is a form of named radio groups: checking Yes on a clot sign
    checks that radio and the live result says REFER; the keyboard alone reaches CLEAR; axe-core
    finds no WCAG 2.x A/AA violation in it; at 320 px nothing sticks out sideways."""
    questionnaire = app_page.locator(".calf-questionnaire")
    live = questionnaire.locator(RESULT_REGION)
    sign = next(f for f in CONTENT.findings.values() if f.group == "clot")
    group = questionnaire.get_by_role("radiogroup", name=f"{sign.label} {sign.question}")
    expect(group).to_have_count(1)
    yes = group.get_by_role("radio", name="Yes", exact=True)
    yes.check()
    expect(yes).to_be_checked()
    expect(live).to_contain_text(f"{Level.REFER.name}:", use_inner_text=True)

    questionnaire.get_by_role("button", name="Start again", exact=True).click()
    expect(yes).not_to_be_checked()
    groups = [g for g in CONTENT.groups if CONTENT.members(g.id)]
    answer_with_keyboard_only(app_page, questionnaire, len(groups))
    expect(live).to_contain_text(f"{Level.CLEAR.name}:", use_inner_text=True)
    expect(live).to_contain_text("(all answered)", use_inner_text=True)

    assert accessibility_violations(app_page, ".calf-questionnaire") == []

    app_page.set_viewport_size({"width": 320, "height": 640})
    form = questionnaire.locator("form.calf-qform")
    assert form.evaluate(_WIDER_THAN_THE_FORM) == [], "wider than the form at 320 px"
    choice = questionnaire.locator(".calf-qform-choice").first.bounding_box()
    assert choice is not None and choice["height"] >= 24 and choice["width"] >= 24


# --- the page as a whole: landmarks, headings, axe-core, reflow, dark theme ----------------------

#: The level of every heading a screen reader lists, in page order (aria-level wins).
_HEADING_LEVELS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
    .filter(h => h.checkVisibility() && !h.closest('[aria-hidden=true]'))
    .map(h => Number(h.getAttribute('aria-level') || h.tagName.slice(1)))"""
#: The app's own elements: everything in its main landmark (the rendered cells).
_OURS = ["main"]
_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _app_title() -> str:
    first = next(c for c in json.loads(APP_NOTEBOOK.read_text("utf-8"))["cells"])
    return "".join(first["source"]).splitlines()[0].lstrip("# ").strip()


def test_app_page_has_one_main_landmark_and_headings_in_order(app_page: Page) -> None:
    """One main landmark holds both widgets; the page has one h1 (the app's title) and its
    headings never skip a level, so a screen reader's heading list reads as an outline."""
    main = app_page.get_by_role("main")
    expect(main).to_have_count(1)
    expect(main.locator(".calf-questionnaire")).to_have_count(1)
    expect(main.locator(".calf-trainer")).to_have_count(1)
    title = app_page.get_by_role("heading", level=1)
    expect(title).to_have_count(1)
    expect(title).to_contain_text(_app_title())
    levels = app_page.evaluate(_HEADING_LEVELS)
    skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert levels[:1] == [1] and skips == [], f"heading levels in page order: {levels}"
    assert describe(axe_scan(app_page, rules=PAGE_RULES)) == []


def test_app_page_passes_axe_and_voilas_own_page_is_the_recorded_one(app_page: Page) -> None:
    """Everything in the main landmark passes axe-core at WCAG 2.2 AA; what Voila puts around
    it fails only the recorded rules (a11y_baseline.json)."""
    assert describe(scan_in_full(app_page, include=_OURS, scroller=None)) == []
    host = host_summary(axe_scan(app_page, exclude=_OURS))
    assert baseline_changes("Voila app", host, app_page) == []


def test_app_page_in_the_dark_theme_has_enough_contrast(
    app_url: str, open_page: Callable[[], Page]
) -> None:
    """With Voila's dark theme (?theme=dark) the app's text and controls keep enough contrast."""
    page = open_page()
    page.goto(f"{app_url}&theme=dark")
    page.locator(".calf-trainer").wait_for(timeout=APP_LOADED_TIMEOUT_MS)
    expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "false")
    dark = scan_in_full(page, include=_OURS, scroller=None, rules=["color-contrast"])
    close_page(page)
    assert describe(dark) == []


def test_app_page_reflows_at_320px(app_page: Page) -> None:
    """At 320 CSS px nothing in the app sticks out sideways and the page does not scroll
    sideways (WCAG 1.4.10; data tables would be allowed to, there are none)."""
    app_page.set_viewport_size({"width": 320, "height": 640})
    app_page.evaluate(_TWO_FRAMES)
    roots = "main .jp-OutputArea-output, main .jp-MarkdownOutput"
    problems, tables = reflow_problems(app_page, roots, "html")
    assert (problems, tables) == ([], [])
    wide = app_page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert wide[0] <= wide[1], f"the page is {wide[0]} px wide in a {wide[1]} px window"
