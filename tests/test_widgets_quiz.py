"""Tests for calflib.widgets.quiz, driven in the kernel as a learner would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from calflib.content_in_use import default_bank
from calflib.learner_seed import SEED_SETTING, seed_for
from calflib.progress import ProgressStore
from calflib.quiz import display_order
from calflib.widgets import CheckYourself
from calflib.widgets.quiz import QuestionWidget

BANK = default_bank()


def _widget(check: CheckYourself, question_id: str) -> QuestionWidget:
    return next(w for w in check.questions if w.question.id == question_id)


def test_check_yourself_lists_the_chapter_questions() -> None:
    """The chapter's questions appear in order, each with a Check button."""
    check = CheckYourself("02_when_not_to_massage")
    assert [w.question.id for w in check.questions] == [
        q.id for q in BANK.for_chapter("02_when_not_to_massage")
    ]
    assert len(check.questions) >= 3
    assert all(w.check_button.description == "Check" for w in check.questions)


def test_single_choice_feedback_in_words() -> None:
    """A wrong answer says 'Not quite' with the option's own feedback; a right one says 'Right'."""
    w = _widget(CheckYourself("02_when_not_to_massage"), "pe-what-to-do")
    assert w.choice is not None
    w.choice.value = "book-gp"
    w.check_button.click()
    assert "Not quite." in w.feedback.value and "Too slow" in w.feedback.value
    assert "calf-quiz-wrong" in w.feedback.value
    w.retry_button.click()
    assert w.choice.value is None and "Answer cleared" in w.feedback.value
    assert not w.retry_button.disabled  # keyboard focus stays on it
    w.choice.value = "call-emergency"
    w.check_button.click()
    assert "Right." in w.feedback.value and "calf-quiz-right" in w.feedback.value


def test_explanation_on_demand() -> None:
    """The explanation and sources appear only after 'Show explanation'."""
    w = _widget(CheckYourself("02_when_not_to_massage"), "wells-self-use")
    assert w.explain_button.disabled
    assert w.choice is not None
    w.choice.value = "myth"
    w.check_button.click()
    assert "Why:" not in w.feedback.value
    w.explain_button.value = True
    assert "Why:" in w.feedback.value and "Sources" in w.feedback.value


def test_multiple_select_partly_right() -> None:
    """Multiple select reports partly right with counts."""
    w = _widget(CheckYourself("02_when_not_to_massage"), "dvt-signs-pick-all")
    w.boxes["one-sided-swelling"].value = True
    w.boxes["both-calves-sore-after-hills"].value = True
    w.check_button.click()
    assert "Partly right" in w.feedback.value


def test_checking_with_no_answer_asks_for_one() -> None:
    """Check with nothing chosen asks the learner to choose, without an error."""
    w = _widget(CheckYourself("02_when_not_to_massage"), "pe-what-to-do")
    w.check_button.click()
    assert "Choose an answer first" in w.feedback.value


def test_triage_question_shows_the_story() -> None:
    """A triage question shows its scenario's story and the five levels."""
    w = _widget(CheckYourself("02_when_not_to_massage"), "triage-long-haul")
    assert w.prompt is not None and "Scenario" in w.prompt.value
    assert w.choice is not None and len(w.choice.options) == 5


def test_a_check_sends_no_empty_prompt_and_one_layout_of_its_own() -> None:
    """A chapter's check is some 30 questions, each its widgets' models sent before the page
    can draw: no empty prompt for a question without a story, one Layout for all of them, which
    is that check's own (a change to it changes no other check's questions)."""
    check = CheckYourself("02_when_not_to_massage")
    other = CheckYourself("01_the_calf")
    triage = [w for w in check.questions if w.question.kind == "triage"]
    others = [w for w in check.questions if w.question.kind != "triage"]
    assert triage and others
    assert all(w.prompt is not None and w.prompt in w.children for w in triage)
    assert all(w.prompt is None for w in others)
    assert len({id(w.layout) for w in check.questions}) == 1
    assert check.questions[0].layout.margin == "0 0 1em 0"
    assert other.questions[0].layout is not check.questions[0].layout
    check.questions[0].layout.width = "50%"
    assert other.questions[0].layout.width is None and check.layout.width is None
    alone = QuestionWidget(others[0].question)
    assert alone.layout is not check.questions[0].layout  # on its own, a layout of its own
    assert alone.layout is not QuestionWidget(others[1].question).layout


def test_answers_are_restored_after_a_restart() -> None:
    """A new CheckYourself (as after a kernel restart) shows the saved answer and its feedback."""
    first = _widget(CheckYourself("02_when_not_to_massage"), "pe-what-to-do")
    assert first.choice is not None
    first.choice.value = "call-emergency"
    first.check_button.click()
    again = _widget(CheckYourself("02_when_not_to_massage"), "pe-what-to-do")
    assert again.choice is not None and again.choice.value == "call-emergency"
    assert "Right." in again.feedback.value
    saved = ProgressStore("default").load().quiz["pe-what-to-do"]
    assert saved["answer"] == ["call-emergency"] and saved["correct"] is True


def test_unsaveable_progress_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """If progress cannot be written, the answer is still checked and the learner is told."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CALFLIB_HOME", str(blocker))
    check = CheckYourself("02_when_not_to_massage")
    assert "could not be read" in check.notice.value
    w = _widget(check, "pe-what-to-do")
    assert w.choice is not None
    w.choice.value = "call-emergency"
    w.check_button.click()
    assert "Right." in w.feedback.value


def test_corrupt_progress_is_reported_in_the_widget() -> None:
    """A corrupt progress file is moved aside and the widget says so in words."""
    store = ProgressStore("default")
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{oops", encoding="utf-8")
    check = CheckYourself("02_when_not_to_massage")
    assert "moved aside" in check.notice.value
    assert os.listdir(store.folder)


def test_options_are_shown_in_the_learners_own_order() -> None:
    """Radio buttons and checkboxes follow display_order for the learner's saved seed, which is
    not the file's order for every question, and a restart shows the same order again."""
    ana = CheckYourself("02_when_not_to_massage", learner="ana")
    assert ana.seed == seed_for(ProgressStore("ana").load())  # saved on first use
    shown_differently = 0
    for w in ana.questions:
        order = [o.id for o in display_order(w.question, ana.seed)]
        shown = [ident for _, ident in w.choice.options] if w.choice else list(w.boxes)
        assert shown == order, w.question.id
        shown_differently += order != [o.id for o in w.question.options]
    assert shown_differently >= len(ana.questions) / 3
    again = CheckYourself("02_when_not_to_massage", learner="ana")
    assert [w.choice.options if w.choice else list(w.boxes) for w in again.questions] == [
        w.choice.options if w.choice else list(w.boxes) for w in ana.questions
    ]


def test_every_default_learner_gets_their_own_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notebooks call every learner "default": two computers' stores (and two sessions that save
    nothing) still get different seeds, so not everyone sees the same option order."""
    here = CheckYourself("02_when_not_to_massage")
    monkeypatch.setenv("CALFLIB_HOME", str(Path(os.environ["CALFLIB_HOME"]) / "another-computer"))
    there = CheckYourself("02_when_not_to_massage")
    assert here.seed != there.seed
    app = [CheckYourself("02_when_not_to_massage", save=False).seed for _ in range(2)]
    assert app[0] != app[1] and here.seed not in app


def test_a_saved_answer_keeps_its_option_in_a_shuffled_order() -> None:
    """A learner whose options are shuffled gets the same option back after a restart, and
    the feedback lists the options in the order the learner saw them."""
    question = BANK.questions["emergency-signs-pick-all"]
    ProgressStore("ben").save_setting(SEED_SETTING, "0123456789abcdef")  # a seed that shuffles
    order = [o.id for o in display_order(question, "0123456789abcdef")]
    assert order != [o.id for o in question.options]  # else this test would prove nothing
    w = _widget(CheckYourself("02_when_not_to_massage", learner="ben"), question.id)
    picked = [ident for ident in order if question.option(ident).correct][:2]
    for ident in picked:
        w.boxes[ident].value = True
    w.check_button.click()
    again = _widget(CheckYourself("02_when_not_to_massage", learner="ben"), question.id)
    assert {ident for ident, box in again.boxes.items() if box.value} == set(picked)
    assert "Partly right: 2 of 3" in again.feedback.value
    texts = [question.option(ident).text for ident in order]
    places = [again.feedback.value.index(text) for text in texts if text in again.feedback.value]
    assert places == sorted(places) and len(places) == 3
