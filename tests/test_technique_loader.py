"""Tests for calflib.technique_loader: the techniques content and its validation."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.anatomy import VIEWBOX
from calflib.errors import ContentError
from calflib.model import Content
from calflib.technique_loader import load_techniques
from calflib.techniques import Goal, Pressure, Setting, TechniqueLibrary

CORE = ("effleurage", "petrissage", "skin_rolling", "tapotement", "friction")
RAW = tomllib.loads(
    resources.files("calflib.content").joinpath("techniques.toml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def library() -> TechniqueLibrary:
    """The built-in techniques content, loaded once."""
    return load_techniques()


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    return []


def test_content_has_the_four_settings_and_the_core_techniques(library: TechniqueLibrary) -> None:
    """All four settings, the five core techniques, three goals and three pressures are there."""
    assert list(library.settings) == list(Setting)
    assert set(CORE) <= set(library.techniques)
    assert list(library.goals) == list(Goal)
    assert list(library.pressures) == list(Pressure)


def test_every_cited_source_key_resolves(content: Content) -> None:
    """Every [S..] key in the file's text and every `sources` entry exists in sources.toml."""
    cited = {
        key.strip()
        for text in _texts(RAW)
        for group in re.findall(r"\[(S[^\]]*)\]", text)
        for key in group.split(",")
    }
    listed = {key for key in _texts(RAW) if re.fullmatch(r"S\d+[a-z]?", key)}
    assert cited and listed
    assert cited <= set(content.sources), sorted(cited - set(content.sources))
    assert listed <= set(content.sources), sorted(listed - set(content.sources))
    assert not {"S5", "S36", "S37", "S38", "S45"} & (cited | listed)  # sub-keys only


@pytest.mark.parametrize("tid", CORE)
def test_core_technique_says_how_pressure_direction_duration_cautions(
    library: TechniqueLibrary, tid: str
) -> None:
    """Each core technique has steps, pressures, direction, duration and cited cautions."""
    t = library.technique(tid)
    assert len(t.how) >= 3 and t.pressure and t.direction and t.duration and t.settings
    assert any("back of the knee" in c for c in t.cautions)
    assert all(re.search(r"\[S\d", c) for c in t.cautions)
    assert t.strokes and t.sources


def test_direction_towards_the_heart_is_called_a_convention(library: TechniqueLibrary) -> None:
    """Effleurage's direction says the towards-the-heart rule is a convention, not tested."""
    direction = library.technique("effleurage").direction
    assert "towards the heart" in direction and "convention" in direction
    assert "not a tested rule" in direction


def test_durations_carry_numbers_and_sources(library: TechniqueLibrary) -> None:
    """The durations with study data give numbers and their source keys (fact sheet section 4)."""
    for tid, keys in {
        "effleurage": ("S41c", "S35a", "S27"),
        "petrissage": ("S41c", "S15", "S20"),
        "rolling": ("S24", "S25", "S26"),
    }.items():
        duration = library.technique(tid).duration
        assert re.search(r"\d", duration)
        assert all(f"{k}]" in duration or f"{k}," in duration for k in keys), duration


def test_cautions_cover_knee_achilles_pain(library: TechniqueLibrary) -> None:
    """Roller cautions name the Achilles; pain is never a sign it is working [S27]."""
    assert any("Achilles" in c for c in library.technique("rolling").cautions)
    for t in library.techniques.values():
        assert any("S27" in c for c in t.cautions), t.id
    for guide in library.settings.values():
        assert any("pain" in c.lower() for c in guide.cautions), guide.setting


def test_strokes_lie_inside_the_leg_drawing(library: TechniqueLibrary) -> None:
    """Every stroke point and stop is inside the anatomy's coordinate system."""
    width, height = VIEWBOX
    for t in library.techniques.values():
        for s in t.strokes:
            for x, y in (*s.points, *([s.stop] if s.stop else [])):
                assert 0 <= x <= width and 0 <= y <= height


def test_effleurage_stops_below_the_back_of_the_knee(library: TechniqueLibrary) -> None:
    """The first effleurage stroke goes up and stops below the popliteal fossa (y > 80)."""
    stroke = library.technique("effleurage").strokes[0]
    assert stroke.direction == "upwards, towards the knee"
    assert stroke.stop is not None and 80 < stroke.stop[1] < 110


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    folder = copy_content(tmp_path / "content", "techniques.toml")
    edit(folder / "techniques.toml", old, new)
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'settings = ["partner"]\ncue = "Lift a fold',
            'settings = ["patner"]\ncue = "Lift a fold',
            "technique 'skin_rolling': field 'settings': unknown setting 'patner' "
            "(did you mean 'partner'?)",
        ),
        (
            'skin_rolling = "Lift a fold',
            'skin_rolin = "Lift a fold',
            "setting 'partner': field 'cues': 'skin_rolin' is not a technique of this setting "
            "(did you mean 'skin_rolling'?)",
        ),
        (
            '["petrissage", "skin_rolling", "tapotement", "friction", "massage_gun", "rolling"]',
            '["petrissage", "skin_rolling", "tapotment", "friction", "massage_gun", "rolling"]',
            "adaptation 'blood_thinners_bleeding': field 'avoid_techniques': unknown technique "
            "'tapotment' (did you mean 'tapotement'?)",
        ),
        (
            '[[adaptation.setting]]\nid = "roller"\nblocked = "A roller presses much harder',
            '[[adaptation.setting]]\nid = "rollers"\nblocked = "A roller presses much harder',
            "adaptation 'blood_thinners_bleeding' [[adaptation.setting]] #1: field 'id': unknown "
            "setting 'rollers' (did you mean 'roller'?)",
        ),
        (
            '[[adaptation.setting]]\nid = "roller"\nblocked = "A roller presses much harder',
            '[[adaptation.setting]]\nid = "roller"\nposition = "Sit."\nblocked = "A roller presses',
            "[[adaptation.setting]] #1: field 'blocked': a blocked setting has no position or "
            "start_cue",
        ),
        (
            'id = "partner"\nposition = "Never face down in pregnancy',
            'id = "partner"\npositon = "Never face down in pregnancy',
            "field 'positon': unknown field",
        ),
        (
            '[[adaptation]]\nfinding = "fragile_skin"',
            '[[adaptatio]]\nfinding = "fragile_skin"',
            "unknown table 'adaptatio'",
        ),
        (
            'finding = "older_adult"',
            'finding = "risk_hormones"',
            "'risk_hormones' has two [[adaptation]] entries",
        ),
        (
            "[setting.light.cues]\nrolling =",
            "[setting.light.cues]\nroling =",
            "[setting.light]: field 'cues': 'roling' is not a technique of this setting "
            "(did you mean 'rolling'?)",
        ),
        (
            'finding = "broken_skin"',
            'finding = "broken_skn"',
            "adaptation 'broken_skn': field 'finding': 'broken_skn' is not a finding that can "
            "lead to 'modify' (did you mean 'broken_skin'?)",
        ),
        (
            'main_technique = "rolling"',
            'main_technique = "roling"',
            "setting 'roller': field 'main_technique': 'roling' is not used in this setting "
            "(did you mean 'rolling'?)",
        ),
        (
            "[S37a, S37b]",
            "[S37a, S37z]",
            "technique 'skin_rolling': field 'summary': cites unknown source key 'S37z'",
        ),
        (
            'sources = ["S37a", "S37b",',
            'sources = ["S37a",',
            "technique 'skin_rolling': field 'sources': must list 'S37b', which field 'summary' "
            "cites",
        ),
        (
            "points = [[90, 320], [84, 250]",
            "points = [[90, 520], [84, 250]",
            "technique 'skin_rolling' stroke 1: field 'points': point 1 [90, 520] is outside",
        ),
        (
            'abbr = "SR"',
            'abbr = "SR"\npresure = ["light"]',
            "technique 'skin_rolling': field 'presure': unknown field (did you mean 'pressure'?)",
        ),
        (
            'pressure = ["light", "moderate"]\npressure_note = "It lifts',
            'pressure = ["light", "hard"]\npressure_note = "It lifts',
            "technique 'skin_rolling': field 'pressure': unknown pressure 'hard'",
        ),
        (
            'avoid_zones = ["popliteal_fossa"]\nsources = ["S37a"',
            'avoid_zones = ["popliteal_fosa"]\nsources = ["S37a"',
            "unknown anatomy structure 'popliteal_fosa' (did you mean 'popliteal_fossa'?)",
        ),
        (
            '[[goal]]\nid = "relaxation"',
            '[[goal]]\nid = "relax"',
            "goal 'relax': field 'id': 'relax' is not one of recovery, relaxation, "
            "before_activity (did you mean 'relaxation'?)",
        ),
    ],
)
def test_broken_content_names_file_entry_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """Every mistake a teacher might make is reported with file, entry, field and a hint."""
    folder = _broken(tmp_path, old, new)
    with pytest.raises(ContentError) as info:
        load_techniques(folder)
    assert str(info.value).startswith("techniques.toml: ")
    assert message in str(info.value)


def test_an_unknown_table_is_reported(tmp_path: Path) -> None:
    """A misspelt table name is refused with a suggestion."""
    folder = _broken(tmp_path, '[[pressure]]\nid = "firm"', '[[pressur]]\nid = "firm"')
    with pytest.raises(ContentError, match="unknown table 'pressur' \\(did you mean 'pressure'"):
        load_techniques(folder)


def test_a_missing_closed_set_entry_is_reported(tmp_path: Path) -> None:
    """Leaving out one of the three pressures is an error naming the missing one."""
    folder = _broken(tmp_path, '[[pressure]]\nid = "firm"', '[[goal]]\nid = "firm"')
    text = (folder / "techniques.toml").read_text(encoding="utf-8")
    start = text.index('[[goal]]\nid = "firm"')
    end = text.index("[[goal]]", start + 5)
    (folder / "techniques.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match="no \\[\\[pressure\\]\\] entry for firm"):
        load_techniques(folder)


def test_the_default_library_is_cached_and_a_folder_reloads(tmp_path: Path) -> None:
    """load_techniques() is cached; a folder copy loads afresh and equals it."""
    assert load_techniques() is load_techniques()
    copy = load_techniques(copy_content(tmp_path / "copy", "techniques.toml"))
    assert copy is not load_techniques() and copy.techniques == load_techniques().techniques


def test_every_modify_finding_needs_an_adaptation(tmp_path: Path) -> None:
    """A finding that can lead to 'modify' without an [[adaptation]] is named (so the planner's
    safety tests, which go through every adaptation, can never miss a finding)."""
    folder = _broken(
        tmp_path,
        '[[adaptation]]\nfinding = "risk_hormones"\ncue = "Gentle strokes only: no vigorous deep '
        'work."\navoid_techniques = ["tapotement", "friction", "massage_gun"]\nsources = ["S3", '
        '"S5b"]\n',
        "",
    )
    with pytest.raises(ContentError, match="missing: risk_hormones"):
        load_techniques(folder)
