"""The scenario app (``calflib app``, Voila) in Chromium: no code shown, one scenario completed.

The app is started through the real console script, exactly as a learner or teacher types it,
on a free port; the test reads the address (with its token) that the command prints.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import (
    WATCH,
    close_page,
    console_errors,
    free_port,
    start_server,
    stop_process,
    wait_for_http,
)
from playwright.sync_api import Page, expect

from calflib.content_in_use import default_content
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
    trainer.get_by_role(
        "radio", name=f"{info.icon} {scenario.expected.name}: {info.title}", exact=True
    ).check()
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
    trainer.get_by_role(
        "radio", name=f"{info.icon} {scenario.expected.name}: {info.title}", exact=True
    ).check()
    trainer.locator("button.calf-check").click()
    expect(trainer.locator(".calf-feedback-widget")).to_contain_text(scenario.teaching_point)
    questionnaire = first.locator(".calf-questionnaire")
    sign = next(f for f in CONTENT.findings.values() if f.group == "clot")
    # "Yes" to the group's lead-in opens its questions.
    questionnaire.locator(f".calf-g-{sign.group}").get_by_role("button", name="Yes").click()
    questionnaire.locator(f".calf-q-{sign.id}").get_by_role(
        "button", name="Yes", exact=True
    ).click()
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
