"""Tests for calflib.widgets.plan_first: plan it yourself, then compare, driven in the kernel."""

from __future__ import annotations

from calflib.screening import answers_with, assess
from calflib.widgets import PlanYourOwn

CLEAR = assess(answers_with())


def _fill(w: PlanYourOwn, *steps: tuple[str, str, int]) -> None:
    for (technique, pressure, time), row in zip(steps, w.rows, strict=False):
        row[0].value, row[1].value, row[2].value = technique, pressure, time


def test_nothing_of_the_planner_shows_before_the_learner_compares() -> None:
    """Planning comes first: the result is empty until the button is pressed."""
    w = PlanYourOwn(CLEAR)
    _fill(w, ("effleurage", "light", 60))
    assert w.result.value == "" and w.comparison is None


def test_a_good_plan_matches_and_shows_both_plans() -> None:
    """Warm-up, kneading, ease-off: 'follows every rule', with both tables."""
    w = PlanYourOwn(CLEAR)
    _fill(
        w, ("effleurage", "light", 60), ("petrissage", "moderate", 180), ("effleurage", "light", 60)
    )
    w.compare_button.click()
    assert w.comparison is not None and w.comparison.matches
    assert "follows every rule the planner checks" in w.result.value
    assert (
        "Your plan, for each calf" in w.result.value and "The planner&#x27;s plan" in w.result.value
    )


def test_differences_come_with_reasons_and_a_change_asks_to_compare_again() -> None:
    """Hacking on your own with no warm-up: each difference has a 'Why'; editing clears it."""
    w = PlanYourOwn(CLEAR)
    _fill(w, ("tapotement", "moderate", 60), ("petrissage", "moderate", 120))
    w.compare_button.click()
    assert "not part of a session on your own" in w.result.value
    assert "does not start with a warm-up" in w.result.value and "Why:" in w.result.value
    w.rows[0][0].value = "effleurage"
    assert w.comparison is None and "Press" in w.result.value


def test_without_a_finished_screening_no_plan_is_right() -> None:
    """The built-in questionnaire all 'not sure': the comparison shows no plan at all."""
    w = PlanYourOwn()
    _fill(w, ("effleurage", "light", 60))
    w.compare_button.click()
    assert "No massage plan is right" in w.result.value and "<table" not in w.result.value
    assert w.questionnaire is not None
    w.questionnaire.set_answers(answers_with())
    w.compare_button.click()
    assert w.comparison is not None and not w.comparison.blocked


def test_no_steps_is_a_message() -> None:
    """Pressing compare with every row empty asks for a first step."""
    w = PlanYourOwn(CLEAR)
    w.compare_button.click()
    assert "No steps yet" in w.result.value


def test_every_picker_is_labelled() -> None:
    """Each row's three pickers say which step and what they set."""
    w = PlanYourOwn(CLEAR, steps=2)
    assert [p.description for p in w.rows[1]] == [
        "Step 2:",
        "Step 2 pressure:",
        "Step 2 time (each calf):",
    ]
