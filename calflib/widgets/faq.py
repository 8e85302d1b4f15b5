"""The "Why does it hurt?" picker: tick what you feel, read the likely reasons (chapter 06)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from calflib.faq import Feeling, PainAnswer, PainGuide, likely_reasons, pain_guide
from calflib.faq_cards import pain_card, pain_summary
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.widgets._common import WRAP_CLASS, guarded, heading, looks, make, wrap_labels
from calflib.widgets.choice import KEYS_CLASS, ChoiceGroup, LiveHTML, Tick

__all__ = ["WhyDoesItHurt"]


class WhyDoesItHurt(widgets.VBox):  # type: ignore[misc]
    """A group of checkboxes per kind of feeling, and a card of likely reasons that updates.

    Each group is a :class:`ChoiceGroup` named by its heading, each feeling a checkbox with its
    help line; ``boxes`` holds one :class:`Tick` per feeling (``.value`` True/False).

    A red flag anywhere makes the card lead with "No massage" (decided by
    :func:`calflib.faq.likely_reasons`, not here).
    """

    def __init__(self, guide: PainGuide | None = None, content: Content | None = None) -> None:
        self.guide = guide or pain_guide()
        self.content = content or builtin_content()
        self.boxes: dict[str, Tick] = {}
        self.groups: dict[str, ChoiceGroup] = {}
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
        self.clear_button.on_click(lambda _button: self._clear_pressed())
        # A live line beside Clear all: what it did, or a problem (the card of reasons is shown,
        # not read out, so neither would be heard there).
        self.note = LiveHTML("calf-pain-note")
        # The current answer is also said right under the group the learner just ticked in (and
        # announced there), so a red flag never changes only a card far up or down the page.
        self.nearby: dict[str, LiveHTML] = {}
        choices: list[widgets.Widget] = []
        for group in self.guide.groups:
            members = self.guide.in_group(group.id)
            if members:
                choices.append(self._group(group.id, group.title, members))
                self.nearby[group.id] = LiveHTML("calf-pain-nearby", f"calf-nearby-{group.id}")
                choices.append(self.nearby[group.id])
        picker = make(
            widgets.VBox,
            "calf-pain-choices",
            layout={"flex": "1 1 420px", "min_width": "min(100%, 280px)"},
            children=choices,
        )
        result = make(
            widgets.VBox,
            layout={"flex": "1 1 360px", "min_width": "min(100%, 280px)"},
            children=[
                heading("Likely reasons", level=4),
                self.card,
                self.clear_button,
                self.note,
            ],
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
            **looks(widgets.VBox, "calf-pain-picker", WRAP_CLASS, KEYS_CLASS, own_layout=True),
        )
        self._update()

    def _group(self, group_id: str, title: str, members: tuple[Feeling, ...]) -> ChoiceGroup:
        group = ChoiceGroup(
            "calf-pain-group",
            f"calf-pain-group-{group_id}",
            options=[(feeling.label, feeling.id) for feeling in members],
            helps=[feeling.help for feeling in members],
            multiple=True,
            description=title,
        )
        group.observe(self._on_change, names="value")
        self.groups[group_id] = group
        self.boxes.update({feeling.id: group.tick(feeling.id) for feeling in members})
        return group

    def picked(self) -> tuple[str, ...]:
        """The ids of the ticked feelings, in the order they are listed."""
        return tuple(fid for fid, box in self.boxes.items() if box.value)

    def pick(self, feeling_ids: Iterable[str]) -> None:
        """Tick exactly these feelings (others are unticked); unknown ids raise ValueError."""
        ids = set(feeling_ids)
        likely_reasons(ids, self.guide)  # refuses unknown ids, with a suggestion
        self._filling = True  # one update at the end, not one per box
        try:
            for group in self.groups.values():
                group.value = tuple(v for v in group.values if v in ids)
        finally:
            self._filling = False
        self._update()

    def clear(self) -> None:
        """Untick every box."""
        self.pick(())

    @guarded("note")
    def _clear_pressed(self) -> None:
        """Clear all, pressed: untick everything and say so (pressed twice, said twice)."""
        self.clear()
        self.note.say("<p>Every box unticked. Nothing ticked yet.</p>")

    @guarded("note")
    def _on_change(self, change: Any = None) -> None:
        if not self._filling:
            self.note.value = ""  # a tick after Clear all makes its note out of date
            owner = change["owner"] if change is not None else None
            near = next((gid for gid, group in self.groups.items() if group is owner), None)
            self._update(near)

    def _update(self, near: str | None = None) -> None:
        """Redraw the card and the summary; ``near`` is the group just ticked in."""
        self.answer = likely_reasons(self.picked(), self.guide)
        self.card.value = pain_card(self.answer, self.guide, self.content)
        self.summary.value = pain_summary(self.answer, self.guide)
        for group_id, note in self.nearby.items():
            note.value = self.summary.value if group_id == near else ""
