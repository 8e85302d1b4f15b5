"""The workbook's icons as small inline SVG drawings (no emoji), for cards on screen and on paper.

Emoji such as an ambulance or a no-entry sign print and render as empty boxes wherever no emoji
font is installed (Debian's Chromium, many school machines, PDF printers), so the level and concern
icons are drawn here instead: one stroke drawing per name, in the text's colour (``currentColor``),
so an icon follows light and dark themes and prints in black. Content names an icon by its id
(``icon = "stop"`` in levels.toml); anything that is not a known id (a plain symbol such as "▲" in a
teacher's pack) is shown as escaped text. Icons are decoration: ``aria-hidden``, because every card
says the same thing in words beside them.
"""

from __future__ import annotations

from html import escape

__all__ = ["ICONS", "icon"]

# Each drawing is SVG on a 16 x 16 grid, drawn with strokes (fill none) so it stays legible small.
ICONS: dict[str, str] = {
    # a medical cross in a square: emergency, call for help
    "emergency": '<rect x="1.5" y="1.5" width="13" height="13" rx="2"/>'
    '<path d="M8 4.3v7.4M4.3 8h7.4" stroke-width="2.2"/>',
    # an octagon with a bar: stop, no massage
    "stop": '<path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z"/>'
    '<path d="M4.6 8h6.8" stroke-width="2.2"/>',
    # two bars in a circle: wait
    "pause": '<circle cx="8" cy="8" r="6.5"/><path d="M6.2 5v6M9.8 5v6" stroke-width="2"/>',
    # a triangle with an exclamation mark: go ahead with changes, caution
    "warning": '<path d="M8 1.6l6.7 12.2H1.3z"/><path d="M8 6v3.8M8 11.7v.1" stroke-width="1.9"/>',
    # a tick in a circle: go ahead, done
    "check": '<circle cx="8" cy="8" r="6.5"/><path d="M4.8 8.2l2.2 2.3 4.3-4.7" stroke-width="2"/>',
    # a cross in a circle: outlined, for a clinician's (not an emergency) check
    "clinician": '<circle cx="8" cy="8" r="6.5"/><path d="M8 4.8v6.4M4.8 8h6.4" stroke-width="2"/>',
    # an open hand: ease off
    "hand": '<path d="M5 13.5V4a1 1 0 0 1 2 0v3.5V2.8a1 1 0 0 1 2 0v4.7V3.6a1 1 0 0 1 2 0V9'
    "V6a1 1 0 0 1 2 0v4a4.5 4.5 0 0 1-4.5 4.5H7.8A3.6 3.6 0 0 1 5 13.5L2.6 10.4a1 1 0 0 1 1.6-1.2"
    'L5 10"/>',
    # an i in a circle: information
    "info": '<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4.2M8 4.8v.1" stroke-width="2"/>',
    # a cross in a circle: wrong, not right
    "cross": '<circle cx="8" cy="8" r="6.5"/><path d="M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8"/>',
}

_SVG = (
    '<svg class="calf-icon calf-icon-{name}" aria-hidden="true" focusable="false" '
    'width="1.1em" height="1.1em" viewBox="0 0 16 16" fill="none" stroke="currentColor" '
    'stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" '
    'style="vertical-align:-0.18em;flex:none">{body}</svg>'
)


def icon(name: str) -> str:
    """An icon as inline SVG by its id (see ``ICONS``); any other text is shown as escaped text.

    Both are hidden from screen readers: the words next to an icon say what it means.
    """
    body = ICONS.get(name)
    if body is None:
        return f'<span aria-hidden="true">{escape(name)}</span>' if name else ""
    return _SVG.format(name=name, body=body)
