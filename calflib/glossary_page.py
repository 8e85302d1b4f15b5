"""The Markdown of the glossary chapter and the framing line of every chapter (pure functions).

``notebooks/08_glossary.ipynb`` holds the glossary as Markdown: a heading cell per chapter, then
one cell per term (id ``term-<term id>``), which every link to the term names (see
:func:`calflib.glossary.term_link`). Those cells are generated here from ``glossary.toml``, and
each chapter's framing line and "Words in this chapter" line from ``chapters.toml`` and
``glossary.toml``; ``tests/test_glossary.py`` and ``tests/test_chapters.py`` check that the
notebooks hold exactly them. After editing either file, run
``.venv/bin/python -m calflib.glossary_page``: it rewrites those cells and lines, and nothing
else.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from calflib.course import Chapter, chapters
from calflib.glossary import (
    GLOSSARY_NOTEBOOK,
    GlossaryTerm,
    chapter_words_line,
    load_glossary,
    term_cell_id,
    term_link,
)
from calflib.loader import builtin_content

__all__ = [
    "GENERATED_MARK",
    "LISTING_HEADING",
    "SOURCES_HEADING",
    "first_cell",
    "framing_line",
    "glossary_cells",
    "glossary_sources_cell",
]

#: The notebook's own cell after which every cell is generated.
LISTING_HEADING = "## All the words, chapter by chapter"
#: Each chapter's group of terms starts with a cell headed with this prefix.
GENERATED_MARK = "## Words from "
SOURCES_HEADING = "## Sources"
_KINDS = {
    "guideline": "guideline or NHS text",
    "paper": "peer-reviewed study",
    "trade": "professional-education text: textbooks, professional bodies, educators",
    "commentary": "web commentary on a study, not peer-reviewed",
    "business": "business web page: a spa, clinic, shop or brand describing its own services",
    "web": "popular web page, cited to show what popular articles say",
}


def framing_line(chapter: Chapter) -> str:
    """The line under a chapter's title: its estimated time and framing questions."""
    questions = " ".join(f"*{q}*" for q in chapter.questions)
    return f"**About {chapter.minutes} minutes.** Questions to keep in mind: {questions}"


def _label(chapter: Chapter) -> str:
    return f"{chapter.id[:2]} {chapter.title}"


def glossary_cells(terms: tuple[GlossaryTerm, ...] | None = None) -> list[tuple[str, str]]:
    """The glossary's Markdown cells as (cell id, text): per chapter that teaches terms, a heading
    cell, then one cell per term (its heading, definition and links to related terms) whose id is
    :func:`calflib.glossary.term_cell_id`, the target of every link to the term."""
    pool = load_glossary() if terms is None else terms
    by_id = {t.id: t for t in pool}
    cells = []
    for chapter in chapters():
        own = [t for t in pool if t.chapter == chapter.id]
        if not own:
            continue
        label = _label(chapter)
        heading = f"{GENERATED_MARK}{label}\n\nTaught in [{label}]({chapter.id}.ipynb)."
        cells.append((f"words-from-{chapter.id}", heading))
        for term in own:
            parts = [f"### {term.term}", term.definition]
            if term.see_also:
                links = ", ".join(term_link(by_id[i]) for i in term.see_also)
                parts.append(f"See also: {links}.")
            cells.append((term_cell_id(term), "\n\n".join(parts)))
    return cells


def glossary_sources_cell(terms: tuple[GlossaryTerm, ...] | None = None) -> str:
    """The glossary's Sources cell: every key a definition cites, in order of first use."""
    pool = load_glossary() if terms is None else terms
    bibliography = builtin_content().sources
    keys = list(dict.fromkeys(key for t in pool for key in t.sources))
    kinds = list(dict.fromkeys(bibliography[k].kind for k in keys))
    legend = ", ".join(f"**{kind}** ({_KINDS.get(kind, kind)})" for kind in kinds)
    rows = [f"- **{k}** {bibliography[k].title} ({bibliography[k].kind})" for k in keys]
    intro = (
        "The keys cited in the definitions above. The chapters say more, with the same keys; "
        "the full bibliography, with web addresses, is in `sources.toml` "
        "(folder `calflib/content`)."
    )
    return "\n".join([SOURCES_HEADING, "", intro, "", f"Quality labels: {legend}.", "", *rows])


def first_cell(chapter: Chapter, text: str) -> str:
    """A chapter's first Markdown cell with its framing line (under the title) and its "Words in
    this chapter" line (at the end) as the content says, whatever they said before."""
    old = ("**About ", "**Words in this chapter**")
    paragraphs = [p for p in text.split("\n\n") if not p.startswith(old)]
    paragraphs.insert(1, framing_line(chapter))
    words = chapter_words_line(chapter.id)
    return "\n\n".join([*paragraphs, words] if words else paragraphs)


def _write(path: Path, nb: dict[str, Any]) -> None:
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _regenerate(folder: Path) -> list[Path]:
    """Bring the notebooks in ``folder`` in line with the content: each chapter's first cell
    (:func:`first_cell`) and the glossary's generated cells (every cell after the one that starts
    with ``LISTING_HEADING``). Returns the notebooks it changed; a notebook is read and written
    at once, so an edit made meanwhile elsewhere in it is kept."""
    changed = []
    for chapter in chapters():
        path = folder / f"{chapter.id}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        before = json.dumps(nb)
        first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        first["source"] = first_cell(chapter, "".join(first["source"])).splitlines(keepends=True)
        if chapter.id == Path(GLOSSARY_NOTEBOOK).stem:
            starts = ["".join(c["source"]).startswith(LISTING_HEADING) for c in nb["cells"]]
            generated = [*glossary_cells(), ("glossary-sources", glossary_sources_cell())]
            nb["cells"] = nb["cells"][: starts.index(True) + 1] + [
                {
                    "cell_type": "markdown",
                    "id": cell_id,
                    "metadata": {},
                    "source": text.splitlines(keepends=True),
                }
                for cell_id, text in generated
            ]
        if json.dumps(nb) != before:
            _write(path, nb)
            changed.append(path)
    return changed


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    done = _regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("notebooks"))
    print("updated: " + (", ".join(p.name for p in done) if done else "nothing, all up to date"))
