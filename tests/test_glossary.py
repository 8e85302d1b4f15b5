"""Tests for the glossary (calflib/glossary.py, glossary_page.py, glossary_cards.py) and the
"Words in this chapter" line of every chapter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.course import chapters
from calflib.errors import ContentError
from calflib.glossary import (
    GLOSSARY_NOTEBOOK,
    GlossaryTerm,
    anchor,
    chapter_words_line,
    load_glossary,
    search,
    term_cell_id,
    terms_for_chapter,
)
from calflib.glossary_cards import MAX_SHOWN, glossary_card
from calflib.glossary_page import glossary_cells, glossary_sources_cell

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WORDS_LINE = "**Words in this chapter**"
#: Words the brief names as a must: every one has an entry (or, for another name, a definition
#: that mentions it, so the search finds it).
MUST_HAVE = (
    "gastrocnemius",
    "soleus",
    "achilles tendon",
    "dvt",
    "effleurage",
    "petrissage",
    "skin rolling",
    "hacking",
    "tapotement",
    "doms",
    "contraindication",
    "red flag",
    "compartment syndrome",
    "lymphoedema",
    "anticoagulant",
    "wells score",
    "five levels",
    "evidence grade",
)


def _markdown(chapter: str) -> list[str]:
    cells = json.loads((NOTEBOOKS / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _glossary_headings() -> set[str]:
    """The JupyterLab anchors of the glossary notebook's headings (text, spaces made dashes)."""
    text = "\n".join(_markdown(Path(GLOSSARY_NOTEBOOK).stem))
    return {h.strip().replace(" ", "-") for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_the_glossary_loads_with_unique_ids_and_terms() -> None:
    """Every term has a unique id and a unique name (ignoring case), and a real definition."""
    terms = load_glossary()
    assert len(terms) >= 60
    assert len({t.id for t in terms}) == len(terms)
    assert len({t.term.lower() for t in terms}) == len(terms)
    assert all(len(t.definition.split()) >= 5 for t in terms)


@pytest.mark.parametrize("word", MUST_HAVE)
def test_every_word_a_learner_meets_is_found(word: str) -> None:
    """Each required word is a term, or found by the search in a definition."""
    found = search(word)
    assert found, word
    names = [t.term.lower() for t in found]
    assert word in names or word in found[0].definition.lower()


def test_every_term_is_taught_in_a_real_chapter() -> None:
    """A term's chapter is one of chapters.toml's, so its 'Words' line can link it."""
    ids = {c.id for c in chapters()}
    assert {t.chapter for t in load_glossary()} <= ids


def test_search_ignores_case_and_ranks_term_matches_first() -> None:
    """ "KNEE" finds terms named after the knee before terms that only mention it; "kneading"
    finds petrissage through its definition."""
    found = search("KNEE")
    names = [t.term for t in found]
    in_name = [n for n in names if "knee" in n.lower()]
    assert names[: len(in_name)] == in_name
    assert len(found) > len(in_name)  # the back of the knee is in many definitions
    assert "Petrissage" in [t.term for t in search("kneading")]
    assert search("  ") == load_glossary()
    assert search("zzzz") == ()


def test_anchor_is_jupyterlabs_heading_id() -> None:
    """JupyterLab makes a heading's id from its text, spaces turned into dashes."""
    term = GlossaryTerm("x", "Achilles tendon", "d", "01_the_calf")
    assert anchor(term) == "Achilles-tendon"
    assert anchor("Baker's cyst") == "Baker's-cyst"


def _glossary_cells_by_id() -> dict[str, str]:
    """The glossary notebook's Markdown cells by cell id."""
    path = NOTEBOOKS / GLOSSARY_NOTEBOOK
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {c["id"]: "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"}


def _check_links(text: str) -> list[str]:
    """The terms that ``text`` links to, each link checked: it names the glossary notebook and
    a cell of it whose heading is the linked word."""
    cells = _glossary_cells_by_id()
    links = re.findall(r"\[([^\]]+)\]\(([^)#]+)#cell-id=([^)]+)\)", text)
    for word, target, cell_id in links:
        assert target == GLOSSARY_NOTEBOOK and (NOTEBOOKS / target).is_file()
        assert cells[cell_id].split("\n", 1)[0] == f"### {word}", cell_id
    return [word for word, _, _ in links]


def test_the_glossary_notebook_holds_exactly_the_generated_cells() -> None:
    """The notebook's term cells (with their ids) and Sources cell are those glossary.toml
    generates (regenerate with `python -m calflib.glossary_page` after an edit); each term has
    a cell of its own, the target of every link to it."""
    path = NOTEBOOKS / GLOSSARY_NOTEBOOK
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    shown = [(c["id"], "".join(c["source"])) for c in cells]
    generated = [*glossary_cells(), ("glossary-sources", glossary_sources_cell())]
    assert shown[-len(generated) :] == generated
    term_cells = [(i, text) for i, text in generated if text.startswith("### ")]
    assert [text.split("\n", 1)[0][4:] for _, text in term_cells] == [
        t.term for t in load_glossary()
    ]
    assert [i for i, _ in term_cells] == [term_cell_id(t) for t in load_glossary()]


def test_every_term_has_a_heading_in_the_glossary_notebook() -> None:
    """Each term is a heading, so the in-page anchor of the term exists too."""
    headings = _glossary_headings()
    assert {anchor(t) for t in load_glossary()} <= headings


@pytest.mark.parametrize("chapter", [c.id for c in chapters()])
def test_each_chapter_links_its_words_and_every_link_resolves(chapter: str) -> None:
    """A chapter that teaches terms has the generated 'Words in this chapter' line at the top,
    and every link in it names the glossary notebook and the cell holding that word."""
    first = _markdown(chapter)[0]
    line = chapter_words_line(chapter)
    if not terms_for_chapter(chapter):
        assert not any(p.startswith(WORDS_LINE) for p in first.split("\n\n"))
        return
    assert line in first.split("\n\n")
    assert _check_links(line) == [t.term for t in terms_for_chapter(chapter)]


@pytest.mark.parametrize("chapter", [c.id for c in chapters()])
def test_every_listed_term_is_used_in_its_chapter(chapter: str) -> None:
    """A term listed for a chapter appears in that chapter's own text (not counting the 'Words'
    line itself or the Sources list)."""
    text = "\n".join(_markdown(chapter)).split("## Sources")[0]
    text = "\n\n".join(p for p in text.split("\n\n") if not p.startswith(WORDS_LINE)).lower()
    missing = [t.term for t in terms_for_chapter(chapter) if t.term.lower() not in text]
    assert missing == []


def test_the_words_line_is_empty_for_a_chapter_without_terms() -> None:
    """The glossary chapter teaches no term of its own, so it has no 'Words' line."""
    assert chapter_words_line("08_glossary") == ""
    assert "[Soleus](08_glossary.ipynb#cell-id=term-soleus)" in chapter_words_line("01_the_calf")


def test_see_also_links_point_at_cells_of_the_glossary() -> None:
    """'See also' links name a term's cell of the glossary itself, which exists."""
    text = "\n".join(text for _, text in glossary_cells())
    assert len(_check_links(text)) == sum(len(t.see_also) for t in load_glossary())


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ('term = "Soleus"', 'term = "Gastrocnemius"', "term", "already defined by term"),
        ('term = "Soleus"', 'term = "Soleus (deep)"', "term", "only letters, digits"),
        ('id = "soleus"', 'id = "gastrocnemius"', None, "id 'gastrocnemius' is used twice"),
        (
            'see_also = ["gastrocnemius", "triceps_surae"]',
            'see_also = ["gastrocnemus"]',
            "see_also",
            "did you mean 'gastrocnemius'",
        ),
        (
            'chapter = "01_the_calf"\nsee_also = ["gastrocnemius", "triceps',
            'chapter = "01_calf"\nsee_also = ["gastrocnemius", "triceps',
            "chapter",
            "did you mean '01_the_calf'",
        ),
        (
            'sources = ["S47a"]\n\n[[term]]\nid = "plantaris"',
            'sources = ["S470"]\n\n[[term]]\nid = "plantaris"',
            "sources",
            "unknown source key 'S470'",
        ),
        (
            'definition = "Pointing',
            'defintion = "Pointing',
            "defintion",
            "did you mean 'definition'",
        ),
    ],
)
def test_a_broken_glossary_entry_is_named(
    tmp_path: Path, old: str, new: str, field: str | None, problem: str
) -> None:
    """A teacher's mistake in glossary.toml names the file, the field and the fix."""
    folder = copy_content(tmp_path / "content", "glossary.toml")
    edit(folder / "glossary.toml", old, new)
    with pytest.raises(ContentError) as exc:
        load_glossary(folder)
    assert exc.value.file == "glossary.toml"
    assert exc.value.field == field
    assert problem in str(exc.value)


def test_the_card_shows_matches_with_their_chapter() -> None:
    """A search shows the count, each term with its definition and the chapter teaching it."""
    html = glossary_card("soleus")
    assert f"{len(search('soleus'))} words match" in html
    assert "<strong>Soleus</strong>" in html and "Taught in chapter 01 The calf" in html
    assert 'aria-live="polite"' in html


def test_the_card_is_the_status_then_the_matches() -> None:
    """The card is the one-sentence status followed by the list; nothing typed or nothing found
    gives no list."""
    from calflib.glossary_cards import glossary_matches, glossary_status

    status, matches = glossary_status("soleus"), glossary_matches("soleus")
    assert "words match" in status and "<dl>" not in status
    assert matches.startswith("<dl>") and "<strong>Soleus</strong>" in matches
    assert status in glossary_card("soleus") and matches in glossary_card("soleus")
    assert glossary_matches("") == "" and glossary_matches("xylophone") == ""


def test_the_card_escapes_and_helps_when_nothing_matches() -> None:
    """Typed HTML is shown as text, and a near miss gets a suggestion."""
    html = glossary_card("<b>solues</b>")
    assert "<b>solues" not in html and "&lt;b&gt;" in html
    assert "No word matches" in html
    assert "did you mean" in glossary_card("Solues")


def test_the_card_caps_a_long_list() -> None:
    """A one-letter search shows at most MAX_SHOWN terms and says how many more there are."""
    html = glossary_card("e")
    assert html.count("<dt") == MAX_SHOWN
    assert "more: type more letters" in html


def test_the_empty_card_explains_what_to_do() -> None:
    """Before anything is typed, the card says what the box is for and how many words it holds."""
    html = glossary_card("")
    assert "Type a word" in html and f"holds {len(load_glossary())} words" in html


def test_the_maintainers_command_brings_stale_notebooks_up_to_date(tmp_path: Path) -> None:
    """`python -m calflib.glossary_page` rewrites a stale Words line and leaves up-to-date
    notebooks untouched (it reports only what it changed)."""
    import shutil

    from calflib.glossary_page import _regenerate

    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, folder)
    assert _regenerate(folder) == []
    stale = folder / "01_the_calf.ipynb"
    good = stale.read_text(encoding="utf-8")
    stale.write_text(good.replace("#cell-id=term-soleus", "#Soleus"), encoding="utf-8")
    assert _regenerate(folder) == [stale]
    assert stale.read_text(encoding="utf-8") == good
