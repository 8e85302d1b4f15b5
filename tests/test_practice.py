"""Tests for calflib.practice: the self-practice activities, their checks and the saved report."""

from __future__ import annotations

from pathlib import Path

import pytest

from calflib.errors import ContentError
from calflib.practice import (
    MAX_NOTE,
    StepAnswer,
    load_practice,
    practice_advice,
    practice_report,
)
from calflib.progress import ProgressStore
from calflib.stop_rules import load_stop_rules
from tests.content_files import copy_content, edit

FILE = "practice.toml"


def _broken(tmp_path: Path, old: str, new: str) -> ContentError:
    folder = copy_content(tmp_path / "content")
    edit(folder / FILE, old, new)
    with pytest.raises(ContentError) as caught:
        load_practice(folder)
    return caught.value


def test_the_two_activities_load_and_open_with_the_screening() -> None:
    """Chapter 01 finds landmarks, chapter 04 does ten strokes; both open with the safety line."""
    activities = load_practice()
    landmarks, strokes = activities["find_the_landmarks"], activities["ten_strokes"]
    assert landmarks.chapter == "01_the_calf" and strokes.chapter == "04_techniques"
    for activity in (landmarks, strokes):
        assert activity.safety.startswith("Do the screening in chapter 02 first")
        assert "red flag" in activity.safety
        assert any("sharp, shooting" in rule for rule in activity.stop_rules)
    found = {s for step in landmarks.steps for s in step.structures}
    assert {"gastrocnemius_medial", "gastrocnemius_lateral", "soleus", "achilles_tendon"} <= found
    assert not landmarks.rate_discomfort and strokes.rate_discomfort


def test_the_strokes_activity_covers_every_self_massage_technique_ten_times() -> None:
    """Ten strokes of each technique the on-your-own setting teaches (effleurage, kneading)."""
    steps = load_practice()["ten_strokes"].steps
    assert {s.technique for s in steps} == {"effleurage", "petrissage"}
    assert all(s.count == 10 for s in steps)


def test_a_technique_not_used_on_your_own_is_refused(tmp_path: Path) -> None:
    """Hacking in self-practice: the error names the field and lists what is allowed."""
    error = _broken(tmp_path, 'technique = "petrissage"', 'technique = "tapotement"')
    assert error.field == "technique" and "activity 'ten_strokes' step 'petrissage'" in str(error)
    assert "effleurage, petrissage" in str(error)


def test_a_safety_line_without_the_screening_is_refused(tmp_path: Path) -> None:
    """The safety line must send the learner to chapter 02 first."""
    error = _broken(tmp_path, "Do the screening in chapter 02 first", "Be careful")
    assert error.field == "safety" and error.entry == "activity 'find_the_landmarks'"


def test_a_step_for_an_unknown_activity_is_named(tmp_path: Path) -> None:
    """A step whose activity id is misspelt gets a suggestion."""
    error = _broken(tmp_path, 'activity = "ten_strokes"', 'activity = "ten_stroke"')
    assert error.field == "activity" and "ten_strokes" in str(error)


def test_an_unknown_structure_and_an_unlisted_citation_are_named(tmp_path: Path) -> None:
    """A misspelt anatomy id gets a suggestion; a cited key missing from sources is named."""
    error = _broken(tmp_path, 'structures = ["soleus"]', 'structures = ["soleous"]')
    assert error.field == "structures" and "soleus" in str(error)
    error = _broken(tmp_path, "reaches further down [S47a, S47b]", "reaches further down [S48]")
    assert error.field == "sources" and "'S48'" in str(error)


def test_the_report_has_a_title_each_step_and_the_dashboard_fields() -> None:
    """The report a dashboard lists: title, chapter, steps, highest rating and the notes."""
    activity = load_practice()["ten_strokes"]
    answers = {
        "effleurage": StepAnswer(True, 2, " warm "),
        "petrissage": StepAnswer(True, 3, "tender inside"),
    }
    report = practice_report(activity, answers)
    assert report["title"] == "Self-practice: ten strokes of each kind on your own calf"
    assert report["steps_done"] == 2 and report["steps_total"] == 3 and report["pressure"] == 3
    assert report["steps"]["effleurage"]["felt"] == "warm"
    assert report["steps"]["finish"] == {
        "title": "Ten light strokes to finish (effleurage)",
        "done": False,
        "rating": None,
        "felt": "",
    }
    assert "Ten kneading squeezes (petrissage): tender inside" in report["note"]


def test_the_report_saves_through_the_progress_store(tmp_path: Path) -> None:
    """record_practice keeps every report, in order, with its title."""
    activity = load_practice()["find_the_landmarks"]
    store = ProgressStore("learner", tmp_path)
    report = practice_report(activity, {"soleus": StepAnswer(done=True, felt="firm sides")})
    store.record_practice(activity.id, report)
    store.record_practice(activity.id, report)
    saved = store.load().practice[activity.id]
    assert len(saved) == 2 and saved[0]["title"] == activity.title
    assert "rating" not in saved[0]["steps"]["soleus"]


@pytest.mark.parametrize("rating", [-1, 11, True])
def test_a_rating_outside_the_scale_is_refused_with_the_step_named(rating: int) -> None:
    """0 to 10 only; the message names the step and the scale."""
    activity = load_practice()["ten_strokes"]
    with pytest.raises(ValueError, match=r"Ten long strokes.*from 0 \(no discomfort\) to 10"):
        practice_report(activity, {"effleurage": StepAnswer(True, rating)})


def test_a_long_note_and_an_unknown_step_are_refused() -> None:
    """A note over the limit names the step and says to shorten it; an unknown step is named."""
    activity = load_practice()["ten_strokes"]
    with pytest.raises(ValueError, match="shorten it and save again"):
        practice_report(activity, {"finish": StepAnswer(felt="x" * (MAX_NOTE + 1))})
    with pytest.raises(ValueError, match="no step 'hacking'"):
        practice_report(activity, {"hacking": StepAnswer(True)})


def test_advice_follows_the_discomfort_bands() -> None:
    """3 is fine; 5 and 8 get their own band's label and advice from stop_rules.toml."""
    activity = load_practice()["ten_strokes"]
    bands = load_stop_rules().bands
    assert practice_advice(activity, {"effleurage": StepAnswer(True, 3)}) == []
    advice = practice_advice(
        activity, {"effleurage": StepAnswer(True, 5), "petrissage": StepAnswer(True, 8)}
    )
    five = next(b for b in bands if b.low <= 5 <= b.high)
    eight = next(b for b in bands if b.low <= 8 <= b.high)
    assert five != eight and len(advice) == 2
    assert advice[0].startswith("Ten long strokes (effleurage): you rated it 5 out of 10")
    assert f"({five.label.lower()}). {five.do}" in advice[0]
    assert f"8 out of 10 ({eight.label.lower()}). {eight.do}" in advice[1]
    assert "Nothing is ticked" in practice_advice(activity, {})[0]
