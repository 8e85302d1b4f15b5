"""Tests for calflib.widgets.glossary, driven in the kernel as a learner would."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

import calflib.widgets.glossary as glossary_widgets
from calflib.glossary import load_glossary
from calflib.widgets import GlossarySearch


def visible_text(html: str) -> str:
    """The words a learner reads: tags removed, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_search_box_is_labelled_and_explained() -> None:
    """The box has a visible label, a hint, and the heading says how to use it by keyboard."""
    search = GlossarySearch()
    assert isinstance(search.box, widgets.Text)
    assert search.box.description == "Look up a word:"
    assert search.box.placeholder and search.box.continuous_update
    intro = visible_text(search.children[1].value)
    assert "press Tab" in intro and "not a diagnosis" in intro
    assert "Type a word" in visible_text(search.status.value)
    assert search.results.value == ""


def test_typing_shows_the_matching_words() -> None:
    """Typing "dvt" lists DVT first, with its definition and the chapter that teaches it."""
    search = GlossarySearch()
    search.look_up("dvt")
    text = visible_text(search.results.value)
    assert text.index("DVT Deep vein thrombosis") < text.index("Pulmonary embolism")
    assert "Taught in chapter 02 When not to massage" in text


def test_only_the_short_status_is_announced() -> None:
    """The status (a polite live region) is one sentence with the count; the list of matching
    definitions is shown in a region that never speaks, so a screen reader is not read every
    definition at each key press."""
    search = GlossarySearch()
    search.look_up("dvt")
    status = visible_text(search.status.value)
    assert re.fullmatch(r"\d+ words? match “dvt” \([^)]*\)\.", status), status
    assert search.status.live == "polite" and search.results.live == "off"
    assert "Deep vein thrombosis" not in status


def test_a_search_with_no_match_says_so() -> None:
    """A word the glossary does not hold gets a plain note, never an empty box."""
    search = GlossarySearch()
    search.box.value = "xylophone"
    assert "No word matches" in visible_text(search.status.value)
    assert search.results.value == ""


def test_a_few_terms_can_be_searched_instead_of_all() -> None:
    """A widget given its own terms searches only those."""
    search = GlossarySearch(load_glossary()[:2])
    search.look_up("")
    assert "holds 2 words" in visible_text(search.status.value)


@pytest.mark.calm_widgets
def test_a_fault_shows_a_calm_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """A programming error while searching shows "Something went wrong", never a traceback."""

    def broken(query: str, terms: object) -> str:
        raise KeyError(query)

    search = GlossarySearch()
    monkeypatch.setattr(glossary_widgets, "glossary_status", broken)
    search.look_up("knee")
    text = visible_text(search.status.value)
    assert "Something went wrong" in text and "Traceback" not in text
