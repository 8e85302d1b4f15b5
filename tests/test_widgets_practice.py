"""Tests for calflib.widgets.practice: the guided self-practice, driven in the kernel."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pytest

from calflib.progress import ProgressStore
from calflib.stop_rules import load_stop_rules
from calflib.widgets import SelfPractice


def test_the_safety_line_and_stop_rules_come_before_the_first_step() -> None:
    """The learner reads 'screening in chapter 02 first' and the stop rules before any step."""
    w = SelfPractice("find_the_landmarks")
    texts = [
        getattr(c, "value", "") for c in w.children if isinstance(getattr(c, "value", ""), str)
    ]
    safety = next(i for i, t in enumerate(texts) if "Do the screening in chapter 02 first" in t)
    first_step = next(i for i, t in enumerate(texts) if "Step 1:" in t)
    assert safety < first_step and "Stop rules while you practise" in texts[safety]


def test_every_control_is_labelled() -> None:
    """Tick boxes, ratings and notes each carry words a screen reader can say."""
    w = SelfPractice("ten_strokes")
    assert [c.description for c in w.done.values()] == [f"I did step {n}" for n in (1, 2, 3)]
    assert [c.group.description for c in w.done.values()] == [f"Step {n} done?" for n in (1, 2, 3)]
    assert all("discomfort (0 to 10)" in r.description for r in w.ratings.values())
    labels = [label for label, _ in w.ratings["effleurage"].options]
    assert labels[0] == "Not rated" and "3 out of 10 (the ceiling: stay at or below)" in labels
    prompts = [s.felt_prompt for s in w.activity.steps]
    assert [n.placeholder for n in w.notes.values()] == prompts


def test_saving_records_a_titled_report_and_shows_advice() -> None:
    """Save appends a report with its title; a 6 out of 10 gets its band's advice."""
    w = SelfPractice("ten_strokes")
    w.done["effleurage"].value = True
    w.ratings["effleurage"].value = 6
    w.notes["effleurage"].value = "tight on the inside"
    w.save_button.click()
    assert "Saved on this computer" in w.result.value and "1 of 3 steps done" in w.result.value
    six = next(b for b in load_stop_rules().bands if b.low <= 6 <= b.high)
    assert escape(six.do) in w.result.value
    saved = ProgressStore().load().practice["ten_strokes"]
    assert saved[-1]["title"].startswith("Self-practice: ten strokes")
    assert saved[-1]["steps"]["effleurage"] == {
        "title": "Ten long strokes (effleurage)",
        "done": True,
        "rating": 6,
        "felt": "tight on the inside",
    }


def test_save_false_writes_nothing_and_says_so() -> None:
    """The Voila app's mode: the report is shown, not saved, and no file appears."""
    w = SelfPractice("find_the_landmarks", save=False)
    w.done["soleus"].value = True
    w.save_button.click()
    assert w.save_button.description == "Show my report"
    assert "Not saved" in w.result.value and "1 of 4 steps done" in w.result.value
    assert not any(Path(os.environ["CALFLIB_HOME"]).glob("progress-*.json"))


def test_a_too_long_note_is_a_message_not_a_traceback() -> None:
    """Bad input shows the step and what to do, and nothing is saved."""
    w = SelfPractice("ten_strokes")
    w.notes["finish"].value = "x" * 5000
    w.save_button.click()
    assert "That input could not be used" in w.result.value
    assert "shorten it and save again" in w.result.value
    assert "ten_strokes" not in ProgressStore().load().practice


def test_an_unreadable_progress_file_still_lets_the_learner_practise(tmp_path: Path) -> None:
    """A broken store is reported in words; the report is still shown."""
    home = Path(os.environ["CALFLIB_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "progress-default.json").write_text("{not json", encoding="utf-8")
    w = SelfPractice("ten_strokes")
    w.done["effleurage"].value = True
    w.save_button.click()
    assert "1 of 3 steps done" in w.result.value


def test_a_report_with_no_step_done_is_saved_only_when_confirmed() -> None:
    """Save with nothing ticked saves nothing and says why; the confirm box then appears, and
    with it ticked the empty report is saved, after which the box is cleared and hidden again."""
    w = SelfPractice("ten_strokes")
    assert w.confirm_empty.layout.display == "none"
    w.save_button.click()
    assert "Nothing saved yet: no step is ticked as done" in w.result.value
    assert "ten_strokes" not in ProgressStore().load().practice
    assert w.confirm_empty.layout.display != "none"
    w.confirm_empty.value = True
    w.save_button.click()
    assert "Saved on this computer" in w.result.value and "0 of 3 steps done" in w.result.value
    assert ProgressStore().load().practice["ten_strokes"][-1]["steps_done"] == 0
    assert not w.confirm_empty.value and w.confirm_empty.layout.display == "none"
    w.save_button.click()  # the next empty report asks again
    assert len(ProgressStore().load().practice["ten_strokes"]) == 1


def test_an_unknown_activity_names_the_known_ones() -> None:
    """A typo in the notebook call is a clear error listing the activities."""
    with pytest.raises(ValueError, match="find_the_landmarks, ten_strokes"):
        SelfPractice("landmarks")
