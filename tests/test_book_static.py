"""Tests for the rendered edition's pieces that need no kernel or browser: static widgets, links."""

from __future__ import annotations

import importlib.util
import re
from html import unescape
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from calflib.book_static import LIVE_ONLY, static_widget
from calflib.content_in_use import default_bank, default_content

BUILD_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_book.py"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def build_book() -> ModuleType:
    """scripts/build_book.py as a module."""
    spec = importlib.util.spec_from_file_location("build_book", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def words(html: str) -> str:
    """What a reader sees: tags removed, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_self_check_shows_every_question_with_its_answer_folded() -> None:
    """Each question of the chapter is shown with its options; the answer sits in a closed fold."""
    questions = default_bank().for_chapter("02_when_not_to_massage")
    html = static_widget("CheckYourself", ["02_when_not_to_massage"])
    assert html.count('<details class="book-answer">') == len(questions) > 0
    assert "<details open" not in html
    text = words(html)
    for q in questions:
        assert words(q.prompt) in text and words(q.explanation) in text
    assert "In the live workbook" in text


def test_the_trainer_shows_every_story_with_a_worked_answer() -> None:
    """Every story is shown, with its level and teaching point folded beneath it."""
    content = default_content()
    html = static_widget("ScenarioTrainer")
    folds = re.findall(r'<details class="book-answer">.*?</details></li>', html, re.DOTALL)
    assert len(folds) == len(content.scenarios)
    for scenario, fold in zip(content.scenarios, folds, strict=True):
        assert scenario.title in unescape(html)
        assert scenario.expected.name in fold and words(scenario.teaching_point) in words(fold)


def test_static_widgets_add_no_headings() -> None:
    """No static equivalent adds a heading, so a page keeps exactly its notebook's headings."""
    for name in (
        "ScreeningQuestionnaire",
        "TechniquesExplorer",
        "SessionPlanner",
        "BenefitsExplorer",
    ):
        html = static_widget(name)
        assert not re.search(r"<h[1-6][\s>]", html), name
        assert len(words(html)) > 200, name


@pytest.mark.parametrize("name", [*LIVE_ONLY, "SomeNewWidget"])
def test_a_live_only_or_unknown_widget_gets_the_pointer(name: str) -> None:
    """A widget with no static form (or a new one) shows the pointer, never an error."""
    assert words(static_widget(name)).startswith("In the live workbook this is an interactive")


def test_links_point_at_the_editions_pages(build_book: ModuleType) -> None:
    """Chapter, guide and README links become page links; other links are left alone."""
    body = (
        '<a href="02_when_not_to_massage.ipynb#Five-levels">a</a>'
        '<a href="../docs/teachers-guide.md#answer-keys">b</a>'
        '<a href="08_glossary.ipynb#heading=Widget">c</a>'
        '<a href="https://example.org/x.md">d</a>'
        '<h2 id="X">X<a class="anchor-link" href="#X">\u00b6</a></h2>'
    )
    fixed = build_book.fix_links(body)
    assert 'href="02_when_not_to_massage.html#Five-levels"' in fixed
    assert 'href="teachers-guide.html#answer-keys"' in fixed
    assert 'href="08_glossary.html#Widget"' in fixed
    assert 'href="https://example.org/x.md"' in fixed
    assert "anchor-link" not in fixed


def test_widget_outputs_become_their_static_form(build_book: ModuleType) -> None:
    """A widget's output is replaced by its static form; other outputs of the cell stay."""
    printed = new_output("stream", name="stdout", text="calflib is ready.\n")
    view = new_output("display_data", data={WIDGET_VIEW: {"model_id": "x"}, "text/plain": "W"})
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Title"),
            new_code_cell('CheckYourself("01_the_calf")', outputs=[printed, view]),
            new_code_cell("print(1)", outputs=[printed]),
        ]
    )
    nb.metadata["widgets"] = {"state": {}}
    assert build_book.make_static(nb) == 1
    outputs = nb.cells[1].outputs
    assert outputs[0] == printed and WIDGET_VIEW not in outputs[1]["data"]
    assert "book-answer" in outputs[1]["data"]["text/html"]
    assert nb.cells[2].outputs == [printed] and "widgets" not in nb.metadata
    nbformat.validate(nb)


def test_widget_calls_are_read_from_the_cell(build_book: ModuleType) -> None:
    """The widget and its literal arguments are read from the code, whatever the imports."""
    source = "from calflib.widgets import CheckYourself\nCheckYourself('03_benefits')"
    assert build_book._widget_calls(source) == [("CheckYourself", ["03_benefits"])]
    assert build_book._widget_calls("PracticePlayer(plan)") == [("PracticePlayer", ["plan"])]
    assert build_book._widget_calls("print(") == []


def test_the_offline_site_ships_the_edition_and_handouts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build_site copies build/book and build/handouts into the site, dropping stale copies."""
    spec = importlib.util.spec_from_file_location(
        "build_site", BUILD_SCRIPT.with_name("build_site.py")
    )
    assert spec is not None and spec.loader is not None
    build_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_site)
    monkeypatch.setattr(build_site, "REPO", tmp_path)
    monkeypatch.setattr(build_site, "BUILD", tmp_path / "build")
    (tmp_path / "build" / "book").mkdir(parents=True)
    (tmp_path / "build" / "book" / "index.html").write_text("<h1>Book</h1>", encoding="utf-8")
    site = tmp_path / "build" / "site"
    (site / "handouts").mkdir(parents=True)
    (site / "handouts" / "old.pdf").write_bytes(b"%PDF-")
    assert build_site.ship_book(site) == ["book"]
    assert (site / "book" / "index.html").read_text(encoding="utf-8") == "<h1>Book</h1>"
    assert not (site / "handouts").exists()


def test_the_final_check_is_not_given_away() -> None:
    """The edition never prints a final-check question or its answer (it would test memory)."""
    html = static_widget("FinalCheck")
    for question in default_bank().final:
        assert words(question.prompt) not in words(html)
    assert "book-answer" not in html and "live workbook" in words(html)
