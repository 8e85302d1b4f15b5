"""Tests for calflib.widgets.techniques, driven in the kernel the way a learner would use it."""

from __future__ import annotations

import pytest

from calflib.technique_loader import load_techniques
from calflib.techniques import Setting
from calflib.widgets.techniques import TechniquesExplorer


def test_explorer_starts_on_the_partner_setting() -> None:
    """The partner setting's card, its techniques in the picker, and effleurage shown."""
    e = TechniquesExplorer()
    assert e.setting == Setting.PARTNER
    assert "With a partner" in e.setting_view.value and "Steps:" in e.setting_view.value
    ids = [value for _label, value in e.technique_picker.options]
    assert ids == [
        "effleurage",
        "petrissage",
        "skin_rolling",
        "tapotement",
        "friction",
        "vibration",
    ]
    assert "Effleurage (stroking)" in e.technique_view.value
    assert "convention" in e.technique_view.value and "How long:" in e.technique_view.value
    assert "<svg" in e.diagram.value and "<figcaption" in e.diagram.value
    assert "calf-techniques" in e._dom_classes


def test_picking_a_setting_then_a_technique_updates_card_and_diagram() -> None:
    """Roller: its card and two techniques; picking rolling shows its card and diagram."""
    e = TechniquesExplorer()
    e.setting_picker.value = "roller"
    assert "With a roller" in e.setting_view.value and "Achilles" in e.setting_view.value
    assert [v for _l, v in e.technique_picker.options] == ["effleurage", "rolling"]
    e.technique_picker.value = "rolling"
    assert "Rolling (foam roller or roller massager)" in e.technique_view.value
    assert "3 x 60 seconds per leg" in e.technique_view.value
    assert "How to do it: Rolling" in e.diagram.value
    assert "stop above the Achilles tendon" in e.diagram.value
    # The live line says only the technique after a menu choice (the cards are not read out).
    assert e.status.value == "<p>Showing Rolling (foam roller or roller massager).</p>"


def test_a_technique_kept_when_the_new_setting_uses_it() -> None:
    """Effleurage stays selected from partner to alone; kneading disappears for the roller."""
    e = TechniquesExplorer()
    e.technique_picker.value = "petrissage"
    e.setting_picker.value = "alone"
    assert e.technique_picker.value == "petrissage"
    e.setting_picker.value = "roller"
    assert e.technique_picker.value == "effleurage"


def test_show_all_lists_every_technique() -> None:
    """Ticking the box lists the techniques of every setting."""
    e = TechniquesExplorer("alone")
    assert len(e.technique_picker.options) == 2
    e.show_all.value = True
    assert len(e.technique_picker.options) == len(load_techniques().techniques)


def test_start_technique_outside_the_setting_lists_all() -> None:
    """Asking for a technique the setting does not use lists all techniques and shows it."""
    e = TechniquesExplorer("alone", "massage_gun")
    assert e.show_all.value and e.technique_picker.value == "massage_gun"
    assert "Massage gun" in e.technique_view.value


def test_unknown_names_are_refused_with_a_suggestion() -> None:
    """A misspelt setting or technique fails at once, with a suggestion."""
    with pytest.raises(ValueError, match="did you mean 'effleurage'"):
        TechniquesExplorer(technique="effleurag")
    with pytest.raises(ValueError, match="did you mean 'on your own'"):
        TechniquesExplorer("on your onw")


def test_the_live_line_names_only_the_technique_shown_and_changes_once_per_choice() -> None:
    """A setting's line names it and the technique kept; the box says how many are listed. The
    menu's passing reset to its first option while its options change is never announced."""
    e = TechniquesExplorer()
    assert e.status.value.startswith("<p>With a partner: ")
    e.technique_picker.value = "skin_rolling"
    lines: list[str] = []
    e.status.observe(lambda change: lines.append(change["new"]), names="value")
    e.show_all.value = True
    assert lines == [
        f"<p>Listing all {len(e.library.techniques)} techniques. Showing Skin rolling.</p>"
    ]
    e.technique_picker.value = "massage_gun"
    assert "Showing Massage gun" in lines[-1] and "not used with a partner" in lines[-1]
    lines.clear()
    e.show_all.value = False  # the gun is not used with a partner: the menu falls back
    assert len(lines) == 1 and lines[0].startswith(
        "<p>Listing the 6 techniques used with a partner."
    )
    assert "Showing Effleurage" in lines[0]
    lines.clear()
    e.setting_picker.value = "alone"
    assert len(lines) == 1 and lines[0].startswith("<p>On your own: ")
