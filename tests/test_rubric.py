"""Tests for the practical-skills rubric (calflib/rubric.py, content/rubric.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.errors import ContentError
from calflib.rubric import load_rubric
from calflib.technique_loader import load_techniques


def test_every_stroke_the_workbook_teaches_has_a_rubric() -> None:
    """One rubric entry per technique in techniques.toml, in the same order, and no other."""
    rubric = load_rubric()
    assert [s.technique for s in rubric.strokes] == list(load_techniques().techniques)
    assert len(rubric.strokes) == 8


def test_the_must_pass_items_are_the_safety_rules() -> None:
    """SAFE criteria: screening done, stop rules, pressure within the scale, no-go zones."""
    rubric = load_rubric()
    assert [c.id for c in rubric.safe] == ["screened", "stop_rules", "pressure", "no_go_zones"]
    assert [c.id for c in rubric.good] == ["form", "direction", "timing"]
    assert "back of the knee" in rubric.safe[-1].look_for


def test_each_stroke_says_where_it_stops_and_how_hard_it_presses() -> None:
    """Every stroke names its own pressure and no-go zone wording, and what to watch."""
    rubric = load_rubric()
    for stroke in rubric.strokes:
        own = dict(stroke.look_for)
        assert "pressure" in own, stroke.technique
        assert stroke.observe, stroke.technique
        zones = stroke.check(next(c for c in rubric.criteria if c.id == "no_go_zones"))
        assert "knee" in zones, stroke.technique


def test_a_stroke_falls_back_to_the_criterions_wording() -> None:
    """Without its own wording a stroke shows the criterion's (effleurage's screening)."""
    rubric = load_rubric()
    screened = rubric.safe[0]
    assert rubric.stroke("effleurage").check(screened) == screened.look_for
    assert "blood thinners" in rubric.stroke("tapotement").check(screened)


def test_pressure_words_match_the_techniques_scale() -> None:
    """A stroke's pressures are the technique's levels, by name (light, moderate, firm)."""
    rubric = load_rubric()
    assert rubric.stroke("vibration").pressures == ("light",)
    assert rubric.stroke("friction").pressures == ("moderate", "firm")


def test_an_unknown_stroke_is_a_key_error() -> None:
    """Asking for a stroke the rubric lacks is an error, never a silent default."""
    with pytest.raises(KeyError):
        load_rubric().stroke("cupping")


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ('technique = "vibration"', 'technique = "vibraton"', "technique", "did you mean"),
        ('technique = "vibration"', 'technique = "friction"', "technique", "already has"),
        (
            'pressure = "Light only: the hands',
            'presure = "Light only: the hands',
            "look_for",
            "unknown criterion 'presure'",
        ),
        ('kind = "good"\nname = "Hands', 'kind = "nice"\nname = "Hands', "kind", "'nice' is not"),
        (
            'sources = ["S38a", "S38b"]\n[stroke.look_for]\npressure = "Light only',
            'sources = ["S38a"]\n[stroke.look_for]\npressure = "Light only',
            "sources",
            "must list 'S38b'",
        ),
        ('name = "Order and length"', 'title = "Order and length"', "title", "unknown field"),
    ],
)
def test_a_broken_rubric_entry_is_named(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    """A teacher's mistake in rubric.toml names the file, the entry, the field and the fix."""
    folder = copy_content(tmp_path / "content", "rubric.toml")
    edit(folder / "rubric.toml", old, new)
    with pytest.raises(ContentError) as exc:
        load_rubric(folder)
    assert exc.value.file == "rubric.toml"
    assert exc.value.field == field
    assert problem in str(exc.value)


def test_a_stroke_left_out_is_named(tmp_path: Path) -> None:
    """Deleting a stroke's rubric is refused, naming the stroke that is missing."""
    folder = copy_content(tmp_path / "content", "rubric.toml")
    path = folder / "rubric.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[stroke]]\ntechnique = "vibration"')
    end = text.index("[[stroke]]", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match="missing: vibration"):
        load_rubric(folder)
