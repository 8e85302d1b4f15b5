"""The course as a whole: its chapters, and where a learner stands in each (pure functions).

When a chapter counts as *done* (each rule pinned by a test in ``tests/test_chapters.py``):

* A chapter with questions is done when its own "Check yourself" is *mastered*: every objective
  it checks is mastered on the chapter's self-check questions (:mod:`calflib.mastery`: right at
  the first try, or right again after a gap). The final check's questions on the chapter's
  objectives count in the objectives table, not towards the chapter being done: they are drawn
  a few per round, so a chapter could otherwise wait rounds for its question. Answers that are
  merely right now (e.g. "Try again" straight away) make it "in progress", never "done"; neither
  does an old "done" mark saved when "done" meant "latest answers right".
* The final check (chapter 07) is done only when the final check was *passed*: the final check
  saves that as ``mark_chapter("07_final_check")`` (:mod:`calflib.widgets.final_check`) and
  nothing else marks it.
* A chapter without questions (00 start here, 08 glossary) is "reference": there is nothing to
  do in it, so it is never "not started".
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calflib._schema import EntryReader, entries, known_tables
from calflib.final_check import is_round_key
from calflib.loader import builtin_folder, read_toml
from calflib.mastery import ObjectiveMastery, mastery
from calflib.progress import Progress, ProgressStore
from calflib.quiz import ObjectiveScore, QuestionBank, objective_summary

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "FINAL_CHAPTER",
    "SCENARIO_CHAPTER",
    "Chapter",
    "ChapterStatus",
    "chapter_mastered",
    "chapter_status",
    "chapters",
    "load_chapters",
    "mark_if_mastered",
]

#: The chapter whose scenario trainer results count towards its progress.
SCENARIO_CHAPTER = "02_when_not_to_massage"
#: The final check's chapter: done only when the final check was passed (marked by it).
FINAL_CHAPTER = "07_final_check"


@dataclass(frozen=True)
class Chapter:
    """One chapter (notebook) of the workbook."""

    id: str
    title: str
    #: Estimated minutes for the chapter: reading plus its widgets (see chapters.toml).
    minutes: int = 0
    #: One or two framing questions shown under the chapter's title.
    questions: tuple[str, ...] = ()


@functools.cache
def chapters() -> tuple[Chapter, ...]:
    """The chapters in reading order, from ``content/chapters.toml`` (loaded once)."""
    return load_chapters()


def load_chapters(folder: Traversable | Path | None = None) -> tuple[Chapter, ...]:
    """Load and check ``chapters.toml`` from ``folder`` (default: the built-in content)."""
    file = "chapters.toml"
    doc = read_toml(folder if folder is not None else builtin_folder(), file)
    known_tables(file, doc, ("chapter",))
    result = []
    for i, data in enumerate(entries(file, doc, "chapter")):
        r = EntryReader(file, "chapter", data, i, fields=("id", "title", "minutes", "questions"))
        chapter = Chapter(
            id=r.text("id"),
            title=r.text("title"),
            minutes=r.integer("minutes", minimum=1),
            questions=r.text_list("questions"),
        )
        if len(chapter.questions) > 2 or not all(q.endswith("?") for q in chapter.questions):
            raise r.error("questions", "give one or two questions, each ending with '?'")
        result.append(chapter)
        r.finish()
    return tuple(result)


@dataclass(frozen=True)
class ChapterStatus:
    """Where a learner stands in one chapter."""

    chapter: Chapter
    questions: int
    answered: int
    right: int
    scenarios_checked: int
    scenarios_right: int
    marked_done: bool
    objectives: tuple[ObjectiveScore, ...]
    #: Mastery of the chapter's own objectives (the final check's chapter has none).
    mastery: tuple[ObjectiveMastery, ...] = ()
    #: Whether every objective is mastered on the chapter's own "Check yourself" questions.
    self_check_mastered: bool = False

    @property
    def mastered(self) -> int:
        """How many of the chapter's objectives are mastered."""
        return sum(1 for m in self.mastery if m.mastered)

    @property
    def state(self) -> str:
        """'done', 'in progress', 'not started' or 'reference', in words (module rules)."""
        if self.chapter.id == FINAL_CHAPTER:
            if self.marked_done:  # saved by the final check only when it was passed
                return "done"
        elif self.self_check_mastered:
            return "done"
        if self.answered or self.scenarios_checked:
            return "in progress"
        if not self.questions and not self.mastery:
            return "reference"
        return "not started"


def learner_label(learner: str) -> str:
    """How progress is headed for a learner: 'you' for a computer's one unnamed learner."""
    return "you" if learner == "default" else learner


def chapter_status(bank: QuestionBank, progress: Progress) -> tuple[ChapterStatus, ...]:
    """Per chapter: self-check questions answered and right, trainer results, objectives."""
    quiz: Mapping[str, Mapping[str, Any]] = progress.quiz
    scores = objective_summary(bank, quiz)
    mastered = mastery(bank, quiz)
    result = []
    for chapter in chapters():
        own = bank.final if chapter.id == FINAL_CHAPTER else bank.for_chapter(chapter.id)
        answered = [quiz[q.id] for q in own if q.id in quiz]
        if chapter.id == FINAL_CHAPTER:  # the drawn stories are saved per round
            answered += [record for key, record in quiz.items() if is_round_key(key)]
        scenarios = progress.scenarios if chapter.id == SCENARIO_CHAPTER else {}
        record = progress.chapters.get(chapter.id, {})
        result.append(
            ChapterStatus(
                chapter=chapter,
                questions=len(own),
                answered=len(answered),
                right=sum(1 for a in answered if a.get("correct") is True),
                scenarios_checked=len(scenarios),
                scenarios_right=sum(1 for s in scenarios.values() if s.get("correct") is True),
                marked_done=record.get("completed") is True,
                objectives=tuple(s for s in scores if s.objective.chapter == chapter.id),
                mastery=tuple(m for m in mastered if m.objective.chapter == chapter.id),
                self_check_mastered=chapter.id != FINAL_CHAPTER
                and chapter_mastered(bank, quiz, chapter.id),
            )
        )
    return tuple(result)


def chapter_mastered(
    bank: QuestionBank, quiz: Mapping[str, Mapping[str, Any]], chapter: str
) -> bool:
    """True when the chapter's "Check yourself" questions make every objective they check mastered.

    Only the chapter's own self-check questions count (not the final check's): see the rules.
    """
    own = {q.id: q for q in bank.for_chapter(chapter)}
    checked = [m for m in mastery(replace(bank, questions=own), quiz) if m.total]
    return bool(checked) and all(m.mastered for m in checked)


def mark_if_mastered(store: ProgressStore, bank: QuestionBank, chapter: str) -> bool:
    """Mark a chapter done in ``store`` when every objective of it is mastered; True if marked.

    The mark is a record for reports; :attr:`ChapterStatus.state` derives "done" from mastery
    itself, so a mark saved under the old rule never makes a chapter done.
    """
    if chapter == FINAL_CHAPTER or not chapter_mastered(bank, store.load().quiz, chapter):
        return False
    store.mark_chapter(chapter)
    return True
