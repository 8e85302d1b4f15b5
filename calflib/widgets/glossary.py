"""The glossary search (chapter 08): type a word, read what it means and where it is taught."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from calflib.card_kit import card
from calflib.glossary import GlossaryTerm, load_glossary
from calflib.glossary_cards import glossary_matches, glossary_status
from calflib.widgets._common import WRAP_CLASS, guarded, heading, looks, make, wrap_labels
from calflib.widgets.choice import KEYS_CLASS, LiveHTML

__all__ = ["GlossarySearch"]


class GlossarySearch(widgets.VBox):  # type: ignore[misc]
    """A labelled search box and a card of matching terms that updates as you type.

    What it shows (the order, the count, the "nothing found" hint) is decided by
    :mod:`calflib.glossary_cards`, not here: ``status`` is the one-sentence summary a screen
    reader announces, ``results`` the list of matching words (shown, never spoken).
    """

    def __init__(self, terms: tuple[GlossaryTerm, ...] | None = None) -> None:
        self.terms = load_glossary() if terms is None else terms
        self.box = make(
            widgets.Text,
            "calf-glossary-search",
            layout={"width": "auto", "max_width": "32em"},
            style={"description_width": "initial"},
            value="",
            placeholder="for example: DVT, kneading, knee",
            description="Look up a word:",
            continuous_update=True,
        )
        # A screen reader hears the one-sentence status as the learner types ("3 words match"),
        # not every matching definition: the list beside it shows but never speaks.
        self.status = LiveHTML("calf-glossary-status")
        self.results = LiveHTML("calf-glossary-card", live="off")
        self.box.observe(self._on_change, names="value")
        super().__init__(
            children=[
                wrap_labels(),
                heading(
                    "Search the glossary",
                    "Click in the box (or press Tab to reach it) and type a word or part of one. "
                    "The list below updates as you type: words whose name matches come first, "
                    "then words whose definition mentions what you typed. Each one says which "
                    "chapter teaches it. This is education, not a diagnosis.",
                ),
                self.box,
                self.status,
                self.results,
            ],
            **looks(widgets.VBox, "calf-glossary", WRAP_CLASS, KEYS_CLASS, own_layout=True),
        )
        self._update()

    def look_up(self, words: str) -> None:
        """Search for ``words``, as if the learner had typed them."""
        self.box.value = words

    @guarded("status")
    def _on_change(self, _change: Any = None) -> None:
        self._update()

    def _update(self) -> None:
        self.status.value = glossary_status(self.box.value, self.terms)
        matches = glossary_matches(self.box.value, self.terms)
        self.results.value = card(matches, "calf-glossary-results") if matches else ""
