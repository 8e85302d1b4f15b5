"""The benefits explorer: pick a claimed benefit, filter by grade, see its card and chart."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.benefits import Benefit, BenefitCatalogue, Grade, filter_by_grade, load_benefits
from calflib.benefits_cards import benefit_card, benefits_status, empty_filter_card
from calflib.benefits_chart import evidence_chart
from calflib.card_kit import fold_out
from calflib.widgets._common import guarded, heading, looks, make
from calflib.widgets.choice import KEYS_CLASS, ChoiceGroup, LiveHTML

__all__ = ["ALL", "BenefitsExplorer"]

#: The filter value that shows every benefit.
ALL = "all"


class BenefitsExplorer(widgets.VBox):  # type: ignore[misc]
    """A grade filter, a benefit picker, the benefit's card and the evidence chart with it marked.

    Everything shown is decided by :mod:`calflib.benefits` and its chart and cards modules; this
    class only wires them together.
    """

    def __init__(self, catalogue: BenefitCatalogue | None = None, start: str | None = None) -> None:
        self.catalogue = catalogue or load_benefits()
        cat = self.catalogue
        counts = {g: len(filter_by_grade(cat.benefits, [g])) for g in Grade}
        self.grade_filter = ChoiceGroup(
            "calf-benefits-filter",
            look="buttons",
            options=[
                (f"All ({len(cat.benefits)})", ALL),
                *((f"{cat.grades[g].label} ({counts[g]})", g.key) for g in Grade),
            ],
            # The chart's shape for each grade, before its words; a screen reader reads only
            # the words ("Strong (4)", not "black circle Strong").
            marks=["", *(cat.grades[g].icon for g in Grade)],
            value=ALL,
            description="Show the benefits with which evidence grade?",
            tooltips=[
                "Show every claimed benefit",
                *(f"{cat.grades[g].label}: {cat.grades[g].meaning}" for g in Grade),
            ],
        )
        self.picker = make(
            widgets.Dropdown,
            "calf-benefits-picker",
            layout={"width": "max-content"},
            style={"description_width": "initial"},
            options=self._options(cat.benefits),
            description="Benefit:",
            tooltip="Choose a claimed benefit to see what the studies found",
        )
        self.status = LiveHTML("calf-benefits-status")
        self.card = make(widgets.HTML, "calf-benefits-card")
        self.chart = make(widgets.HTML, "calf-benefits-chart-widget")
        self._quiet = False
        super().__init__(
            children=[
                heading(
                    "Benefits explorer",
                    "Choose a grade to narrow the list (or All), then pick a benefit. The card "
                    "shows the claim, what studies measured and the evidence grade in words; the "
                    "chart below marks the benefit you picked.",
                ),
                self.grade_filter,
                self.picker,
                self.status,
                self.card,
                self.chart,
            ],
            **looks(widgets.VBox, "calf-benefits", KEYS_CLASS, own_layout=True),
        )
        self.grade_filter.observe(self._on_filter, names="value")
        self.picker.observe(self._on_pick, names="value")
        if start is not None:
            self.select(start)
        else:
            self._show()

    @staticmethod
    def _options(benefits: tuple[Benefit, ...]) -> list[tuple[str, str]]:
        return [(b.name, b.id) for b in benefits]

    @property
    def shown(self) -> tuple[Benefit, ...]:
        """The benefits the current grade filter lets through."""
        key = self.grade_filter.value
        benefits = self.catalogue.benefits
        return benefits if key == ALL else filter_by_grade(benefits, [key])

    @property
    def benefit(self) -> Benefit | None:
        """The benefit on screen, or None when the filter leaves nothing to pick."""
        value = self.picker.value
        return self.catalogue.get(value) if value is not None else None

    def select(self, benefit_id: str) -> None:
        """Show one benefit (the filter goes back to All if it would hide it)."""
        benefit = self.catalogue.get(benefit_id)
        self._quiet = True
        try:
            if benefit not in self.shown:
                self.grade_filter.value = ALL
                self._sync_options()
            self.picker.value = benefit.id
        finally:
            self._quiet = False
        self._show()

    def _sync_options(self) -> None:
        """Offer only the benefits the filter lets through, keeping the pick when it still fits."""
        current = self.picker.value
        ids = [b.id for b in self.shown]
        self.picker.options = self._options(self.shown)
        self.picker.value = current if current in ids else (ids[0] if ids else None)

    @guarded("card")
    def _on_filter(self, _change: Any = None) -> None:
        if self._quiet:
            return
        self._quiet = True
        try:
            self._sync_options()
        finally:
            self._quiet = False
        self._show()

    @guarded("card")
    def _on_pick(self, _change: Any = None) -> None:
        if not self._quiet:
            self._show()

    def _show(self) -> None:
        cat = self.catalogue
        shown = self.shown
        key = self.grade_filter.value
        benefit = self.benefit
        self.picker.disabled = not shown
        self.status.value = benefits_status(len(shown), None if key == ALL else key, benefit, cat)
        if benefit is None:
            self.card.value = empty_filter_card([Grade.from_key(key)], cat)
        else:
            self.card.value = benefit_card(benefit, cat)
        figure = evidence_chart(benefit.id if benefit else None, catalogue=cat)
        self.chart.value = figure._repr_html_() + fold_out(
            "The chart in words",
            f"<p>{escape(figure.description)}</p>",
            css_class="calf-chart-text",
        )
