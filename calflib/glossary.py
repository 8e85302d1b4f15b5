"""The glossary: every technical word a learner meets, in plain words (pure functions).

This is the *words* side of the workbook's reference material (the practical-skills rubric, what
an observer checks while a learner massages, is :mod:`calflib.rubric`). Rules, each pinned by
``tests/test_glossary.py``:

1. Every term is defined once: ids and terms (ignoring case) are unique.
2. Every term names the chapter where it is taught, an id from ``chapters.toml``; that chapter's
   "Words in this chapter" line links it (:func:`chapter_words_line`), and its text uses it.
3. A term's heading in ``notebooks/08_glossary.ipynb`` is the term itself, so its JupyterLab
   anchor is the term with spaces made dashes (:func:`anchor`); a term therefore holds only
   letters, digits, spaces, hyphens and apostrophes (a bracket or ``#`` would break a link).
   Each term has a cell of its own, and links name that cell (:func:`term_link`).
4. ``see_also`` names other terms by id; ``sources`` cite keys from ``sources.toml`` for a
   medical claim (a plain word such as *effleurage* needs none).
5. Search (:func:`search`) ignores case and matches the term and the definition; terms whose
   name matches come first, then those whose definition does, each group in glossary order.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._schema import EntryReader, entries, known_tables, unique_ids
from calflib.course import chapters
from calflib.errors import ContentError
from calflib.loader import builtin_content, builtin_folder, read_toml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "GLOSSARY_NOTEBOOK",
    "GlossaryTerm",
    "anchor",
    "chapter_words_line",
    "load_glossary",
    "search",
    "term_cell_id",
    "term_link",
    "terms_for_chapter",
]

#: The glossary chapter's notebook, which every chapter's "Words in this chapter" line links to.
GLOSSARY_NOTEBOOK = "08_glossary.ipynb"
_FILE = "glossary.toml"
_FIELDS = ("id", "term", "definition", "chapter", "see_also", "sources")
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9 '\-]*")


@dataclass(frozen=True)
class GlossaryTerm:
    """One glossary entry: a word, its plain definition, and the chapter that teaches it."""

    id: str
    term: str
    definition: str
    chapter: str
    see_also: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


def load_glossary(folder: Traversable | Path | None = None) -> tuple[GlossaryTerm, ...]:
    """Load and check ``glossary.toml`` (default: the built-in file, loaded once), in file order."""
    if folder is None:
        return _builtin()
    return _load(folder)


@functools.cache
def _builtin() -> tuple[GlossaryTerm, ...]:
    return _load(builtin_folder())


def _load(folder: Traversable | Path) -> tuple[GlossaryTerm, ...]:
    doc = read_toml(folder, _FILE)
    known_tables(_FILE, doc, ("term",))
    chapter_ids = [c.id for c in chapters()]
    source_keys = list(builtin_content().sources)
    raw = entries(_FILE, doc, "term")
    unique_ids(_FILE, "term", [str(item.get("id", "")) for item in raw])
    ids = [str(item.get("id", "")) for item in raw]
    seen_terms: dict[str, str] = {}
    result = []
    for i, data in enumerate(raw):
        r = EntryReader(_FILE, "term", data, i, fields=_FIELDS)
        ident = r.identifier()
        term = r.text("term")
        if not _TERM.fullmatch(term):
            raise r.error(
                "term",
                f"'{term}' may hold only letters, digits, spaces, hyphens and apostrophes "
                "(it becomes a link anchor); put any abbreviation or explanation in the definition",
            )
        if term.lower() in seen_terms:
            raise r.error(
                "term", f"'{term}' is already defined by term '{seen_terms[term.lower()]}'"
            )
        seen_terms[term.lower()] = ident
        see_also = r.refs("see_also", [x for x in ids if x != ident], "term id", required=False)
        result.append(
            GlossaryTerm(
                id=ident,
                term=term,
                definition=r.text("definition"),
                chapter=r.choice("chapter", chapter_ids),
                see_also=see_also,
                sources=r.source_keys(source_keys, required=False),
            )
        )
        r.finish()
    if not result:
        raise ContentError(_FILE, "no terms found; add at least one [[term]]")
    return tuple(result)


def anchor(term: GlossaryTerm | str) -> str:
    """The term's heading anchor in JupyterLab (its heading text, spaces made dashes)."""
    text = term.term if isinstance(term, GlossaryTerm) else term
    return text.replace(" ", "-")


def term_cell_id(term: GlossaryTerm) -> str:
    """The id of the term's own cell in the glossary notebook, e.g. ``term-soleus``."""
    return f"term-{term.id}"


def term_link(term: GlossaryTerm) -> str:
    """A Markdown link to the term's cell in the glossary notebook, from any chapter.

    The link names the cell by id (``#cell-id=term-soleus``): JupyterLab scrolls to a cell named
    so as soon as the notebook opens. A heading anchor (``#Soleus`` or ``#heading=Soleus``) is
    only found once its cell has been drawn, so a link that opens the glossary would leave it at
    its top (seen in JupyterLab 4.6; tests/browser/test_lab_glossary.py pins the behaviour).
    """
    return f"[{term.term}]({GLOSSARY_NOTEBOOK}#cell-id={term_cell_id(term)})"


def search(query: str, terms: tuple[GlossaryTerm, ...] | None = None) -> tuple[GlossaryTerm, ...]:
    """Terms matching ``query`` (any case): term matches first, then definition matches.

    An empty query matches every term, in glossary order.
    """
    pool = load_glossary() if terms is None else terms
    words = query.strip().lower()
    if not words:
        return pool
    by_term = [t for t in pool if words in t.term.lower()]
    by_definition = [t for t in pool if t not in by_term and words in t.definition.lower()]
    return (*by_term, *by_definition)


def terms_for_chapter(
    chapter: str, terms: tuple[GlossaryTerm, ...] | None = None
) -> tuple[GlossaryTerm, ...]:
    """The terms a chapter teaches, in glossary order."""
    pool = load_glossary() if terms is None else terms
    return tuple(t for t in pool if t.chapter == chapter)


def chapter_words_line(chapter: str, terms: tuple[GlossaryTerm, ...] | None = None) -> str:
    """The chapter's "Words in this chapter" Markdown line, linking each term to the glossary.

    Empty when the chapter teaches no term.
    """
    own = terms_for_chapter(chapter, terms)
    if not own:
        return ""
    links = ", ".join(term_link(t) for t in own)
    return f"**Words in this chapter** (each opens the glossary): {links}."
