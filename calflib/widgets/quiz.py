"""Self-check widgets: one question with instant feedback, and a chapter's "Check yourself"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.card_kit import fold_out, message_card
from calflib.cards import quiz_feedback_card, scenario_card
from calflib.content_in_use import default_bank, default_content
from calflib.course import mark_if_mastered
from calflib.learner_seed import ensure_seed
from calflib.mastery import RULE_IN_WORDS
from calflib.model import Content
from calflib.pack_cards import pack_problems_card
from calflib.pack_reach import missing_pack_card
from calflib.packs import pack_folders, pack_problems
from calflib.progress import ProgressStore
from calflib.quiz import Question, QuestionBank, QuizResult, display_order, grade
from calflib.widgets._common import (
    WRAP_CLASS,
    guarded,
    heading,
    looks,
    make,
    open_store,
    save_safely,
    wrap_labels,
)
from calflib.widgets.choice import KEYS_CLASS, ChoiceGroup, LiveHTML, Tick

__all__ = ["CheckYourself", "QuestionWidget", "question_layout"]

#: What "Try again" says it did.
_CLEARED = "Answer cleared: choose again, then press Check."


_HINT = {
    "single": "Pick one answer.",
    "multiple": "Pick every answer that applies.",
    "myth_fact": "Myth or fact?",
    "triage": "What should happen? Pick a level.",
}


def question_layout() -> widgets.Layout:
    """A question's Layout: one per question on its own, one per check for all its questions."""
    return widgets.Layout(margin="0 0 1em 0")


class QuestionWidget(widgets.VBox):  # type: ignore[misc]
    """One question: choose, check, read feedback, show the explanation, try again.

    With a ``store`` the answer is saved, and the last saved answer is shown again when the
    widget is rebuilt (after a kernel restart or reopening the notebook). The options are shown
    in the learner's own order (:func:`calflib.quiz.display_order` with ``seed``, the learner's
    :mod:`calflib.learner_seed`; without one, ``learner`` as before), the same after a restart;
    answers are kept as option ids, so the order never changes what a saved answer means.
    ``layout``: a Layout to use instead of one of its own; a check gives all its questions one
    (one model, not 30), and a teacher's change to it changes that check's questions only.
    """

    def __init__(
        self,
        question: Question,
        number: int = 1,
        *,
        store: ProgressStore | None = None,
        saved: Mapping[str, Any] | None = None,
        content: Content | None = None,
        on_result: Callable[[QuizResult], None] | None = None,
        learner: str = "default",
        seed: str | None = None,
        layout: widgets.Layout | None = None,
    ) -> None:
        self.question = question
        # Graded in the order shown, so the feedback lists options as the learner saw them.
        order = display_order(question, seed if seed is not None else learner)
        self._shown = replace(question, options=order)
        self.store = store
        self.on_result = on_result
        self.content = content or default_content()
        self.result: QuizResult | None = None
        story = ""
        if question.kind == "triage":
            scenario = next(s for s in self.content.scenarios if s.id == question.scenario)
            story = scenario_card(number, number, scenario.title, scenario.story).replace(
                f"Scenario {number} of {number}", "Scenario"
            )
        # The question is the group's name (its legend), so a screen reader reads it with the
        # options; the story a triage question is about comes first, above it. Only a triage
        # question has one (a chapter's check is some 30 questions: no empty widget for each).
        self.prompt: widgets.HTML | None = (
            make(widgets.HTML, "calf-quiz-prompt", value=story) if story else None
        )
        options = [(o.text, o.id) for o in self._shown.options]
        self.group = ChoiceGroup(
            "calf-quiz-options" if question.kind == "multiple" else "calf-quiz-choice",
            options=options,
            multiple=question.kind == "multiple",
            description=f"Question {number}. {question.prompt}",
            hint=_HINT[question.kind],
        )
        #: The radio group of a one-answer question (None for pick-all-that-apply).
        self.choice: ChoiceGroup | None = None if self.group.multiple else self.group
        #: The tick boxes of a pick-all-that-apply question, by option id.
        self.boxes: dict[str, Tick] = (
            {ident: self.group.tick(ident) for _text, ident in options}
            if self.group.multiple
            else {}
        )
        inputs: list[widgets.Widget] = [self.group]
        self.check_button = make(
            widgets.Button,
            "calf-quiz-check",
            description="Check",
            button_style="primary",
            icon="check",
            tooltip="Check your answer",
        )
        self.explain_button = make(
            widgets.ToggleButton,
            "calf-quiz-explain",
            value=False,
            description="Show explanation",
            icon="info",
            tooltip="Show why, with sources",
            disabled=True,
        )
        self.retry_button = make(
            widgets.Button,
            "calf-quiz-retry",
            description="Try again",
            icon="undo",
            tooltip="Clear your answer",
            disabled=True,
        )
        self.feedback = LiveHTML("calf-quiz-feedback-widget")
        self.check_button.on_click(self._on_check)
        self.retry_button.on_click(self._on_retry)
        self.explain_button.observe(self._on_explain, names="value")
        super().__init__(
            children=[
                *([self.prompt] if self.prompt is not None else []),
                *inputs,
                make(
                    widgets.HBox,
                    children=[self.check_button, self.explain_button, self.retry_button],
                ),
                self.feedback,
            ],
            **looks(
                widgets.VBox,
                "calf-quiz-question",
                f"calf-quiz-{question.id}",
                KEYS_CLASS,
                layout=question_layout() if layout is None else layout,
            ),
        )
        if saved:
            self._restore(saved)

    def chosen(self) -> set[str]:
        """The option ids currently selected."""
        if self.choice is not None:
            return set() if self.choice.value is None else {self.choice.value}
        return {ident for ident, box in self.boxes.items() if box.value}

    def _select(self, ids: set[str]) -> None:
        if self.choice is not None:
            self.choice.value = next(iter(ids)) if ids else None
        else:
            self.group.value = tuple(ids)

    def _restore(self, saved: Mapping[str, Any]) -> None:
        answer = saved.get("answer")
        ids = {answer} if isinstance(answer, str) else set(answer or [])
        known = {o.id for o in self.question.options}
        if ids and ids <= known:  # answers to an edited question are not shown
            self._select(ids)
            self._show(grade(self._shown, ids))

    @guarded("feedback")
    def _on_check(self, _button: Any = None) -> None:
        self.check()

    def check(self) -> QuizResult | None:
        """Grade the current choice, show feedback and save it (a save problem is reported)."""
        picked = self.chosen()
        if not picked:
            self.feedback.say(message_card("Choose an answer first", _HINT[self.question.kind]))
            return None
        result = grade(self._shown, picked)
        self._show(result)
        self._save(result)
        return result

    def _show(self, result: QuizResult) -> None:
        self.result = result
        self.explain_button.disabled = False
        self.retry_button.disabled = False
        self.feedback.value = quiz_feedback_card(
            result, self.content, explain=self.explain_button.value
        )

    def _save(self, result: QuizResult) -> None:
        store = self.store
        if store is not None:
            save_safely(
                self.feedback,
                lambda: store.record_quiz(self.question.id, sorted(result.chosen), result.correct),
            )
        if self.on_result is not None:
            self.on_result(result)

    @guarded("feedback")
    def _on_retry(self, _button: Any = None) -> None:
        self._select(set())
        self.result = None
        # Said, not just an emptied box: the learner pressed a button and hears what it did.
        # The button stays enabled, so keyboard focus stays on it (a disabled button drops it).
        self.feedback.say(f"<p>{_CLEARED}</p>")
        self.explain_button.value = False
        self.explain_button.disabled = True

    @guarded("feedback")
    def _on_explain(self, _change: Any = None) -> None:
        if self.result is not None:
            self._show(self.result)


class CheckYourself(widgets.VBox):  # type: ignore[misc]
    """A chapter's self-check: every question for the chapter, with saved answers restored.

    When every objective of the chapter is mastered (:mod:`calflib.mastery`), the chapter is
    marked done; answers that are only right now after "Try again" do not mark it.
    Without ``bank`` it uses the built-in questions plus the teachers' packs in use that loaded,
    and a banner (``pack_notice``) names the problems of any pack left out.
    """

    def __init__(
        self,
        chapter: str,
        *,
        learner: str = "default",
        save: bool = True,
        bank: QuestionBank | None = None,
        title: str = "Check yourself",
        questions: tuple[Question, ...] | None = None,
    ) -> None:
        self.pack_notice = make(
            widgets.HTML, value=pack_problems_card(pack_problems()) if bank is None else ""
        )
        self.bank = bank or default_bank()
        self.chapter = chapter
        chosen = questions if questions is not None else self.bank.for_chapter(chapter)
        if not chosen:  # e.g. a teacher's pack chapter whose pack is not loaded: say so, no error
            self.store, self.notice, self.questions = None, make(widgets.HTML), []
            missing = make(
                widgets.HTML,
                value=missing_pack_card(chapter, pack_folders(), self.bank.chapters),
            )
            super().__init__(
                children=[heading(title, ""), self.pack_notice, missing],
                **looks(widgets.VBox, "calf-check-yourself", WRAP_CLASS, own_layout=True),
            )
            return
        self.store, progress, notice = open_store(learner, save)
        self.notice = make(widgets.HTML, value=notice)
        #: The learner's own seed for option orders (random per session when nothing is saved).
        self.seed = ensure_seed(self.store)
        saved = progress.quiz if progress is not None else {}
        questions_layout = question_layout()
        self.questions = [
            QuestionWidget(
                q,
                i,
                store=self.store,
                saved=saved.get(q.id),
                on_result=self._after_check,
                seed=self.seed,
                layout=questions_layout,
            )
            for i, q in enumerate(chosen, start=1)
        ]
        objectives = sorted({self.bank.objectives[q.objective].text for q in chosen})
        intro = f"{len(chosen)} questions on the learning objectives. {RULE_IN_WORDS}"
        if self.store is not None:
            intro += (
                " Your answers are saved on this computer, so they are still here after a restart."
            )
        goals = "".join(f"<li>{escape(text)}</li>" for text in objectives)
        super().__init__(
            children=[
                heading(title, intro),
                self.pack_notice,
                make(
                    widgets.HTML,
                    value=fold_out("What these questions check", f"<ul>{goals}</ul>"),
                ),
                self.notice,
                wrap_labels(),
                *self.questions,
            ],
            **looks(widgets.VBox, "calf-check-yourself", WRAP_CLASS, own_layout=True),
        )

    def _after_check(self, _result: QuizResult) -> None:
        # "Done" follows mastery, not the answers showing now: Try again straight away never
        # marks the chapter (calflib.course's rules).
        store = self.store
        if store is not None:
            save_safely(self.notice, lambda: mark_if_mastered(store, self.bank, self.chapter))
