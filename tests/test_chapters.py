"""Tests for chapters.toml's framing fields (minutes, questions) and each chapter's first cell."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.course import Chapter, chapters, load_chapters
from calflib.errors import ContentError
from calflib.glossary_page import framing_line

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WORDS_PER_MINUTE = 200


def _first_markdown(chapter: str) -> str:
    cells = json.loads((NOTEBOOKS / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "".join(next(c for c in cells if c["cell_type"] == "markdown")["source"])


def _prose_words(chapter: str) -> int:
    cells = json.loads((NOTEBOOKS / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    prose = re.sub(r"\]\([^)]*\)", "]", text.split("## Sources")[0])  # a link's address is not read
    return len(re.findall(r"[A-Za-z0-9']+", prose))


def test_every_notebook_is_a_chapter_and_every_chapter_a_notebook() -> None:
    """chapters.toml lists the notebooks 00 to 08, in file order, the glossary last."""
    ids = [c.id for c in chapters()]
    assert ids == sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    assert ids[-1] == "08_glossary"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.id)
def test_the_first_cell_shows_the_chapters_time_and_questions(chapter: Chapter) -> None:
    """The line under the title repeats chapters.toml word for word: minutes and questions."""
    first = _first_markdown(chapter.id)
    paragraphs = first.split("\n\n")
    assert paragraphs[0].startswith("# ")
    assert paragraphs[1] == framing_line(chapter)
    assert f"About {chapter.minutes} minutes" in first
    assert all(f"*{q}*" in first for q in chapter.questions)


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.id)
def test_the_time_is_at_least_the_reading_time(chapter: Chapter) -> None:
    """No estimate is shorter than reading the chapter's prose at 200 words a minute (rounded
    to the nearest 5), nor more than 80 minutes above it: re-estimate when a chapter grows."""
    reading = _prose_words(chapter.id) / WORDS_PER_MINUTE
    assert chapter.minutes >= 5 * round(reading / 5)
    assert chapter.minutes <= reading + 80


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ("minutes = 20\n", "minutes = 0\n", "minutes", "must be at least 1"),
        ("minutes = 20\n", 'minutes = "20"\n', "minutes", "expected a whole number"),
        ("minutes = 20\n", "", "minutes", "missing"),
        (
            '    "Where must your hands stay light, and why?",\n',
            '    "Where must your hands stay light, and why",\n',
            "questions",
            "each ending with '?'",
        ),
        (
            '    "Where must your hands stay light, and why?",\n',
            '    "Where must your hands stay light, and why?",\n    "A?",\n    "B?",\n',
            "questions",
            "one or two questions",
        ),
        (
            'questions = [\n    "Which muscles',
            'question = [\n    "Which muscles',
            "question",
            "did you mean 'questions'",
        ),
    ],
)
def test_a_broken_chapter_entry_is_named(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    """A mistake in a chapter's framing fields names the file, the chapter and the field."""
    folder = copy_content(tmp_path / "content", "chapters.toml")
    edit(folder / "chapters.toml", old, new)
    with pytest.raises(ContentError) as exc:
        load_chapters(folder)
    assert exc.value.file == "chapters.toml"
    assert exc.value.entry == "chapter '01_the_calf'"
    assert exc.value.field == field
    assert problem in str(exc.value)


def test_the_offline_site_ships_every_chapter(tmp_path: Path) -> None:
    """The offline site's build stages every chapter of chapters.toml, the glossary included."""
    script = NOTEBOOKS.parent / "scripts" / "build_site.py"
    spec = importlib.util.spec_from_file_location("build_site_for_chapters", script)
    assert spec is not None and spec.loader is not None
    build_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_site)
    staged = build_site.stage_files(tmp_path)
    assert [f"notebooks/{c.id}.ipynb" for c in chapters()] == [
        name for name in staged if name.startswith("notebooks/")
    ]
