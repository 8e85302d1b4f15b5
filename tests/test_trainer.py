"""Tests for calflib.trainer and the scenarios: the engine gives every vignette its level."""

from __future__ import annotations

import re

import pytest

from calflib.content_in_use import default_content
from calflib.loader import builtin_content
from calflib.model import Content, Level, Scenario
from calflib.trainer import Outcome, assess_scenario, check_choice, level_options

SCENARIOS = default_content().scenarios
#: "Eileen, 78, takes ...": the age a story gives its person, right after the name.
AGE = re.compile(r"^[A-Z][a-z]+, (\d+),")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_engine_gives_every_scenario_its_expected_level(scenario: Scenario) -> None:
    """Each vignette's expected level is what the screening rules give for its story."""
    assert assess_scenario(scenario).level == scenario.expected


def test_scenarios_cover_every_level(content: Content) -> None:
    """There are at least 15 scenarios and each level appears at least twice."""
    assert len(content.scenarios) >= 15
    for level in Level:
        assert sum(s.expected == level for s in content.scenarios) >= 2, level


def test_scenarios_include_not_sure_and_strain_timing(content: Content) -> None:
    """At least one scenario teaches 'not sure', and one uses days since a strain."""
    assert any(s.not_sure for s in content.scenarios)
    assert any(s.days_since_injury is not None for s in content.scenarios)


def test_every_finding_has_a_built_in_story() -> None:
    """Every finding in findings.toml is answered "yes" in at least one built-in scenario."""
    content = builtin_content()
    told = {fid for s in content.scenarios for fid in s.present}
    assert [fid for fid in content.findings if fid not in told] == []


def test_every_combination_has_a_built_in_story() -> None:
    """Every [[combination]] in findings.toml decides the level of at least one built-in story
    that lists all its findings, so the trainer teaches what the findings mean together."""
    content = builtin_content()
    assert content.combinations, "findings.toml has no [[combination]] left to teach"
    told = {
        r.finding.id
        for s in content.scenarios
        for r in assess_scenario(s, content).reasons
        if r.level == s.expected
    }
    missing = [c.finding.id for c in content.combinations if c.finding.id not in told]
    assert missing == []


def test_stories_with_an_age_answer_the_age_question() -> None:
    """A story whose person is 60 or over lists older_adult; a younger person's story does not."""
    aged = [(s, int(m.group(1))) for s in builtin_content().scenarios if (m := AGE.match(s.story))]
    assert len(aged) >= 10, "the pattern no longer finds the ages the stories give"
    wrong = [(s.id, age) for s, age in aged if (age >= 60) != ("older_adult" in s.present)]
    assert wrong == []


def test_right_answer(content: Content) -> None:
    """Choosing the engine's level is right, and the headline says so."""
    scenario = content.scenarios[0]
    result = check_choice(scenario, scenario.expected)
    assert result.correct and result.outcome is Outcome.RIGHT
    assert result.headline.startswith("Right")


def test_under_triage_is_called_unsafe(content: Content) -> None:
    """Choosing a lower level than needed is 'not safe'."""
    scenario = next(s for s in content.scenarios if s.expected == Level.REFER)
    result = check_choice(scenario, Level.CLEAR)
    assert result.outcome is Outcome.UNSAFE
    assert result.headline.startswith("Not safe")


def test_over_triage_is_safe_but_too_cautious(content: Content) -> None:
    """Choosing a higher level than needed is safe but over-cautious."""
    scenario = next(s for s in content.scenarios if s.expected == Level.CLEAR)
    result = check_choice(scenario, Level.EMERGENCY)
    assert result.outcome is Outcome.TOO_CAUTIOUS
    assert not result.correct


def test_choice_must_be_a_level(content: Content) -> None:
    """A plain string is refused with a TypeError."""
    with pytest.raises(TypeError, match="chosen must be a Level"):
        check_choice(content.scenarios[0], "refer")  # type: ignore[arg-type]


def test_level_options_mark_only_the_engines_level_right() -> None:
    """A story's triage options are the five levels, most serious first, and only the level the
    screening engine gives is marked right (the one source of triage keys)."""
    content = builtin_content()
    for scenario in content.scenarios:
        options = level_options(scenario, content)
        assert [o.id for o in options] == [level.key for level in sorted(Level, reverse=True)]
        assert [o.id for o in options if o.correct] == [scenario.expected.key]
