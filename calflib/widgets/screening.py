"""The screening questionnaire: grouped yes / no / not sure questions and a live verdict card."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.card_kit import SMALL_TEXT, level_badge, message_card
from calflib.cards import verdict_card
from calflib.loader import builtin_content
from calflib.model import Content, Finding, FindingGroup
from calflib.palette import THEME
from calflib.questionnaire import answers_from_form, contradictions, group_choices
from calflib.screening import ANSWER_CHOICES, Assessment, assess
from calflib.screening_memory import forget_screening, load_screening, save_screening
from calflib.widgets._common import guarded, heading, looks, make

__all__ = ["DAY_OPTIONS", "ScreeningQuestionnaire"]

#: Choices for "how long ago", in full 24-hour periods (so "72 hours" is exact whatever the time
#: of day): None means not sure; 15 stands for "more than two weeks".
DAY_OPTIONS: tuple[tuple[str, int | None], ...] = (
    ("Not sure", None),
    ("Less than 24 hours ago", 0),
    ("24 to 48 hours ago", 1),
    ("48 to 72 hours ago", 2),
    ("72 hours to 4 days ago", 3),
    *((f"{d} to {d + 1} days ago", d) for d in range(4, 15)),
    ("More than 2 weeks ago", 15),
)
_TOOLTIPS = ["Yes, this is true for me", "No, this is not true for me", "I don't know yet"]
_GROUP_TOOLTIPS = [
    "Yes, at least one of these: answer the questions below",
    "No, none of these: the whole group is answered no",
    "I don't know: answer the questions below",
]
_CHOICE = {True: "Yes", False: "No", None: "Not sure"}
_UNCLEAR = (
    "You answered Yes to this group, but none of its questions is Yes yet: which one applies? "
    "Until you say, these questions count as 'not sure'."
)


def _question_html(finding: Finding) -> widgets.HTML:
    help_html = (
        f'<br><span style="{SMALL_TEXT}">{escape(finding.help)}</span>' if finding.help else ""
    )
    return make(
        widgets.HTML,
        layout={"margin": "0.6em 0 0 0"},
        value=f"<strong>{escape(finding.label)}</strong><br>{escape(finding.question)}{help_html}",
    )


class ScreeningQuestionnaire(widgets.VBox):  # type: ignore[misc]
    """The screening questions, grouped, each group opened by one "Any of these?" question.

    "No" to a group's lead-in answers all its questions "no"; "Yes" or "Not sure" opens them (see
    :mod:`calflib.questionnaire`). The verdict updates on every change, and ``Not sure`` is never
    read as ``No``. With ``remember`` (the default) the answers are kept on this computer, never in
    an export, so that chapter 05's planner can offer them back; ``offer_saved`` fills the form
    with them, shown and changeable, with a note saying so.
    """

    def __init__(
        self,
        content: Content | None = None,
        *,
        remember: bool = True,
        offer_saved: bool = False,
        learner: str = "default",
    ) -> None:
        self.content = content or builtin_content()
        self.remember = remember
        self.learner = learner
        self.questions: dict[str, widgets.ToggleButtons] = {}
        self.group_questions: dict[str, widgets.ToggleButtons] = {}
        self._details: dict[str, widgets.VBox] = {}
        self._unclear: dict[str, widgets.HTML] = {}
        self.summary = make(widgets.HTML, layout={"margin": "0 0 0.5em 0"})
        self.offer = make(widgets.HTML, "calf-saved-offer")
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
            tooltip="Set every answer back to 'Not sure' and forget the saved answers",
        )
        self.assessment: Assessment | None = None
        self._filling = False
        kept = (
            " Your answers are kept on this computer only (never in an export), so that the "
            "planner in chapter 05 can offer them back; 'Start again' forgets them."
            if remember
            else ""
        )
        children: list[widgets.Widget] = [
            heading(
                "Screening questionnaire",
                "Answer for the person whose calf would be massaged. Each group starts with one "
                "question: answer No if none of the listed things applies, and the group is done; "
                "answer Yes or Not sure to answer its questions one by one. 'Not sure' is treated "
                "as a possible problem, never as 'no'. The result at the bottom updates as you "
                "answer." + kept,
            ),
            self.offer,
            self.summary,
        ]
        for group in self.content.groups:
            members = self.content.members(group.id)
            if members:
                children.extend(self._group(group, members))
        children += [heading("Result", level=4), self.verdict, self.reset_button]
        super().__init__(
            children=children, **looks(widgets.VBox, "calf-questionnaire", own_layout=True)
        )
        self.reset_button.on_click(lambda _button: self.reset())
        self.days.observe(self._on_change, names="value")
        if offer_saved:
            self._offer_saved()
        self._update(save=False)

    def _group(self, group: FindingGroup, members: tuple[Finding, ...]) -> list[widgets.Widget]:
        parts: list[widgets.Widget] = [heading(group.title, group.intro, level=4)]
        questions: list[widgets.Widget] = []
        for finding in members:
            questions.extend(self._question(finding))
        if len(members) == 1:  # one question: asking "any of these?" first would only add a click
            return parts + questions
        labels = "".join(f"<li>{escape(f.label)}</li>" for f in members)
        lead = self._toggle(_GROUP_TOOLTIPS, "calf-group-answer", f"calf-g-{group.id}")
        self.group_questions[group.id] = lead
        self._unclear[group.id] = make(widgets.HTML, "calf-group-unclear")
        self._details[group.id] = widgets.VBox(  # its own Layout: it hides itself on "No"
            children=questions,
            layout=widgets.Layout(
                margin="0 0 0 1.2em",
                padding="0 0 0 0.8em",
                border_left=f"3px solid {THEME['border_soft']}",
            ),
            _dom_classes=("calf-group-questions",),
        )
        parts += [
            make(
                widgets.HTML,
                "calf-lead-in",
                value=f"<strong>{escape(group.lead_in)}</strong><ul>{labels}</ul>",
            ),
            lead,
            self._unclear[group.id],
            self._details[group.id],
        ]
        return parts

    def _toggle(self, tooltips: list[str], *css: str) -> widgets.ToggleButtons:
        """A Yes / No / Not sure choice, starting at 'Not sure', that updates the verdict."""
        toggle = make(
            widgets.ToggleButtons,
            *css,
            style={"button_width": "7em"},
            options=list(ANSWER_CHOICES),
            value="Not sure",
            tooltips=tooltips,
            description="",
        )
        toggle.observe(self._on_change, names="value")
        return toggle

    def _question(self, finding: Finding) -> list[widgets.Widget]:
        toggle = self._toggle(_TOOLTIPS, "calf-answer", f"calf-q-{finding.id}")
        self.questions[finding.id] = toggle
        parts: list[widgets.Widget] = [_question_html(finding), toggle]
        if finding.timing is not None:
            parts.append(self.days)
        return parts

    def _form(self) -> tuple[dict[str, str], dict[str, str]]:
        groups = {gid: toggle.value for gid, toggle in self.group_questions.items()}
        findings = {fid: toggle.value for fid, toggle in self.questions.items()}
        return groups, findings

    def children_text(self) -> str:
        """Every note the form shows now (lead-in problems, the saved-answers note), as HTML."""
        notes = [self.offer.value, *(html.value for html in self._unclear.values())]
        return "".join(notes)

    def answers(self) -> dict[str, bool]:
        """The answers the form stands for, as :func:`calflib.screening.assess` takes them."""
        return answers_from_form(self.content, *self._form())

    def choices(self) -> dict[str, str]:
        """What the form stands for, per question: 'Yes', 'No' or 'Not sure' (a group answered
        No counts as No for each of its questions)."""
        answers = self.answers()
        return {
            fid: "Not sure" if fid not in answers else ("Yes" if answers[fid] else "No")
            for fid in self.questions
        }

    def set_answers(
        self, answers: Mapping[str, bool], days_since_injury: int | None = None
    ) -> None:
        """Fill in the form from True/False answers (ids left out become 'Not sure')."""
        unknown = [fid for fid in answers if fid not in self.questions]
        if unknown:
            raise ValueError(f"unknown finding ids: {', '.join(map(str, unknown))}")
        shown = group_choices(self.content, answers)
        self._fill(
            {gid: shown[gid] for gid in self.group_questions},
            {fid: _CHOICE[answers.get(fid)] for fid in self.questions},
            days_since_injury,
        )

    def _fill(
        self, groups: Mapping[str, str], findings: Mapping[str, str], days: int | None
    ) -> None:
        self._filling = True  # one verdict update at the end, not one per question
        try:
            for gid, toggle in self.group_questions.items():
                toggle.value = groups.get(gid, "Not sure")
            for fid, toggle in self.questions.items():
                toggle.value = findings.get(fid, "Not sure")
            self.days.value = days if days in dict(DAY_OPTIONS).values() else None
        finally:
            self._filling = False
        self._on_change()

    def _offer_saved(self) -> None:
        saved = load_screening(
            learner=self.learner,
            groups=set(self.group_questions),
            findings=set(self.questions),
        )
        if saved is None:
            self.offer.value = ""
            return
        self._fill(saved.groups, saved.findings, saved.days_since_injury)
        self.offer.value = message_card(
            "Your answers from chapter 02 are filled in",
            f"These are the answers you gave on {saved.saved_on:%d %B %Y}. Check each one for "
            "the person you are planning for today and change any that is different; "
            "'Start again' clears them all.",
        )

    def reset(self) -> None:
        """Set every answer back to 'Not sure' and forget the remembered answers."""
        self.offer.value = ""
        self._fill({}, {}, None)  # a blank form is never kept, so this forgets the saved answers

    @guarded("verdict")
    def _on_change(self, _change: Any = None) -> None:
        if not self._filling:
            self._update(save=self.remember)

    def _update(self, *, save: bool) -> None:
        groups, findings = self._form()
        unclear = set(contradictions(self.content, groups, findings))
        for gid, lead in self.group_questions.items():
            self._details[gid].layout.display = "none" if lead.value == "No" else ""
            self._unclear[gid].value = f"<p>{escape(_UNCLEAR)}</p>" if gid in unclear else ""
        answers = answers_from_form(self.content, groups, findings)
        timed = [fid for fid, f in self.content.findings.items() if f.timing is not None]
        is_strain = any(answers.get(fid) is True for fid in timed)
        self.days.disabled = not is_strain
        days = self.days.value if is_strain else None
        self.assessment = assess(answers, days, content=self.content)
        self.verdict.value = verdict_card(self.assessment, self.content)
        unsure = len(self.assessment.unanswered)
        open_note = f" ({unsure} still 'Not sure')" if unsure else " (all answered)"
        self.summary.value = (
            f"<div>Current result: {level_badge(self.assessment.level, self.content)}"
            f"{escape(open_note)}</div>"
        )
        if save:
            blank = all(v == "Not sure" for v in (*groups.values(), *findings.values()))
            try:
                if blank:  # nothing to remember (a fresh or reset form)
                    forget_screening(learner=self.learner)
                else:
                    save_screening(groups, findings, days, learner=self.learner)
            except (OSError, ValueError) as exc:
                self.offer.value = message_card(
                    "Your answers could not be kept for chapter 05", str(exc)
                )
