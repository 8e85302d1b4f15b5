"""calflib.widgets._common: shared looks (fewer models, never changed in place) and the guard
that shows learners a message instead of a traceback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from html import escape
from pathlib import Path

import ipywidgets as widgets
import pytest

import calflib.widgets as calf_widgets
from calflib.errors import ContentError
from calflib.planner import plan_session
from calflib.progress import ProgressError
from calflib.screening import answers_with, assess
from calflib.widgets import _common
from calflib.widgets._common import guarded, looks, make


def test_same_properties_share_one_layout_and_one_style() -> None:
    """Widgets asking for the same layout properties share one Layout model (and one Style)."""
    first = make(widgets.HTML, value="a", layout={"margin": "1em"})
    second = make(widgets.HTML, value="b", layout={"margin": "1em"})
    other = make(widgets.HTML, value="c", layout={"margin": "2em"})
    assert first.layout is second.layout
    assert first.style is second.style
    assert other.layout is not first.layout
    assert first.layout.margin == "1em" and other.layout.margin == "2em"


def test_styles_are_shared_per_style_class_and_properties() -> None:
    """A Style is shared only by widgets of the same style class asking for the same properties."""
    narrow = make(widgets.ToggleButtons, options=["a"], style={"button_width": "7em"})
    again = make(widgets.ToggleButtons, options=["b"], style={"button_width": "7em"})
    plain = make(widgets.ToggleButtons, options=["c"])
    button = make(widgets.Button)
    assert narrow.style is again.style
    assert narrow.style.button_width == "7em"
    assert plain.style is not narrow.style
    assert isinstance(button.style, widgets.ButtonStyle)


def test_css_classes_are_set_at_creation() -> None:
    """CSS classes go in with the widget (no extra update message per class)."""
    shown = make(widgets.HTML, "calf-a", "calf-b", value="x")
    assert shown._dom_classes == ("calf-a", "calf-b")
    assert looks(widgets.VBox, "calf-box")["_dom_classes"] == ("calf-box",)
    assert "_dom_classes" not in looks(widgets.VBox)


def test_a_closed_shared_model_is_replaced() -> None:
    """After a shared model is closed (e.g. Widget.close_all), the next widget gets a new one."""
    first = make(widgets.HTML, layout={"width": "3em"})
    first.layout.close()
    second = make(widgets.HTML, layout={"width": "3em"})
    assert second.layout is not first.layout
    assert second.layout.comm is not None
    assert second.layout.width == "3em"


def test_a_style_for_a_widget_without_one_is_a_clear_error() -> None:
    """Asking for a style a widget kind does not have names the kind and the property."""
    with pytest.raises(TypeError, match="VBox has no style to set button_width"):
        looks(widgets.VBox, style={"button_width": "7em"})


def _tree(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def _every_widget() -> list[widgets.Widget]:
    plan = plan_session("partner", 10, "recovery after a run", assess(answers_with()))
    return [
        calf_widgets.ScreeningQuestionnaire(),
        calf_widgets.ScenarioTrainer(),
        calf_widgets.WellsExplorer(),
        calf_widgets.AnatomyExplorer(),
        calf_widgets.BenefitsExplorer(),
        calf_widgets.TechniquesExplorer(),
        calf_widgets.SessionPlanner(),
        calf_widgets.PracticePlayer(plan),
        calf_widgets.WhyDoesItHurt(),
        calf_widgets.CheckYourself("02_when_not_to_massage"),
        calf_widgets.FinalCheck(),
        calf_widgets.ProgressDashboard(),
        calf_widgets.ProgressManager(),
    ]


def _state(model: widgets.Widget) -> dict[str, object]:
    return {k: v for k, v in model.get_state().items() if not k.startswith("_")}


def test_using_every_widget_never_changes_a_shared_look(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every widget is built, every button clicked and every choice changed; afterwards each
    shared Layout and Style still has exactly the properties it was shared under."""
    monkeypatch.chdir(tmp_path)  # the typing reaches the export box; its file lands here
    built = _every_widget()
    for top in built:
        for part in _tree(top):
            if getattr(part, "disabled", False):
                continue
            if isinstance(part, widgets.Button):
                part.click()
            elif isinstance(part, widgets.ToggleButtons | widgets.Dropdown | widgets.RadioButtons):
                for label in part._options_labels[:3]:
                    part.label = label
            elif isinstance(part, widgets.Checkbox | widgets.ToggleButton):
                part.value = not part.value
                part.value = not part.value
            elif isinstance(part, widgets.IntSlider | widgets.IntProgress | widgets.Play):
                part.value = part.max
            elif isinstance(part, widgets.Text | widgets.Textarea):
                part.value = "a learner's typing"
    assert _common._SHARED, "no shared looks were made"
    for key, model in _common._SHARED.items():
        props = dict(key[-1])  # type: ignore[arg-type]
        fresh = type(model)(**props)
        assert _state(model) == _state(fresh), f"shared {key} was changed in place"
        fresh.close()


def test_every_part_of_every_widget_uses_shared_looks() -> None:
    """Inside a widget no part brings a Layout or Style model of its own (each would be one more
    message before the chapter shows), except the parts that hide themselves through their own
    Layout (the player's hidden timer, and each questionnaire group's questions, hidden when the
    group is answered No); every public widget has a Layout of its own, so a teacher may
    change one widget's layout without changing any other (a check's questions have one Layout
    of that check's own, never one shared with another check)."""
    public = tuple(getattr(calf_widgets, name) for name in calf_widgets.__all__)
    problems = []
    for top in _every_widget():
        shared = {id(model) for model in _common._SHARED.values()}
        for part in _tree(top):
            where = f"{type(top).__name__}: {type(part).__name__}"
            if isinstance(part, public):
                if id(part.layout) in shared:
                    problems.append(f"{where} shares its layout")
                continue
            if {"calf-timer", "calf-group-questions"} & set(part._dom_classes):
                continue
            for name in ("layout", "style"):
                look = getattr(part, name, None)
                if look is not None and id(look) not in shared:
                    problems.append(f"{where}.{name} is its own")
    assert problems == []


def test_changing_one_public_widgets_layout_changes_no_other() -> None:
    """A teacher's questionnaire.layout.width = '50%' resizes that questionnaire only."""
    first, second = calf_widgets.ScreeningQuestionnaire(), calf_widgets.ScreeningQuestionnaire()
    first.layout.width = "50%"
    assert second.layout.width is None
    assert all(part.layout.width != "50%" for part in _tree(first) if part is not first)


class _Handler:
    """A widget-like object whose guarded callback raises the error it was given."""

    def __init__(self, error: BaseException) -> None:
        self.card = widgets.HTML()
        self.error = error

    @guarded("card")
    def on_change(self, _change: object = None) -> None:
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        ValueError("the minutes must be 5 to 60"),
        ContentError("questions.toml", "unknown objective", entry="question 'q1'"),
        ProgressError("calf-progress.json: not a calflib progress file"),
        FileNotFoundError(2, "No such file or directory", "no-such-folder/x.json"),
    ],
)
def test_an_input_problem_shows_its_message_in_strict_mode_too(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    """ValueError, calflib's domain errors and file problems are shown in words, never raised."""
    assert os.environ.get("CALFLIB_STRICT_WIDGETS") == "1"  # tests/conftest.py switches it on
    handler = _Handler(error)
    handler.on_change()
    assert "That input could not be used" in handler.card.value
    assert escape(str(error)) in handler.card.value
    assert not [r for r in caplog.records if r.name == "calflib.widgets"]


def test_the_same_problem_twice_is_said_twice_in_a_live_region() -> None:
    """A problem shown in a live region (LiveHTML) is read out again when it comes again: the
    second failure raises ``said`` instead of leaving the region silent."""
    from calflib.widgets.choice import LiveHTML

    handler = _Handler(ValueError("the minutes must be 5 to 60"))
    handler.card = LiveHTML()
    handler.on_change()
    first = handler.card.value
    assert "That input could not be used" in first and handler.card.said == 0
    handler.on_change()
    assert handler.card.value == first and handler.card.said == 1


@pytest.mark.calm_widgets  # strict mode is switched on below, where the error is expected
@pytest.mark.parametrize(
    "error", [TypeError("unsupported operand"), AttributeError("'object' has no attribute 'x'")]
)
def test_a_programming_error_fails_the_test_in_strict_mode(
    error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In strict mode (the unit tests) a TypeError or AttributeError in a callback is raised."""
    monkeypatch.setenv("CALFLIB_STRICT_WIDGETS", "1")
    handler = _Handler(error)
    with pytest.raises(type(error)):
        handler.on_change()
    assert "Something went wrong" in handler.card.value
    assert "That input could not be used" not in handler.card.value


@pytest.mark.calm_widgets
@pytest.mark.parametrize(
    "error",
    [TypeError("unsupported operand"), AttributeError("no attribute 'x'"), KeyError("x")],
)
def test_a_programming_error_is_calm_for_learners_and_logged(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    """Outside strict mode a learner sees a calm message (no traceback); the log keeps the trace."""
    assert "CALFLIB_STRICT_WIDGETS" not in os.environ
    handler = _Handler(error)
    handler.on_change()
    assert "Something went wrong" in handler.card.value
    assert "That input could not be used" not in handler.card.value
    assert "Traceback" not in handler.card.value
    [record] = [r for r in caplog.records if r.name == "calflib.widgets"]
    assert record.levelname == "ERROR" and record.exc_info is not None
    assert record.exc_info[1] is error


def test_strict_mode_is_off_by_default_for_learners(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only CALFLIB_STRICT_WIDGETS=1 raises; unset, empty or 0 keeps learners' calm message."""
    for value in (None, "", "0"):
        if value is None:
            monkeypatch.delenv("CALFLIB_STRICT_WIDGETS", raising=False)
        else:
            monkeypatch.setenv("CALFLIB_STRICT_WIDGETS", value)
        assert not _common.strict_widgets()
    monkeypatch.setenv("CALFLIB_STRICT_WIDGETS", "1")
    assert _common.strict_widgets()
