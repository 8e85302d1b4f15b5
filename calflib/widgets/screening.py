"""The screening questionnaire: yes / no / not sure questions and a live verdict card."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.cards import level_badge, verdict_card
from calflib.loader import default_content
from calflib.model import Content, Finding
from calflib.screening import ANSWER_CHOICES, Assessment, answers_from_choices, assess
from calflib.widgets._common import guarded, heading, looks, make

__all__ = ["DAY_OPTIONS", "ScreeningQuestionnaire"]

#: Choices for "how many days ago": None means not sure; 15 stands for "more than two weeks".
DAY_OPTIONS: tuple[tuple[str, int | None], ...] = (
    ("Not sure", None),
    ("Today (day 0)", 0),
    ("Yesterday (day 1)", 1),
    *((f"{d} days ago", d) for d in range(2, 15)),
    ("More than 2 weeks ago", 15),
)
_TOOLTIPS = ["Yes, this is true for me", "No, this is not true for me", "I don't know yet"]


def _question_html(finding: Finding) -> widgets.HTML:
    help_html = (
        f'<br><span style="font-size:0.9em;color:var(--jp-ui-font-color2, inherit)">'
        f"{escape(finding.help)}</span>"
        if finding.help
        else ""
    )
    return make(
        widgets.HTML,
        layout={"margin": "0.6em 0 0 0"},
        value=f"<strong>{escape(finding.label)}</strong><br>{escape(finding.question)}{help_html}",
    )


class ScreeningQuestionnaire(widgets.VBox):  # type: ignore[misc]
    """One question per finding (Yes / No / Not sure), a days-since-injury picker and a verdict.

    The verdict updates on every change. ``Not sure`` is never read as ``No``.
    """

    def __init__(self, content: Content | None = None) -> None:
        self.content = content or default_content()
        self.questions: dict[str, widgets.ToggleButtons] = {}
        self.summary = make(widgets.HTML, layout={"margin": "0 0 0.5em 0"})
        self.verdict = make(widgets.HTML, "calf-verdict-widget")
        self.days = make(
            widgets.Dropdown,
            "calf-days",
            style={"description_width": "initial"},
            options=list(DAY_OPTIONS),
            value=None,
            description="When did it happen?",
            disabled=True,
            tooltip="Only needed if you answered Yes to the strain question",
        )
        self.reset_button = make(
            widgets.Button,
            "calf-reset",
            description="Start again",
            icon="undo",
            tooltip="Set every answer back to 'Not sure'",
        )
        self.assessment: Assessment | None = None
        self._filling = False
        children: list[widgets.Widget] = [
            heading(
                "Screening questionnaire",
                "Answer each question for the person whose calf would be massaged. "
                "'Not sure' is treated as a possible problem, never as 'no'. "
                "The result at the bottom updates as you answer.",
            ),
            self.summary,
        ]
        for group in self.content.groups:
            members = [f for f in self.content.findings.values() if f.group == group.id]
            if not members:
                continue
            children.append(heading(group.title, group.intro, level=4))
            for finding in members:
                children.extend(self._question(finding))
        children += [heading("Result", level=4), self.verdict, self.reset_button]
        super().__init__(
            children=children, **looks(widgets.VBox, "calf-questionnaire", own_layout=True)
        )
        self.reset_button.on_click(lambda _button: self.reset())
        self.days.observe(self._on_change, names="value")
        self._update()

    def _question(self, finding: Finding) -> list[widgets.Widget]:
        toggle = make(
            widgets.ToggleButtons,
            "calf-answer",
            f"calf-q-{finding.id}",
            style={"button_width": "7em"},
            options=list(ANSWER_CHOICES),
            value="Not sure",
            tooltips=_TOOLTIPS,
            description="",
        )
        toggle.observe(self._on_change, names="value")
        self.questions[finding.id] = toggle
        parts: list[widgets.Widget] = [_question_html(finding), toggle]
        if finding.timing is not None:
            parts.append(self.days)
        return parts

    def choices(self) -> dict[str, str]:
        """The current answers as shown: finding id to 'Yes', 'No' or 'Not sure'."""
        return {fid: toggle.value for fid, toggle in self.questions.items()}

    def set_answers(
        self, answers: Mapping[str, bool], days_since_injury: int | None = None
    ) -> None:
        """Fill in the form from True/False answers (ids left out become 'Not sure')."""
        unknown = [fid for fid in answers if fid not in self.questions]
        if unknown:
            raise ValueError(f"unknown finding ids: {', '.join(map(str, unknown))}")
        self._filling = True  # one verdict update at the end, not one per question
        try:
            for fid, toggle in self.questions.items():
                answer = answers.get(fid)
                toggle.value = "Not sure" if answer is None else ("Yes" if answer else "No")
            self.days.value = days_since_injury
        finally:
            self._filling = False
        self._on_change()

    def reset(self) -> None:
        """Set every answer back to 'Not sure'."""
        self.set_answers({})

    @guarded("verdict")
    def _on_change(self, _change: Any = None) -> None:
        if not self._filling:
            self._update()

    def _update(self) -> None:
        is_strain = any(
            self.questions[fid].value == "Yes"
            for fid, f in self.content.findings.items()
            if f.timing is not None
        )
        self.days.disabled = not is_strain
        days = self.days.value if is_strain else None
        self.assessment = assess(answers_from_choices(self.choices()), days, content=self.content)
        self.verdict.value = verdict_card(self.assessment, self.content)
        unsure = len(self.assessment.unanswered)
        open_note = f" ({unsure} still 'Not sure')" if unsure else " (all answered)"
        self.summary.value = (
            f"<div>Current result: {level_badge(self.assessment.level, self.content)}"
            f"{escape(open_note)}</div>"
        )
