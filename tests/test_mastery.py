"""Tests for calflib.mastery: first tries count, and "Try again" at once never means mastered."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.content_in_use import default_bank
from calflib.mastery import RULE_IN_WORDS, attempts_of, first_try, is_secure, mastery
from calflib.progress import ProgressStore
from calflib.quiz import Objective, Option, Question, QuestionBank

DAY1 = "2026-03-02T10:00:{:02d}+00:00"
DAY2 = "2026-03-03T09:00:00+00:00"
LATE = "2026-03-02T23:59:00+00:00"
JUST_AFTER = "2026-03-03T00:00:30+00:00"  # another UTC date, but only 90 seconds later
ALMOST_8H = "2026-03-02T17:59:00+00:00"  # DAY1 10:00:00 plus 7 h 59 min
AFTER_8H = "2026-03-02T18:00:00+00:00"
AFTER_8H_SYDNEY = "2026-03-03T04:00:00+10:00"  # the same instant as AFTER_8H


def _try(correct: bool, second: int = 0, *, at: str = "", upgraded: bool = False) -> dict[str, Any]:
    attempt: dict[str, Any] = {"answer": "x", "correct": correct, "at": at or DAY1.format(second)}
    if upgraded:
        attempt["upgraded"] = True
    return attempt


def _question(qid: str, objective: str, chapter: str = "c1", final: bool = False) -> Question:
    options = (Option("a", "A", True, "yes"), Option("b", "B", False, "no"))
    return Question(
        qid, chapter, objective, "single", "?", "because", ("S1",), options, final=final
    )


BANK = QuestionBank(
    objectives={
        "o1": Objective("o1", "c1", "first objective"),
        "o2": Objective("o2", "c1", "second objective"),
        "empty": Objective("empty", "c1", "an objective with no questions"),
    },
    questions={
        "q1": _question("q1", "o1"),
        "q2": _question("q2", "o1"),
        "q3": _question("q3", "o2"),
    },
)


def _record(*attempts: dict[str, Any]) -> dict[str, Any]:
    return {**attempts[-1], "attempts": list(attempts)}


def _by_id(answers: dict[str, Any]) -> dict[str, Any]:
    return {m.objective.id: m for m in mastery(BANK, answers)}


@pytest.mark.parametrize(
    ("attempts", "others", "secure"),
    [
        ([], [], False),
        ([_try(True, 1)], [], True),
        ([_try(True, 1), _try(True, 2)], [], True),
        ([_try(False, 1)], [], False),
        ([_try(False, 1), _try(True, 2)], [], False),  # "Try again" at once
        ([_try(False, 1), _try(True, 2), _try(True, 3)], [], False),  # again and again, same day
        ([_try(False, 1), _try(True, at=DAY2)], [], True),  # a later session, 23 hours on
        ([_try(False, at=LATE), _try(True, at=JUST_AFTER)], [], False),  # new date, 1 minute
        ([_try(False, 0), _try(True, at=ALMOST_8H)], [], False),  # 7 h 59 min: too soon
        ([_try(False, 0), _try(True, at=AFTER_8H)], [], True),  # 8 hours of elapsed time
        ([_try(False, 0), _try(True, at=AFTER_8H_SYDNEY)], [], True),  # same instant, +10:00
        ([_try(True, 1), _try(False, 2), _try(True, 3)], [], False),  # a later slip counts
        ([_try(False, 1), _try(True, 9)], [[_try(True, 5)]], True),  # the rest tried between
        ([_try(False, 1), _try(True, 9)], [[_try(True, 0)]], False),  # the rest tried before
        ([_try(False, 1), _try(True, 9)], [[_try(True, 5)], []], False),  # not all the rest
        ([_try(False, 1), _try(True, 9)], [[_try(False, 0), _try(True, 5)]], False),  # a retry
        ([_try(False, 1), _try(True, 9)], [[_try(True, 5, upgraded=True)]], False),  # old answer
        ([_try(False, 1), _try(True, at=DAY2), _try(False, 1, at=DAY2)], [], False),  # latest wrong
        ([_try(True, 1, upgraded=True)], [], False),  # old format: maybe after many tries
        ([_try(True, 1, upgraded=True), _try(True, at=DAY2)], [], True),
    ],
)
def test_when_a_question_is_secure(
    attempts: list[dict[str, Any]], others: list[list[dict[str, Any]]], secure: bool
) -> None:
    """A question is secure when right at a real first try, or right again after a gap."""
    assert is_secure(attempts, others) is secure


def test_first_try_is_unknown_for_upgraded_answers() -> None:
    """An answer kept from the old format is never taken for a first try."""
    assert first_try([_try(True, upgraded=True)]) is None
    assert first_try([]) is None
    assert first_try([_try(False), _try(True)]) is False
    assert attempts_of({"answer": "x", "correct": True})[0]["upgraded"] is True


def test_objective_mastered_only_when_every_question_is_secure() -> None:
    """Right first time on both questions masters the objective; one retried at once does not."""
    answers = {"q1": _record(_try(True, 1)), "q2": _record(_try(True, 2))}
    assert _by_id(answers)["o1"].mastered and _by_id(answers)["o1"].status == "mastered"
    answers["q2"] = _record(_try(False, 2), _try(True, 3))
    o1 = _by_id(answers)["o1"]
    assert not o1.mastered and o1.status == "not yet mastered"
    assert (o1.first_try_right, o1.right_now, o1.total) == (1, 2, 2)
    assert (o1.first_try_score, o1.current_score) == (0.5, 1.0)


def test_trying_the_rest_of_the_chapter_is_a_gap() -> None:
    """After a wrong answer, trying the chapter's other questions and then this one again counts."""
    answers = {
        "q1": _record(_try(False, 1), _try(True, 9)),
        "q2": _record(_try(True, 3)),
        "q3": _record(_try(False, 4)),
    }
    assert _by_id(answers)["o1"].mastered
    answers["q3"] = _record(_try(False, 10))  # the rest tried only after the retry
    assert not _by_id(answers)["o1"].mastered


def test_final_check_questions_form_their_own_set() -> None:
    """The chapter's check-yourself questions are not 'the rest' for a final-check question."""
    bank = QuestionBank(
        objectives=BANK.objectives,
        questions={"f1": _question("f1", "o2", final=True), "q3": _question("q3", "o2")},
    )
    answers = {"f1": _record(_try(False, 1), _try(True, 9)), "q3": _record(_try(True, 5))}
    by_id = {m.objective.id: m for m in mastery(bank, answers)}
    assert not by_id["o2"].mastered


def test_nothing_answered_is_not_started_and_no_questions_is_never_mastered() -> None:
    """With no answers every objective is 'not started'; one without questions is not mastered."""
    scores = _by_id({})
    assert {m.status for m in scores.values()} == {"not started"}
    assert not scores["empty"].mastered and scores["empty"].first_try_score == 0.0


def test_retrying_until_right_never_masters_through_the_store(tmp_path: Any) -> None:
    """Unlimited "Try again" in one sitting, saved by the real store, never shows mastered."""
    store = ProgressStore("ada", tmp_path)
    bank = default_bank()
    chapter = bank.chapters[0]
    questions = bank.for_chapter(chapter)
    for q in questions:
        store.record_quiz(q.id, "wrong", False)
        progress = store.record_quiz(q.id, "right", True)
    assert questions
    for m in mastery(bank, progress.quiz):
        if m.objective.chapter == chapter:
            assert m.right_now == sum(1 for q in questions if q.objective == m.objective.id)
            assert not m.mastered and m.first_try_right == 0


@given(st.lists(st.booleans(), min_size=1, max_size=8))
def test_a_later_wrong_answer_never_leaves_a_question_secure(results: list[bool]) -> None:
    """Whatever came before, a wrong latest attempt means not secure; adding a wrong attempt
    never makes a question secure."""
    attempts = [_try(r, i) for i, r in enumerate(results)]
    assert not is_secure([*attempts, _try(False, 30)])


def test_the_rule_in_words_names_first_try_and_both_gaps() -> None:
    """The learner's sentence says first try, the 8-hour session gap, the rest met for the first
    time, and that Try again does not count."""
    for words in (
        "first try",
        "a later session, at least 8 hours after",
        "for the first time",
        "Try again",
        "mastered",
    ):
        assert words in RULE_IN_WORDS
    assert "another day" not in RULE_IN_WORDS


def _clicked_through(count: int) -> dict[str, Any]:
    """Every question answered wrong, then each retried at once with the key shown."""
    wrong = {f"q{i}": [_try(False, i)] for i in range(count)}
    for i in range(count):
        wrong[f"q{i}"].append(_try(True, 20 + i))
    return {qid: _record(*tries) for qid, tries in wrong.items()}


@pytest.mark.parametrize("count", [2, 3, 6])
def test_clicking_through_a_set_makes_at_most_the_first_question_secure(count: int) -> None:
    """All wrong, then all retried straight away: only the first question met the rest fresh in
    between, so no objective with two or more questions becomes mastered."""
    answers = _clicked_through(count)
    tries = {qid: attempts_of(record) for qid, record in answers.items()}
    secure = [
        qid
        for qid, attempts in tries.items()
        if is_secure(attempts, [t for other, t in tries.items() if other != qid])
    ]
    assert secure == ["q0"]


def test_clicking_through_the_real_bank_masters_nothing(tmp_path: Any) -> None:
    """Through the real store and bank: all wrong, then all retried at once, masters no
    objective of the chapter that has two or more questions."""
    store = ProgressStore("ada", tmp_path)
    bank = default_bank()
    chapter = bank.chapters[0]
    questions = bank.for_chapter(chapter)
    for q in questions:
        store.record_quiz(q.id, "wrong", False)
    for q in questions:
        progress = store.record_quiz(q.id, "right", True)
    for m in mastery(bank, progress.quiz):
        if m.objective.chapter == chapter and m.total >= 2:
            assert not m.mastered, m.objective.id


@pytest.mark.parametrize(
    "at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "yesterday"]
)
def test_an_unreadable_or_out_of_range_time_never_makes_a_gap(at: str) -> None:
    """(17) A hand-edited time out of range or unreadable is unknown: no OverflowError, and an
    unknown time never counts as a gap (at either end)."""
    assert not is_secure([_try(False, at=at), _try(True, at=DAY2)])
    assert not is_secure([_try(False, 1), _try(True, at=at)])
    assert not is_secure([_try(False, 1), _try(True, 9)], [[_try(True, at=at)]])
    answers = {"q1": _record(_try(False, at=at), _try(True, at=DAY2))}
    assert not _by_id(answers)["o1"].mastered
