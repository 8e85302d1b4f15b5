"""Tests for the how-to fields of techniques.toml, calflib.technique_howto and technique_poses."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.errors import ContentError
from calflib.technique_diagrams import technique_diagram
from calflib.technique_howto import CONTACT_LABELS
from calflib.technique_loader import load_techniques
from calflib.technique_poses import POSE_LABELS, poses_for
from calflib.techniques import CONTACTS

FILE = "techniques.toml"


def _broken(tmp_path: Path, old: str, new: str) -> ContentError:
    folder = copy_content(tmp_path / "content", FILE)
    edit(folder / FILE, old, new)
    with pytest.raises(ContentError) as caught:
        load_techniques(folder)
    return caught.value


def test_every_technique_taught_says_how_and_every_contact_has_words() -> None:
    """Each technique has hands, rhythm, giver and receiver; each contact is named in words."""
    for t in load_techniques().techniques.values():
        assert t.howto is not None and t.howto.contact in CONTACTS
        assert all((t.howto.hands, t.howto.rhythm, t.howto.giver, t.howto.receiver))
    assert set(CONTACT_LABELS) == set(CONTACTS)


def test_a_missing_howto_table_is_named(tmp_path: Path) -> None:
    """A technique without [technique.howto] names the table to add."""
    error = _broken(tmp_path, '[technique.howto]\ncontact = "grip"', '[technique.notes]\nx = "y"')
    assert error.field == "howto" and "petrissage" in str(error)


def test_an_unknown_contact_suggests_the_right_one(tmp_path: Path) -> None:
    """A typo in contact lists the choices, naming the howto table."""
    error = _broken(tmp_path, 'contact = "hand_edges"', 'contact = "hand_edge"')
    assert error.field == "contact" and "[technique.howto]" in str(error)
    assert "hand_edges" in str(error)


def test_a_howto_citation_must_be_in_the_techniques_sources(tmp_path: Path) -> None:
    """A rhythm citing a key the technique does not list is refused."""
    error = _broken(tmp_path, "starts with about 10 strokes [S41c].", "[S20].")
    assert error.field == "sources" and "'S20'" in str(error)


def test_an_unknown_howto_field_is_refused(tmp_path: Path) -> None:
    """A misspelt field in the howto table is named, with a suggestion."""
    error = _broken(tmp_path, "towards_heart = true", "toward_heart = true")
    assert "toward_heart" in str(error) and "towards_heart" in str(error)


@pytest.mark.parametrize(
    ("tid", "poses"),
    [
        ("effleurage", ("alone", "partner")),
        ("petrissage", ("alone", "partner")),
        ("tapotement", ("partner",)),
        ("rolling", ("roller",)),
        ("massage_gun", ("device",)),
    ],
)
def test_each_diagram_draws_where_giver_and_receiver_are(tid: str, poses: tuple[str, ...]) -> None:
    """The position drawings follow the settings that use the technique, each captioned in
    words that the description repeats."""
    technique = load_techniques().technique(tid)
    assert poses_for(technique) == poses
    fig = technique_diagram(tid)
    root = ET.fromstring(fig.svg)
    drawn = [g.get("data-pose") for g in root.iter() if g.get("data-pose")]
    assert tuple(drawn) == poses
    for pose in poses:
        assert POSE_LABELS[pose] in fig.description
