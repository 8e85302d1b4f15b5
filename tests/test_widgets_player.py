"""Tests for calflib.widgets.player: the practice player, driven in the kernel."""

from __future__ import annotations

import pytest

from calflib.planner import plan_session
from calflib.screening import answers_with, assess
from calflib.widgets.player import PracticePlayer

ALL_NO = answers_with()
CLEAR = assess(ALL_NO)


def _player(minutes: int = 5) -> PracticePlayer:
    return PracticePlayer(plan_session("alone", minutes, "recovery", CLEAR))


def test_player_counts_down_as_the_play_widget_advances() -> None:
    """Each tick of the Play widget updates the remaining time; a step boundary changes the cue."""
    player = _player()
    plan = player.plan
    assert plan is not None
    first, second = plan.steps[0], plan.steps[1]
    assert "Step 1 of" in player.status.value and first.cue.split(". ")[0] in player.cue.value
    assert f"{first.seconds} seconds</strong> left in this step" in player.remaining.value
    player.play.value = 10
    assert f"{first.seconds - 10} seconds</strong> left in this step" in player.remaining.value
    player.play.value = first.end
    assert "Step 2 of" in player.status.value
    assert second.cue[-40:] in player.cue.value.replace("&#x27;", "'")
    assert player.progress.value == first.end


def test_player_buttons_start_pause_next_back_restart() -> None:
    """Start and Pause drive the Play widget; Next, Previous and Start again move between steps."""
    player = _player()
    plan = player.plan
    assert plan is not None
    player.start_button.click()
    assert player.play.playing and "(running)" in player.status.value
    player.pause_button.click()
    assert not player.play.playing and "(paused)" in player.status.value
    player.next_button.click()
    assert player.elapsed == plan.steps[1].start
    player.next_button.click()
    assert player.elapsed == plan.steps[2].start
    player.back_button.click()
    assert player.elapsed == plan.steps[1].start
    player.restart_button.click()
    assert player.elapsed == 0 and not player.play.playing


def test_player_says_when_the_session_is_finished() -> None:
    """At the end the player says so; Start then begins again from the top."""
    player = _player(3)
    assert player.plan is not None
    player.play.value = player.plan.total_seconds
    assert "Session finished" in player.cue.value and player.remaining.value == ""
    player.start_button.click()
    assert player.elapsed == 0 and player.play.playing


def test_cue_is_large_and_remaining_time_is_in_words() -> None:
    """The cue is set in large type for reading at arm's length; time is said in words."""
    player = _player(10)
    assert "font-size:1.55em" in player.cue.value and "font-size:1.9em" in player.cue.value
    player.play.value = 5
    assert "minutes" in player.remaining.value and "left in the session" in player.remaining.value


@pytest.mark.calm_widgets  # a learner sees the calm message, not a raised error
def test_an_error_in_a_tick_shows_a_message_not_a_traceback() -> None:
    """If something goes wrong while playing, the cue becomes a readable message."""
    player = _player()
    player.plan = object()  # type: ignore[assignment]
    player.play.value = 7
    assert "Something went wrong" in player.cue.value
