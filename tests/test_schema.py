"""Tests for calflib._schema: the entry reader's messages name file, entry and field, with hints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib._schema import EntryReader, unique_ids
from calflib.anatomy import load_anatomy
from calflib.benefits import load_benefits
from calflib.errors import ContentError, ContentProblems
from calflib.faq import load_pain_guide
from calflib.judgement import load_judgement_calls
from calflib.loader import builtin_folder, load_content
from calflib.player_cards import load_player_messages
from calflib.practice import load_practice
from calflib.quiz_loader import load_questions
from calflib.routine_loader import load_routines
from calflib.stop_rules import load_stop_rules
from calflib.technique_loader import load_techniques

BOUNDS = (240.0, 480.0)


def _reader(**data: object) -> EntryReader:
    return EntryReader("x.toml", "thing", {"id": "a", **data})


def test_unique_ids_names_the_repeated_id() -> None:
    """An id used twice is refused, naming the file, the kind and the id."""
    unique_ids("x.toml", "thing", ["a", "b"])
    with pytest.raises(ContentError, match=r"^x.toml: thing id 'b' is used twice"):
        unique_ids("x.toml", "thing", ["a", "b", "b"])


def test_refs_must_be_known_and_get_a_suggestion() -> None:
    """Every id in a list must be known; an unknown one is named with the closest known id."""
    assert _reader(group=["calf", "knee"]).refs("group", ["calf", "knee"], "group") == (
        "calf",
        "knee",
    )
    with pytest.raises(
        ContentError,
        match=r"thing 'a': field 'group': unknown group 'kne' \(did you mean 'knee'\?\)",
    ):
        _reader(group=["kne"]).refs("group", ["calf", "knee"], "group")
    assert _reader().refs("group", [], "group", required=False) == ()


def test_source_keys_are_checked_against_the_bibliography() -> None:
    """A source key missing from sources.toml is an error at the 'sources' field."""
    with pytest.raises(ContentError, match=r"field 'sources': unknown source key 'S5'"):
        _reader(sources=["S5"]).source_keys(["S5a", "S5b"])


def test_known_fields_are_checked_before_any_is_read() -> None:
    """With ``fields`` given, a misspelt field is named as such at once (not reported missing)."""
    with pytest.raises(ContentError, match=r"field 'nmae': unknown field \(did you mean 'name'"):
        EntryReader("x.toml", "thing", {"id": "a", "nmae": "x"}, fields=("id", "name"))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([[1, 2]], r"needs at least 2 points \[x, y\], got 1"),
        ([[1, 2], [3, "4"]], r"point 2 must be two numbers \[x, y\], got \[3, '4'\]"),
        ([[1, 2], [3, True]], r"point 2 must be two numbers"),
        ([[1, 2], [300, 4]], r"point 2 \[300, 4\] is outside the drawing; x must be 0-240"),
        ("a line", r"expected a list of points"),
    ],
)
def test_points_must_be_pairs_of_numbers_inside_the_drawing(value: object, message: str) -> None:
    """Each point of a polyline is two numbers inside the bounds, or the point is named."""
    with pytest.raises(ContentError, match=message):
        _reader(line=value).points("line", BOUNDS)


def test_points_and_optional_points_are_read_as_floats() -> None:
    """Good points come back as float pairs; an absent optional point is None."""
    r = _reader(line=[[0, 0], [240, 480.0]], stop=[1, 2])
    assert r.points("line", BOUNDS) == ((0.0, 0.0), (240.0, 480.0))
    assert r.optional_point("stop", BOUNDS) == (1.0, 2.0)
    assert r.optional_point("start", BOUNDS) is None
    with pytest.raises(ContentError, match=r"\[1, 999\] is outside the leg drawing"):
        _reader(at=[1, 999]).point("at", BOUNDS, drawing="leg drawing")
    assert r.identifier() == "a"
    r.finish()  # every field was read


def test_number_has_a_minimum_and_refuses_true() -> None:
    """A number field must be a number (not true/false) of at least its minimum."""
    assert _reader(radius=2.5).number("radius", 1) == 2.5
    for bad in (0.5, True, "2"):
        with pytest.raises(ContentError, match=r"expected a number of at least 1, got"):
            _reader(radius=bad).number("radius", 1)


def _load_chapters(folder: Path) -> object:
    from calflib.course import load_chapters

    return load_chapters(folder)


def _load_glossary(folder: Path) -> object:
    from calflib.glossary import load_glossary

    return load_glossary(folder)


def _load_rubric(folder: Path) -> object:
    from calflib.rubric import load_rubric

    return load_rubric(folder)


def _load_final_stories(folder: Path) -> object:
    from calflib.final_stories import load_final_stories

    return load_final_stories(folder, content=load_content(folder))


def _load_player(folder: Path) -> object:
    return load_player_messages(folder, content=load_content(folder))


#: Every content file, one of its tables misspelt, and the loader that must refuse it.
MISSPELT_TABLES: dict[str, tuple[str, str, Callable[[Path], object]]] = {
    "sources.toml": ("source", "sorce", load_content),
    "levels.toml": ("level", "levle", load_content),
    "findings.toml": ("finding", "findng", load_content),
    "scenarios.toml": ("scenario", "senario", load_content),
    "final_stories.toml": ("scenario", "scenaro", _load_final_stories),
    "wells.toml": ("item", "itme", load_content),
    "benefits.toml": ("myth", "mith", load_benefits),
    "anatomy.toml": ("landmark", "landmrk", load_anatomy),
    "faq.toml": ("reason", "reasn", lambda f: load_pain_guide(f, content=load_content(f))),
    "chapters.toml": ("chapter", "chaptr", _load_chapters),
    "glossary.toml": ("term", "trem", _load_glossary),
    "rubric.toml": ("criterion", "critrion", _load_rubric),
    "judgement_calls.toml": ("call", "cal", load_judgement_calls),
    "routines.toml": ("routine", "routin", load_routines),
    "techniques.toml": ("goal", "gaol", lambda f: load_techniques(f, content=load_content(f))),
    "player.toml": (
        "message",
        "mesage",
        lambda f: load_player_messages(f, content=load_content(f)),
    ),
    "questions.toml": ("objective", "objectiv", lambda f: load_questions(f)),
    "questions-01.toml": ("objective", "objectiev", lambda f: load_questions(f)),
    "questions-03.toml": ("objective", "objectve", lambda f: load_questions(f)),
    "questions-04.toml": ("objective", "objectivs", lambda f: load_questions(f)),
    "questions-05.toml": ("objective", "objetive", lambda f: load_questions(f)),
    "questions-06.toml": ("objective", "obective", lambda f: load_questions(f)),
    "stop_rules.toml": ("band", "bnad", lambda f: load_stop_rules(f)),
    "practice.toml": ("activity", "activty", load_practice),
}


def test_every_content_file_is_in_the_misspelt_table_sweep() -> None:
    """The sweep below covers every built-in content file, so a new file cannot be forgotten."""
    names = {item.name for item in builtin_folder().iterdir() if item.name.endswith(".toml")}
    assert names == set(MISSPELT_TABLES)


@pytest.mark.parametrize("name", sorted(MISSPELT_TABLES))
def test_a_misspelt_table_is_refused_in_every_content_file(tmp_path: Path, name: str) -> None:
    """Misspelling one entry's [[table]] is an error naming the file, with a did-you-mean,
    never a silently dropped entry (e.g. a Wells [[itme]])."""
    table, typo, load = MISSPELT_TABLES[name]
    folder = copy_content(tmp_path / "content")
    edit(folder / name, f"\n[[{table}]]\n", f"\n[[{typo}]]\n")  # a table, not a comment
    with pytest.raises(ContentError) as exc:
        load(folder)
    problems = exc.value.problems if isinstance(exc.value, ContentProblems) else (exc.value,)
    wanted = f"unknown table '{typo}' (did you mean '{table}'?)"
    assert any(p.file == name and p.problem.startswith(wanted) for p in problems), [
        str(p) for p in problems
    ]
