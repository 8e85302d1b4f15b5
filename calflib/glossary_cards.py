"""What the glossary search shows: a card of matching terms, built from content (pure function).

The search widget (``calflib.widgets.glossary``) only passes the learner's words here. Every
content string is escaped. The card says how many terms matched and why the order is what it is,
so a screen-reader user hears the count first; it never shows more than :data:`MAX_SHOWN` terms.
"""

from __future__ import annotations

from html import escape

from calflib.card_kit import SMALL_TEXT, card, sources_list
from calflib.course import chapters
from calflib.errors import did_you_mean
from calflib.glossary import GlossaryTerm, load_glossary, search
from calflib.loader import builtin_content

__all__ = ["MAX_SHOWN", "glossary_card", "glossary_matches", "glossary_status"]

#: The most terms one search shows; typing more letters narrows the list.
MAX_SHOWN = 15


def glossary_card(query: str, terms: tuple[GlossaryTerm, ...] | None = None) -> str:
    """The card for ``query``: a hint when empty, the matches (term matches first), or a
    "nothing found" note with a suggestion: :func:`glossary_status` then
    :func:`glossary_matches`."""
    pool = load_glossary() if terms is None else terms
    body = glossary_status(query, pool) + glossary_matches(query, pool)
    return card(body, "calf-glossary-results")


def glossary_status(query: str, terms: tuple[GlossaryTerm, ...] | None = None) -> str:
    """One short paragraph saying what a search for ``query`` found: how to search (nothing
    typed), how many words match and in what order, or that none does (with a suggestion).

    The search widget shows it in its live region, apart from the list, so a screen reader
    hears this sentence as the learner types, not every matching definition."""
    pool = load_glossary() if terms is None else terms
    words = query.strip()
    if not words:
        return (
            f"<p>Type a word, or part of one, to look it up. The glossary holds {len(pool)} "
            "words; all of them are also listed below this search, chapter by chapter.</p>"
        )
    found = search(words, pool)
    if not found:
        hint = did_you_mean(words, [t.term for t in pool])
        return (
            f"<p><strong>No word matches \u201c{escape(words)}\u201d{escape(hint)}.</strong> "
            "Try a shorter part of the word, or another word for the same thing.</p>"
        )
    count = f"{len(found)} word{'s' if len(found) != 1 else ''} match \u201c{escape(words)}\u201d"
    order = "words whose name matches come first, then words whose definition mentions it"
    return f"<p><strong>{count}</strong> ({order}).</p>"


def glossary_matches(query: str, terms: tuple[GlossaryTerm, ...] | None = None) -> str:
    """The matching terms for ``query`` as a definition list (at most :data:`MAX_SHOWN`, with
    a note of how many more), or "" when nothing is typed or nothing matches."""
    pool = load_glossary() if terms is None else terms
    words = query.strip()
    found = search(words, pool) if words else []
    if not found:
        return ""
    shown = found[:MAX_SHOWN]
    more = len(found) - len(shown)
    more_note = f"<p>{more} more: type more letters to narrow the list.</p>" if more else ""
    return f"<dl>{''.join(_item(term) for term in shown)}</dl>{more_note}"


def _item(term: GlossaryTerm) -> str:
    titles = {c.id: f"{c.id[:2]} {c.title}" for c in chapters()}
    taught = titles.get(term.chapter, term.chapter)
    sources = sources_list(term.sources, builtin_content()) if term.sources else ""
    return (
        f'<dt style="margin-top:0.5em"><strong>{escape(term.term)}</strong></dt>'
        f"<dd>{escape(term.definition)}"
        f'<div style="{SMALL_TEXT}">Taught in chapter {escape(taught)}.</div>{sources}</dd>'
    )
