"""Tests for calflib.planner_text: durations in words, clock times and the plan as text."""

from __future__ import annotations

import pytest

from calflib.planner import plan_session
from calflib.planner_text import clock, format_plan, say_duration
from calflib.screening import answers_with, assess

CLEAR = assess(answers_with())


# --- time in words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "words", "time"),
    [
        (0, "0 seconds", "0:00"),
        (1, "1 second", "0:01"),
        (45, "45 seconds", "0:45"),
        (60, "1 minute", "1:00"),
        (65, "1 minute 5 seconds", "1:05"),
        (600, "10 minutes", "10:00"),
    ],
)
def test_durations_in_words_and_on_a_clock(seconds: int, words: str, time: str) -> None:
    """Remaining time is said in words and shown as minutes:seconds."""
    assert say_duration(seconds) == words and clock(seconds) == time


def test_format_plan_lists_every_step_with_its_cue() -> None:
    """The plain-text plan has one line per step and its cue."""
    plan = plan_session("alone", 5, "before activity", CLEAR)
    text = format_plan(plan)
    assert text.startswith("Plan: On your own, 5 minutes, before activity (screening: CLEAR).")
    assert text.count("    Say: ") == len(plan.steps)
