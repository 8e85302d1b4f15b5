"""Tests for calflib.quiz: the built-in bank is complete, and grading gives the right feedback."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.content_in_use import default_bank
from calflib.quiz import grade, objective_summary
from calflib.quiz_loader import builtin_bank

BANK = default_bank()
QUESTIONS = list(BANK.questions.values())


def test_every_chapter_has_at_least_three_questions() -> None:
    """Each chapter with objectives has a 'Check yourself' of at least 3 questions."""
    for chapter in BANK.chapters:
        assert len(BANK.for_chapter(chapter)) >= 3, chapter


def test_every_objective_is_checked() -> None:
    """Every stated objective has at least one question."""
    for objective in BANK.objectives:
        assert any(q.objective == objective for q in QUESTIONS), objective


def test_all_four_kinds_are_used() -> None:
    """The bank uses single, multiple, myth-or-fact and triage questions."""
    assert {q.kind for q in QUESTIONS} == {"single", "multiple", "myth_fact", "triage"}


#: The screening chapter: its answer keys must not be guessable from where or how long they are.
SCREENING = [q for q in builtin_bank().questions.values() if q.chapter == "02_when_not_to_massage"]


def test_screening_keys_are_not_always_first() -> None:
    """In chapter 02, fewer than half of the one-answer questions list the right option first,
    and the keys sit in at least three different places."""
    singles = [q for q in SCREENING if q.kind == "single"]
    places = [next(i for i, o in enumerate(q.options) if o.correct) for q in singles]
    assert len(singles) >= 10
    assert places.count(0) < len(singles) / 2, places
    assert len(set(places)) >= 3, places


def test_screening_multiple_choice_mixes_right_and_wrong() -> None:
    """In chapter 02, no pick-all question lists all its right options before all its wrong ones."""
    for q in (q for q in SCREENING if q.kind == "multiple"):
        flags = [o.correct for o in q.options]
        assert flags != sorted(flags, reverse=True), q.id


def test_screening_key_is_rarely_the_longest_option() -> None:
    """In chapter 02, the right option is the longest one in at most a quarter of the one-answer
    questions, so length is no tell."""
    singles = [q for q in SCREENING if q.kind == "single"]
    longest = [
        q.id
        for q in singles
        if max(len(o.text) for o in q.options) in {len(o.text) for o in q.options if o.correct}
    ]
    assert len(longest) <= len(singles) / 4, longest


def test_screening_myth_or_fact_has_both_answers() -> None:
    """Chapter 02's myth-or-fact statements are not all myths: some are facts."""
    keys = {next(o.id for o in q.options if o.correct) for q in SCREENING if q.kind == "myth_fact"}
    assert keys == {"myth", "fact"}


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_every_option_has_feedback_and_the_key_is_right(question: object) -> None:
    """Each option has its own feedback, and choosing the key is graded right."""
    from calflib.quiz import Question

    assert isinstance(question, Question)
    assert all(o.feedback for o in question.options)
    assert question.explanation and question.sources
    assert grade(question, question.correct_ids).correct


def test_wrong_single_answer_gets_its_own_feedback() -> None:
    """A wrong pick is 'Not quite' and shows that option's feedback and the right one."""
    q = BANK.questions["pe-what-to-do"]
    result = grade(q, "drive-to-hospital")
    assert not result.correct and result.headline == "Not quite."
    shown = {o.id: chosen for o, chosen in result.feedback}
    assert shown == {"drive-to-hospital": True, "call-emergency": False}


def test_multiple_partly_right() -> None:
    """Choosing some correct options and one wrong one is 'partly right' with counts."""
    q = BANK.questions["dvt-signs-pick-all"]
    result = grade(q, {"one-sided-swelling", "both-calves-sore-after-hills"})
    assert not result.correct
    assert result.headline.startswith("Partly right: 1 of 3 correct options chosen, 1 wrong one")


@given(st.data())
def test_multiple_is_right_only_for_exactly_the_key(data: st.DataObject) -> None:
    """A multiple-select answer is right exactly when it equals the set of correct options."""
    q = BANK.questions["dvt-signs-pick-all"]
    ids = [o.id for o in q.options]
    picked = data.draw(st.sets(st.sampled_from(ids), min_size=1))
    assert grade(q, picked).correct == (picked == q.correct_ids)


def test_bad_answers_are_refused_clearly() -> None:
    """Unknown option ids, two answers to a single question and no answer raise ValueError."""
    q = BANK.questions["pe-what-to-do"]
    with pytest.raises(
        ValueError, match=r"no option 'call-emergancy'.*did you mean 'call-emergency'"
    ):
        grade(q, "call-emergancy")
    with pytest.raises(ValueError, match="exactly one answer"):
        grade(q, {"call-emergency", "book-gp"})
    with pytest.raises(ValueError, match="at least one"):
        grade(BANK.questions["dvt-signs-pick-all"], set())


def test_objective_summary_counts_answers() -> None:
    """The summary counts answered and right questions per objective, ignoring unknown ids."""
    answers = {
        "pe-what-to-do": {"correct": True},
        "dvt-signs-pick-all": {"correct": False},
        "old-question": {"correct": True},
    }
    scores = {s.objective.id: s for s in objective_summary(BANK, answers)}
    dvt = scores["recognise-dvt-signs"]
    total = sum(q.objective == "recognise-dvt-signs" for q in QUESTIONS)
    assert total >= 3
    assert (dvt.total, dvt.answered, dvt.right, dvt.done) == (total, 2, 1, False)
    assert scores["wells-is-for-clinicians"].answered == 0
