"""Tests for calflib/widgets/final_check.py: the final check a learner takes in chapter 07."""

from __future__ import annotations

from html import unescape
from types import SimpleNamespace

import pytest

from calflib.content_in_use import default_bank
from calflib.final_check import DRAW, QUESTIONS_PER_ROUND, round_key
from calflib.final_check_cards import FINISH_LABEL
from calflib.loader import builtin_content
from calflib.progress import RESETS_SETTING, ProgressStore
from calflib.widgets import FinalCheck, ProgressDashboard
from calflib.widgets.final_check import RESULT_SETTING, ROUND_SETTING, saved_round


def _choose(final: FinalCheck, index: int, *, right: bool) -> None:
    widget = final.questions[index]
    assert widget.choice is not None
    correct = next(iter(widget.question.correct_ids))
    wrong = next(o.id for o in widget.question.options if o.id != correct)
    widget.choice.value = correct if right else wrong


def _take_round(final: FinalCheck, *, wrong: tuple[int, ...] = ()) -> None:
    for index in range(len(final.questions)):
        _choose(final, index, right=index not in wrong)
    final.finish_button.click()


def test_the_final_check_shows_new_stories_then_drawn_chapter_questions() -> None:
    """Twelve drawn stories, none from the trainer, then six of the non-triage final questions."""
    final = FinalCheck()
    stories = final.questions[: len(final.stories)]
    trainer = {s.id for s in builtin_content().scenarios}
    assert len(final.stories) == sum(DRAW.values())
    assert not {w.question.scenario for w in stories} & trainer
    others = [w.question.id for w in final.questions[len(final.stories) :]]
    bank = [q.id for q in default_bank().final if q.kind != "triage"]
    assert len(others) == QUESTIONS_PER_ROUND < len(bank) and set(others) <= set(bank)
    assert all(q.kind != "triage" for q in default_bank().final)
    for widget, story in zip(stories, final.stories, strict=True):
        assert widget.prompt is not None
        assert unescape(story.title) in unescape(widget.prompt.value)


def test_nothing_is_marked_or_shown_before_the_round_is_finished() -> None:
    """An item has no Check or Try again; choosing shows no feedback, saves nothing, and can be
    changed; the only way on is the Finish button."""
    final = FinalCheck()
    widget = final.questions[0]
    assert widget.check_button not in widget.children
    assert widget.retry_button not in widget.children
    _choose(final, 0, right=False)
    _choose(final, 0, right=True)
    assert widget.result is None and widget.feedback.value == ""
    assert widget.choice is not None and not widget.choice.disabled
    assert ProgressStore("default").load().quiz == {}
    assert final.finish_button.description == FINISH_LABEL
    assert "Nothing is marked until you press" in final.verdict.value
    assert final.review.value == "" and not final.new_set_button.disabled


def test_finishing_with_a_blank_item_names_it_and_marks_nothing() -> None:
    """Finish with an unanswered item lists its number; nothing is marked or saved."""
    final = FinalCheck()
    for index in range(1, len(final.questions)):
        _choose(final, index, right=True)
    final.finish_button.click()
    assert "Item 1 has no answer yet" in final.verdict.value
    assert all(w.result is None for w in final.questions)
    assert ProgressStore("default").load().quiz == {}


def test_finishing_marks_locks_and_shows_every_item_with_its_key() -> None:
    """After Finish each item is locked and shows its feedback; the result lists every item with
    the answer given and, for a missed one, the key."""
    final = FinalCheck()
    _take_round(final, wrong=(len(final.stories),))
    for widget in final.questions:
        assert widget.result is not None and widget.group.disabled
        assert widget.feedback.value
    review = unescape(final.review.value)
    assert review.count("<li>") == len(final.questions)
    assert "Not right" in review and "The answer:" in review
    # Never disabled (a button that disables itself drops keyboard focus): Finish again says so.
    assert not final.finish_button.disabled and not final.new_set_button.disabled
    verdict = final.verdict.value
    final.finish_button.click()
    assert "already marked" in final.finish_note.value and final.verdict.value == verdict


def test_each_item_is_saved_once_and_the_first_answer_is_kept() -> None:
    """Each item is saved under its round id with one attempt; a part 2 question under its own id
    too (the progress table reads it)."""
    final = FinalCheck()
    _take_round(final)
    saved = ProgressStore("default").load().quiz
    for widget in final.questions:
        record = saved[round_key(0, widget.question.id)]
        assert len(record["attempts"]) == 1 and record["correct"] is True
    assert final.questions[-1].question.id in saved


def test_answers_and_the_set_survive_a_restart() -> None:
    """A new FinalCheck (as after a kernel restart) shows the same stories, marked and locked."""
    final = FinalCheck()
    _take_round(final)
    again = FinalCheck()
    assert [s.id for s in again.stories] == [s.id for s in final.stories]
    assert [w.question.id for w in again.questions] == [w.question.id for w in final.questions]
    assert again.finished and again.questions[0].result is not None
    assert "Passed" in again.verdict.value and again.finish_note.value == ""


def test_a_round_all_right_passes_and_saves_passed() -> None:
    """Answering every item right shows the pass, marks chapter 07 completed and saves the result
    setting with band "passed"."""
    final = FinalCheck()
    first = [s.id for s in final.stories]
    final.new_set_button.click()  # before finishing: says so, draws nothing
    assert "Finish this set first" in final.new_set_note.value
    assert final.round == 0 and [s.id for s in final.stories] == first
    _take_round(final)
    assert "Passed" in final.verdict.value
    progress = ProgressStore("default").load()
    assert progress.chapters["07_final_check"]["completed"] is True
    result = progress.settings[RESULT_SETTING]
    assert result["band"] == "passed" and result["passed"] is True
    assert result["round"] == 0 and result["right"] == result["total"] == len(final.questions)
    assert final.new_set_note.value == ""  # the earlier note is gone once the set is marked


def test_missing_a_red_flag_story_fails_whatever_the_score() -> None:
    """One refer or emergency story given a lower level fails the round and names the story; the
    result setting says so and chapter 07 is not marked."""
    final = FinalCheck()
    red = next(i for i, s in enumerate(final.stories) if s.expected.key in ("refer", "emergency"))
    for index in range(len(final.questions)):
        _choose(final, index, right=True)
    widget = final.questions[red]
    assert widget.choice is not None
    widget.choice.value = "clear"
    final.finish_button.click()
    html = unescape(final.verdict.value)
    assert "Not passed: a warning sign was missed" in html
    assert final.stories[red].title in html and "02_when_not_to_massage.ipynb" in html
    progress = ProgressStore("default").load()
    assert "07_final_check" not in progress.chapters
    assert progress.settings[RESULT_SETTING]["passed"] is False


def test_a_new_set_draws_different_people_and_questions() -> None:
    """'New set of stories' draws the next round: no story repeats, part 2 changes, and the
    items are open again."""
    final = FinalCheck()
    first = {s.id for s in final.stories}
    first_questions = [w.question.id for w in final.questions[len(final.stories) :]]
    _take_round(final)
    final.new_set_button.click()
    assert final.round == 1 and not first & {s.id for s in final.stories}
    assert [w.question.id for w in final.questions[len(final.stories) :]] != first_questions
    assert all(w.result is None for w in final.questions)
    assert final.finish_note.value == final.new_set_note.value == ""


def test_the_round_survives_a_restart() -> None:
    """The round is saved as a setting, so after a restart the learner meets the same new set."""
    final = FinalCheck()
    _take_round(final)
    final.new_set_button.click()
    again = FinalCheck()
    assert again.round == 1 and [s.id for s in again.stories] == [s.id for s in final.stories]


def test_start_again_moves_on_to_the_next_round() -> None:
    """After "Start again" clears the progress (a backup is kept), the final check goes on to the
    round after the last one taken instead of round 0."""
    final = FinalCheck()
    _take_round(final)
    final.new_set_button.click()
    ProgressStore("default").reset()
    assert set(ProgressStore("default").load().settings) == {RESETS_SETTING}  # the round is gone
    assert FinalCheck().round == 2


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({ROUND_SETTING: 3}, 3),
        ({ROUND_SETTING: {"value": 2, "at": "2026-12-01"}}, 2),
        ({ROUND_SETTING: -1}, 0),
        ({ROUND_SETTING: "two"}, 0),
        ({ROUND_SETTING: True}, 0),
        ({}, 0),
    ],
)
def test_the_saved_round_is_read_safely(settings: dict[str, object], expected: int) -> None:
    """A saved round is used when it is a whole number of 0 or more; anything else means 0."""
    assert saved_round(SimpleNamespace(settings=settings)) == expected  # type: ignore[arg-type]
    assert saved_round(None) == 0


def test_the_progress_table_updates_when_a_round_is_finished() -> None:
    """Finishing a round redraws the progress table below it."""
    final = FinalCheck()
    dashboard = ProgressDashboard()
    before = dashboard.table.value
    _take_round(final)
    assert dashboard.table.value != before
