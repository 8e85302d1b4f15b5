"""Tests for calflib.screening: clinical cases, safety invariants and input errors."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.model import Content, Level
from calflib.screening import (
    ANSWER_CHOICES,
    Assessment,
    answers_from_choices,
    answers_with,
    assess,
)


def without(answers: dict[str, bool], *unsure: str) -> dict[str, bool]:
    """The same answers with some findings left as 'not sure'."""
    return {fid: v for fid, v in answers.items() if fid not in unsure}


# --- clinical cases -----------------------------------------------------------------------------

CASES = [
    # (present findings, days since injury, expected level, urgent)
    ((), None, Level.CLEAR, False),
    (("doms_both_calves",), None, Level.CLEAR, False),
    (("breathless_chest_pain",), None, Level.EMERGENCY, True),
    (("breathless_chest_pain", "calf_swelling_one_side"), None, Level.EMERGENCY, True),
    (("calf_swelling_one_side",), None, Level.REFER, True),
    (("calf_warm_red_dark",), None, Level.REFER, True),
    (("deep_pain_no_cause",), None, Level.REFER, True),
    (("hard_painful_veins",), None, Level.REFER, True),
    (("hot_spreading_redness",), None, Level.REFER, True),
    (("fever_or_unwell",), None, Level.REFER, False),
    (("cannot_bear_weight",), None, Level.REFER, True),
    (("unexplained_lump",), None, Level.REFER, False),
    (("unexplained_swelling_both",), None, Level.REFER, False),
    (("recent_surgery_cast_bedrest",), None, Level.REFER, False),
    (("recent_strain",), 0, Level.WAIT, False),
    (("recent_strain",), 2, Level.WAIT, False),
    (("recent_strain",), None, Level.WAIT, False),
    (("recent_strain",), 3, Level.MODIFY, False),
    (("recent_strain",), 30, Level.MODIFY, False),
    (("varicose_veins",), None, Level.MODIFY, False),
    (("blood_thinners_bleeding",), None, Level.MODIFY, False),
    (("reduced_sensation",), None, Level.MODIFY, False),
    (("pregnancy",), None, Level.MODIFY, False),
    (("broken_skin",), None, Level.MODIFY, False),
    (("risk_long_journey",), None, Level.MODIFY, False),
    (("risk_previous_clot",), None, Level.MODIFY, False),
    (("risk_hormones",), None, Level.MODIFY, False),
    (("risk_cancer_treatment",), None, Level.MODIFY, False),
    (("doms_both_calves", "blood_thinners_bleeding"), None, Level.MODIFY, False),
    (("doms_both_calves", "calf_swelling_one_side"), None, Level.REFER, True),
    (("risk_long_journey", "calf_swelling_one_side"), None, Level.REFER, True),
    (("pregnancy", "calf_swelling_one_side"), None, Level.REFER, True),
    (("recent_strain", "deep_pain_no_cause"), 5, Level.REFER, True),
    (("recent_strain", "blood_thinners_bleeding"), 1, Level.REFER, True),  # a combination
    (("recent_strain", "blood_thinners_bleeding"), None, Level.REFER, True),
    (("recent_strain", "blood_thinners_bleeding"), 3, Level.MODIFY, False),  # past 72 hours
    # the conditions added for the clinical corrections (fact sheet section 7)
    (("compartment_signs",), None, Level.EMERGENCY, True),
    (("leg_suddenly_cold",), None, Level.EMERGENCY, True),
    (("clot_being_treated",), None, Level.REFER, False),
    (("clot_being_treated", "blood_thinners_bleeding"), None, Level.REFER, False),
    (("lump_behind_knee",), None, Level.REFER, False),
    (("swelling_known_cause",), None, Level.REFER, False),
    (("lymphoedema",), None, Level.REFER, False),
    (("poor_circulation",), None, Level.REFER, False),
    (("pregnancy", "pregnancy_sudden_swelling"), None, Level.REFER, True),
    (("healing_fracture",), None, Level.REFER, False),
    (("healing_fracture", "calf_swelling_one_side"), None, Level.REFER, True),
    (("weak_bones",), None, Level.MODIFY, False),
    (("fragile_skin",), None, Level.MODIFY, False),
    (("older_adult",), None, Level.MODIFY, False),
    (
        ("older_adult", "fragile_skin", "weak_bones", "blood_thinners_bleeding"),
        None,
        Level.MODIFY,
        False,
    ),
    (("recent_strain", "compartment_signs"), 1, Level.EMERGENCY, True),
]


@pytest.mark.parametrize(("present", "days", "expected", "urgent"), CASES)
def test_clinical_cases(
    content: Content, present: tuple[str, ...], days: int | None, expected: Level, urgent: bool
) -> None:
    """Each clinical picture gets the level and urgency the fact sheet supports."""
    result = assess(answers_with(*present), days)
    assert result.level == expected
    assert result.urgent == urgent
    assert result.complete
    assert result.advice == result.advice.strip() and result.advice


def test_nothing_wrong_is_a_go_ahead_with_the_disclaimer(content: Content) -> None:
    """All 'no' gives CLEAR, no reasons, and advice that still says it is not a diagnosis."""
    result = assess(answers_with())
    assert result.level == Level.CLEAR
    assert result.reasons == ()
    assert "not a diagnosis" in result.advice


def test_emergency_advice_says_call_now(content: Content) -> None:
    """A possible pulmonary embolism tells the learner to call emergency services, not to drive."""
    result = assess(answers_with("breathless_chest_pain"))
    assert "999" in result.advice and "do not drive yourself" in result.advice


def test_suspected_dvt_is_urgent_referral(content: Content) -> None:
    """A DVT sign gives the urgent wording (same-day help), not the routine one."""
    result = assess(answers_with("calf_swelling_one_side"))
    assert result.advice == content.levels[Level.REFER].advice_urgent
    routine = assess(answers_with("unexplained_lump"))
    assert routine.advice == content.levels[Level.REFER].advice


@pytest.mark.parametrize(("days", "left"), [(0, 3), (1, 2), (2, 1)])
def test_fresh_strain_waits_until_day_three(content: Content, days: int, left: int) -> None:
    """Days 0-2 after a strain: WAIT, and the advice says how many days are left."""
    result = assess(answers_with("recent_strain"), days)
    assert result.level == Level.WAIT
    assert result.recheck_in_days == left
    assert f"Check again in {left} day" in result.advice


def test_strain_with_unknown_days_asks_for_them(content: Content) -> None:
    """A strain with no day count waits, with no recheck day, and asks for the days."""
    result = assess(answers_with("recent_strain"))
    assert result.level == Level.WAIT
    assert result.recheck_in_days is None
    assert "how long ago" in result.advice


def test_strain_from_day_three_is_gentle_and_pain_guided(content: Content) -> None:
    """From day 3 a strain allows massage with light, pain-guided adaptations."""
    result = assess(answers_with("recent_strain"), 3)
    assert result.level == Level.MODIFY
    text = " ".join(result.adaptations).lower()
    assert "light pressure" in text and "pain" in text


@pytest.mark.parametrize("days", range(0, 40))
def test_more_days_never_raise_the_level(content: Content, days: int) -> None:
    """Waiting longer after a strain never makes the verdict stricter; unknown days is strictest."""
    answers = answers_with("recent_strain")
    later = assess(answers, days + 1).level
    assert later <= assess(answers, days).level <= assess(answers).level


def test_blood_thinners_rule_out_percussion_and_deep_work(content: Content) -> None:
    """On blood thinners the changes include light pressure and no hacking or massage guns."""
    result = assess(answers_with("blood_thinners_bleeding"))
    text = " ".join(result.adaptations)
    assert "Light stroking with flat hands only; ask your prescriber first." in result.adaptations
    for left_out in ("roller", "skin rolling", "hacking", "friction", "massage gun"):
        assert left_out in text


def test_adaptations_are_merged_without_repeats(content: Content) -> None:
    """Several clot risk factors share advice; each change is listed once."""
    result = assess(answers_with("risk_long_journey", "risk_hormones", "risk_previous_clot"))
    assert len(result.adaptations) == len(set(result.adaptations))
    assert result.level == Level.MODIFY


def test_reasons_are_ordered_most_serious_first(content: Content) -> None:
    """The deciding reason comes first, so the card shows it at the top."""
    result = assess(answers_with("varicose_veins", "calf_swelling_one_side", "fever_or_unwell"))
    levels = [r.level for r in result.reasons]
    assert levels == sorted(levels, reverse=True)
    assert result.reasons[0].finding.id == "calf_swelling_one_side"
    assert set(result.sources) >= {"S3", "S7a", "S7b"}


# --- "not sure" -----------------------------------------------------------------------------------


def test_blank_form_is_not_a_go_ahead(content: Content) -> None:
    """With nothing answered the result is incomplete and at least REFER."""
    result = assess({})
    assert not result.complete
    assert result.level == Level.REFER
    assert set(result.unanswered) == set(content.finding_ids)


@pytest.mark.parametrize(
    "flag", ["breathless_chest_pain", "calf_swelling_one_side", "fever_or_unwell"]
)
def test_not_sure_about_a_red_flag_means_get_it_checked(content: Content, flag: str) -> None:
    """Unsure about one warning sign (all else no) gives REFER, never CLEAR."""
    result = assess(without(answers_with(), flag))
    assert result.level == Level.REFER
    assert not result.complete and result.unanswered == (flag,)
    assert result.reasons[0].sure is False
    assert "not sure" in result.advice


def _urgent(content: Content) -> list[str]:
    return [fid for fid, f in content.findings.items() if f.urgent]


def test_every_urgent_sign_says_what_to_do_when_not_sure(content: Content) -> None:
    """A sign that needs help the same day when present has its own 'not sure' advice, and that
    advice names the same day ('today' or 'now'), never just 'someone qualified'."""
    urgent = _urgent(content)
    assert len(urgent) >= 10
    for fid in urgent:
        text = content.findings[fid].if_unsure
        assert text, f"{fid} has no if_unsure"
        assert "today" in text or " now" in text, f"{fid}: {text}"


@pytest.mark.parametrize(
    "flag", ["calf_swelling_one_side", "hot_spreading_redness", "cannot_bear_weight"]
)
def test_not_sure_about_an_urgent_sign_asks_for_a_check_the_same_day(
    content: Content, flag: str
) -> None:
    """One urgent sign 'not sure', all else no: REFER (not flagged urgent: it is a doubt), and the
    advice and the reason both say to get it checked the same day if it cannot be ruled out."""
    result = assess(without(answers_with(), flag))
    assert result.level == Level.REFER and not result.urgent
    assert "today" in result.advice and "cannot rule" in result.advice
    assert result.reasons[0].action == content.findings[flag].if_unsure
    assert "today" in result.reasons[0].action


def test_not_sure_about_a_non_urgent_sign_asks_for_a_check_without_a_deadline(
    content: Content,
) -> None:
    """Unsure about feeling unwell (REFER, not urgent): a check before massage, no 'same day'."""
    assert not content.findings["fever_or_unwell"].urgent
    result = assess(without(answers_with(), "fever_or_unwell"))
    assert result.level == Level.REFER
    assert "same day" not in result.advice and "today" not in result.advice
    assert "check before any massage" in result.advice


def test_a_form_just_begun_states_the_same_day_rule_without_alarm(content: Content) -> None:
    """Every answer 'not sure' (a form just begun): the advice asks for answers and states the
    rule for the urgent signs, rather than the level's urgent advice or an emergency call."""
    result = assess({})
    assert result.advice.startswith("No go-ahead yet")
    assert "for the urgent ones" in result.advice and "Right now" in result.advice
    urgent_advice = result.advice.lower()
    assert "get medical help today" not in urgent_advice and "emergency number" not in urgent_advice


def test_not_sure_about_an_emergency_sign_says_call_if_it_is_happening_now(
    content: Content,
) -> None:
    """One emergency sign 'not sure' (all else no): REFER, and the advice adds: if you have it
    right now, call your emergency number."""
    result = assess(without(answers_with(), "breathless_chest_pain"))
    assert result.level == Level.REFER
    assert "today" in result.advice and "right now, call your emergency number" in result.advice


def test_not_sure_about_a_strain_waits(content: Content) -> None:
    """Unsure whether there was a fresh strain: wait, as if it might be fresh."""
    assert assess(without(answers_with(), "recent_strain")).level == Level.WAIT


def test_not_sure_about_everyday_soreness_still_clears(content: Content) -> None:
    """The only unanswered question is harmless (DOMS): CLEAR, but reported as incomplete."""
    result = assess(without(answers_with(), "doms_both_calves"))
    assert result.level == Level.CLEAR
    assert not result.complete


# --- exhaustive and property-based safety invariants ----------------------------------------------


def _sweep(
    content: Content, flags: tuple[str, ...], states_per_flag: tuple[bool | None, ...]
) -> int:
    """Assess every combination of ``states_per_flag`` over ``flags`` (every other answer 'no')
    and check the red-flag rules on each; returns how many combinations were checked."""
    base = answers_with()
    emergency = {fid for fid in content.red_flags if content.findings[fid].level == Level.EMERGENCY}
    checked = 0
    for states in itertools.product(states_per_flag, repeat=len(flags)):
        answers = dict(base)
        for fid, state in zip(flags, states, strict=True):
            if state is None:
                del answers[fid]
            else:
                answers[fid] = state
        level = assess(answers, content=content).level
        if all(state is False for state in states):
            assert level == Level.CLEAR
        else:
            assert level >= Level.REFER, answers
        present_emergency = any(answers.get(fid) is True for fid in emergency)
        assert (level == Level.EMERGENCY) == present_emergency
        checked += 1
    return checked


def test_every_red_flag_combination_within_each_group(content: Content) -> None:
    """For every questionnaire group, all 3^k yes/no/not-sure combinations of its k red flags
    (everything else 'no'): CLEAR exactly when every red flag is 'no'; otherwise at least REFER;
    EMERGENCY only from a present emergency finding."""
    total = 0
    for group in content.groups:
        flags = tuple(f.id for f in content.members(group.id) if f.red_flag)
        if flags:
            assert _sweep(content, flags, (True, False, None)) == 3 ** len(flags)
            total += 3 ** len(flags)
    assert total >= 500


def test_every_set_of_up_to_three_red_flags_across_groups(content: Content) -> None:
    """Every choice of one, two or three red flags from the whole catalogue, each 'yes' or
    'not sure' (every other answer 'no'), gives at least REFER, and EMERGENCY only from a 'yes'
    to an emergency finding. (3^k over all k red flags is too many to run; the engine grades
    each finding on its own, so small sets and whole groups cover the ways they combine.)"""
    flags = content.red_flags
    assert len(flags) >= 20
    for size in (1, 2, 3):
        for chosen in itertools.combinations(flags, size):
            answers = answers_with()
            for states in itertools.product((True, None), repeat=size):
                for fid, state in zip(chosen, states, strict=True):
                    if state is None:
                        answers.pop(fid, None)
                    else:
                        answers[fid] = True
                level = assess(answers, content=content).level
                assert level >= Level.REFER, chosen
                emergency = any(
                    answers.get(fid) is True and content.findings[fid].level == Level.EMERGENCY
                    for fid in chosen
                )
                assert (level == Level.EMERGENCY) == emergency
                answers = answers_with()


@pytest.mark.parametrize("background", ["none", "all_mild"])
def test_any_present_red_flag_beats_every_mild_finding(content: Content, background: str) -> None:
    """Each red flag, alone or paired, gives at least REFER even with every mild finding 'yes'."""
    mild = [fid for fid in content.finding_ids if not content.findings[fid].red_flag]
    extra = mild if background == "all_mild" else []
    for pair in itertools.combinations_with_replacement(content.red_flags, 2):
        result = assess(answers_with(*pair, *extra), 10 if extra else None)
        assert result.level >= Level.REFER, pair


@st.composite
def answer_sets(draw: st.DrawFn, content: Content) -> tuple[dict[str, bool], int | None]:
    """Any mix of yes / no / not sure over the whole catalogue, with consistent injury days."""
    answers: dict[str, bool] = {}
    for fid in content.finding_ids:
        state = draw(st.sampled_from([True, False, None]))
        if state is not None:
            answers[fid] = state
    timed = [fid for fid, f in content.findings.items() if f.timing is not None]
    days = None
    if any(answers.get(fid) is True for fid in timed):
        days = draw(st.none() | st.integers(min_value=0, max_value=400))
    return answers, days


def _invariants(content: Content, answers: dict[str, bool], result: Assessment) -> None:
    red = content.red_flags
    if result.level == Level.CLEAR:
        assert all(answers.get(fid) is False for fid in red)
    if any(answers.get(fid) is True for fid in red):
        assert result.level >= Level.REFER
    assert result.complete == (len(answers) == len(content.finding_ids))
    assert result.level == max((r.level for r in result.reasons), default=Level.CLEAR)
    assert result.advice


@given(data=st.data())
def test_invariants_hold_over_the_whole_answer_space(content: Content, data: st.DataObject) -> None:
    """CLEAR needs every red flag 'no'; any red flag gives >= REFER; level = worst reason."""
    answers, days = data.draw(answer_sets(content))
    _invariants(content, answers, assess(answers, days))


@given(data=st.data())
def test_adding_a_present_finding_never_lowers_the_level(
    content: Content, data: st.DataObject
) -> None:
    """Monotonic: turning any 'no' or 'not sure' into 'yes' keeps or raises the level, and so does
    turning 'no' into 'not sure'."""
    answers, days = data.draw(answer_sets(content))
    before = assess(answers, days).level
    fid = data.draw(st.sampled_from(content.finding_ids))
    raised = {**answers, fid: True}
    raised_days = days
    if content.findings[fid].timing is not None and answers.get(fid) is not True:
        raised_days = data.draw(st.none() | st.integers(min_value=0, max_value=400))
    assert assess(raised, raised_days).level >= before
    if answers.get(fid) is False:
        assert assess(without(answers, fid), days).level >= before


# --- bad input ------------------------------------------------------------------------------------


def test_unknown_id_is_named_with_a_suggestion() -> None:
    """A misspelt finding id raises ValueError naming it and the closest real id."""
    with pytest.raises(ValueError, match=r"'calf_swelling'.*did you mean 'calf_swelling_one_side'"):
        assess({"calf_swelling": True})


@pytest.mark.parametrize("value", ["yes", 1, 0, None, 1.0])
def test_non_bool_answers_are_refused(value: object) -> None:
    """Answers must be True or False; 'yes', 1 or None raise a TypeError naming the finding."""
    with pytest.raises(TypeError, match="answer for 'pregnancy' must be True"):
        assess({"pregnancy": value})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("days", "error", "message"),
    [
        (-1, ValueError, "cannot be negative"),
        (2.5, TypeError, "whole number"),
        ("3", TypeError, "whole number"),
        (True, TypeError, "whole number"),
    ],
)
def test_bad_days_are_refused(
    content: Content, days: object, error: type[Exception], message: str
) -> None:
    """Days since injury must be a whole number from 0 upwards."""
    with pytest.raises(error, match=message):
        assess(answers_with("recent_strain"), days)  # type: ignore[arg-type]


def test_days_without_an_injury_are_refused(content: Content) -> None:
    """Giving days when the strain question is not 'yes' is a mistake, and the error says so."""
    with pytest.raises(ValueError, match="recent_strain"):
        assess(answers_with(), 2)


def test_answers_must_be_a_mapping() -> None:
    """A list of ids instead of a mapping raises a TypeError explaining the expected shape."""
    with pytest.raises(TypeError, match="mapping of finding id"):
        assess(["pregnancy"])  # type: ignore[arg-type]


def test_choices_convert_to_answers() -> None:
    """Questionnaire choices map to True / False, and 'Not sure' leaves the id out."""
    assert ANSWER_CHOICES == ("Yes", "No", "Not sure")
    result = answers_from_choices(
        {"pregnancy": "Yes", "broken_skin": "No", "fever_or_unwell": "Not sure"}
    )
    assert result == {"pregnancy": True, "broken_skin": False}
    with pytest.raises(ValueError, match="must be one of Yes, No, Not sure"):
        answers_from_choices({"pregnancy": "maybe"})


def test_answers_with_says_yes_to_the_named_findings_and_no_to_the_rest(content: Content) -> None:
    """answers_with names the findings present; every other finding is answered 'no'."""
    answers = answers_with("pregnancy", "varicose_veins")
    assert answers == {fid: fid in ("pregnancy", "varicose_veins") for fid in content.finding_ids}
    assert assess(answers_with()).level == Level.CLEAR and assess(answers_with()).complete
    with pytest.raises(ValueError, match=r"unknown finding id 'pregnancyy'.*'pregnancy'"):
        answers_with("pregnancyy")
