"""The screening questionnaire: grouped yes / no / not sure questions and a live verdict card.

One semantic HTML form in one widget model (:mod:`calflib.widgets.questionnaire_form`): a
fieldset of real radio buttons per question, the verdict in a polite live region and a compact
result that stays in view while answering. This module decides what the form shows, from the
core (:mod:`calflib.questionnaire`, :func:`calflib.screening.assess`).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from calflib.card_kit import level_badge, message_card
from calflib.cards import verdict_card
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.questionnaire import (
    answers_from_form,
    contradictions,
    group_choices,
    questionnaire_outline,
)
from calflib.screening import ANSWER_CHOICES, Assessment, assess
from calflib.screening_memory import forget_screening, load_screening, save_screening
from calflib.widgets._common import guarded
from calflib.widgets.questionnaire_form import (
    GROUP_PREFIX,
    Action,
    Choice,
    DayChoice,
    QuestionnaireForm,
    Shown,
)

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
_CHOICE = {True: "Yes", False: "No", None: "Not sure"}
_UNCLEAR = (
    "You answered Yes to this group, but none of its questions is Yes yet: which one applies? "
    "Until you say, these questions count as 'not sure'."
)
_TITLE = "Screening questionnaire"
_INTRO = (
    "Answer for the person whose calf would be massaged. Each group starts with one question: "
    "answer No if none of the listed things applies, and the group is done; answer Yes or Not "
    "sure to answer its questions one by one. 'Not sure' is treated as a possible problem, never "
    "as 'no'. The current result stays at the top of the form while you answer, and the full "
    "result is at the bottom."
)
_KEPT = (
    " Your answers are kept on this computer only (never in an export), so that the planner in "
    "chapter 05 can offer them back; 'Start again' forgets them."
)


class ScreeningQuestionnaire(QuestionnaireForm):
    """The screening questions, grouped, each group opened by one "Any of these?" question.

    "No" to a group's lead-in answers all its questions "no"; "Yes" or "Not sure" opens them (see
    :mod:`calflib.questionnaire`). The verdict updates on every change, and ``Not sure`` is never
    read as ``No``. With ``remember`` (the default) the answers are kept on this computer, never in
    an export, so that chapter 05's planner can offer them back; ``offer_saved`` fills the form
    with them, shown and changeable, with a note saying so. ``heading_level`` is the title's
    heading level (3; 4 inside a section such as the planner's), its parts one level lower.

    ``questions[id].value`` and ``group_questions[id].value`` read and set one answer;
    ``verdict.value`` and ``summary.value`` are the HTML shown; ``days`` is the "how long ago?"
    menu; ``reset_button.click()`` starts again.
    """

    def __init__(
        self,
        content: Content | None = None,
        *,
        remember: bool = True,
        offer_saved: bool = False,
        learner: str = "default",
        heading_level: int = 3,
    ) -> None:
        if heading_level not in (2, 3, 4, 5):
            raise ValueError(f"heading_level must be 2 to 5, not {heading_level!r}")
        self.content = content or builtin_content()
        self.remember = remember
        self.learner = learner
        outline = questionnaire_outline(self.content)
        spec = {
            "title": _TITLE,
            "intro": _INTRO + (_KEPT if remember else ""),
            "level": heading_level,
            **outline,
        }
        super().__init__(
            "calf-questionnaire",
            spec=spec,
            unclear_text=_UNCLEAR,
            reset_label="Start again",
        )
        groups: list[Any] = outline["groups"]  # type: ignore[assignment]
        self.questions: dict[str, Choice] = {
            q["id"]: Choice(self, q["id"], ANSWER_CHOICES) for g in groups for q in g["questions"]
        }
        self.group_questions: dict[str, Choice] = {
            g["id"]: Choice(self, GROUP_PREFIX + g["id"], ANSWER_CHOICES)
            for g in groups
            if g["lead_in"]
        }
        self.chosen = {choice.key: "Not sure" for choice in self._choices()}
        self.summary = Shown(self, "summary_html")
        self.offer = Shown(self, "offer_html")
        self.verdict = Shown(self, "verdict_html")
        self.days = DayChoice(
            self,
            options=list(DAY_OPTIONS),
            description="When did it happen?",
            tooltip="Only needed if you answered Yes to the strain question",
        )
        self.reset_button = Action(
            self,
            "reset",
            "Start again",
            "Set every answer back to 'Not sure' and forget the saved answers",
        )
        self.assessment: Assessment | None = None
        self._filling = False
        self.reset_button.on_click(lambda _button: self.reset())
        self.observe(self._on_change, names=["chosen", "days_since_injury"])
        if offer_saved:
            self._offer_saved()
        self._update(save=False)
        self._built()

    def _choices(self) -> list[Choice]:
        return [*self.group_questions.values(), *self.questions.values()]

    def _form(self) -> tuple[dict[str, str], dict[str, str]]:
        groups = {gid: choice.value for gid, choice in self.group_questions.items()}
        findings = {fid: choice.value for fid, choice in self.questions.items()}
        return groups, findings

    def children_text(self) -> str:
        """Every note the form shows now (lead-in problems, the saved-answers note), as HTML."""
        notes = [self.offer.value, *(f"<p>{escape(_UNCLEAR)}</p>" for _ in self.unclear)]
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
            chosen = {
                **{GROUP_PREFIX + gid: groups.get(gid, "Not sure") for gid in self.group_questions},
                **{fid: findings.get(fid, "Not sure") for fid in self.questions},
            }
            for key, choice in chosen.items():
                if choice not in ANSWER_CHOICES:
                    raise ValueError(f"answer for '{key}' must be one of {ANSWER_CHOICES}")
            self.chosen = chosen
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
        unclear = contradictions(self.content, groups, findings)
        answers = answers_from_form(self.content, groups, findings)
        timed = [fid for fid, f in self.content.findings.items() if f.timing is not None]
        is_strain = any(answers.get(fid) is True for fid in timed)
        days = self.days.value if is_strain else None
        with self.hold_sync():  # one message to the browser for everything that changes
            self.unclear = list(unclear)
            self.days.disabled = not is_strain
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
