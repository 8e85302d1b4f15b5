"""The final check (chapter 07): new screening stories plus questions from every chapter.

The rules (which stories and questions, what counts as a pass) are in :mod:`calflib.final_check`;
this widget only shows them. A round is marked at the end: every item stays open until "Finish and
see my result", then all are marked and saved at once (one attempt each, so the first answer is
the one kept), locked, and shown with their key and reason. The round number is kept with the
learner's progress and only goes up, so a restart shows the same set, and neither a new set nor
"Start again" brings an earlier set back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.cards import quiz_feedback_card
from calflib.content_in_use import default_bank, default_content
from calflib.course import chapters
from calflib.final_check import (
    FinalAnswer,
    FinalVerdict,
    draw_questions,
    draw_stories,
    judge,
    parse_round_key,
    round_key,
)
from calflib.final_check import story_question as _story_question
from calflib.final_check_cards import (
    FINISH_LABEL,
    PASS_RULE,
    item_review,
    review_card,
    verdict_card,
    waiting_card,
)
from calflib.final_stories import builtin_final_stories
from calflib.learner_seed import ensure_seed
from calflib.model import Content, Level, Scenario
from calflib.progress import Progress, ProgressStore
from calflib.progress_records import now
from calflib.quiz import QuestionBank, QuizResult, grade
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
from calflib.widgets.choice import KEYS_CLASS, LiveHTML
from calflib.widgets.progress import _refresh_dashboards
from calflib.widgets.quiz import QuestionWidget, question_layout

__all__ = ["RESULT_SETTING", "ROUND_SETTING", "FinalCheck", "saved_round"]

#: The progress setting that holds the learner's current round (0 for the first set).
ROUND_SETTING = "final_check_round"
#: The progress setting that holds the last finished round's result (see ``FinalCheck.finish``).
RESULT_SETTING = "final_check_result"
CHAPTER = "07_final_check"
#: What "Finish" says once the round is marked, and "New set of stories" before that.
_ALREADY_MARKED = (
    "This set is already marked: your result is just below. For another set, press "
    "'New set of stories' at the end."
)
_FINISH_FIRST = (
    f"Finish this set first: press '{FINISH_LABEL}'. A new set of stories is drawn after that."
)


class _FinalItem(QuestionWidget):
    """A question answered now and marked at the end: no Check, Try again or feedback until the
    round is finished; then it is locked and shows its feedback with the explanation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Marked all at once at the end: the score is announced, not every item's explanation.
        self.feedback.live = "off"
        # Only the question and (once marked) its feedback: no per-item marking to learn from.
        self.children = [w for w in (self.prompt, self.group, self.feedback) if w is not None]

    def mark(self) -> QuizResult | None:
        """Grade the current choice (None when nothing is chosen), without showing it."""
        picked = self.chosen()
        return grade(self._shown, picked) if picked else None

    def _show(self, result: QuizResult) -> None:
        self.result = result
        self.group.disabled = True
        self.feedback.value = quiz_feedback_card(result, self.content, explain=True)


def saved_round(progress: Progress | None) -> int:
    """The round saved in a learner's settings (0 when there is none, or it is not a round)."""
    return _round_setting(getattr(progress, "settings", None) or {})


def _round_setting(settings: Mapping[str, Any]) -> int:
    value = settings.get(ROUND_SETTING, 0)
    if isinstance(value, Mapping):  # a setting saved as a record: {"value": 2, "at": ...}
        value = value.get("value", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _rounds_seen(settings: Mapping[str, Any], saved_ids: Iterable[str]) -> int:
    """The highest round a progress file reached: its round setting or its saved round answers."""
    taken = [parsed[0] for parsed in map(parse_round_key, saved_ids) if parsed is not None]
    return max([_round_setting(settings), *taken])


def _round_after_resets(store: ProgressStore | None) -> int:
    """The round after the highest one in the backups "Start again" keeps (0 with none), so a
    reset never brings an earlier set of stories back."""
    if store is None:
        return 0
    after = 0
    for backup in store.folder.glob(f"{store.path.name}.reset-*"):
        try:
            data = json.loads(backup.read_text(encoding="utf-8"))
            settings, quiz = data.get("settings") or {}, data.get("quiz") or {}
            if isinstance(settings, Mapping) and isinstance(quiz, Mapping):
                after = max(after, _rounds_seen(settings, quiz) + 1)
        except (OSError, ValueError, AttributeError):
            continue  # an unreadable backup only costs the reset's memory of rounds
    return after


class FinalCheck(widgets.VBox):  # type: ignore[misc]
    """The final check: a drawn set of new stories at every level, then drawn final questions.

    Triage questions are left out of the final check even if marked final: their stories are
    the trainer's, so they would test memory, not judgement. Finishing a round redraws the
    chapter's progress table (a ``ProgressDashboard`` shown below it).
    """

    def __init__(
        self,
        *,
        learner: str = "default",
        bank: QuestionBank | None = None,
        content: Content | None = None,
        stories: tuple[Scenario, ...] | None = None,
    ) -> None:
        self.learner = learner
        self.bank = bank or default_bank()
        self.content = content or default_content()
        self.pool = builtin_final_stories() if stories is None else stories
        self.others = tuple(q for q in self.bank.final if q.kind != "triage")
        if not self.pool and not self.others:
            raise ValueError("no final-check items: add final stories or final = true questions")
        self.store, progress, notice = open_store(learner, True)
        #: The learner's own seed: what makes their draws differ from everyone else's.
        self.seed = ensure_seed(self.store)
        self.saved = dict(progress.quiz) if progress is not None else {}
        settings: Mapping[str, Any] = getattr(progress, "settings", None) or {}
        self.round = max(_rounds_seen(settings, self.saved), _round_after_resets(self.store))
        self.notice = make(widgets.HTML, value=notice)
        self.verdict = LiveHTML("calf-final-verdict-widget")  # announced when it changes
        self.review = make(widgets.HTML, "calf-final-review-widget")
        self.finish_button = make(
            widgets.Button,
            "calf-final-finish",
            description=FINISH_LABEL,
            button_style="primary",
            icon="check",
            tooltip="Mark every item of this round and show the result",
        )
        self.finish_button.on_click(self._on_finish)
        self.new_set_button = make(
            widgets.Button,
            "calf-final-new-set",
            description="New set of stories",
            icon="refresh",
            tooltip="Take the final check again with a new set of people and questions",
        )
        self.new_set_button.on_click(self._on_new_set)
        # The two buttons are never disabled (a button that disables itself drops keyboard focus
        # to the page); pressed when they cannot act, each says why beside it, politely.
        self.finish_note = LiveHTML("calf-final-finish-note")
        self.new_set_note = LiveHTML("calf-final-new-set-note")
        self.items = make(widgets.VBox, "calf-final-items")
        self.questions: list[_FinalItem] = []
        self.stories: tuple[Scenario, ...] = ()
        super().__init__(
            children=[
                heading(
                    "Final check",
                    "New people you have not met in the workbook, then questions from every "
                    "chapter. Everything is marked when you finish the round.",
                ),
                make(widgets.HTML, value=f"<p>{escape(PASS_RULE)}</p>"),
                self.notice,
                wrap_labels(),
                self.items,
                self.finish_button,
                self.finish_note,
                self.verdict,
                self.review,
                self.new_set_button,
                self.new_set_note,
            ],
            **looks(widgets.VBox, "calf-final-check", WRAP_CLASS, KEYS_CLASS, own_layout=True),
        )
        self._show_round()

    def _show_round(self) -> None:
        self.stories = draw_stories(self.pool, self.seed, self.round)
        self.part2 = draw_questions(self.others, self.seed, self.round)
        shown = replace(self.content, scenarios=self.stories)
        items = [_story_question(s, self.content) for s in self.stories]
        items_layout = question_layout()  # one Layout for the round's items
        self.questions = [
            _FinalItem(
                q,
                number,
                saved=self.saved.get(round_key(self.round, q.id)),
                content=shown,
                learner=self.seed,
                layout=items_layout,
            )
            for number, q in enumerate([*items, *self.part2], start=1)
        ]
        parts: list[widgets.Widget] = []
        if self.stories:
            parts.append(
                heading(
                    f"Part 1: {len(self.stories)} new people (set {self.round + 1})",
                    "Decide what should happen for each person, as the screening in chapter 02 "
                    "would. Nobody here appears anywhere else in the workbook.",
                    level=4,
                )
            )
        for number, widget in enumerate(self.questions):
            if number == len(self.stories) and self.part2:
                parts.append(
                    heading(
                        f"Part 2: {len(self.part2)} questions from across the chapters",
                        f"Drawn from the {len(self.others)} final-check questions, one chapter "
                        "at a time, so a new set asks other questions too.",
                        level=4,
                    )
                )
            parts.append(widget)
        self.items.children = parts
        self.review.value = ""
        if self.finished:
            self._show_result()
        else:
            self.verdict.value = waiting_card(len(self.questions))
        self.finish_note.value = self.new_set_note.value = ""

    @property
    def finished(self) -> bool:
        """True once every item of this round is marked (finished now or in an earlier session)."""
        return bool(self.questions) and all(w.result is not None for w in self.questions)

    def answers(self) -> list[FinalAnswer]:
        """The round's marked answers (after finishing, or restored from a finished round)."""
        by_id = {s.id: s for s in self.stories}
        result = []
        for widget in self.questions:
            if widget.result is None:
                continue
            story = by_id.get(widget.question.id)
            chosen = next(iter(widget.result.chosen)) if story is not None else None
            result.append(
                FinalAnswer(
                    widget.question,
                    widget.result.correct,
                    expected=story.expected if story is not None else None,
                    chosen=Level.from_key(chosen) if chosen is not None else None,
                    title=story.title if story is not None else "",
                )
            )
        return result

    def _show_result(self) -> FinalVerdict:
        objectives = {o.id: o.text for o in self.bank.objectives.values()}
        verdict = judge(self.answers(), len(self.questions), objectives)
        titles = {c.id: c.title for c in chapters()}
        self.verdict.value = verdict_card(verdict, titles)
        by_id = {s.id: s.title for s in self.stories}
        self.review.value = review_card(
            [
                item_review(
                    n,
                    w.question,
                    sorted(w.result.chosen),
                    w.result.correct,
                    by_id.get(w.question.id, ""),
                )
                for n, w in enumerate(self.questions, start=1)
                if w.result is not None
            ]
        )
        self.finish_note.value = self.new_set_note.value = ""
        return verdict

    @guarded("verdict")
    def _on_finish(self, _button: Any = None) -> None:
        self.finish()

    def finish(self) -> FinalVerdict | None:
        """Mark and save the round ("Finish and see my result"); None while an item is blank.

        Saved: each item under ``final-round-<N>-<id>`` (and a part 2 question under its own id
        too, for the progress table), the setting ``RESULT_SETTING`` = ``{"round", "band",
        "passed", "right", "total", "at"}``, and chapter 07 marked completed when passed.
        """
        if self.finished:
            self.finish_note.say(f"<p>{_ALREADY_MARKED}</p>")
            return None
        marked = [(w, w.result or w.mark()) for w in self.questions]
        missing = [n for n, (_w, result) in enumerate(marked, start=1) if result is None]
        if missing:
            self.verdict.say(waiting_card(len(self.questions), missing))
            return None
        story_ids = {s.id for s in self.stories}
        for widget, result in marked:
            if result is None or widget.result is not None:
                continue  # restored from an earlier session: its first answer is already saved
            widget._show(result)
            self._save_answer(widget.question.id, result, widget.question.id not in story_ids)
        verdict = self._show_result()
        self._save_result(verdict)
        _refresh_dashboards(self.learner)
        return verdict

    def _save_answer(self, question_id: str, result: QuizResult, own_id_too: bool) -> None:
        answer = sorted(result.chosen)
        key = round_key(self.round, question_id)
        self.saved[key] = {"answer": answer, "correct": result.correct}
        store = self.store
        if store is None:
            return
        save_safely(self.notice, lambda: store.record_quiz(key, answer, result.correct))
        if own_id_too:  # the progress table reads a chapter question under its own id
            save_safely(self.notice, lambda: store.record_quiz(question_id, answer, result.correct))

    def _save_result(self, verdict: FinalVerdict) -> None:
        store = self.store
        if store is None:
            return
        result = {
            "round": self.round,
            "band": verdict.band.value,
            "passed": verdict.passed,
            "right": verdict.right,
            "total": verdict.total,
            "at": now(),
        }
        save_safely(self.notice, lambda: store.save_setting(RESULT_SETTING, result))
        if verdict.passed:
            save_safely(self.notice, lambda: store.mark_chapter(CHAPTER))

    @guarded("verdict")
    def _on_new_set(self, _button: Any = None) -> None:
        self.next_round()

    def next_round(self) -> None:
        """Draw the next set of stories and questions (the round number only goes up), once
        this round is finished; before that, say so and change nothing."""
        if not self.finished:
            self.new_set_note.say(f"<p>{_FINISH_FIRST}</p>")
            return
        self.round += 1
        store = self.store
        if store is not None:
            save_safely(self.notice, lambda: store.save_setting(ROUND_SETTING, self.round))
        self._show_round()
