"""The course as a whole: its chapters, and where a learner stands in each (pure functions)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calflib._schema import EntryReader, entries, known_tables
from calflib.loader import builtin_folder, read_toml
from calflib.progress import Progress
from calflib.quiz import ObjectiveScore, QuestionBank, objective_summary

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "SCENARIO_CHAPTER",
    "Chapter",
    "ChapterStatus",
    "chapter_status",
    "chapters",
    "load_chapters",
]

#: The chapter whose scenario trainer results count towards its progress.
SCENARIO_CHAPTER = "02_when_not_to_massage"


@dataclass(frozen=True)
class Chapter:
    """One chapter (notebook) of the workbook."""

    id: str
    title: str


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
        r = EntryReader(file, "chapter", data, i)
        result.append(Chapter(id=r.text("id"), title=r.text("title")))
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

    @property
    def state(self) -> str:
        """'done', 'in progress' or 'not started', in words."""
        if self.marked_done or (self.questions and self.right == self.questions):
            return "done"
        if self.answered or self.scenarios_checked:
            return "in progress"
        return "not started"


def learner_label(learner: str) -> str:
    """How progress is headed for a learner: 'you' for a computer's one unnamed learner."""
    return "you" if learner == "default" else learner


def chapter_status(bank: QuestionBank, progress: Progress) -> tuple[ChapterStatus, ...]:
    """Per chapter: self-check questions answered and right, trainer results, objectives."""
    quiz: Mapping[str, Mapping[str, Any]] = progress.quiz
    scores = objective_summary(bank, quiz)
    result = []
    for chapter in chapters():
        own = bank.final if chapter.id == "07_final_check" else bank.for_chapter(chapter.id)
        answered = [quiz[q.id] for q in own if q.id in quiz]
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
            )
        )
    return tuple(result)
