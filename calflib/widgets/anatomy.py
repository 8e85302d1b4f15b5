"""The anatomy explorer: pick a structure of the calf, see it highlighted and read about it."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.anatomy import AnatomyChart, load_anatomy
from calflib.anatomy_cards import structure_card
from calflib.anatomy_figure import anatomy_figure
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.svg import figure_html
from calflib.widgets._common import guarded, heading, looks, make
from calflib.widgets.choice import KEYS_CLASS, LiveHTML

__all__ = ["AnatomyExplorer"]

_DEFAULT_START = "gastrocnemius_medial"


class AnatomyExplorer(widgets.VBox):  # type: ignore[misc]
    """A structure picker, the calf figure with the pick highlighted, and the pick's card.

    ``start`` is the id shown first (default: the inner gastrocnemius head).
    """

    def __init__(
        self,
        start: str | None = None,
        *,
        chart: AnatomyChart | None = None,
        content: Content | None = None,
    ) -> None:
        self.chart = chart or load_anatomy()
        self.content = content or builtin_content()
        # Top to bottom of the leg, the order a learner reads the figure in.
        ordered = sorted(self.chart.structures, key=lambda s: min(y for _x, y in s.region))
        if start is None:  # the inner gastrocnemius head, where strains happen, if it is there
            start = _DEFAULT_START if _DEFAULT_START in self.chart.ids else ordered[0].id
        self.chart.structure(start)  # an unknown start id fails here, with a suggestion
        self.picker = make(
            widgets.Dropdown,
            "calf-anatomy-picker",
            layout={"width": "max-content"},
            style={"description_width": "initial"},
            options=[(s.name, s.id) for s in ordered],
            value=start,
            description="Structure:",
            tooltip="Pick a part of the calf to highlight it and read about it",
        )
        self.figure = make(
            widgets.HTML,
            "calf-anatomy-figure-widget",
            layout={"flex": "1 1 560px", "min_width": "min(100%, 300px)"},
        )
        self.card = make(
            widgets.HTML,
            "calf-anatomy-card",
            layout={"flex": "1 1 300px", "min_width": "min(100%, 260px)"},
        )
        # Says which structure is outlined, politely, as the arrow keys move through the list.
        self.status = LiveHTML("calf-anatomy-status")
        self.picker.observe(self._on_pick, names="value")
        super().__init__(
            children=[
                heading(
                    "Explore the calf",
                    "Choose a structure from the list (use the arrow keys once it has focus): "
                    "it is outlined in the figure and its card explains what it does and how to "
                    "treat it in a massage.",
                ),
                self.picker,
                self.status,
                make(
                    widgets.HBox,
                    layout={"flex_flow": "row wrap", "align_items": "flex-start"},
                    children=[self.figure, self.card],
                ),
            ],
            **looks(widgets.VBox, "calf-anatomy", KEYS_CLASS, own_layout=True),
        )
        self._on_pick()

    @property
    def selected(self) -> str:
        """The id of the structure shown."""
        return str(self.picker.value)

    @guarded("card")
    def _on_pick(self, _change: Any = None) -> None:
        structure = self.chart.structure(self.selected)
        figure = anatomy_figure(structure.id, chart=self.chart)
        self.figure.value = figure_html(figure)
        self.card.value = structure_card(structure, self.content)
        self.status.value = (
            f"<p>Showing <strong>{escape(structure.name)}</strong>: outlined in the figure; "
            "its card is beside it.</p>"
        )
