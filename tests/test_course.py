"""Tests for calflib.course: when a chapter is done, in progress, not started or reference."""

from __future__ import annotations

from pathlib import Path

from calflib.content_in_use import default_bank
from calflib.course import (
    FINAL_CHAPTER,
    ChapterStatus,
    chapter_mastered,
    chapter_status,
    mark_if_mastered,
)
from calflib.final_check import round_key
from calflib.progress import ProgressStore

BANK = default_bank()
CHAPTER = "02_when_not_to_massage"


def _status(store: ProgressStore, chapter: str) -> ChapterStatus:
    return next(s for s in chapter_status(BANK, store.load()) if s.chapter.id == chapter)


def _answer_right(store: ProgressStore, *question_ids: str) -> None:
    for qid in question_ids:
        store.record_quiz(qid, sorted(BANK.questions[qid].correct_ids), True)


def _objective_questions(chapter: str) -> list[str]:
    """Every question (Check yourself and final check) on the chapter's objectives."""
    own = {o.id for o in BANK.objectives.values() if o.chapter == chapter}
    return [q.id for q in BANK.questions.values() if q.objective in own]


def test_chapters_without_questions_are_reference_not_not_started(tmp_path: Path) -> None:
    """A fresh learner: 00 and 08 read 'reference', every chapter with questions 'not started'."""
    states = {
        s.chapter.id: s.state for s in chapter_status(BANK, ProgressStore("a", tmp_path).load())
    }
    assert states.pop("00_start_here") == "reference"
    assert states.pop("08_glossary") == "reference"
    assert set(states.values()) == {"not started"}


def test_all_objectives_mastered_at_first_try_is_done(tmp_path: Path) -> None:
    """Every question on the chapter's objectives right at the first try: done."""
    store = ProgressStore("a", tmp_path)
    _answer_right(store, *_objective_questions(CHAPTER))
    status = _status(store, CHAPTER)
    assert status.state == "done" and status.mastered == len(status.mastery) > 0
    assert chapter_mastered(BANK, store.load().quiz, CHAPTER)


def test_try_again_straight_away_never_makes_a_chapter_done(tmp_path: Path) -> None:
    """All wrong, then all retried at once: every answer is right now, the chapter is not done,
    and an old 'done' mark (saved when done meant 'latest answers right') does not change it."""
    store = ProgressStore("a", tmp_path)
    questions = _objective_questions(CHAPTER)
    for qid in questions:
        store.record_quiz(qid, "wrong", False)
    _answer_right(store, *questions)
    store.mark_chapter(CHAPTER)
    status = _status(store, CHAPTER)
    assert status.right == status.questions
    assert status.state == "in progress"
    assert not mark_if_mastered(store, BANK, CHAPTER)


def test_one_objective_short_is_in_progress(tmp_path: Path) -> None:
    """Right first time on all but one question of the chapter's objectives: in progress."""
    store = ProgressStore("a", tmp_path)
    first, *rest = _objective_questions(CHAPTER)
    _answer_right(store, *rest)
    assert _status(store, CHAPTER).state == "in progress"
    assert not mark_if_mastered(store, BANK, CHAPTER)
    _answer_right(store, first)
    assert mark_if_mastered(store, BANK, CHAPTER)
    assert store.load().chapters[CHAPTER]["completed"] is True


def test_the_final_check_is_done_only_when_passed(tmp_path: Path) -> None:
    """Chapter 07 is done only with the final check's pass mark (its mark_chapter), never from
    answers alone; a saved story answer makes it 'in progress'."""
    store = ProgressStore("a", tmp_path)
    _answer_right(store, *(q.id for q in BANK.final))
    assert _status(store, FINAL_CHAPTER).state == "in progress"
    assert not mark_if_mastered(store, BANK, FINAL_CHAPTER)
    other = ProgressStore("b", tmp_path)
    other.record_quiz(round_key(0, "some-story"), ["refer"], True)
    assert _status(other, FINAL_CHAPTER).state == "in progress"
    store.mark_chapter(FINAL_CHAPTER)  # what the final check saves when it is passed
    assert _status(store, FINAL_CHAPTER).state == "done"


def test_the_chapters_own_check_makes_it_done_without_the_final_check(tmp_path: Path) -> None:
    """Every "Check yourself" question right at the first try makes the chapter done, while an
    objective the final check also asks about stays unmastered until that question is answered."""
    store = ProgressStore("a", tmp_path)
    own = [q.id for q in BANK.for_chapter(CHAPTER)]
    finals = [q.id for q in BANK.final if q.chapter == CHAPTER]
    assert own and finals, "the test needs a chapter with self-check and final-check questions"
    _answer_right(store, *own)
    status = _status(store, CHAPTER)
    assert status.state == "done"
    assert status.mastered < len(status.mastery)
    assert mark_if_mastered(store, BANK, CHAPTER)
