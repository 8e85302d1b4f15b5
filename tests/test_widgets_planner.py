"""Tests for calflib.widgets.planner: the session planner, driven in the kernel."""

from __future__ import annotations

import pytest

from calflib.model import Level
from calflib.screening import answers_with, assess
from calflib.widgets.planner import SessionPlanner

ALL_NO = answers_with()
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
    # The live region above the choices also says the plan in one line (the card is not read).
    assert "Plan: with a partner, 10 minutes, recovery after a run, 12 steps." in (
        p.screening_view.value
    )
    assert "Pressure over time" in p.chart.value
    assert not p.player.start_button.disabled
    p.questionnaire.group_questions["clot"].value = "Yes"
    assert p.plan.blocked and "not finished" in p.plan_view.value  # which sign? not sure yet
    p.questionnaire.questions["calf_swelling_one_side"].value = "Yes"
    assert p.plan.blocked and p.plan.level == Level.REFER
    assert "One calf or leg swollen" in p.plan_view.value and p.chart.value == ""
    assert p.player.start_button.disabled and "does not allow massage" in p.player.cue.value
    assert "No plan: the safety check rules massage out" in p.screening_view.value


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
    p = SessionPlanner(assess(answers_with("blood_thinners_bleeding")))
    assert p.plan is not None and p.plan.peak is not None and p.plan.peak.key == "light"
    assert "Changes from your screening" in p.plan_view.value
    assert (
        "No roller (foam or handheld), skin rolling, hacking (tapotement), friction or massage gun."
        in (p.plan_view.value)
    )
    p.setting_picker.value = "roller"
    assert p.plan.blocked and p.plan.scope == "setting"
    assert "No plan with this setting" in p.plan_view.value
    assert "still possible" in p.plan_view.value
    assert "with this setting" in p.player.cue.value


def test_planner_offers_the_answers_from_chapter_02() -> None:
    """Answers given in chapter 02's questionnaire come back in the planner, shown and
    changeable, with a note; 'Start again' forgets them."""
    from calflib.widgets import ScreeningQuestionnaire

    first = ScreeningQuestionnaire()
    first.set_answers(answers_with("pregnancy"))
    p = SessionPlanner()
    assert p.questionnaire is not None
    assert "Your answers from chapter 02 are filled in" in p.questionnaire.offer.value
    assert p.questionnaire.questions["pregnancy"].value == "Yes"
    assert p.plan is not None and p.plan.level == Level.MODIFY and not p.plan.blocked
    assert "on her side" in p.plan_view.value
    p.questionnaire.questions["pregnancy"].value = "No"  # changeable, but the group still says yes
    assert p.plan.blocked and "which one applies?" in p.questionnaire.children_text()
    p.questionnaire.group_questions["history"].value = "No"
    assert p.plan.level == Level.CLEAR and not p.plan.blocked
    p.questionnaire.reset()
    assert SessionPlanner().questionnaire.offer.value == ""  # type: ignore[union-attr]


def test_planner_refuses_anything_but_an_assessment() -> None:
    """Passing a dict instead of an Assessment is a TypeError saying what to pass."""
    with pytest.raises(TypeError, match=r"calflib\.screening\.assess"):
        SessionPlanner({"calf_swelling_one_side": False})  # type: ignore[arg-type]


def test_the_planners_headings_nest_under_its_own() -> None:
    """Inside the planner (an h3) the questionnaire's title and the player's are h4, beside
    Step 2 and Step 3, so a screen reader's outline of the planner makes sense."""
    p = SessionPlanner()
    assert p.questionnaire is not None and p.questionnaire.spec["level"] == 4
    assert "<h4>Practice player</h4>" in p.player.children[0].value
    with pytest.raises(ValueError, match="heading_level must be 2 to 5"):
        from calflib.widgets.screening import ScreeningQuestionnaire

        ScreeningQuestionnaire(heading_level=6)
