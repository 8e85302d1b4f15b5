"""Tests for calflib.techniques: pressure order, settings and goals by name, stroke directions."""

from __future__ import annotations

import pytest

from calflib.technique_loader import load_techniques
from calflib.techniques import Goal, Pressure, Setting, Stroke, TechniqueLibrary


@pytest.fixture(scope="module")
def library() -> TechniqueLibrary:
    """The built-in techniques content, loaded once."""
    return load_techniques()


def test_pressure_is_ordered_light_moderate_firm() -> None:
    """Pressure levels compare in the order a session builds them."""
    assert Pressure.LIGHT < Pressure.MODERATE < Pressure.FIRM
    assert [p.key for p in Pressure] == ["light", "moderate", "firm"]


def test_settings_use_the_techniques_the_article_describes(library: TechniqueLibrary) -> None:
    """Alone: stroking and kneading; partner adds skin rolling and hacking; roller and devices."""
    ids = {s: {t.id for t in library.used_in(s)} for s in Setting}
    assert ids[Setting.ALONE] == {"effleurage", "petrissage"}
    assert {"effleurage", "petrissage", "skin_rolling", "tapotement"} <= ids[Setting.PARTNER]
    assert ids[Setting.ROLLER] == {"effleurage", "rolling"}
    assert ids[Setting.DEVICES] == {"effleurage", "massage_gun"}
    assert library.settings[Setting.ROLLER].main_technique == "rolling"


@pytest.mark.parametrize(
    ("points", "words"),
    [
        (((10, 100), (10, 20)), "upwards, towards the knee"),
        (((10, 20), (12, 100)), "downwards, towards the heel"),
        (((10, 50), (80, 55)), "across the calf, inner to outer side"),
        (((80, 50), (10, 55)), "across the calf, outer to inner side"),
        (((10, 50), (30, 40), (12, 52)), "in a small circle"),
    ],
)
def test_stroke_direction_in_words(points: tuple[tuple[float, float], ...], words: str) -> None:
    """A stroke's direction is read from its first and last points."""
    assert Stroke("s", points).direction == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("partner", Setting.PARTNER),
        ("With a Partner", Setting.PARTNER),
        ("on your own", Setting.ALONE),
        ("roller", Setting.ROLLER),
    ],
)
def test_setting_parse_accepts_ids_and_plain_names(text: str, expected: Setting) -> None:
    """Settings are found by id or plain name, ignoring case."""
    assert Setting.parse(text) is expected


def test_unknown_setting_and_goal_suggest_the_right_one() -> None:
    """A misspelt setting or goal raises ValueError with a suggestion."""
    with pytest.raises(ValueError, match="did you mean 'partner'"):
        Setting.parse("patner")
    with pytest.raises(ValueError, match="did you mean 'recovery'"):
        Goal.parse("recovry")
    with pytest.raises(TypeError, match="setting must be text"):
        Setting.parse(3)  # type: ignore[arg-type]


def test_unknown_technique_suggests_the_right_one(library: TechniqueLibrary) -> None:
    """library.technique() names the closest id."""
    with pytest.raises(ValueError, match="did you mean 'effleurage'"):
        library.technique("efleurage")
