"""The one-model widgets speak anywidget's protocol without importing anywidget's Python side."""

from __future__ import annotations

import json
import subprocess
import sys

import anywidget
from anywidget._version import _ANYWIDGET_SEMVER_VERSION

from calflib.widgets._anymodel import ANYWIDGET_VERSION, AnyModel
from calflib.widgets.choice import ChoiceGroup, LiveHTML
from calflib.widgets.questionnaire_form import STATIC
from calflib.widgets.screening import ScreeningQuestionnaire

_PROTOCOL = (
    "_model_name",
    "_model_module",
    "_model_module_version",
    "_view_name",
    "_view_module",
    "_view_module_version",
)


def test_the_model_version_is_the_installed_anywidget_s() -> None:
    """If this fails after upgrading anywidget, set ANYWIDGET_VERSION to the value shown."""
    assert ANYWIDGET_VERSION == _ANYWIDGET_SEMVER_VERSION, (
        f"calflib/widgets/_anymodel.py: ANYWIDGET_VERSION = {_ANYWIDGET_SEMVER_VERSION!r}"
    )


def test_the_protocol_traits_are_anywidget_s() -> None:
    theirs = anywidget.AnyWidget.class_traits()
    ours = AnyModel.class_traits()
    for name in _PROTOCOL:
        assert ours[name].default_value == theirs[name].default_value, name
        assert ours[name].metadata.get("sync") is True, name
    for name in ("_esm", "_css", "_anywidget_id"):
        assert ours[name].metadata.get("sync") is True, name


def test_each_widget_sends_its_front_end_and_names_its_class() -> None:
    form = ScreeningQuestionnaire()
    state = form.get_state()
    assert state["_esm"] == (STATIC / "questionnaire_form.js").read_text(encoding="utf-8")
    assert state["_css"] == (STATIC / "questionnaire_form.css").read_text(encoding="utf-8")
    assert state["_anywidget_id"] == "calflib.widgets.screening.ScreeningQuestionnaire"
    group, live = ChoiceGroup(options=["a", "b"]), LiveHTML()
    assert group.get_state()["_esm"] == live.get_state()["_esm"]  # the small shared loader
    assert "export default" in group.get_state()["_esm"]
    assert group.get_state()["_anywidget_id"].endswith("choice.ChoiceGroup")
    assert repr(form).startswith("<ScreeningQuestionnaire ")  # not a dump of every trait
    assert len(repr(form)) < 100


def test_chapter_02_s_first_widget_imports_only_what_it_needs() -> None:
    """Chapter 02's first cells (benchmark figure 5b) import neither anywidget's Python side
    (psygnal, importlib.metadata) nor the quiz and course modules the later widgets use."""
    code = (
        "import json, sys\n"
        "from calflib.screening import assess\n"
        "assess({'calf_swelling_one_side': True})\n"
        "from calflib.widgets import ScreeningQuestionnaire\n"
        "ScreeningQuestionnaire()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "calflib.widgets.screening" in loaded
    unwanted = {"anywidget", "psygnal", "calflib.course", "calflib.quiz", "calflib.final_check"}
    assert not unwanted & loaded, sorted(unwanted & loaded)
