"""Tests for calflib._schema: the entry reader's messages name file, entry and field, with hints."""

from __future__ import annotations

import pytest

from calflib._schema import EntryReader, unique_ids
from calflib.errors import ContentError

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
