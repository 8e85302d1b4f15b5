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


def test_the_status_line_says_setting_and_technique_and_the_cards_are_not_announced() -> None:
    """The explorer's one live line names the setting (its steps and techniques counted) and the
    technique shown with its summary; neither card is a live region, so a choice is heard once."""
    lib = load_techniques()
    guide, technique = lib.settings[Setting.PARTNER], lib.technique("effleurage")
    line = techniques_status(guide, technique, lib)
    steps, used = len(guide.steps), len(lib.used_in(Setting.PARTNER))
    assert f"Setting: {guide.name}, {steps} steps, {used} techniques." in line
    assert f"Technique shown: {technique.name}: {technique.summary}" in line
    hostile = dataclasses.replace(technique, name="<b>x</b>")
    assert "<b>x</b>" not in techniques_status(guide, hostile, lib)
    card = technique_card(technique, lib, default_content())
    assert 'role="status"' not in card and "aria-live" not in card
