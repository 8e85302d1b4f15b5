"""Tests for calflib.widgets.anatomy, driven in the kernel the way a learner would use it."""

from __future__ import annotations

import pytest

from calflib.anatomy import load_anatomy
from calflib.widgets.anatomy import AnatomyExplorer


def test_picker_offers_every_structure_top_to_bottom() -> None:
    """Every structure can be picked, listed from the knee down; the picker has a description."""
    explorer = AnatomyExplorer()
    values = [value for _label, value in explorer.picker.options]
    assert sorted(values) == sorted(load_anatomy().ids)
    assert values[0] == "popliteal_fossa" and values[-1] == "calcaneus"
    assert explorer.picker.description == "Structure:"
    assert "calf-anatomy" in explorer._dom_classes
    assert "calf-anatomy-picker" in explorer.picker._dom_classes


def test_starts_on_the_medial_head_with_figure_and_card() -> None:
    """By default the inner gastrocnemius head is highlighted and its card is shown."""
    explorer = AnatomyExplorer()
    assert explorer.selected == "gastrocnemius_medial"
    assert 'data-highlight="gastrocnemius_medial"' in explorer.figure.value
    assert "<figcaption" in explorer.figure.value
    assert "Gastrocnemius, inner (medial) head" in explorer.card.value
    assert "Massage notes:" in explorer.card.value and "S48" in explorer.card.value


def test_picking_a_structure_updates_figure_and_card() -> None:
    """Choosing the back of the knee highlights it and shows its no-pressure card."""
    explorer = AnatomyExplorer()
    figure_before, card_before = explorer.figure.value, explorer.card.value
    explorer.picker.value = "popliteal_fossa"
    assert explorer.figure.value != figure_before and explorer.card.value != card_before
    assert 'data-highlight="popliteal_fossa"' in explorer.figure.value
    assert 'data-highlight="gastrocnemius_medial"' not in explorer.figure.value
    assert "Caution zone: no pressure" in explorer.card.value
    assert "broad, flat, light" in explorer.card.value and "S38a" in explorer.card.value
    assert "Highlighted: Back of the knee (popliteal fossa)" in explorer.figure.value


@pytest.mark.parametrize("ident", load_anatomy().ids)
def test_each_pick_shows_its_own_card(ident: str) -> None:
    """Whatever is picked, the card names it and the figure highlights it."""
    explorer = AnatomyExplorer(start="calcaneus" if ident != "calcaneus" else "soleus")
    explorer.picker.value = ident
    structure = load_anatomy().structure(ident)
    assert f"<strong>{structure.name}</strong>" in explorer.card.value
    assert f'data-highlight="{ident}"' in explorer.figure.value


def test_unknown_start_is_refused_with_a_suggestion() -> None:
    """A misspelt starting id raises a ValueError naming the id it probably meant."""
    with pytest.raises(ValueError, match=r"did you mean 'achilles_tendon'\?"):
        AnatomyExplorer(start="achilles_tendonn")


def test_a_failing_pick_shows_a_message_not_a_traceback() -> None:
    """If a pick cannot be shown, the card becomes a readable message."""
    explorer = AnatomyExplorer()
    explorer.picker.options = [*explorer.picker.options, ("Broken", "solues")]
    explorer.picker.value = "solues"
    assert "That input could not be used" in explorer.card.value
    assert "did you mean &#x27;soleus&#x27;" in explorer.card.value
