"""Tests for calflib.anatomy_cards: what a learner reads on a structure's card."""

from __future__ import annotations

from html import escape

from calflib.anatomy import load_anatomy
from calflib.anatomy_cards import structure_card
from calflib.model import Content

CHART = load_anatomy()


def test_structure_card_shows_what_a_learner_needs(content: Content) -> None:
    """The card names the structure, its kind in words, what it does, notes and sources."""
    fossa = CHART.structure("popliteal_fossa")
    card = structure_card(fossa, content)
    assert "Back of the knee (popliteal fossa)" in card
    assert "Caution zone: no pressure" in card
    assert "What it is and does:" in card and "Massage notes:" in card
    assert "broad, flat, light" in card and "case reports" in card
    assert "S38a" in card and escape(content.sources["S38b"].title) in card
    muscle = structure_card(CHART.structure("gastrocnemius_medial"), content)
    assert "Muscle" in muscle and "strains" in muscle and "S48" in muscle


def test_a_structure_card_is_shown_not_announced(content: Content) -> None:
    """The explorer's status is its one announcement; the card beside it is no live region."""
    card = structure_card(CHART.structure("soleus"), content)
    assert 'role="status"' not in card and "aria-live" not in card
