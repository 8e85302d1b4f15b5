"""The pieces every chapter's HTML cards are built from (pure functions, no widgets).

:func:`card` (the themed box), :func:`bullet_list`, :func:`cited`, :func:`sources_list`,
:func:`level_badge`, :func:`message_card` and :func:`table`, and the shared constants: the
disclaimer, the muted :data:`SMALL_TEXT` style, a reading width and each level's accent colour.
The kit knows content (levels, sources) but no chapter's logic: anatomy or benefits cards built
from it do not depend on the screening engine. Every piece of text from content is escaped, so
teacher-written files can never inject markup. Colours come from :mod:`calflib.palette`, so cards
follow light and dark themes; the level is always given in words and an icon, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from calflib.bibliography import look_up, source_label
from calflib.icons import icon
from calflib.model import Content, Level, Source
from calflib.palette import THEME

__all__ = [
    "DISCLAIMER",
    "LEVEL_ACCENT",
    "LINK_STYLE",
    "READING_WIDTH",
    "SMALL_TEXT",
    "bullet_list",
    "card",
    "cited",
    "fold_out",
    "level_badge",
    "message_card",
    "sources_list",
    "table",
]

DISCLAIMER = (
    "Education, not diagnosis. This workbook cannot examine you. If you are worried about your "
    "leg, see a clinician; if you are short of breath or have chest pain, call emergency services."
)

#: The accent (left border) of a card about each screening level.
LEVEL_ACCENT = {
    Level.EMERGENCY: THEME["error_strong"],
    Level.REFER: THEME["error"],
    Level.WAIT: THEME["warn"],
    Level.MODIFY: THEME["warn_mild"],
    Level.CLEAR: THEME["success"],
}
_BOX = (
    f"border:1px solid {THEME['border']};border-left:6px solid {{accent}};"
    "border-radius:4px;padding:0.6em 0.9em;margin:0.4em 0;"
    f"color:{THEME['text']};background:{THEME['card']};"
    "font-size:var(--jp-content-font-size1, 14px);line-height:1.5"
)
#: The style of small print: sources, notes, the disclaimer (muted, theme-aware).
SMALL_TEXT = f"font-size:0.9em;color:{THEME['small_text']}"
#: A link inside a card: the theme's link colour, and underlined, so it is told apart from the
#: words around it by more than colour (WCAG 1.4.1; axe rule link-in-text-block).
LINK_STYLE = f"color:{THEME['link']};text-decoration:underline"
#: A fold-out's summary line ("Why", "Sources"): a target at least 24 px high (WCAG 2.2 target
#: size), in the card's own markup so the static book, the handouts and any page get it too.
FOLD_OUT_SUMMARY = "min-height:24px;box-sizing:border-box;padding:3px 0;cursor:pointer"
#: A comfortable line length for a card (or a figure's caption) shown beside a figure.
READING_WIDTH = "46em"
_CELL = f"border-bottom:1px solid {THEME['border_soft']};padding:0.2em 0.6em;text-align:left"


def card(
    body: str,
    css_class: str,
    accent: str = THEME["brand"],
    *,
    live: bool = True,
    max_width: str = "",
) -> str:
    """A themed card around trusted HTML (callers escape content first).

    ``live`` makes screen readers announce changes (for cards that update as a learner chooses);
    ``accent`` colours the left border, which always repeats what the card says in words.
    """
    aria = ' role="status" aria-live="polite"' if live else ""
    style = _BOX.format(accent=accent) + (f";max-width:{max_width}" if max_width else "")
    return f'<div class="calf-card {css_class}"{aria} style="{style}">{body}</div>'


def bullet_list(texts: Iterable[str], tag: str = "ul") -> str:
    """Texts as an HTML list (``tag`` "ul" or "ol"), each escaped."""
    return f"<{tag}>{''.join(f'<li>{escape(t)}</li>' for t in texts)}</{tag}>"


def cited(keys: Iterable[str]) -> str:
    """Source keys in small print after a statement, e.g. ' [S5a, S38b]'."""
    return f' <span style="{SMALL_TEXT}">[{escape(", ".join(keys))}]</span>'


def level_badge(level: Level, content: Content) -> str:
    """The level as icon plus words, e.g. '[stop icon] REFER: No massage: see a clinician first'."""
    info = content.levels[level]
    return f"{icon(info.icon)} <strong>{escape(level.name)}</strong>: {escape(info.title)}"


def sources_list(keys: Iterable[str], content: Content | Mapping[str, Source]) -> str:
    """A compact list of sources: key, title and what kind of source it is, e.g. "(business web
    page)", so a learner can weigh it (from ``content`` or a bibliography mapping)."""
    sources = content.sources if isinstance(content, Content) else content
    items = [
        f"<li><strong>{escape(key)}</strong> "
        f"{escape(source_label(source)) if source else '(not in the bibliography)'}</li>"
        for key, source in look_up(keys, sources).items()
    ]
    if not items:
        return ""
    return fold_out("Sources", f"<ul>{''.join(items)}</ul>", style=SMALL_TEXT)


def fold_out(title: str, body_html: str, *, style: str = "", css_class: str = "") -> str:
    """A folded section (``<details>``) whose summary line ``title`` (escaped) is a target at
    least 24 px high; ``body_html`` is shown when it is opened."""
    attributes = (f' class="{escape(css_class)}"' if css_class else "") + (
        f' style="{style}"' if style else ""
    )
    return (
        f'<details{attributes}><summary style="{FOLD_OUT_SUMMARY}">{escape(title)}</summary>'
        f"{body_html}</details>"
    )


def message_card(title: str, text: str) -> str:
    """A plain message, used when input was invalid, so a learner never sees a traceback."""
    return card(
        f"<strong>{icon('info')} {escape(title)}</strong><p>{escape(text)}</p>",
        "calf-message",
        THEME["warn"],
    )


def table(caption: str, headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """An accessible table: caption, header cells with scope, body cells (already escaped)."""
    head = "".join(f'<th scope="col" style="{_CELL}">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    return (
        '<table style="border-collapse:collapse;margin:0.4em 0">'
        f'<caption style="text-align:left"><strong>{escape(caption)}</strong></caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
