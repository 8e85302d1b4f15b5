"""Tests for calflib.plan_compare: the learner's plan against the planner's, rule by rule."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calflib.loader import builtin_content
from calflib.model import Level
from calflib.plan_compare import REST, LearnerPlan, LearnerStep, compare_plans
from calflib.plan_compare_cards import comparison_card
from calflib.screening import answers_with, assess
from calflib.technique_loader import load_techniques
from calflib.techniques import Goal, Pressure, Setting

L, M, F = Pressure.LIGHT, Pressure.MODERATE, Pressure.FIRM
CLEAR = assess(answers_with())
GOOD = (
    LearnerStep("effleurage", L, 60),
    LearnerStep("petrissage", M, 180),
    LearnerStep("effleurage", L, 60),
)


def _plan(*steps: LearnerStep, setting: str = "alone", goal: str = "recovery", both: bool = True):
    return LearnerPlan(Setting.parse(setting), Goal.parse(goal), tuple(steps), both_calves=both)


def _kinds(plan: LearnerPlan, assessment=CLEAR) -> list[str]:
    return [d.kind for d in compare_plans(plan, assessment).differences]


def test_a_plan_that_follows_the_rules_matches() -> None:
    """Warm-up, moderate kneading, ease-off on your own: no differences at all."""
    comparison = compare_plans(_plan(*GOOD), CLEAR)
    assert comparison.matches and not comparison.blocked
    assert comparison.plan.minutes == 10


@pytest.mark.parametrize(
    "findings",
    [("calf_swelling_one_side",), ("breathless_chest_pain",), ()],
    ids=["refer", "emergency", "unfinished"],
)
def test_a_blocked_screening_says_no_plan_is_right_and_judges_nothing_else(
    findings: tuple[str, ...],
) -> None:
    """REFER, EMERGENCY or an unfinished screening: one 'blocked' difference, no plan steps."""
    answers = answers_with(*findings) if findings else {}
    comparison = compare_plans(_plan(LearnerStep("tapotement", F, 600)), assess(answers))
    assert comparison.blocked and comparison.plan.steps == ()
    assert [d.kind for d in comparison.differences] == ["blocked"]
    assert "No massage plan is right" in comparison.differences[0].says


def test_the_blocked_card_shows_no_plan_only_why() -> None:
    """The card for a red flag has the reasons and no table of steps from either plan."""
    comparison = compare_plans(_plan(*GOOD), assess(answers_with("calf_swelling_one_side")))
    html = comparison_card(comparison, load_techniques(), builtin_content())
    assert "No massage plan is right" in html and "One calf or leg swollen" in html
    assert "<table" not in html and "Your plan, for each calf" not in html


def test_a_setting_the_screening_rules_out_names_what_is_still_possible() -> None:
    """Blood thinners and a roller: no plan this way, and the other settings are named."""
    plan = _plan(LearnerStep("effleurage", L, 60), LearnerStep("rolling", L, 60), setting="roller")
    comparison = compare_plans(plan, assess(answers_with("blood_thinners_bleeding")))
    assert comparison.blocked and [d.kind for d in comparison.differences] == ["setting"]
    assert "still possible" in comparison.differences[0].why


def test_wait_plans_the_uninjured_calf_only() -> None:
    """At WAIT a plan for both calves is a difference; one calf only is not."""
    waiting = assess(answers_with("recent_strain"), days_since_injury=1)
    assert waiting.level == Level.WAIT
    light = [LearnerStep(s.technique, L, s.seconds) for s in GOOD]
    assert "one_calf" in _kinds(_plan(*light), waiting)
    assert "one_calf" not in _kinds(_plan(*light, both=False), waiting)


def test_a_technique_the_setting_does_not_use_is_named() -> None:
    """Hacking on your own is not part of that setting."""
    plan = _plan(GOOD[0], LearnerStep("tapotement", M, 30), GOOD[1], GOOD[2])
    differences = compare_plans(plan, CLEAR).differences
    found = [d for d in differences if d.kind == "not_in_setting"]
    assert len(found) == 1 and found[0].step == 2 and "Tapotement" in found[0].says


def test_a_technique_the_screening_leaves_out_should_not_be_there() -> None:
    """Kneading with blood thinners: 'should not be there for your screening outcome'."""
    light = [LearnerStep(s.technique, L, s.seconds) for s in GOOD]
    differences = compare_plans(_plan(*light), assess(answers_with("blood_thinners_bleeding")))
    found = [d for d in differences.differences if d.kind == "left_out"]
    assert len(found) == 1 and found[0].step == 2
    assert "should not be there for your screening outcome" in found[0].says
    assert "Light stroking with flat hands only" in found[0].why


def test_missing_warm_up_and_ease_off_are_named() -> None:
    """Kneading straight away and to the end: no warm-up, no ease-off."""
    kinds = _kinds(_plan(LearnerStep("petrissage", M, 300)))
    assert "warm_up" in kinds
    kinds = _kinds(_plan(GOOD[0], LearnerStep("petrissage", M, 240)))
    assert "ease" in kinds and "warm_up" not in kinds


def test_pressure_rules() -> None:
    """Firm is never planned; light only at MODIFY; one level at a time."""
    firm = _plan(GOOD[0], LearnerStep("petrissage", F, 180), GOOD[2])
    kinds = _kinds(firm)
    assert kinds.count("pressure") == 1 and kinds.count("pressure_jump") == 2
    modify = assess(answers_with("pregnancy"))
    says = [d.says for d in compare_plans(_plan(*GOOD), modify).differences]
    assert "Step 2: moderate pressure; the planner keeps every step light." in says


def test_a_technique_at_a_pressure_it_is_not_done_at() -> None:
    """Vibration is done at light pressure only."""
    plan = _plan(GOOD[0], GOOD[1], LearnerStep("vibration", M, 30), GOOD[2], setting="partner")
    found = [d for d in compare_plans(plan, CLEAR).differences if d.kind == "pressure"]
    assert found and found[0].step == 3 and "done at light pressure" in found[0].why


def test_order_follows_the_planner() -> None:
    """Skin rolling before kneading (with a partner) is out of the planner's order."""
    plan = _plan(
        GOOD[0],
        LearnerStep("skin_rolling", L, 60),
        LearnerStep("petrissage", M, 120),
        GOOD[2],
        setting="partner",
    )
    found = [d for d in compare_plans(plan, CLEAR).differences if d.kind == "order"]
    assert len(found) == 1 and found[0].step == 3
    assert "Skin rolling before Petrissage" in found[0].says


def test_roller_sets_longer_than_a_minute_are_named() -> None:
    """Two minutes of rolling in one go: work in sets of 30 to 60 seconds with rests."""
    plan = _plan(GOOD[0], LearnerStep("rolling", M, 120), GOOD[2], setting="roller")
    found = [d for d in compare_plans(plan, CLEAR).differences if d.kind == "sets"]
    assert len(found) == 1 and "sets of 30 to 60 seconds" in found[0].why
    sets = _plan(
        GOOD[0],
        LearnerStep("rolling", M, 45),
        LearnerStep(REST, None, 15),
        LearnerStep("rolling", M, 45),
        GOOD[2],
        setting="roller",
    )
    assert "sets" not in _kinds(sets)


def test_minutes_outside_the_planner_range_and_too_long_for_the_screening() -> None:
    """A one-minute session is too short; 20 minutes with a heart condition is shortened to 15."""
    assert "minutes" in _kinds(_plan(LearnerStep("effleurage", L, 30)))
    heart = assess(answers_with("heart_kidney_liver_condition"))
    long = _plan(*(LearnerStep("effleurage", L, 300) for _ in range(2)))
    found = [d for d in compare_plans(long, heart).differences if d.kind == "minutes"]
    assert found and "Shortened from 20 to 15 minutes" in found[0].why


def test_time_far_from_the_planner_share_is_named() -> None:
    """Kneading for 5 minutes of a 6-minute calf is far from the planner's share."""
    plan = _plan(LearnerStep("effleurage", L, 30), LearnerStep("petrissage", M, 300), GOOD[2])
    found = [d for d in compare_plans(plan, CLEAR).differences if d.kind == "timing"]
    assert any("Petrissage (kneading): 5 minutes per calf" in d.says for d in found)


def test_a_stroke_the_planner_uses_but_the_learner_left_out_is_named_as_optional() -> None:
    """With a partner for recovery, leaving out skin rolling is named, and called fine."""
    found = [d for d in compare_plans(_plan(*GOOD, setting="partner"), CLEAR).differences]
    missing = [d for d in found if d.kind == "missing"]
    assert missing and "skin rolling" in missing[0].says and "Fine to leave out" in missing[0].why


def test_a_stroke_the_planners_routine_lacks_is_named_with_why() -> None:
    """Five minutes of firm hacking with a partner for recovery: besides the firm pressure, an
    'extra' difference says where the planner uses hacking (before activity), why the recovery
    routine is as it is, and how long hacking is usually done, with the sources cited."""
    hacking = LearnerStep("tapotement", F, 300)
    plan = _plan(GOOD[0], GOOD[1], hacking, GOOD[2], setting="partner")
    found = compare_plans(plan, CLEAR).differences
    [extra] = [d for d in found if d.kind == "extra"]
    assert extra.step == 3
    assert extra.says == (
        "Step 3: Tapotement (hacking) is not in the planner's routine for recovery after a run "
        "(with a partner)."
    )
    assert "only in its routine for before activity (with a partner)" in extra.why
    assert "sore muscles are tender" in extra.why and "short time towards the end" in extra.why
    assert {"S27", "S36c"} <= set(extra.sources)
    assert "pressure" in [d.kind for d in found]  # the firm pressure is its own difference
    html = comparison_card(compare_plans(plan, CLEAR), load_techniques(), builtin_content())
    assert "<strong>S36c</strong>" in html


def test_the_extra_rule_names_a_stroke_once_and_never_repeats_other_rules() -> None:
    """Friction twice with a partner is named once ('no routine uses it'); hacking in a
    before-activity routine, hacking on your own (not in the setting) and kneading with blood
    thinners (left out for the screening) are no 'extra'."""
    friction = LearnerStep("friction", L, 30)
    plan = _plan(GOOD[0], friction, GOOD[1], friction, GOOD[2], setting="partner")
    [extra] = [d for d in compare_plans(plan, CLEAR).differences if d.kind == "extra"]
    assert extra.step == 2 and "No routine of the planner uses friction" in extra.why
    before = _plan(
        GOOD[0],
        GOOD[1],
        LearnerStep("tapotement", M, 30),
        GOOD[2],
        setting="partner",
        goal="before_activity",
    )
    assert "extra" not in _kinds(before)
    alone = _plan(GOOD[0], LearnerStep("tapotement", M, 30), GOOD[1], GOOD[2])
    assert "extra" not in _kinds(alone) and "not_in_setting" in _kinds(alone)
    light = [LearnerStep(s.technique, L, s.seconds) for s in GOOD]
    thinners = assess(answers_with("blood_thinners_bleeding"))
    kinds = _kinds(_plan(*light), thinners)
    assert "left_out" in kinds and "extra" not in kinds


def test_unknown_technique_and_zero_time_are_clear_errors() -> None:
    """A typo in a technique id suggests the right one; a step of 0 seconds is refused."""
    with pytest.raises(ValueError, match="did you mean 'effleurage'"):
        compare_plans(_plan(LearnerStep("efleurage", L, 60)), CLEAR)
    with pytest.raises(ValueError, match="needs some time"):
        compare_plans(_plan(LearnerStep("effleurage", L, 0)), CLEAR)


def test_no_comparison_ever_shows_a_plan_for_a_blocked_outcome() -> None:
    """Sweep: for every setting, goal and red-flag screening, the card has no step table."""
    library, content = load_techniques(), builtin_content()
    red = assess(answers_with("calf_swelling_one_side"))
    for setting, goal in itertools.product(Setting, Goal):
        comparison = compare_plans(LearnerPlan(setting, goal, GOOD), red, library=library)
        html = comparison_card(comparison, library, content)
        assert comparison.blocked and "<table" not in html, (setting, goal)


def test_the_card_lists_the_sources_its_reasons_cite() -> None:
    """Firm pressure cites S27; the card's Sources list has it."""
    comparison = compare_plans(_plan(GOOD[0], LearnerStep("petrissage", F, 180), GOOD[2]), CLEAR)
    html = comparison_card(comparison, load_techniques(), builtin_content())
    assert "[S27]" in html and "<strong>S27</strong>" in html


_TECHNIQUES = [*load_techniques().techniques, REST]


@given(
    setting=st.sampled_from(list(Setting)),
    goal=st.sampled_from(list(Goal)),
    steps=st.lists(
        st.builds(
            LearnerStep,
            st.sampled_from(_TECHNIQUES),
            st.sampled_from(list(Pressure)),
            st.sampled_from([15, 30, 60, 90, 180, 300]),
        ),
        min_size=1,
        max_size=6,
    ),
    findings=st.sampled_from(
        [(), ("pregnancy",), ("blood_thinners_bleeding",), ("varicose_veins",)]
    ),
)
@settings(max_examples=60, deadline=None)
def test_a_plan_with_no_differences_is_always_safe(
    setting: Setting,
    goal: Goal,
    steps: list[LearnerStep],
    findings: tuple[str, ...],
) -> None:
    """Whatever the learner builds: differences point at real steps, and a plan that 'matches'
    starts and ends with light stroking, never goes firm, is light at MODIFY and uses no
    technique the screening leaves out."""
    assessment = assess(answers_with(*findings))
    comparison = compare_plans(LearnerPlan(setting, goal, tuple(steps)), assessment)
    assert all(d.step is None or 1 <= d.step <= len(steps) for d in comparison.differences)
    if comparison.matches:
        assert steps[0].technique == steps[-1].technique == "effleurage"
        assert all(s.pressure != F for s in steps if s.technique != REST)
        if findings:
            assert all(s.pressure == L for s in steps if s.technique != REST)
        left_out = set(comparison.plan.left_out)
        names = {
            load_techniques().technique(s.technique).name for s in steps if s.technique != REST
        }
        assert not names & left_out
