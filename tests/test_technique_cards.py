"""Tests for calflib.technique_cards: what a learner reads on a setting's and a technique's card."""

from __future__ import annotations

import dataclasses

from calflib.content_in_use import default_content
from calflib.technique_cards import setting_card, technique_card, techniques_status
from calflib.technique_loader import load_techniques
from calflib.techniques import Setting


def test_technique_card_escapes_content_text() -> None:
    """Teacher-written text can never inject markup into a card."""
    library = load_techniques()
    hostile = dataclasses.replace(library.technique("friction"), name="<script>x</script>")
    html = technique_card(hostile, library, default_content())
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_setting_card_lists_steps_techniques_and_cautions() -> None:
    """A setting's card has its numbered steps, the techniques it uses, cautions and sources."""
    library = load_techniques()
    guide = library.settings[Setting.ROLLER]
    html = setting_card(guide, library, default_content())
    assert html.count("<ol>") == 1 and html.count("<li>") >= len(guide.steps)
    assert all(t.name in html for t in library.used_in(Setting.ROLLER))
    assert "Cautions:" in html and ">Sources</summary>" in html
    assert "calf-setting-roller" in html and 'role="status"' not in html


def test_technique_card_says_which_hands_the_rhythm_and_both_positions() -> None:
    """Hacking's card names the little-finger edges, its brief rhythm and where both people are."""
    lib = load_techniques()
    html = technique_card(lib.technique("tapotement"), lib, default_content())
    assert "<strong>Hands:</strong> The little-finger edges of both hands" in html
    assert "<strong>Rhythm:</strong> Quick and light" in html
    assert "<strong>Giver's position:</strong> Stand at the side of the table" in html
    assert "<strong>Receiver's position:</strong> Lying face down" in html


def test_the_status_line_is_short_and_says_what_changed() -> None:
    """The explorer's one live line: a setting with its steps and techniques counted, only the
    technique for a menu change, the count listed for the box; the technique's summary and
    sources stay on its card. A technique not used in the setting says so."""
    lib = load_techniques()
    guide, technique = lib.settings[Setting.ROLLER], lib.technique("effleurage")
    line = techniques_status(guide, technique, lib, "setting", False)
    steps, used = len(guide.steps), len(lib.used_in(Setting.ROLLER))
    assert (
        line == f"<p>With a roller: {steps} steps, {used} techniques. Showing {technique.name}.</p>"
    )
    assert technique.summary not in line and "[" not in line
    assert techniques_status(guide, technique, lib, "technique", False) == (
        f"<p>Showing {technique.name}.</p>"
    )
    listed = techniques_status(guide, technique, lib, "list", True)
    assert listed.startswith(f"<p>Listing all {len(lib.techniques)} techniques. Showing ")
    few = techniques_status(guide, technique, lib, "list", False)
    assert few.startswith(f"<p>Listing the {used} techniques used with a roller. Showing ")
    gun = lib.technique("massage_gun")
    assert f"Showing {gun.name}, which is not used with a roller." in techniques_status(
        guide, gun, lib, "technique", True
    )
    hostile = dataclasses.replace(technique, name="<b>x</b>")
    assert "<b>x</b>" not in techniques_status(guide, hostile, lib, "technique", False)
    card = technique_card(technique, lib, default_content())
    assert 'role="status"' not in card and "aria-live" not in card
