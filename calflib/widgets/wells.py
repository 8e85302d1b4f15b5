"""The Wells explorer: tick what a clinician found, watch the score and the next step change."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from calflib.card_kit import message_card
from calflib.cards import wells_card, wells_summary
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.wells import WellsResult, wells_score
from calflib.widgets._common import guarded, heading, looks, make
from calflib.widgets.choice import KEYS_CLASS, ChoiceGroup, LiveHTML, Tick

__all__ = ["WellsExplorer"]


class WellsExplorer(widgets.VBox):  # type: ignore[misc]
    """Checkboxes for the two-level DVT Wells items and a live result card (education only)."""

    def __init__(self, content: Content | None = None) -> None:
        self.content = content or builtin_content()
        wells = self.content.wells_items
        self.group = ChoiceGroup(
            "calf-wells-items",
            options=[(f"{item.label} ({item.points:+d} points)", item.id) for item in wells],
            tooltips=[item.help or item.label for item in wells],
            # Shown under each item and read after its name (a tooltip alone reaches neither a
            # touch screen nor most screen readers).
            helps=[item.help for item in wells],
            multiple=True,
            description="What did the clinician find? Tick every item that applies.",
            hint="The points of each item are in brackets; the score and next step are below.",
        )
        #: One tick box per Wells item, by id (``.value`` True/False).
        self.items: dict[str, Tick] = {item.id: self.group.tick(item.id) for item in wells}
        self.group.observe(self._on_change, names="value")
        # A screen reader hears the score and the next step as boxes are ticked (a one-line
        # summary, not shown); the card below shows them with the items and sources, silently.
        self.status = LiveHTML("calf-wells-status", "calf-sr-only")
        self.result = LiveHTML("calf-wells-widget", live="off")
        self.last: WellsResult | None = None
        banner = make(
            widgets.HTML,
            value=message_card("For understanding only", self.content.wells_rules.caution),
        )
        super().__init__(
            children=[
                heading("What a clinician does: the Wells score", "Tick what the clinician found."),
                banner,
                self.group,
                self.status,
                self.result,
            ],
            **looks(widgets.VBox, "calf-wells", KEYS_CLASS, own_layout=True),
        )
        self._on_change()

    def ticked(self) -> list[str]:
        """Ids of the ticked items."""
        return [ident for ident, box in self.items.items() if box.value]

    @guarded("status")
    def _on_change(self, _change: Any = None) -> None:
        self.last = wells_score(self.ticked(), content=self.content)
        self.status.value = wells_summary(self.last)
        self.result.value = wells_card(self.last, self.content)
