"""Tests for calflib.player_cards: what the practice player shows, without a kernel."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.errors import ContentError
from calflib.loader import load_content
from calflib.planner import plan_session
from calflib.player_cards import MESSAGE_IDS, load_player_messages, player_view, step_label
from calflib.screening import answers_with, assess

CLEAR = assess(answers_with())
PLAN = plan_session("alone", 5, "recovery", CLEAR)


def test_each_moment_shows_the_step_its_cue_the_time_left_and_what_comes_next() -> None:
    """At a moment in the session: the step in words, its cue, time left, the next step."""
    first, second = PLAN.steps[0], PLAN.steps[1]
    view = player_view(PLAN, 10, running=True)
    assert f"Step 1 of {len(PLAN.steps)} (running)" in view.status
    assert first.cue.split(". ")[0] in view.cue and "calf-step-1" in view.cue
    assert f"{first.seconds - 10} seconds</strong> left in this step" in view.remaining
    assert f"Next: {step_label(second)}" in view.up_next
    assert view.elapsed == 10 and view.bar_label.startswith("Session: 0:10 of")
    assert "(paused)" in player_view(PLAN, 10).status


def test_the_end_of_the_session_gives_the_advice_from_the_content() -> None:
    """After the last step the player gives the content's 'finished' advice (clot signs)."""
    finished = load_player_messages()["finished"]
    view = player_view(PLAN, PLAN.total_seconds + 60)
    assert f"All {len(PLAN.steps)} steps done." in view.status
    assert finished.title in view.cue and "warmth, redness or pain in one calf" in view.cue
    assert view.remaining == view.up_next == "" and view.elapsed == PLAN.total_seconds
    assert finished.sources  # a medical statement carries its sources


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (None, "no_plan"),
        (
            plan_session("alone", 5, "recovery", assess(answers_with("calf_swelling_one_side"))),
            "blocked",
        ),
        (
            plan_session("roller", 10, "recovery", assess(answers_with("blood_thinners_bleeding"))),
            "setting_blocked",
        ),
    ],
)
def test_without_a_session_the_player_says_why_in_the_contents_words(
    plan: object, message: str
) -> None:
    """No plan, a blocked plan or a ruled-out setting: the matching message, nothing to run."""
    said = load_player_messages()[message]
    view = player_view(plan)  # type: ignore[arg-type]
    assert said.title in view.cue and said.text.split(":")[0] in view.cue
    assert view.status == view.remaining == view.up_next == view.bar_label == ""


def test_a_teacher_can_reword_a_message_and_it_is_shown_escaped(tmp_path: Path) -> None:
    """The messages are content: an edited text is what the player shows, as text."""
    folder = copy_content(tmp_path)
    edit(folder / "player.toml", 'title = "Session finished."', 'title = "All done <b>now</b>"')
    messages = load_player_messages(folder, content=load_content(folder))
    view = player_view(PLAN, PLAN.total_seconds, messages=messages)
    assert "All done &lt;b&gt;now&lt;/b&gt;" in view.cue and "<b>" not in view.cue


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ('id = "finished"', 'id = "finshed"', "id", "did you mean 'finished'"),
        ('sources = ["S3", "S7a"]\n', "", "sources", "missing"),
        ('sources = ["S3", "S7a"]', 'sources = ["S3", "S7"]', "sources", "unknown source key"),
    ],
)
def test_a_broken_message_is_named_by_file_entry_and_field(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    """A misspelt id, the finished advice without sources, or an unknown source key is refused."""
    folder = copy_content(tmp_path)
    edit(folder / "player.toml", old, new)
    with pytest.raises(ContentError) as exc:
        load_player_messages(folder, content=load_content(folder))
    assert exc.value.file == "player.toml" and exc.value.field == field
    assert problem in exc.value.problem


def test_every_message_is_given_exactly_once(tmp_path: Path) -> None:
    """A message left out is named; the built-in file gives each one."""
    assert set(load_player_messages()) == set(MESSAGE_IDS)
    folder = copy_content(tmp_path)
    text = (folder / "player.toml").read_text(encoding="utf-8")
    (folder / "player.toml").write_text(text.split('[[message]]\nid = "blocked"')[0], "utf-8")
    with pytest.raises(ContentError, match="no \\[\\[message\\]\\] entry for blocked"):
        load_player_messages(folder, content=load_content(folder))
