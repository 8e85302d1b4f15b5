"""Tests for calflib.planner (and its routines): safe, timed plans from a screening."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.loader import builtin_content
from calflib.model import Level
from calflib.planner import MAX_MINUTES, MIN_MINUTES, OTHER_LEG, SessionPlan, plan_session
from calflib.planner_cards import plan_card
from calflib.planner_chart import pressure_chart
from calflib.planner_text import format_plan
from calflib.screening import Assessment, answers_with, assess
from calflib.technique_loader import load_techniques
from calflib.techniques import Goal, Pressure, Setting

FINDINGS = builtin_content().finding_ids
LIBRARY = load_techniques()
MINUTES = (3, 4, 10, 27, 45)


CLEAR = assess(answers_with())


def _check_rules(plan: SessionPlan) -> None:
    """The rules every unblocked plan follows (shared by the tables and the properties)."""
    assert not plan.blocked and plan.steps
    assert plan.total_seconds == plan.minutes * 60
    assert [s.number for s in plan.steps] == list(range(1, len(plan.steps) + 1))
    assert plan.steps[0].start == 0 and plan.steps[-1].end == plan.minutes * 60
    assert all(a.end == b.start for a, b in itertools.pairwise(plan.steps))
    allowed = {t.id for t in LIBRARY.used_in(plan.setting)}
    legs = (OTHER_LEG,) if plan.level == Level.WAIT else ("right", "left")
    assert tuple(dict.fromkeys(s.leg for s in plan.steps)) == legs
    for leg in legs:
        own = [s for s in plan.steps if s.leg == leg]
        assert own[0].technique == "effleurage" and own[0].pressure == Pressure.LIGHT
        assert own[-1].technique == "effleurage" and own[-1].pressure == Pressure.LIGHT
        levels = [s.pressure for s in own if s.pressure is not None]
        peak = levels.index(max(levels))
        assert levels[: peak + 1] == sorted(levels[: peak + 1]), "builds gradually"
        assert levels[peak:] == sorted(levels[peak:], reverse=True), "eases at the end"
        assert all(abs(a - b) <= 1 for a, b in itertools.pairwise(levels)), "one level at a time"
    for step in plan.steps:
        assert step.seconds >= 10 and step.seconds % 5 == 0 and step.cue
        if step.is_rest:
            assert step.pressure is None and LIBRARY.settings[plan.setting].main_technique
            assert 10 <= step.seconds <= 30
        else:
            assert step.technique in allowed
            assert step.pressure is not None and step.pressure <= Pressure.MODERATE
        main = LIBRARY.settings[plan.setting].main_technique
        if main is not None and step.technique == main:
            assert 30 <= step.seconds <= 60, "roller and device sets last 30-60 s"


# --- the example plan and the tables --------------------------------------------------------------


def test_example_partner_ten_minutes_recovery() -> None:
    """'partner, 10 minutes, recovery after a run' with all 'No' answers gives this plan."""
    plan = plan_session("partner", 10, "recovery after a run", CLEAR)
    one_leg = [
        ("effleurage", "light", 55, "whole calf, ankle to below the knee"),
        ("effleurage", "moderate", 45, "whole calf, ankle to below the knee"),
        ("petrissage", "moderate", 50, "inner calf (medial gastrocnemius)"),
        ("petrissage", "moderate", 50, "outer calf (lateral gastrocnemius)"),
        ("skin_rolling", "light", 55, "whole calf, ankle to below the knee"),
        ("effleurage", "light", 45, "whole calf, ankle to below the knee"),
    ]
    got = [
        (s.technique, s.pressure.key if s.pressure else "", s.seconds, s.region) for s in plan.steps
    ]
    assert got == one_leg + one_leg
    assert [s.leg for s in plan.steps] == ["right"] * 6 + ["left"] * 6
    assert plan.steps[0].cue.startswith("Your partner lies face down")
    assert "Stop if pain rises." in plan.steps[0].cue
    assert plan.steps[6].cue.startswith("Now the left calf.")
    assert plan.level == Level.CLEAR and plan.adaptations == () and "S17" in plan.sources
    _check_rules(plan)


@pytest.mark.parametrize("minutes", MINUTES)
@pytest.mark.parametrize("goal", list(Goal))
@pytest.mark.parametrize("setting", list(Setting))
def test_every_setting_goal_and_length_follows_the_rules(
    setting: Setting, goal: Goal, minutes: int
) -> None:
    """Warm-up first, gradual pressure, allowed techniques, sets with rests, exact total."""
    plan = plan_session(setting, minutes, goal, CLEAR)
    _check_rules(plan)
    techniques = {s.technique for s in plan.steps}
    if setting == Setting.ROLLER:
        assert "rolling" in techniques
    if setting == Setting.DEVICES:
        assert "massage_gun" in techniques
    if setting in (Setting.ROLLER, Setting.DEVICES) and minutes >= 10:
        assert any(s.is_rest for s in plan.steps)
    if setting == Setting.ALONE:
        assert techniques == {"effleurage", "petrissage"}


def test_partner_plans_use_skin_rolling_and_hacking() -> None:
    """Partner plans use skin rolling (recovery) and hacking (before activity)."""
    assert any(
        s.technique == "skin_rolling" for s in plan_session("partner", 10, "recovery", CLEAR).steps
    )
    before = plan_session("partner", 10, "before activity", CLEAR)
    assert any(s.technique == "tapotement" for s in before.steps)


def test_long_sessions_say_what_studies_used() -> None:
    """Past the setting's length, the plan adds the note on what studies used, with sources."""
    short = plan_session("roller", 10, "recovery", CLEAR)
    long = plan_session("roller", 30, "recovery", CLEAR)
    assert not any("Calf studies used 3 sets" in n for n in short.notes)
    assert any("Calf studies used 3 sets" in n for n in long.notes)
    assert "S25" in long.sources


# --- input checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [None, {}, "clear", Level.CLEAR])
def test_no_plan_without_an_assessment(bad: object) -> None:
    """Anything but an Assessment is a TypeError that says how to get one."""
    with pytest.raises(TypeError, match=r"needs a screening result: pass calflib.screening.assess"):
        plan_session("partner", 10, "recovery", bad)  # type: ignore[arg-type]


@given(st.integers().filter(lambda m: not MIN_MINUTES <= m <= MAX_MINUTES))
def test_minutes_outside_the_range_raise(minutes: int) -> None:
    """Any length outside 3-45 minutes raises a ValueError naming the range."""
    with pytest.raises(ValueError, match="minutes must be between 3 and 45"):
        plan_session("alone", minutes, "recovery", CLEAR)


@pytest.mark.parametrize("bad", ["10", 10.0, True])
def test_minutes_must_be_a_whole_number(bad: object) -> None:
    """Text, fractions and booleans are refused with a TypeError."""
    with pytest.raises(TypeError, match="whole number from 3 to 45"):
        plan_session("alone", bad, "recovery", CLEAR)  # type: ignore[arg-type]


def test_bad_setting_and_goal_names_suggest_the_right_one() -> None:
    """A misspelt setting or goal raises ValueError with 'did you mean'."""
    with pytest.raises(ValueError, match="did you mean 'partner'"):
        plan_session("patner", 10, "recovery", CLEAR)
    with pytest.raises(ValueError, match="did you mean 'general relaxation'"):
        plan_session("partner", 10, "general relaxaton", CLEAR)


# --- the safety gate ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "days", "level", "words"),
    [
        (answers_with("calf_swelling_one_side"), None, Level.REFER, "One calf or leg swollen"),
        (answers_with("breathless_chest_pain"), None, Level.EMERGENCY, "Sudden breathlessness"),
        (answers_with("compartment_signs"), None, Level.EMERGENCY, "After an injury, a cast"),
        (answers_with("swelling_known_cause"), None, Level.REFER, "heart, kidney or liver"),
        (answers_with("recent_strain", "lymphoedema"), 1, Level.REFER, "Lymphoedema"),
    ],
)
def test_refer_and_emergency_give_no_plan(
    answers: dict[str, bool], days: int | None, level: Level, words: str
) -> None:
    """At REFER or above there are no steps, only the reasons and what to do instead."""
    plan = plan_session("partner", 10, "recovery", assess(answers, days))
    assert plan.blocked and plan.steps == () and plan.level == level
    assert plan.scope == "screening"
    assert any(words in r for r in plan.reasons)
    assert plan.instead and plan.sources
    assert format_plan(plan).startswith("No plan")
    assert "do not massage now" in plan_card(plan, LIBRARY, builtin_content())
    with pytest.raises(ValueError, match="no session to chart"):
        pressure_chart(plan)


@pytest.mark.parametrize("level", [Level.REFER, Level.EMERGENCY])
def test_the_gate_reads_the_level_not_the_reasons(level: Level) -> None:
    """A hand-built REFER or EMERGENCY assessment with no reasons still gets no plan."""
    bare = Assessment(level=level, reasons=(), advice="", complete=True, unanswered=())
    plan = plan_session("partner", 10, "recovery", bare)
    assert plan.blocked and plan.steps == () and plan.scope == "screening"
    assert plan.reasons and plan.instead


@pytest.mark.parametrize("days", [0, 1, 2, None])
@pytest.mark.parametrize("setting", list(Setting))
def test_wait_plans_the_uninjured_calf_only(days: int | None, setting: Setting) -> None:
    """WAIT means no massage on the injured calf: the whole session is the other calf, light."""
    result = assess(answers_with("recent_strain"), days)
    assert result.level == Level.WAIT
    plan = plan_session(setting, 10, "recovery", result)
    _check_rules(plan)
    assert {s.leg for s in plan.steps} == {OTHER_LEG}
    assert plan.peak == Pressure.LIGHT
    assert "leave the injured one alone" in plan.steps[0].cue
    assert any("One calf only" in n for n in plan.notes)
    assert "uninjured calf" in format_plan(plan)


def test_an_unfinished_screening_gives_no_plan() -> None:
    """'Not sure' about a warning sign or an injury means no plan, with a request to answer."""
    plan = plan_session("alone", 10, "recovery", assess({}))
    assert plan.blocked and plan.level == Level.REFER and plan.scope == "screening"
    assert "not finished" in plan.reasons[0] and "Answer those questions" in plan.instead[0]
    for unsure in ("calf_swelling_one_side", "recent_strain", "compartment_signs"):
        answers = {k: v for k, v in answers_with().items() if k != unsure}
        assert plan_session("alone", 10, "recovery", assess(answers)).blocked, unsure


def test_not_sure_about_a_change_is_planned_as_yes() -> None:
    """'Not sure' about something that only changes how to massage (MODIFY) gives the plan with
    that change made, and says so; 'not sure' about everyday soreness changes nothing."""
    answers = {k: v for k, v in answers_with().items() if k != "blood_thinners_bleeding"}
    plan = plan_session("partner", 10, "recovery", assess(answers))
    _check_rules(plan)
    assert plan.peak == Pressure.LIGHT
    assert not {"petrissage", "tapotement"} & {s.technique for s in plan.steps}
    assert any("not sure" in n and "Blood thinners" in n for n in plan.notes)
    assert plan_session("roller", 10, "recovery", assess(answers)).scope == "setting"
    nearly = {k: v for k, v in answers_with().items() if k != "doms_both_calves"}
    assert not plan_session("alone", 10, "recovery", assess(nearly)).blocked


def test_blood_thinners_mean_light_stroking_and_no_roller_or_gun() -> None:
    """With blood thinners: light, no skin rolling, hacking or friction; the roller and devices
    are blocked for that setting only, and the card says what is still possible."""
    thinners = assess(answers_with("blood_thinners_bleeding"))
    plan = plan_session("partner", 10, "before activity", thinners)
    _check_rules(plan)
    assert {s.pressure for s in plan.steps} == {Pressure.LIGHT}
    assert not {"tapotement", "friction", "skin_rolling"} & {s.technique for s in plan.steps}
    assert "Tapotement (hacking)" in plan.left_out
    assert all("no hacking, no tools" in s.cue for s in plan.steps if not s.is_rest)
    content = builtin_content()
    for setting in ("devices", "roller"):
        blocked = plan_session(setting, 10, "recovery", thinners)
        assert blocked.blocked and blocked.steps == () and blocked.scope == "setting"
        assert any("Blood thinners" in r for r in blocked.reasons)
        assert set(blocked.still_possible) == {Setting.ALONE, Setting.PARTNER}
        assert "still possible" in blocked.instead[0]
        card = plan_card(blocked, LIBRARY, content)
        assert "do not massage now" not in card and "No plan with this setting" in card
        assert "on your own or with a partner" in card


@pytest.mark.parametrize(
    ("finding", "words", "area"),
    [
        ("broken_skin", "Keep well away from the wound", "the wound"),
        ("varicose_veins", "around the varicose veins, never on them", "the varicose veins"),
    ],
)
def test_a_wound_or_varicose_veins_are_named_in_every_cue(
    finding: str, words: str, area: str
) -> None:
    """Every massage step's cue says what to avoid, and the plan lists the area."""
    plan = plan_session("alone", 8, "relaxation", assess(answers_with(finding)))
    _check_rules(plan)
    assert all(words in s.cue for s in plan.steps if not s.is_rest)
    assert any(a.startswith(area) for a in plan.avoid_areas)


def test_varicose_veins_rule_out_the_roller() -> None:
    """A roller presses on everything, so with varicose veins there is no roller plan."""
    plan = plan_session("roller", 10, "recovery", assess(answers_with("varicose_veins")))
    assert plan.blocked and plan.level == Level.MODIFY and plan.scope == "setting"
    assert any("never to press on varicose veins" in r for r in plan.reasons)


def test_a_strain_from_day_three_gives_a_light_plan_around_the_injury() -> None:
    """From day 3 a strain is MODIFY: light pressure and a cue to work around the spot."""
    plan = plan_session("partner", 12, "recovery", assess(answers_with("recent_strain"), 4))
    _check_rules(plan)
    assert plan.level == Level.MODIFY and plan.peak == Pressure.LIGHT
    assert all("Work around the injured spot" in s.cue for s in plan.steps)


# --- properties -----------------------------------------------------------------------------------

_ANSWER = st.sampled_from((*([False] * 20), True, None))


@st.composite
def _assessments(draw: st.DrawFn) -> Assessment:
    answers = {fid: a for fid in FINDINGS if (a := draw(_ANSWER)) is not None}
    days = draw(st.none() | st.integers(0, 20)) if answers.get("recent_strain") else None
    return assess(answers, days)


@given(
    assessment=_assessments(),
    setting=st.sampled_from(list(Setting)),
    goal=st.sampled_from(list(Goal)),
    minutes=st.integers(MIN_MINUTES, MAX_MINUTES),
)
def test_plan_invariants(
    assessment: Assessment, setting: Setting, goal: Goal, minutes: int
) -> None:
    """Blocked at REFER+ or unfinished; one calf at WAIT; else exact time, allowed techniques,
    light whenever the screening is not a plain go-ahead."""
    plan = plan_session(setting, minutes, goal, assessment)
    unsure_sign = any(not r.sure and r.level > Level.MODIFY for r in assessment.reasons)
    if assessment.level >= Level.REFER or unsure_sign:
        assert plan.blocked and plan.steps == () and plan.reasons and plan.instead
        assert plan.scope == "screening"
        return
    if plan.blocked:  # only for a setting an adaptation rules out
        assert plan.scope == "setting" and assessment.level in (Level.MODIFY, Level.WAIT)
        assert plan.instead and plan.steps == () and setting not in plan.still_possible
        return
    _check_rules(plan)
    if assessment.level > Level.CLEAR:
        assert all(s.pressure in (None, Pressure.LIGHT) for s in plan.steps)
        assert plan.adaptations == assessment.adaptations
    modify_ids = {r.finding.id for r in assessment.reasons if r.level == Level.MODIFY}
    if "blood_thinners_bleeding" in modify_ids:
        assert not {"tapotement", "massage_gun", "friction"} & {s.technique for s in plan.steps}


# --- every "modify" finding x setting x goal ----------------------------------------------------

MODIFY_FINDINGS = [
    fid
    for fid, f in builtin_content().findings.items()
    if f.level == Level.MODIFY or (f.timing is not None and f.timing.then_level == Level.MODIFY)
]
#: Settings each finding rules out altogether (the roller and devices carry body weight or strike).
BLOCKED = {
    "blood_thinners_bleeding": {Setting.ROLLER, Setting.DEVICES},
    "varicose_veins": {Setting.ROLLER, Setting.DEVICES},
    "weak_bones": {Setting.ROLLER, Setting.DEVICES},
    "fragile_skin": {Setting.ROLLER, Setting.DEVICES},
    "older_adult": {Setting.ROLLER, Setting.DEVICES},
    "reduced_sensation": {Setting.ROLLER, Setting.DEVICES},
    "risk_cancer_treatment": {Setting.ROLLER, Setting.DEVICES},
    "recent_strain": {Setting.ROLLER, Setting.DEVICES},
    "pregnancy": {Setting.DEVICES},
    "heart_kidney_liver_condition": {Setting.DEVICES},
    "risk_long_journey": {Setting.DEVICES},
    "risk_previous_clot": {Setting.DEVICES},
    "risk_hormones": {Setting.DEVICES},
}


def test_the_blocked_table_covers_every_modify_finding() -> None:
    """Every finding that can lead to MODIFY has a row above (a new one must be thought about)."""
    assert set(BLOCKED) | {"broken_skin"} == set(MODIFY_FINDINGS)


@pytest.mark.parametrize("goal", list(Goal))
@pytest.mark.parametrize("setting", list(Setting))
@pytest.mark.parametrize("finding", MODIFY_FINDINGS)
def test_every_modify_finding_setting_and_goal_is_safe(
    finding: str, setting: Setting, goal: Goal
) -> None:
    """For each MODIFY finding, setting and goal: a setting-only block with what is still
    possible, or a light plan that leaves out every ruled-out technique, says the finding's cue
    in every step, never asks for a foam roller under body weight, and (pregnancy) never puts
    anyone face down."""
    days = 5 if CONTENT.findings[finding].timing is not None else None
    result = assess(answers_with(finding), days)
    assert result.level == Level.MODIFY
    adaptation = LIBRARY.adaptations[finding]
    plan = plan_session(setting, 10, goal, result)
    if setting in BLOCKED.get(finding, set()):
        assert plan.blocked and plan.scope == "setting" and plan.steps == ()
        assert plan.still_possible and setting not in plan.still_possible
        assert CONTENT.findings[finding].label in " ".join(plan.reasons)
        return
    _check_rules(plan)
    assert plan.peak == Pressure.LIGHT
    assert not set(adaptation.avoid_techniques) & {s.technique for s in plan.steps}
    assert all(adaptation.cue in s.cue for s in plan.steps if not s.is_rest)
    assert plan.adaptations == result.adaptations
    if setting == Setting.ROLLER:
        assert "handheld roller" in plan.position and "not a foam roller" in plan.position
        assert "hands on the floor" not in " ".join(s.cue for s in plan.steps)
    if finding in ("older_adult", "weak_bones") and setting in (Setting.PARTNER, Setting.ALONE):
        assert "not a mat on the floor" in plan.position or "not on the floor" in plan.position
    if finding == "pregnancy" and setting in (Setting.PARTNER, Setting.ALONE, Setting.ROLLER):
        words = (plan.position + plan.steps[0].cue).lower()
        assert "side" in words or "sit" in words
        assert "lies face down" not in words and "prone" not in words
        assert plan.position != LIBRARY.settings[setting].position


CONTENT = builtin_content()


def test_a_heart_condition_shortens_a_long_session() -> None:
    """With heart failure (or a serious heart, kidney or liver condition) the plan stays short:
    a 30-minute choice becomes the adaptation's 15 minutes, and the plan says why."""
    result = assess(answers_with("heart_kidney_liver_condition"))
    plan = plan_session("partner", 30, "relaxation", result)
    _check_rules(plan)
    assert plan.minutes == 15 and plan.total_seconds == 15 * 60
    assert any(n.startswith("Shortened from 30 to 15 minutes") for n in plan.notes)
    assert plan_session("partner", 10, "relaxation", result).minutes == 10


def test_a_healing_strain_gets_no_step_aimed_at_one_part_of_the_calf() -> None:
    """After 72 hours the plan cannot know where the strain is, so no step focuses on the inner
    calf (the usual strain site) or any other part: each covers the whole calf, around the spot."""
    result = assess(answers_with("recent_strain"), 5)
    for setting in ("alone", "partner"):
        plan = plan_session(setting, 12, "recovery", result)
        _check_rules(plan)
        assert {s.region for s in plan.steps} == {"whole calf, ankle to below the knee"}
        assert all("Focus on" not in s.cue for s in plan.steps)
        first = plan.steps[0].cue.lower()
        assert first.count("stop if pain rises") == 1


def test_a_cue_shared_by_two_findings_is_said_once() -> None:
    """Two clot risk factors share one cue: each step says it once."""
    result = assess(answers_with("risk_long_journey", "risk_hormones"))
    plan = plan_session("partner", 10, "relaxation", result)
    cue = "Gentle strokes only: no vigorous deep work."
    assert all(s.cue.count(cue) == 1 for s in plan.steps if not s.is_rest)


def test_not_sure_about_a_fresh_strain_says_wait_not_clinician() -> None:
    """'Not sure' about a fresh strain blocks the plan with the 72-hour wait in words (answer Yes
    and the other calf is planned), not with the clinician's check a warning sign needs."""
    answers = {k: v for k, v in answers_with().items() if k != "recent_strain"}
    plan = plan_session("alone", 10, "recovery", assess(answers))
    assert plan.blocked
    assert "72 hours" in plan.instead[0] and "other calf" in plan.instead[0]
    assert "clinician" not in plan.instead[0]
    sign = {k: v for k, v in answers_with().items() if k != "calf_swelling_one_side"}
    assert "clinician" in plan_session("alone", 10, "recovery", assess(sign)).instead[0]
