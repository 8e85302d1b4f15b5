"""Tests for calflib.widgets, driven in the kernel the way a learner would use them."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import ipywidgets as widgets
import pytest

from calflib.model import Content, Level
from calflib.screening import answers_with
from calflib.widgets import ScenarioTrainer, ScreeningQuestionnaire, WellsExplorer
from calflib.widgets.questionnaire_form import STATIC


def _answer_all_no(q: ScreeningQuestionnaire) -> None:
    for toggle in q.questions.values():
        toggle.value = "No"


def test_questionnaire_has_one_question_per_finding(content: Content) -> None:
    """Every finding is asked, each answer starts 'Not sure', and the verdict is no go-ahead."""
    q = ScreeningQuestionnaire()
    assert list(q.questions) == list(content.finding_ids)
    assert all(t.value == "Not sure" for t in q.questions.values())
    assert all(t.options == ("Yes", "No", "Not sure") for t in q.questions.values())
    assert "REFER" in q.verdict.value and "Not finished" in q.verdict.value


def test_questionnaire_clear_then_refer() -> None:
    """All 'No' gives a go-ahead; one DVT sign turns it into 'No massage' straight away."""
    q = ScreeningQuestionnaire()
    _answer_all_no(q)
    assert "CLEAR" in q.verdict.value and "Go ahead" in q.verdict.value
    assert "(all answered)" in q.summary.value
    q.questions["calf_swelling_one_side"].value = "Yes"
    assert q.assessment is not None and q.assessment.level == Level.REFER
    assert "REFER" in q.verdict.value and "One calf or leg swollen" in q.verdict.value


def test_days_picker_follows_the_strain_answer() -> None:
    """The days picker is enabled only for a strain, and changes WAIT to MODIFY from day 3."""
    q = ScreeningQuestionnaire()
    _answer_all_no(q)
    assert q.days.disabled
    q.questions["recent_strain"].value = "Yes"
    assert not q.days.disabled
    assert "WAIT" in q.verdict.value and "how long ago" in q.verdict.value
    q.days.value = 1
    assert "WAIT" in q.verdict.value and "Check again in 2 days" in q.verdict.value
    q.days.value = 4
    assert (
        "MODIFY" in q.verdict.value and "Light pressure around the injured spot" in q.verdict.value
    )
    q.questions["recent_strain"].value = "No"
    assert q.days.disabled and "CLEAR" in q.verdict.value


def test_start_again_resets_every_answer() -> None:
    """The 'Start again' button sets all answers back to 'Not sure'."""
    q = ScreeningQuestionnaire()
    _answer_all_no(q)
    q.reset_button.click()
    assert all(t.value == "Not sure" for t in q.questions.values())
    assert "Not finished" in q.verdict.value


def test_set_answers_fills_the_form(content: Content) -> None:
    """set_answers fills the form in one go; unknown ids are refused with their names."""
    q = ScreeningQuestionnaire()
    q.set_answers(answers_with("pregnancy"))
    assert q.questions["pregnancy"].value == "Yes"
    assert "MODIFY" in q.verdict.value and "midwife" in q.verdict.value
    with pytest.raises(ValueError, match="unknown finding ids: nope"):
        q.set_answers({"nope": True})


def test_an_error_in_a_callback_shows_a_message_not_a_traceback() -> None:
    """If the engine refuses the input, the verdict becomes a readable message."""
    q = ScreeningQuestionnaire()
    q.questions["recent_strain"].value = "Yes"
    q.days.options = [*q.days.options, ("broken", -5)]
    q.days.value = -5
    assert "That input could not be used" in q.verdict.value
    assert "cannot be negative" in q.verdict.value
    assert "Traceback" not in q.verdict.value


def test_the_form_is_one_model_drawn_from_the_content(content: Content) -> None:
    """The questionnaire is one widget model (plus its own Layout) whose spec asks every finding
    once, in content order, with a lead-in for each group of more than one question."""
    before = set(widgets.widget._instances)
    q = ScreeningQuestionnaire(remember=False)
    made = [widgets.widget._instances[k] for k in set(widgets.widget._instances) - before]
    assert sorted(type(m).__name__ for m in made) == ["Layout", "ScreeningQuestionnaire"]
    asked = [question["id"] for group in q.spec["groups"] for question in group["questions"]]
    assert asked == list(content.finding_ids)
    leads = [group["id"] for group in q.spec["groups"] if group["lead_in"]]
    assert leads == list(q.group_questions) and "clot" in leads
    assert q.spec["choices"] == ["Yes", "No", "Not sure"]
    assert "calf-questionnaire" in q._dom_classes
    assert q.comm is not None  # opened once, with the whole first state


def test_the_form_opens_with_its_whole_state_in_one_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The browser gets the form, its answers and its verdict in the comm's opening message, and
    no update after it: each message is one more thing to do before the chapter shows."""
    sent: list[str] = []
    real = widgets.Widget._send

    def counting(self: widgets.Widget, msg: dict[str, object], buffers: object = None) -> None:
        if self.comm is not None:  # an update sent to the browser
            sent.append(type(self).__name__)
        real(self, msg, buffers)

    monkeypatch.setattr(widgets.Widget, "_send", counting)
    q = ScreeningQuestionnaire(remember=False)
    assert not [name for name in sent if "Questionnaire" in name]
    assert "Not finished" in q.verdict_html and q.spec["groups"] and q.chosen


def test_choices_from_the_browser_update_the_verdict() -> None:
    """The browser reports a choice by setting the synced answers dict; the kernel answers with
    the verdict, the compact summary and the days menu's state, all computed by assess."""
    q = ScreeningQuestionnaire(remember=False)
    q.chosen = {**q.chosen, "group:clot": "Yes", "calf_swelling_one_side": "Yes"}
    assert q.questions["calf_swelling_one_side"].value == "Yes"
    assert "REFER" in q.verdict_html and "One calf or leg swollen" in q.verdict_html
    assert "REFER" in q.summary_html and "still" in q.summary_html
    q.chosen = {**dict.fromkeys(q.chosen, "No"), "group:injury": "Yes", "recent_strain": "Yes"}
    assert q.days_enabled and "WAIT" in q.summary_html
    q.days_since_injury = 4
    assert q.days.value == 4 and "MODIFY" in q.summary_html and "MODIFY" in q.verdict_html


def test_a_lead_in_without_a_yes_below_it_asks_which_one_applies() -> None:
    """Yes to a group with no Yes among its questions names the group in ``unclear`` (the form
    shows the note there) and never gives a go-ahead."""
    q = ScreeningQuestionnaire(remember=False)
    q.chosen = {**dict.fromkeys(q.chosen, "No"), "group:history": "Yes"}
    assert q.unclear == ["history"] and "which one applies?" in q.unclear_text
    assert "which one applies?" in q.children_text() and "CLEAR" not in q.summary_html
    q.group_questions["history"].value = "No"
    assert q.unclear == [] and "CLEAR" in q.summary_html


def test_the_start_again_button_in_the_browser_resets_the_form() -> None:
    """The browser's 'Start again' sends {"event": "reset"}: every answer is 'Not sure' again;
    other messages are ignored."""
    q = ScreeningQuestionnaire(remember=False)
    _answer_all_no(q)
    q._on_message(q, {"event": "something else"}, [])
    assert "CLEAR" in q.summary_html
    q._on_message(q, {"event": "reset"}, [])
    assert set(q.chosen.values()) == {"Not sure"} and "Not finished" in q.verdict_html


def test_choices_come_from_the_browser_as_ordered_messages() -> None:
    """A choice or a days answer from the browser is a message taken in order with 'Start again',
    and ``seen`` says which of the browser's choices the kernel has; a malformed one is ignored."""
    q = ScreeningQuestionnaire(remember=False)
    q._on_message(q, {"event": "choose", "key": "group:clot", "choice": "Yes", "seq": 1}, [])
    q._on_message(q, {"event": "choose", "key": "calf_swelling_one_side", "choice": "Yes"}, [])
    assert q.seen == 1 and q.questions["calf_swelling_one_side"].value == "Yes"
    assert "REFER" in q.summary_html
    q._on_message(q, {"event": "reset"}, [])
    q._on_message(q, {"event": "choose", "key": 3, "choice": "Yes", "seq": 2}, [])
    assert set(q.chosen.values()) == {"Not sure"} and q.seen == 2
    q.chosen = {**dict.fromkeys(q.chosen, "No"), "group:injury": "Yes", "recent_strain": "Yes"}
    q._on_message(q, {"event": "days", "value": 4, "seq": 3}, [])
    assert q.days.value == 4 and "MODIFY" in q.summary_html and q.seen == 3
    q._on_message(q, {"event": "days", "value": "four", "seq": 4}, [])
    assert q.days.value is None


def test_a_bad_choice_from_the_browser_is_a_message_not_a_traceback() -> None:
    """An answer the questionnaire does not offer is shown as a readable message."""
    q = ScreeningQuestionnaire(remember=False)
    q.chosen = {**q.chosen, "pregnancy": "Maybe"}
    assert "That input could not be used" in q.verdict_html and "pregnancy" in q.verdict_html
    with pytest.raises(ValueError, match="must be one of"):
        q.questions["pregnancy"].value = "Maybe"


def test_the_forms_front_end_ships_with_calflib() -> None:
    """The form's JavaScript and CSS are files in the package, listed as package data, so an
    installed calflib (a wheel, the offline site) has them; the widget carries their text."""
    root = Path(__file__).resolve().parents[1]
    setuptools = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    patterns = setuptools["setuptools"]["package-data"]["calflib.widgets"]
    shipped = [p.relative_to(STATIC.parent).as_posix() for p in STATIC.iterdir()]
    assert {"static/questionnaire_form.js", "static/questionnaire_form.css"} <= set(shipped)
    assert all(any(fnmatch.fnmatch(name, pat) for pat in patterns) for name in shipped)
    q = ScreeningQuestionnaire(remember=False)
    assert "export default" in q._esm and ".calf-qform" in q._css


def test_trainer_walks_through_scenarios(content: Content) -> None:
    """Pick a level, check, read feedback; next and previous keep earlier answers."""
    t = ScenarioTrainer()
    first = t.scenario
    assert first.title in t.story.value
    t.check_button.click()
    assert "Choose a level first" in t.feedback.value
    t.choice.value = first.expected
    t.check_button.click()
    assert "Right" in t.feedback.value and "Teaching point" in t.feedback.value
    assert "right: 1" in t.score.value
    t.next_button.click()
    assert t.scenario.id != first.id and t.choice.value is None and t.feedback.value == ""
    t.choice.value = Level.CLEAR if t.scenario.expected != Level.CLEAR else Level.EMERGENCY
    t.check_button.click()
    assert "Right" not in t.feedback.value
    t.previous_button.click()
    assert t.scenario.id == first.id and t.choice.value == first.expected
    assert "Right" in t.feedback.value


def test_trainer_choices_show_level_words(content: Content) -> None:
    """The five choices carry name and title in words (no emoji), most urgent first."""
    t = ScenarioTrainer()
    labels = [label for label, _ in t.choice.options]
    assert [value for _, value in t.choice.options] == sorted(Level, reverse=True)
    assert labels[0] == f"EMERGENCY: {content.levels[Level.EMERGENCY].title}"
    assert all(label.isascii() for label in labels)
    assert all(level.name in label for label, level in t.choice.options)


def test_wells_explorer_updates_score() -> None:
    """Ticking items changes the score and the next step; the caution is always visible."""
    w = WellsExplorer()
    assert "Score: 0" in w.result.value and "DVT unlikely" in w.result.value
    w.items["entire_leg_swollen"].value = True
    w.items["previous_dvt"].value = True
    assert "Score: 2" in w.result.value and "DVT likely" in w.result.value
    w.items["alternative_diagnosis"].value = True
    assert "Score: 0" in w.result.value
    assert any("For understanding only" in getattr(c, "value", "") for c in w.children)


def test_wells_explorer_announces_a_summary_not_the_card() -> None:
    """A screen reader hears one line (score, reading, next step) as boxes are ticked; the card
    with the items and sources shows silently; each item's help is shown, not only a tooltip."""
    w = WellsExplorer()
    w.items["entire_leg_swollen"].value = True
    w.items["previous_dvt"].value = True
    assert w.status.live == "polite" and w.result.live == "off"
    assert "calf-sr-only" in w.status._dom_classes
    assert w.status.value.startswith("Score 2: DVT likely (2 points or more). A clinician")
    assert "next step: A proximal leg-vein ultrasound" in w.status.value
    assert "<" not in w.status.value and "Sources" not in w.status.value
    helps = [item.help for item in w.content.wells_items]
    assert w.group.helps == helps and any(helps)


def test_widgets_have_descriptions_or_labels() -> None:
    """Every interactive control can be named: a description, a question label or a tooltip."""
    q = ScreeningQuestionnaire()
    assert q.days.description and q.reset_button.description and q.reset_button.tooltip
    asked = [question for group in q.spec["groups"] for question in group["questions"]]
    assert all(question["label"] and question["question"] for question in asked)
    assert q.days_label == q.days.description and q.reset_label == "Start again"
    t = ScenarioTrainer()
    assert t.choice.description and t.check_button.description
    w = WellsExplorer()
    assert all(box.description for box in w.items.values())


def test_trainer_results_survive_a_restart() -> None:
    """Checked scenarios are saved; a new trainer (after a restart) shows them again."""
    first = ScenarioTrainer()
    scenario = first.scenario
    first.choice.value = scenario.expected
    first.check_button.click()
    again = ScenarioTrainer()
    assert again.scenario.id == scenario.id
    assert again.choice.value == scenario.expected
    assert "Right" in again.feedback.value and "right: 1" in again.score.value


def test_trainer_without_saving_keeps_nothing() -> None:
    """save=False (e.g. a shared demo screen) stores no results."""
    first = ScenarioTrainer(save=False)
    first.choice.value = first.scenario.expected
    first.check_button.click()
    assert ScenarioTrainer().results == {}
