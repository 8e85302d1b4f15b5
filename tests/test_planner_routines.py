"""Tests for calflib.planner_routines and its content: routines.toml, loaded by routine_loader."""

from __future__ import annotations

import dataclasses
import re
from importlib import resources
from pathlib import Path

import pytest
from content_files import edit

from calflib.errors import ContentError
from calflib.planner_routines import leg_routine, step_cue
from calflib.routine_loader import load_routines
from calflib.routines import Phase
from calflib.technique_loader import load_techniques
from calflib.techniques import Goal, Pressure, Setting, SettingGuide, TechniqueLibrary

LIBRARY = load_techniques()
HANDS_ON = (Setting.ALONE, Setting.PARTNER)
TOOLS = (Setting.ROLLER, Setting.DEVICES)
FILE = resources.files("calflib.content").joinpath("routines.toml")


def _copy(tmp_path: Path, text: str | None = None) -> Path:
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "routines.toml").write_text(
        FILE.read_text(encoding="utf-8") if text is None else text, encoding="utf-8"
    )
    return folder


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    folder = _copy(tmp_path)
    edit(folder / "routines.toml", old, new)
    return folder


def _with_phases(tmp_path: Path, setting: str, goal: str, *phases: str) -> Path:
    """A copy whose routine for setting/goal has exactly ``phases`` (inline tables)."""
    text = FILE.read_text(encoding="utf-8")
    head = f'setting = "{setting}"\ngoal = "{goal}"\nphases = [\n'
    start = text.index(head) + len(head)
    end = text.index("]\n\n", start)
    body = "".join(f"    {p},\n" for p in phases)
    return _copy(tmp_path, text[:start] + body + text[end:])


def _phase(technique: str, pressure: str, extra: str = "") -> str:
    return f'{{ technique = "{technique}", pressure = "{pressure}", weight = 1{extra} }}'


WARM = _phase("effleurage", "light", ', role = "warm-up"')
EASE = _phase("effleurage", "light", ', role = "ease"')


# --- the built-in file ----------------------------------------------------------------------------


def test_the_built_in_file_has_a_routine_for_every_hands_on_setting_and_goal() -> None:
    """routines.toml loads, with a routine for alone and partner for each of the three goals."""
    table = load_routines()
    assert set(table.routines) == {(s, g) for s in HANDS_ON for g in Goal}
    for phases in table.routines.values():
        assert phases[0].role == "warm-up" and phases[-1].role == "ease"
        assert all(p.technique in {t.id for t in LIBRARY.techniques.values()} for p in phases)


def test_the_built_in_routines_are_the_planners_table() -> None:
    """The alone/recovery routine and the set lengths are what the planner always used."""
    table = load_routines()
    whole, knead = table.whole, tuple(table.regions[k] for k in ("inner", "outer", "lower"))
    assert whole == "whole calf, ankle to below the knee"
    assert table.routine(Setting.ALONE, Goal.RECOVERY) == (
        Phase("effleurage", Pressure.LIGHT, 2, "warm-up", (whole,)),
        Phase("effleurage", Pressure.MODERATE, 1.5, regions=(whole,), optional=True),
        Phase("petrissage", Pressure.MODERATE, 4, regions=knead),
        Phase("effleurage", Pressure.LIGHT, 1.5, "ease", (whole,)),
    )
    assert dict(table.set_seconds) == {
        Goal.RECOVERY: 45,
        Goal.RELAXATION: 60,
        Goal.BEFORE_ACTIVITY: 30,
    }
    assert dict(table.rest_seconds) == {
        Goal.RECOVERY: 15,
        Goal.RELAXATION: 20,
        Goal.BEFORE_ACTIVITY: 10,
    }


def test_the_built_in_load_is_cached_and_a_folder_reloads(tmp_path: Path) -> None:
    """load_routines() is cached; a copy of the folder loads afresh and equals it."""
    assert load_routines() is load_routines()
    copy = load_routines(_copy(tmp_path))
    assert copy is not load_routines() and copy == load_routines()


# --- the planner reads the file ------------------------------------------------------------------


def _guide(setting: Setting) -> SettingGuide:
    return LIBRARY.settings[setting]


def test_an_edited_routine_changes_the_leg_routine(tmp_path: Path) -> None:
    """A teacher's weights and region words in routines.toml are what leg_routine uses."""
    folder = _with_phases(
        tmp_path,
        "alone",
        "recovery",
        WARM,
        _phase("petrissage", "moderate", ', regions = ["muscle"]'),
        EASE,
    )
    edited = load_routines(folder)
    slots = leg_routine(_guide(Setting.ALONE), Goal.RECOVERY, 300, set(), Pressure.FIRM, edited)
    assert [(s.seconds, s.region) for s in slots] == [
        (100, "whole calf, ankle to below the knee"),
        (100, "fleshy part of the calf"),
        (100, "whole calf, ankle to below the knee"),
    ]


@pytest.mark.parametrize("setting", TOOLS)
def test_set_lengths_and_words_come_from_the_file(tmp_path: Path, setting: Setting) -> None:
    """Tool sets use the file's set and rest seconds and its words for a rest."""
    text = FILE.read_text(encoding="utf-8")
    text = text.replace("relaxation = 60,", "relaxation = 30,").replace("no massage", "pause")
    edited = load_routines(_copy(tmp_path, text))
    slots = leg_routine(_guide(setting), Goal.RELAXATION, 600, set(), Pressure.FIRM, edited)
    sets = [s for s in slots if s.phase is not None and s.phase.role == "main"]
    rests = [s for s in slots if s.phase is None]
    # 6 sets of 60 s with the built-in file; 10 of 30 s (one of 35 s to fill the time) with this.
    assert len(sets) == 10 and sorted(s.seconds for s in sets) == [30] * 9 + [35]
    assert rests
    assert {s.region for s in rests} == {"pause"}


def test_cue_words_come_from_the_file(tmp_path: Path) -> None:
    """The tempo and role cues a step says are the file's words."""
    text = FILE.read_text(encoding="utf-8").replace("Slow and unhurried.", "Take your time.")
    edited = load_routines(_copy(tmp_path, text))
    guide = _guide(Setting.PARTNER)
    slots = leg_routine(guide, Goal.RELAXATION, 300, set(), Pressure.FIRM, edited)
    cues = [step_cue(LIBRARY, guide, Goal.RELAXATION, s, "", (), edited) for s in slots]
    assert "Warm up, and notice where it feels sore." in cues[0]
    assert any("Take your time." in c for c in cues)
    assert not any("Slow and unhurried." in c for c in cues)


# --- broken files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "entry", "field", "problem"),
    [
        (
            'setting = "alone"\ngoal = "recovery"',
            'setting = "alon"\ngoal = "recovery"',
            "routine 'alon/recovery'",
            "setting",
            "'alon' is not one of alone, roller, partner, devices (did you mean 'alone'?)",
        ),
        (
            'setting = "alone"\ngoal = "relaxation"',
            'setting = "alone"\ngoal = "relaxaton"',
            "routine 'alone/relaxaton'",
            "goal",
            "(did you mean 'relaxation'?)",
        ),
        (
            'setting = "alone"\ngoal = "relaxation"',
            'setting = "alone"\ngoal = "recovery"',
            "routine 'alone/recovery'",
            "goal",
            "a second routine for alone and recovery",
        ),
        (
            'setting = "partner"\ngoal = "before_activity"',
            'setting = "roller"\ngoal = "before_activity"',
            "routine 'roller/before_activity'",
            "setting",
            "'roller' is planned in sets of rolling",
        ),
        (
            '{ technique = "petrissage", pressure = "moderate", weight = 4,',
            '{ technique = "petrisage", pressure = "moderate", weight = 4,',
            "routine 'alone/recovery' phase 3",
            "technique",
            "unknown technique 'petrisage' (did you mean 'petrissage'?)",
        ),
        (
            '{ technique = "effleurage", pressure = "moderate", weight = 1.5',
            '{ technique = "tapotement", pressure = "moderate", weight = 1.5',
            "routine 'alone/recovery' phase 2",
            "technique",
            "'tapotement' is not used in the setting 'alone'",
        ),
        (
            '{ technique = "petrissage", pressure = "moderate", weight = 4,',
            '{ technique = "petrissage", pressure = "moderat", weight = 4,',
            "routine 'alone/recovery' phase 3",
            "pressure",
            "(did you mean 'moderate'?)",
        ),
        (
            '{ technique = "vibration", pressure = "light"',
            '{ technique = "vibration", pressure = "moderate"',
            "routine 'partner/relaxation' phase 5",
            "pressure",
            "vibration is not done at moderate pressure",
        ),
        (
            '{ role = "warm-up", technique = "effleurage", pressure = "light", weight = 2 }',
            '{ role = "warmup", technique = "effleurage", pressure = "light", weight = 2 }',
            "routine 'alone/recovery' phase 1",
            "role",
            "(did you mean 'warm-up'?)",
        ),
        (
            "weight = 4,",
            "weight = 0,",
            "routine 'alone/recovery' phase 3",
            "weight",
            "must be a number above 0",
        ),
        (
            "weight = 4,",
            "weight = -4,",
            "routine 'alone/recovery' phase 3",
            "weight",
            "must be a number above 0",
        ),
        (
            "weight = 4,",
            'weight = "4",',
            "routine 'alone/recovery' phase 3",
            "weight",
            "expected a number",
        ),
        (
            ', pressure = "moderate", weight = 4,',
            ', pressure = "moderate",',
            "routine 'alone/recovery' phase 3",
            "weight",
            "missing; add weight = <a number>",
        ),
        (
            "weight = 1.5, optional = true",
            "weight = 1.5, optinal = true",
            "routine 'alone/recovery' phase 2",
            "optinal",
            "unknown field (did you mean 'optional'?)",
        ),
        (
            'goal = "recovery"\nphases = [',
            'goal = "recovery"\nphase = [',
            "routine 'alone/recovery'",
            "phase",
            "unknown field (did you mean 'phases'?)",
        ),
        (
            'regions = ["inner", "outer", "lower"]',
            'regions = ["inner", "outer", "lowr"]',
            "routine 'alone/recovery' phase 3",
            "regions",
            "unknown region 'lowr' (did you mean 'lower'?)",
        ),
        (
            '{ role = "warm-up", technique = "effleurage", pressure = "light", weight = 2 }',
            '{ role = "warm-up", technique = "effleurage", pressure = "moderate", weight = 2 }',
            "routine 'alone/recovery' phase 1",
            "pressure",
            "the warm-up is at light pressure",
        ),
        (
            '{ role = "ease", technique = "effleurage", pressure = "light", weight = 1.5 }',
            '{ role = "ease", technique = "effleurage", pressure = "light", weight = 1.5, '
            "optional = true }",
            "routine 'alone/recovery' phase 4",
            "optional",
            "the easing-off is part of every session",
        ),
        (
            '{ role = "warm-up", technique = "effleurage", pressure = "light", weight = 2 }',
            '{ technique = "effleurage", pressure = "light", weight = 2 }',
            "routine 'alone/recovery' phase 1",
            "role",
            "the first phase is the 'warm-up'",
        ),
        (
            '{ technique = "petrissage", pressure = "moderate", weight = 4,',
            '{ technique = "petrissage", pressure = "firm", weight = 4,',
            "routine 'alone/recovery' phase 4",
            "pressure",
            "jumps from firm to light; change the pressure one level at a time",
        ),
        (
            "seconds = { recovery = 45,",
            "seconds = { recovry = 45,",
            "[sets]",
            "seconds",
            "unknown goal 'recovry' (did you mean 'recovery'?)",
        ),
        (
            "seconds = { recovery = 45,",
            "seconds = { recovery = 90,",
            "[sets]",
            "seconds",
            "recovery = 90: must be from 30 to 60 seconds",
        ),
        (
            "rest = { recovery = 15,",
            "rest = { recovery = 12,",
            "[sets]",
            "rest",
            "recovery must be a whole number of seconds, a multiple of 5",
        ),
        (
            'regions = ["whole", "side_inner", "side_outer"]',
            'regions = ["whole", "side_iner", "side_outer"]',
            "[sets]",
            "regions",
            "unknown region 'side_iner' (did you mean 'side_inner'?)",
        ),
        (
            'rest_region = "no massage"\n',
            "",
            "[sets]",
            "rest_region",
            "missing",
        ),
        (
            'relaxation = "Slow and unhurried."',
            'relaxtion = "Slow and unhurried."',
            "[tempo]",
            "relaxtion",
            "unknown goal (did you mean 'relaxation'?)",
        ),
        (
            'warm-up = "Warm up',
            'warmup = "Warm up',
            "[role_cues]",
            "warmup",
            "unknown role (did you mean 'warm-up'?)",
        ),
        (
            'whole = "whole calf',
            'wole = "whole calf',
            "[regions]",
            "whole",
            "missing",
        ),
        (
            'side_inner = "inner side',
            'Side-Inner = "inner side',
            "[regions]",
            "Side-Inner",
            "is not a valid region id",
        ),
    ],
)
def test_broken_routines_name_file_entry_and_field(
    tmp_path: Path, old: str, new: str, entry: str, field: str, problem: str
) -> None:
    """Each mistake a teacher might make is a ContentError naming file, entry, field and a hint."""
    with pytest.raises(ContentError) as info:
        load_routines(_broken(tmp_path, old, new))
    err = info.value
    assert (err.file, err.entry, err.field) == ("routines.toml", entry, field), str(err)
    assert problem in err.problem
    assert str(err).startswith(f"routines.toml: {entry}: field '{field}': ")


@pytest.mark.parametrize(
    ("phases", "index", "problem"),
    [
        (
            (
                WARM,
                _phase("effleurage", "moderate", ", optional = true"),
                _phase("petrissage", "firm"),
                _phase("effleurage", "moderate"),
                EASE,
            ),
            3,
            "jumps from light to firm when the optional phases are left out",
        ),
        (
            (
                WARM,
                _phase("petrissage", "moderate"),
                _phase("petrissage", "light"),
                _phase("petrissage", "moderate"),
                EASE,
            ),
            4,
            "rises again after easing off; build up once, then ease off",
        ),
    ],
)
def test_pressure_must_build_and_ease_gradually(
    tmp_path: Path, phases: tuple[str, ...], index: int, problem: str
) -> None:
    """Pressure changes one level at a time and eases off once, also in short sessions."""
    with pytest.raises(ContentError) as info:
        load_routines(_with_phases(tmp_path, "alone", "recovery", *phases))
    assert info.value.entry == f"routine 'alone/recovery' phase {index}"
    assert info.value.field == "pressure" and problem in info.value.problem


def test_too_many_phases_for_a_short_session_are_refused(tmp_path: Path) -> None:
    """More than 6 phases that are not optional cannot each get 15 s in a 3-minute session."""
    main = _phase("petrissage", "light")
    folder = _with_phases(tmp_path, "alone", "recovery", WARM, *[main] * 5, EASE)
    with pytest.raises(ContentError) as info:
        load_routines(folder)
    assert (info.value.entry, info.value.field) == ("routine 'alone/recovery'", "phases")
    assert "has 7 phases that are not optional and 7 in all; at most 6 and 10" in str(info.value)
    load_routines(_with_phases(tmp_path, "alone", "recovery", WARM, *[main] * 4, EASE))


def test_a_missing_routine_is_named(tmp_path: Path) -> None:
    """Leaving out a hands-on setting's routine for a goal names the missing pair."""
    text = FILE.read_text(encoding="utf-8")
    start = text.index('[[routine]]\nsetting = "partner"\ngoal = "before_activity"')
    end = text.index("# --- with a roller")
    with pytest.raises(ContentError, match=r"^routines\.toml: no \[\[routine\]\] for "):
        load_routines(_copy(tmp_path, text[:start] + text[end:]))
    with pytest.raises(ContentError, match=r"partner/before_activity \(setting/goal\)"):
        load_routines(_copy(tmp_path, text[:start] + text[end:]))


def test_an_unknown_table_is_reported(tmp_path: Path) -> None:
    """A misspelt table name is refused with a suggestion."""
    with pytest.raises(ContentError, match=r"unknown table 'tempi' \(did you mean 'tempo'\?\)"):
        load_routines(_broken(tmp_path, "\n[tempo]\n", "\n[tempi]\n"))


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    """A file that is not valid TOML is reported with its name."""
    with pytest.raises(ContentError, match=r"^routines\.toml: not valid TOML"):
        load_routines(_broken(tmp_path, "\n[regions]\n", "\n[regions\n"))


# --- checked against the technique library ------------------------------------------------------


def _library_without(technique: str) -> TechniqueLibrary:
    kept = {k: v for k, v in LIBRARY.techniques.items() if k != technique}
    return dataclasses.replace(LIBRARY, techniques=kept)


def test_techniques_must_be_in_the_technique_library() -> None:
    """A routine naming a technique the library does not have is refused."""
    with pytest.raises(ContentError) as info:
        load_routines(library=_library_without("vibration"))
    assert info.value.entry == "routine 'partner/relaxation' phase 5"
    assert info.value.field == "technique" and "unknown technique 'vibration'" in str(info.value)


def test_every_hands_on_setting_the_library_has_needs_routines() -> None:
    """A setting without a main technique is planned by hand, so every goal needs a routine."""
    roller = dataclasses.replace(LIBRARY.settings[Setting.ROLLER], main_technique=None)
    library = dataclasses.replace(LIBRARY, settings={**LIBRARY.settings, Setting.ROLLER: roller})
    with pytest.raises(ContentError) as info:
        load_routines(library=library)
    assert info.value.entry is None and info.value.field is None
    missing = re.search(r"no \[\[routine\]\] for (.*) \(setting/goal\)", str(info.value))
    assert missing is not None
    assert missing.group(1) == "roller/recovery, roller/relaxation, roller/before_activity"
