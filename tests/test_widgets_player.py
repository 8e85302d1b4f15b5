"""Tests for calflib.widgets.player: the session planner and the practice player, in the kernel."""

from __future__ import annotations

import pytest

from calflib.loader import default_content
from calflib.model import Level
from calflib.planner import plan_session
from calflib.screening import assess
from calflib.widgets.player import PracticePlayer, SessionPlanner

FINDINGS = default_content().finding_ids
ALL_NO = {fid: False for fid in FINDINGS}
CLEAR = assess(ALL_NO)


def test_planner_without_an_assessment_asks_for_the_screening_first() -> None:
    """With the built-in questionnaire all 'Not sure', there is no plan and nothing to play."""
    p = SessionPlanner()
    assert p.questionnaire is not None and p.plan is not None and p.plan.blocked
    assert "No plan: do not massage now" in p.plan_view.value
    assert "not finished" in p.plan_view.value
    assert p.chart.value == ""
    assert all(button.disabled for button in p.player.buttons.children)
    assert "No session to practise" in p.player.cue.value


def test_answering_the_questionnaire_makes_a_plan_and_a_red_flag_removes_it() -> None:
    """All 'No' gives the plan, chart and player; one clot sign takes them away again."""
    p = SessionPlanner()
    assert p.questionnaire is not None
    p.questionnaire.set_answers(ALL_NO)
    assert p.plan is not None and not p.plan.blocked and len(p.plan.steps) == 12
    assert "Your plan: with a partner, 10 minutes, recovery after a run" in p.plan_view.value
    assert "CLEAR" in p.screening_view.value and "the questionnaire above" in p.screening_view.value
    assert "Pressure over time" in p.chart.value
    assert not p.player.start_button.disabled
    p.questionnaire.questions["calf_swelling_one_side"].value = "Yes"
    assert p.plan.blocked and p.plan.level == Level.REFER
    assert "One calf or leg swollen" in p.plan_view.value and p.chart.value == ""
    assert p.player.start_button.disabled and "does not allow massage" in p.player.cue.value


def test_planner_with_an_assessment_follows_the_choices() -> None:
    """Changing setting, minutes and goal re-plans straight away."""
    p = SessionPlanner(CLEAR)
    assert p.questionnaire is None and "the assessment you passed in" in p.screening_view.value
    p.setting_picker.value = "roller"
    p.minutes_picker.value = 6
    p.goal_picker.value = "before_activity"
    assert p.plan is not None and p.plan.minutes == 6 and p.plan.total_seconds == 360
    assert "with a roller, 6 minutes, before activity" in p.plan_view.value
    assert "Rolling (foam roller or roller massager)" in p.plan_view.value
    assert p.player.plan is p.plan


def test_planner_at_modify_shows_the_changes() -> None:
    """A MODIFY screening's changes appear in the plan card, and pressure stays light."""
    p = SessionPlanner(assess({**ALL_NO, "blood_thinners_bleeding": True}))
    assert p.plan is not None and p.plan.peak is not None and p.plan.peak.key == "light"
    assert "Changes from your screening" in p.plan_view.value
    assert "No deep-tissue work, hacking (tapotement) or massage guns." in p.plan_view.value


def test_planner_refuses_anything_but_an_assessment() -> None:
    """Passing a dict instead of an Assessment is a TypeError saying what to pass."""
    with pytest.raises(TypeError, match=r"calflib\.screening\.assess"):
        SessionPlanner({"calf_swelling_one_side": False})  # type: ignore[arg-type]


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


def test_an_error_in_a_tick_shows_a_message_not_a_traceback() -> None:
    """If something goes wrong while playing, the cue becomes a readable message."""
    player = _player()
    player.plan = object()  # type: ignore[assignment]
    player.play.value = 7
    assert "Something went wrong" in player.cue.value
