"""The card for one structure of the calf (chapter 01): what it is, what it does, how to treat it.

A pure function over :mod:`calflib.anatomy`; the anatomy explorer widget shows it beside the figure.
Every content string is escaped.
"""

from __future__ import annotations

from html import escape

from calflib.anatomy import Structure
from calflib.card_kit import SMALL_TEXT, card, sources_list
from calflib.icons import icon
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.palette import THEME

__all__ = ["structure_card"]

_KIND_WORDS = {
    "muscle": ("", "Muscle"),
    "tendon": ("", "Tendon"),
    "bone": ("", "Bone"),
    "caution_zone": ("warning", "Caution zone: no pressure"),
}


def structure_card(structure: Structure, content: Content | None = None) -> str:
    """An HTML card for one structure: name, kind, what it does, massage notes and sources."""
    content = content or builtin_content()
    icon_id, kind = _KIND_WORDS[structure.kind]
    accent = THEME["error"] if structure.no_pressure else THEME["brand"]
    icon_html = f"{icon(icon_id)} " if icon_id else ""
    body = (
        f'<div style="font-size:1.15em"><strong>{escape(structure.name)}</strong></div>'
        f'<div style="{SMALL_TEXT}">{icon_html}{escape(kind)}</div>'
        f"<p><strong>What it is and does:</strong> {escape(structure.description)}</p>"
        f"<p><strong>Massage notes:</strong> {escape(structure.massage_notes)}</p>"
        f"{sources_list(structure.sources, content)}"
    )
    # Not a live region: the anatomy explorer announces a short status of its own, and the book
    # has nothing to announce.
    return card(
        body, f"calf-structure calf-kind-{structure.kind}", accent, live=False, max_width="40em"
    )
