"""The rendered edition (``make book``) in Chromium: pages, links, figures, headings, themes.

The edition is built once per test session into a temporary folder (every chapter is run, about
20 s) with one printed handout, and served from a local static server, as any static host would.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urldefrag, urljoin

import pytest
from browser_support import REPO, accessibility_violations, console_errors, serve_static
from playwright.sync_api import Page

from calflib.content_in_use import default_bank
from calflib.handouts import build_handouts

pytestmark = pytest.mark.browser

BUILD_SCRIPT = REPO / "scripts" / "build_book.py"


def _build_book_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_book", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def book(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The edition, built once with one handout, served on 127.0.0.1; yields its base URL."""
    del chromium_path  # without a browser, skip (or fail) before paying for the build
    home = tmp_path_factory.mktemp("book")
    handouts = build_handouts(home / "handouts", papers=["a4"], only=["screening-card"])
    assert handouts
    _build_book_module().build(home / "book", home / "handouts")
    with serve_static(home / "book", home / "server.log") as url:
        yield url


def _pages() -> list[str]:
    names = [f"{p.stem}.html" for p in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    return ["index.html", *names, "teachers-guide.html", "handouts.html"]


def _visit(open_page: Callable[[], Page], url: str, **context: object) -> tuple[Page, list[str]]:
    """Open ``url`` in a fresh page; returns it and every request it made."""
    page = open_page()
    if context:
        page.set_viewport_size(context["viewport"])  # type: ignore[arg-type]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    return page, requests


def test_every_page_loads_offline_without_console_errors(
    book: str, open_page: Callable[[], Page]
) -> None:
    """Each page loads with no console error and asks for nothing outside the edition."""
    for name in _pages():
        page, requests = _visit(open_page, book + name)
        assert console_errors(page) == [], name
        assert all(r.startswith(book) for r in requests), (name, requests)
        assert page.locator("main h1").count() >= 1, name


def test_every_internal_link_resolves(book: str, open_page: Callable[[], Page]) -> None:
    """Every link inside the edition reaches a page (and its heading, for an anchor)."""
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    page = open_page()
    for name in _pages():
        page.goto(book + name)
        ids[name] = set(page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)"))
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        links += [(name, href) for href in hrefs]
    checked = 0
    for source, href in links:
        if not href.startswith(book):
            continue
        target, fragment = urldefrag(href)
        path = target.removeprefix(book) or "index.html"
        if path.startswith("handouts/"):
            response = page.request.get(target)
            assert response.ok and response.headers["content-type"] == "application/pdf", href
        else:
            assert path in ids, f"{source}: link to missing page {href}"
            assert not fragment or unquote(fragment) in ids[path], f"{source}: no anchor {href}"
        checked += 1
    assert checked > 100


def test_every_figure_has_a_text_alternative(book: str, open_page: Callable[[], Page]) -> None:
    """Every image has alt text; every drawn figure (not a decorative icon) has a name."""
    page = open_page()
    figures = 0
    for name in _pages():
        page.goto(book + name)
        missing = page.evaluate(
            """() => [
              ...[...document.querySelectorAll('img:not([alt])')]
                 .map(e => e.outerHTML.slice(0, 80)),
              ...[...document.querySelectorAll('svg')].filter(s =>
                 !s.closest('[aria-hidden="true"]') && !s.parentElement.closest('svg') &&
                 !(s.getAttribute('role') === 'img' && (s.getAttribute('aria-label') ||
                   s.getAttribute('aria-labelledby') || s.querySelector('title')))
              ).map(s => s.outerHTML.slice(0, 80)),
            ]"""
        )
        assert missing == [], (name, missing)
        figures += page.locator("main svg[role='img'], main img").count()
    assert figures >= 5


def _markdown_headings(notebook: Path) -> list[str]:
    """The headings of a notebook's Markdown cells, as a reader sees their text."""
    headings = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in "".join(cell["source"]).splitlines():
            fenced ^= line.startswith("```")
            if not fenced and re.match(r"#{1,6} ", line):
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.lstrip("#").strip())
                headings.append(" ".join(re.sub(r"[*_`]", "", text).split()))
    return headings


def test_chapter_pages_hold_the_notebooks_headings(
    book: str, open_page: Callable[[], Page]
) -> None:
    """Each chapter page has exactly its notebook's headings, in order, and nothing else."""
    page = open_page()
    for notebook in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        page.goto(f"{book}{notebook.stem}.html")
        shown = page.evaluate(
            "[...document.querySelectorAll('main :is(h1,h2,h3,h4,h5,h6)')]"
            ".map(h => h.textContent.replace(/\\s+/g, ' ').trim())"
        )
        expected = _markdown_headings(notebook)
        assert shown == [" ".join(re.sub(r"[*_`]", "", h).split()) for h in shown]
        assert shown == expected, notebook.name


def test_self_checks_show_questions_with_folded_answers(
    book: str, open_page: Callable[[], Page]
) -> None:
    """A chapter's questions are all there, each answer folded until the reader opens it."""
    page = open_page()
    page.goto(book + "01_the_calf.html")
    questions = default_bank().for_chapter("01_the_calf")
    answers = page.locator("details.book-answer")
    assert answers.count() >= len(questions) > 0
    first = answers.first
    assert first.evaluate("d => d.open") is False
    assert not first.get_by_text("Why:").is_visible()
    first.locator("> summary").click()
    assert first.get_by_text("Why:").is_visible()


def test_the_trainer_stories_have_worked_answers(book: str, open_page: Callable[[], Page]) -> None:
    """Chapter 02 shows the trainer's stories, each with a folded worked answer."""
    from calflib.content_in_use import default_content

    page = open_page()
    page.goto(book + "02_when_not_to_massage.html")
    stories = page.locator(".book-story")
    assert stories.count() == len(default_content().scenarios)
    assert stories.first.locator("details > summary").first.inner_text() == (
        "Show the worked answer"
    )


def _background(page: Page) -> float:
    """The page's background brightness, 0 (black) to 1 (white)."""
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_follow_the_systems_colour_scheme(
    book: str, open_page: Callable[[], Page], scheme: str
) -> None:
    """With a dark system preference the page is dark, with a light one light."""
    page = open_page()
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(book + "02_when_not_to_massage.html")
    brightness = _background(page)
    assert brightness < 0.2 if scheme == "dark" else brightness > 0.9


def test_chapters_read_at_phone_width_without_sideways_scrolling(
    book: str, open_page: Callable[[], Page]
) -> None:
    """At 360 px wide no chapter page scrolls sideways (wide tables scroll inside themselves)."""
    page = open_page()
    page.set_viewport_size({"width": 360, "height": 740})
    for name in _pages():
        page.goto(book + name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 362, (name, width)


def test_the_handouts_page_links_the_pdfs(book: str, open_page: Callable[[], Page]) -> None:
    """The handouts page lists the printed PDFs and each opens."""
    page = open_page()
    page.goto(book + "handouts.html")
    link = page.get_by_role("link", name="Screening card, A4 (PDF)")
    href = link.get_attribute("href")
    assert href is not None
    response = page.request.get(urljoin(book + "handouts.html", href))
    assert response.ok and response.body()[:5] == b"%PDF-"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_an_accessibility_scan(
    book: str, open_page: Callable[[], Page], scheme: str
) -> None:
    """axe-core finds no WCAG A/AA problem on the contents, chapter 02 and 05, in both schemes."""
    page = open_page()
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    for name in ("index.html", "02_when_not_to_massage.html", "05_plan_your_session.html"):
        page.goto(book + name)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert accessibility_violations(page, "body") == [], (name, scheme)
