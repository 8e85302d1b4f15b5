"""The "Why does it hurt?" picker: tick what you feel, read the likely reasons (chapter 06)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.faq import PainAnswer, PainGuide, likely_reasons, pain_guide
from calflib.faq_cards import pain_card
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.palette import THEME
from calflib.widgets._common import WRAP_CLASS, guarded, heading, looks, make, wrap_labels

__all__ = ["WhyDoesItHurt"]

_HELP_STYLE = f"font-size:0.9em;line-height:1.4;color:{THEME['small_text']};margin:0 0 0.3em 1.7em"


class WhyDoesItHurt(widgets.VBox):  # type: ignore[misc]
    """A checkbox per feeling, grouped under headings, and a card of likely reasons that updates.

    A red flag anywhere makes the card lead with "No massage" (decided by
    :func:`calflib.faq.likely_reasons`, not here).
    """

    def __init__(self, guide: PainGuide | None = None, content: Content | None = None) -> None:
        self.guide = guide or pain_guide()
        self.content = content or builtin_content()
        self.boxes: dict[str, widgets.Checkbox] = {}
        self.answer: PainAnswer = likely_reasons((), self.guide)
        self._filling = False
        self.summary = make(widgets.HTML, "calf-pain-summary")
        self.card = make(widgets.HTML, "calf-pain-card")
        self.clear_button = make(
            widgets.Button,
            "calf-pain-clear",
            description="Clear all",
            icon="undo",
            tooltip="Untick every box and start again",
        )
        self.clear_button.on_click(lambda _button: self.clear())
        choices: list[widgets.Widget] = []
        for group in self.guide.groups:
            members = self.guide.in_group(group.id)
            if members:
                choices.append(heading(group.title, level=4))
                choices.extend(self._choice(feeling.id) for feeling in members)
        picker = make(
            widgets.VBox,
            "calf-pain-choices",
            layout={"flex": "1 1 420px", "min_width": "280px"},
            children=choices,
        )
        result = make(
            widgets.VBox,
            layout={"flex": "1 1 360px", "min_width": "280px"},
            children=[heading("Likely reasons", level=4), self.card, self.clear_button],
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
                make(
                    widgets.HBox,
                    layout={"flex_flow": "row wrap", "align_items": "flex-start"},
                    children=[picker, result],
                ),
            ],
            **looks(widgets.VBox, "calf-pain-picker", WRAP_CLASS, own_layout=True),
        )
        self._update()

    def _choice(self, feeling_id: str) -> widgets.VBox:
        feeling = self.guide.feelings[feeling_id]
        box = make(
            widgets.Checkbox,
            "calf-pain-feeling",
            f"calf-feeling-{feeling.id}",
            layout={"width": "auto"},
            value=False,
            description=feeling.label,
            tooltip=feeling.help or feeling.label,
            indent=False,
        )
        box.observe(self._on_change, names="value")
        self.boxes[feeling.id] = box
        help_html = make(
            widgets.HTML, value=f'<div style="{_HELP_STYLE}">{escape(feeling.help)}</div>'
        )
        return make(widgets.VBox, layout={"margin": "0 0 0.2em 0"}, children=[box, help_html])

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
