"""Tests for calflib.icons: level and concern icons are inline SVG, never emoji."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from calflib.card_kit import level_badge
from calflib.faq import load_pain_guide
from calflib.icons import ICONS, icon
from calflib.model import Content


def _is_emoji(char: str) -> bool:
    """Pictographs outside the Basic Multilingual Plane, and the symbols that print as boxes."""
    return ord(char) >= 0x1F000 or char in "\u26d4\u2705\u23f8\u270b"


def test_every_level_names_a_drawn_icon(content: Content) -> None:
    """Each screening level's icon is an id from ICONS, shown as an aria-hidden inline SVG."""
    for level, info in content.levels.items():
        assert info.icon in ICONS, level
        badge = level_badge(level, content)
        assert badge.startswith(f'<svg class="calf-icon calf-icon-{info.icon}" aria-hidden="true"')
        assert level.name in badge and info.title in badge


def test_icons_follow_the_text_colour() -> None:
    """Every icon draws in currentColor, so it follows dark themes and prints black."""
    for name in ICONS:
        svg = icon(name)
        assert 'stroke="currentColor"' in svg and 'fill="none"' in svg
        assert "<script" not in svg


@pytest.mark.parametrize("text", ["\u25b2", "<b>x</b>"])
def test_unknown_names_are_shown_as_escaped_text(text: str) -> None:
    """A symbol that is not an icon id (a teacher's pack) is shown as text, escaped."""
    html = icon(text)
    assert html.startswith('<span aria-hidden="true">') and "<b>" not in html


def test_no_card_content_carries_emoji(content: Content) -> None:
    """Level and concern icons in content hold no emoji (they print as empty boxes)."""
    icons = [info.icon for info in content.levels.values()]
    icons += [info.icon for info in load_pain_guide().concerns.values()]
    assert not [i for i in icons if any(_is_emoji(c) for c in i)]
    assert all(unicodedata.category(c)[0] == "L" for i in icons for c in i)


def test_no_calflib_file_holds_an_emoji() -> None:
    """No module, content file or widget asset of calflib holds an emoji (use calflib.icons)."""
    import calflib

    root = Path(calflib.__file__).parent
    found = [
        f"{path.relative_to(root)}: {char!r}"
        for path in sorted(root.rglob("*"))
        if path.suffix in {".py", ".toml", ".js", ".css"}
        for char in set(path.read_text(encoding="utf-8"))
        if _is_emoji(char)
    ]
    assert found == []
