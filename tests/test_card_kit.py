"""Tests for calflib.card_kit: the pieces every card is built from (box, lists, sources, tables)."""

from __future__ import annotations

import subprocess
import sys

from calflib.card_kit import (
    LEVEL_ACCENT,
    bullet_list,
    card,
    cited,
    level_badge,
    message_card,
    sources_list,
    table,
)
from calflib.model import Content, Level

HOSTILE = '<img src=x onerror=alert(1)><script>alert("x")</script>'


def test_card_is_a_themed_box_announced_only_when_live() -> None:
    """A card carries its classes, accent and width; only a live card is a status region."""
    live = card("<p>x</p>", "calf-x", "red", max_width="40em")
    assert live.startswith('<div class="calf-card calf-x" role="status" aria-live="polite"')
    assert "border-left:6px solid red" in live and live.endswith('max-width:40em"><p>x</p></div>')
    quiet = card("<p>x</p>", "calf-x", live=False)
    assert 'role="status"' not in quiet and "max-width" not in quiet


def test_lists_and_cited_keys_escape_their_text() -> None:
    """Bullet items and cited source keys are text, never markup."""
    assert bullet_list([HOSTILE, "b"], "ol").startswith("<ol><li>&lt;img")
    assert "<script>" not in bullet_list([HOSTILE]) + cited([HOSTILE, "S5a"])
    assert "[S1, S5a]</span>" in cited(["S1", "S5a"])


def test_sources_list_takes_content_or_a_bibliography(content: Content) -> None:
    """The same list comes from the content or its sources; unknown keys are said in words."""
    keys = ["S14", "S14", "S999"]
    html = sources_list(keys, content)
    assert html == sources_list(keys, content.sources)
    assert html.count("<li>") == 2 and "(not in the bibliography)" in html
    assert sources_list([], content) == ""


def test_sources_list_says_what_kind_of_source_each_is(content: Content) -> None:
    """Each source is labelled in words: a massage business's page is never 'professional' text."""
    html = sources_list(["S14", "S36b", "S17b", "S49c"], content)
    assert "Med Sci Sports Exerc 2010;42(6):1062-71 (peer-reviewed study)" in html
    assert "kstarrvagt.com: Swedish massage strokes (business web page)" in html
    assert "(web commentary on a study)" in html and "(popular web page)" in html
    assert "professional-education" not in html


def test_a_table_has_a_caption_scoped_headers_and_escaped_headings() -> None:
    """A table is accessible: caption, column headers with scope; headings are escaped."""
    html = table("Chapters <1>", ["Chapter", HOSTILE], [["<em>ok</em>", "x"]])
    assert '<caption style="text-align:left"><strong>Chapters &lt;1&gt;</strong>' in html
    assert html.count('<th scope="col"') == 2 and "<script>" not in html
    assert "<td" in html and "<em>ok</em>" in html  # cells are trusted, already escaped HTML


def test_a_level_badge_says_the_level_in_words_and_each_level_has_an_accent(
    content: Content,
) -> None:
    """The badge names the level and its title; every level has its own accent colour."""
    badge = level_badge(Level.REFER, content)
    assert "<strong>REFER</strong>" in badge and content.levels[Level.REFER].title in badge
    assert set(LEVEL_ACCENT) == set(Level) and len(set(LEVEL_ACCENT.values())) == len(Level)


def test_a_message_card_escapes_its_text() -> None:
    """A message card shows a title and text, both escaped."""
    html = message_card(HOSTILE, HOSTILE)
    assert "<script>" not in html and "calf-message" in html


def test_the_kit_does_not_load_the_screening_engine() -> None:
    """Anatomy and benefits cards (built from the kit) never import the screening engine."""
    code = (
        "import sys, calflib.anatomy_cards, calflib.benefits_cards;"
        "print([m for m in ('calflib.screening', 'calflib.trainer', 'calflib.cards')"
        " if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
