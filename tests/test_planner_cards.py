"""Tests for calflib.planner_cards: what a learner reads on the plan's card."""

from __future__ import annotations

import dataclasses
from html import escape

from calflib.model import Content
from calflib.planner import plan_session
from calflib.planner_cards import plan_card, plan_summary
from calflib.planner_text import say_duration
from calflib.screening import answers_with, assess
from calflib.technique_loader import load_techniques

LIBRARY = load_techniques()


def test_plan_card_has_one_table_row_per_step_and_the_level_in_words(content: Content) -> None:
    """The steps are a table with column headers; the screening level is named in words."""
    plan = plan_session("partner", 10, "recovery", assess(answers_with()), library=LIBRARY)
    html = plan_card(plan, LIBRARY, content)
    assert html.count("<tr><td") == len(plan.steps) and html.count('<th scope="col"') == 7
    assert f"{len(plan.steps)} steps, {say_duration(600)} in all" in html
    assert "CLEAR" in html and "calf-level-clear" in html and 'role="status"' not in html


def test_blocked_plan_card_says_why_and_what_to_do_instead(content: Content) -> None:
    """A blocked plan gives no steps: its card says so, lists the reasons and the advice."""
    plan = plan_session(
        "alone", 5, "recovery", assess(answers_with("calf_swelling_one_side")), library=LIBRARY
    )
    html = plan_card(plan, LIBRARY, content)
    assert "No plan: do not massage now" in html and "<table" not in html
    assert plan.reasons and all(f"<li>{escape(r)}</li>" in html for r in plan.reasons)
    assert "What to do instead" in html and 'role="status"' in html


def test_plan_card_escapes_content(content: Content) -> None:
    """Text from the plan and the content is shown as text, never as markup."""
    plan = plan_session("alone", 5, "recovery", assess(answers_with()), library=LIBRARY)
    hostile = dataclasses.replace(plan, notes=("<script>x</script>",))
    html = plan_card(hostile, LIBRARY, content)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_plan_in_one_sentence() -> None:
    """plan_summary: what the planner's live region says when a choice changes the plan."""
    clear = assess(answers_with())
    plan = plan_session("roller", 6, "before_activity", clear, library=LIBRARY)
    steps = len(plan.steps)
    name = LIBRARY.settings[plan.setting].name.lower()
    goal = LIBRARY.goals[plan.goal].name.lower()
    assert plan_summary(plan, LIBRARY) == f"Plan: {name}, 6 minutes, {goal}, {steps} steps."
    blocked = plan_session("partner", 10, "recovery", assess({}), library=LIBRARY)
    assert plan_summary(blocked, LIBRARY).startswith("No plan: the safety check rules massage out")
    # Not sure about blood thinners: the roller is ruled out, massage by hand is not.
    unsure = {k: v for k, v in answers_with().items() if k != "blood_thinners_bleeding"}
    roller = plan_session("roller", 10, "recovery", assess(unsure), library=LIBRARY)
    assert roller.scope == "setting"
    assert plan_summary(roller, LIBRARY).startswith(f"No plan {name}: this way is ruled out")
