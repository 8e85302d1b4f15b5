"""The "Why does it hurt?" picker: tick what you feel, read the likely reasons (chapter 06)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.faq import PainAnswer, PainGuide, likely_reasons, pain_guide
from calflib.faq_cards import pain_card
from calflib.loader import default_content
from calflib.model import Content
from calflib.widgets._common import WRAP_CLASS, guarded, heading, wrap_labels

__all__ = ["WhyDoesItHurt"]

_HELP_STYLE = (
    "font-size:0.9em;line-height:1.4;color:var(--jp-ui-font-color2, inherit);margin:0 0 0.3em 1.7em"
)


class WhyDoesItHurt(widgets.VBox):  # type: ignore[misc]
    """A checkbox per feeling, grouped under headings, and a card of likely reasons that updates.

    A red flag anywhere makes the card lead with "No massage" (decided by
    :func:`calflib.faq.likely_reasons`, not here).
    """

    def __init__(self, guide: PainGuide | None = None, content: Content | None = None) -> None:
        self.guide = guide or pain_guide()
        self.content = content or default_content()
        self.boxes: dict[str, widgets.Checkbox] = {}
        self.answer: PainAnswer = likely_reasons((), self.guide)
        self._filling = False
        self.summary = widgets.HTML()
        self.summary.add_class("calf-pain-summary")
        self.card = widgets.HTML()
        self.card.add_class("calf-pain-card")
        self.clear_button = widgets.Button(
            description="Clear all", icon="undo", tooltip="Untick every box and start again"
        )
        self.clear_button.add_class("calf-pain-clear")
        self.clear_button.on_click(lambda _button: self.clear())
        choices: list[widgets.Widget] = []
        for group in self.guide.groups:
            members = self.guide.in_group(group.id)
            if members:
                choices.append(heading(group.title, level=4))
                choices.extend(self._choice(feeling.id) for feeling in members)
        picker = widgets.VBox(choices, layout=widgets.Layout(flex="1 1 420px", min_width="280px"))
        picker.add_class("calf-pain-choices")
        result = widgets.VBox(
            [heading("Likely reasons", level=4), self.card, self.clear_button],
            layout=widgets.Layout(flex="1 1 360px", min_width="280px"),
        )
        super().__init__(
            children=[
                wrap_labels(),
                heading(
                    "Why does it hurt?",
                    "Tick everything that matches what you (or the person you are massaging) "
                    "feel. Use Tab to move between boxes and Space to tick one. The likely "
                    "reasons update as you tick, most serious first. This is education, not a "
                    "diagnosis.",
                ),
                self.summary,
                widgets.HBox(
                    [picker, result],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
                ),
            ]
        )
        self.add_class("calf-pain-picker")
        self.add_class(WRAP_CLASS)
        self._update()

    def _choice(self, feeling_id: str) -> widgets.VBox:
        feeling = self.guide.feelings[feeling_id]
        box = widgets.Checkbox(
            value=False,
            description=feeling.label,
            tooltip=feeling.help or feeling.label,
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        box.add_class("calf-pain-feeling")
        box.add_class(f"calf-feeling-{feeling.id}")
        box.observe(self._on_change, names="value")
        self.boxes[feeling.id] = box
        help_html = widgets.HTML(f'<div style="{_HELP_STYLE}">{escape(feeling.help)}</div>')
        return widgets.VBox([box, help_html], layout=widgets.Layout(margin="0 0 0.2em 0"))

    def picked(self) -> tuple[str, ...]:
        """The ids of the ticked feelings, in the order they are listed."""
        return tuple(fid for fid, box in self.boxes.items() if box.value)

    def pick(self, feeling_ids: Iterable[str]) -> None:
        """Tick exactly these feelings (others are unticked); unknown ids raise ValueError."""
        ids = set(feeling_ids)
        likely_reasons(ids, self.guide)  # refuses unknown ids, with a suggestion
        self._filling = True  # one update at the end, not one per box
        try:
            for fid, box in self.boxes.items():
                box.value = fid in ids
        finally:
            self._filling = False
        self._update()

    def clear(self) -> None:
        """Untick every box."""
        self.pick(())

    @guarded("card")
    def _on_change(self, _change: Any = None) -> None:
        if not self._filling:
            self._update()

    def _update(self) -> None:
        self.answer = likely_reasons(self.picked(), self.guide)
        self.card.value = pain_card(self.answer, self.guide, self.content)
        n = len(self.answer.picked)
        if self.answer.concern is None:
            self.summary.value = "<div>Nothing ticked yet.</div>"
        else:
            info = self.guide.concerns[self.answer.concern]
            self.summary.value = (
                f'<div>Current answer: <span aria-hidden="true">{escape(info.icon)}</span> '
                f"<strong>{escape(info.title)}</strong> ({n} ticked; the reasons are under "
                "Likely reasons).</div>"
            )
