"""Tests for calflib.widgets.choice: the accessible choice group, live region and step signal,
driven in the kernel as the browser would drive them (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
import traitlets

from calflib.model import Level
from calflib.planner import plan_session
from calflib.screening import answers_with, assess
from calflib.widgets.choice import KEYS_CLASS, ChoiceGroup, LiveHTML, StepSignal
from calflib.widgets.faq import WhyDoesItHurt
from calflib.widgets.player import PracticePlayer

STATIC = Path(__file__).parents[1] / "calflib" / "widgets" / "static"


def _levels() -> ChoiceGroup:
    return ChoiceGroup(
        options=[(level.name, level) for level in Level], description="Your call?", hint="One."
    )


def test_a_group_sends_labels_and_chosen_positions_not_values() -> None:
    """The browser gets the labels and the chosen position; Python values stay in the kernel."""
    group = _levels()
    assert group.labels == [level.name for level in Level]
    assert group.value is None and group.chosen == []
    group.value = Level.REFER
    assert group.chosen == [list(Level).index(Level.REFER)]
    assert group.label == "REFER"


def test_a_choice_made_in_the_browser_sets_the_value_and_tells_observers() -> None:
    """When the browser reports a position, ``value`` follows and observers hear it once."""
    group = _levels()
    heard: list[object] = []
    group.observe(lambda change: heard.append(change["new"]), names="value")
    group.chosen = [0]
    assert group.value == Level.CLEAR and heard == [Level.CLEAR]
    group.chosen = []
    assert group.value is None and heard == [Level.CLEAR, None]


def test_an_unknown_value_is_refused_with_the_question_named() -> None:
    """Setting a value that is not an option fails, naming the group's question."""
    group = _levels()
    with pytest.raises(traitlets.TraitError, match="Your call"):
        group.value = "sometimes"


def test_new_options_keep_a_choice_that_still_fits_and_drop_one_that_does_not() -> None:
    """Changing the options keeps the value when it is still offered, else clears it."""
    group = ChoiceGroup(options=["a", "b", "c"], value="b", description="Pick")
    group.options = [("B again", "b"), ("D", "d")]
    assert group.value == "b" and group.chosen == [0] and group.labels == ["B again", "D"]
    group.options = ["x"]
    assert group.value is None and group.chosen == []


def test_a_multiple_group_has_tick_boxes_and_a_tuple_value_in_option_order() -> None:
    """With ``multiple``, ``value`` is a tuple in the options' order; Ticks read and set it."""
    group = ChoiceGroup(options=["a", "b", "c"], multiple=True, description="Pick all")
    assert group.value == ()
    c, a = group.tick("c"), group.tick("a")
    c.value = True
    a.value = True
    assert group.value == ("a", "c") and group.chosen == [0, 2]
    c.value = False
    assert group.value == ("a",) and not c.value and a.value
    a.disabled = True
    assert group.disabled and c.disabled


def test_the_front_end_files_ship_with_the_package() -> None:
    """The ES module and the stylesheet exist and name what the browser tests rely on."""
    script = (STATIC / "choice.js").read_text(encoding="utf-8")
    style = (STATIC / "choice.css").read_text(encoding="utf-8")
    assert "data-lm-suppress-shortcuts" in script and 'role", "radiogroup"' in script
    assert "aria-live" in script and "speechSynthesis" in script and "AudioContext" in script
    assert "prefers-reduced-motion" in style and "focus-visible" in style


def test_the_front_end_is_sent_once_and_each_widget_carries_only_the_loader() -> None:
    """Every choice and live region refers to one shared front-end model; each carries only
    the small loader (a chapter's 50-odd widgets once sent 14 KB each)."""
    one, two, live = _levels(), _levels(), LiveHTML()
    assert one._code is two._code is live._code
    assert "speechSynthesis" in one._code.esm and "focus-visible" in one._code.css
    assert len(one._esm) < 2500 and "widget_manager.get_model" in one._esm
    assert not getattr(one, "_css", "")
    one._code.close()  # e.g. Widget.close_all(): the next widget gets a fresh shared model
    assert _levels()._code is not one._code


def test_a_live_region_is_polite_and_an_html_drop_in() -> None:
    """LiveHTML announces politely by default and keeps its value like an HTML widget."""
    region = LiveHTML("calf-x", value="<p>hi</p>")
    assert region.live == "polite" and region.value == "<p>hi</p>"
    assert "calf-x" in region._dom_classes


def test_sound_and_reading_aloud_are_off_until_the_learner_turns_them_on() -> None:
    """A new step raises the signal's step count with its cue; both switches start off."""
    signal = StepSignal()
    assert not signal.sound and not signal.speak
    signal.announce("Effleurage. Long strokes upwards.")
    assert signal.step == 1 and signal.cue.startswith("Effleurage")


def test_the_player_signals_each_new_step_while_running_not_each_second() -> None:
    """While running, the signal fires once per step (not per second); paused, it stays quiet."""
    plan = plan_session("partner", 10, "relaxation", assess(answers_with()))
    player = PracticePlayer(plan)
    assert KEYS_CLASS in player._dom_classes
    player.next_step()
    assert player.signal.step == 0  # paused: nothing is said
    player.start()
    assert player.signal.step == 1 and player.step is not None
    assert player.step.cue in player.signal.cue
    player.play.value += 1
    player.play.value += 1
    assert player.signal.step == 1
    player.next_step()
    assert player.signal.step == 2
    assert "seconds" not in player.status.value and "left" not in player.status.value


def test_a_red_flag_is_answered_under_the_group_it_was_ticked_in() -> None:
    """Ticking a box writes the current answer under that box's group only."""
    w = WhyDoesItHurt()
    w.boxes["breathless-chest-pain"].value = True
    group = w.guide.feelings["breathless-chest-pain"].group
    assert "No massage: call for help now" in w.nearby[group].value
    assert all(note.value == "" for gid, note in w.nearby.items() if gid != group)
    w.pick([])  # a reset from code answers nowhere in particular
    assert all(note.value == "" for note in w.nearby.values())


def test_a_choice_sent_by_the_browser_is_taken_in_order_and_acknowledged() -> None:
    """The browser's message sets the choice and says which one the kernel has (``seen``);
    a malformed message changes nothing."""
    group = _levels()
    group._on_message(group, {"chosen": [1], "seq": 4}, [])
    assert group.value == list(Level)[1] and group.seen == 4
    group._on_message(group, {"chosen": "1"}, [])
    group._on_message(group, ["nonsense"], [])
    assert group.value == list(Level)[1] and group.seen == 4
    group._on_message(group, {"chosen": [], "seq": 5}, [])
    assert group.value is None and group.seen == 5


def test_saying_the_same_words_again_asks_for_them_to_be_read_again() -> None:
    """LiveHTML.say shows new words as a value change, and the same words again by raising
    ``said`` (the browser empties and rewrites the region, so a screen reader reads it again)."""
    region = LiveHTML()
    region.say("<p>Choose first</p>")
    assert region.value == "<p>Choose first</p>" and region.said == 0
    region.say("<p>Choose first</p>")
    region.say("<p>Choose first</p>")
    assert region.said == 2
    region.say("<p>Done</p>")
    assert region.value == "<p>Done</p>" and region.said == 2
