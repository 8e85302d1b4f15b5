"""Tests for calflib.quiz: the built-in bank is complete, and grading gives the right feedback."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.quiz import grade, objective_summary
from calflib.quiz_loader import default_bank

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
    assert (dvt.total, dvt.answered, dvt.right, dvt.done) == (3, 2, 1, False)
    assert scores["wells-is-for-clinicians"].answered == 0
