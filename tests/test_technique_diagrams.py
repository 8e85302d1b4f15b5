"""Tests for calflib.technique_diagrams: the stroke diagrams (valid, accessible SVG)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from calflib.svg import figure_html
from calflib.technique_diagrams import technique_diagram
from calflib.technique_loader import load_techniques
from calflib.techniques import TechniqueLibrary

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def library() -> TechniqueLibrary:
    """The built-in techniques content, loaded once."""
    return load_techniques()


@pytest.mark.parametrize("tid", list(load_techniques().techniques))
def test_diagram_is_valid_svg_with_one_arrow_per_stroke(
    library: TechniqueLibrary, tid: str
) -> None:
    """Each diagram parses, has title and desc, and one arrow path and badge per stroke."""
    t = library.technique(tid)
    fig = technique_diagram(tid)
    root = ET.fromstring(fig.svg)
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and t.name in (title.text or "")
    assert desc is not None and desc.text == fig.description
    arrows = [p for p in root.iter(f"{{{NS['svg']}}}path") if p.get("marker-end")]
    assert len(arrows) == len(t.strokes)
    assert all(p.get("marker-end", "").startswith("url(#calf-technique-") for p in arrows)
    assert len(root.findall(".//svg:g[@class='calf-stroke-number']", NS)) == 2 * len(t.strokes)
    stops = root.findall(".//svg:line[@class='calf-stop']", NS)
    assert len(stops) == sum(1 for s in t.strokes if s.stop is not None)
    assert root.find(".//svg:path[@class='calf-leg-outline']", NS) is not None
    zones = {p.get("data-zone") for p in root.findall(".//svg:path[@data-zone]", NS)}
    assert zones == set(t.avoid_zones)


def test_diagram_description_says_direction_and_where_to_stop() -> None:
    """The text alternative says in words which way each stroke goes and where to stop."""
    fig = technique_diagram("rolling")
    assert "Stroke 1: Roll up" in fig.description and "upwards, towards the knee" in fig.description
    assert "stop below the back of the knee" in fig.description
    assert "stop above the Achilles tendon" in fig.description
    assert "no pressure: Back of the knee (popliteal fossa); Achilles tendon" in fig.description


def test_diagram_of_an_unknown_technique_suggests_one() -> None:
    """An unknown id raises ValueError with a suggestion."""
    with pytest.raises(ValueError, match="did you mean 'friction'"):
        technique_diagram("fricton")


def test_figure_html_shows_the_description_as_a_caption() -> None:
    """A figure comes with its text alternative visible underneath."""
    fig = technique_diagram("skin_rolling")
    html = figure_html(fig)
    assert html.index("<svg") < html.index("<figcaption")
    assert "Then a lane up the middle" in html


def _ids_and_refs(svg: str) -> tuple[list[str], set[str]]:
    root = ET.fromstring(svg)
    ids = [el.get("id", "") for el in root.iter() if el.get("id")]
    refs: set[str] = set()
    for el in root.iter():
        for name, value in el.attrib.items():
            refs |= set(re.findall(r"url\(#([^)]+)\)", value))
            if name == "aria-labelledby":
                refs |= set(value.split())
    return ids, refs


@pytest.mark.parametrize("tid", list(load_techniques().techniques))
def test_every_id_is_unique_and_every_reference_stays_inside_the_figure(tid: str) -> None:
    """No id twice in one figure; arrows, hatching and aria-labelledby point at its own ids."""
    ids, refs = _ids_and_refs(technique_diagram(tid).svg)
    assert len(ids) == len(set(ids)) and refs <= set(ids)
    assert any(r.endswith("-arrow") for r in refs)


def test_the_same_diagram_twice_on_a_page_repeats_no_id() -> None:
    """Chapter 04 shows effleurage in the text and in the explorer: the two share no id."""
    first, _ = _ids_and_refs(technique_diagram("effleurage").svg)
    second, _ = _ids_and_refs(technique_diagram("effleurage").svg)
    assert first and not set(first) & set(second)


@pytest.mark.parametrize(
    ("tid", "contact", "words"),
    [
        ("effleurage", "flat_hands", "palms and fingers, flat"),
        ("petrissage", "grip", "fingers and thumb, gripping"),
        ("skin_rolling", "skin_fold", "thumbs and fingertips of both hands"),
        ("tapotement", "hand_edges", "little-finger edges of both hands"),
        ("friction", "thumb_tip", "thumb pad"),
        ("vibration", "cupped_hands", "the whole hand, cupped"),
        ("rolling", "roller", "a roller, not the hands"),
        ("massage_gun", "massage_gun", "a massage gun, not the hands"),
    ],
)
def test_the_panel_shows_and_names_what_touches_the_calf(
    tid: str, contact: str, words: str
) -> None:
    """Each technique's picture hatches its part of the hand (or its tool) and says so in words,
    in the figure and in its description."""
    fig = technique_diagram(tid)
    root = ET.fromstring(fig.svg)
    pictures = [el for el in root.iter() if el.get("data-contact")]
    assert [el.get("data-contact") for el in pictures] == [contact]
    shown = " ".join(el.text or "" for el in root.iter() if el.text and el.text.strip())
    assert f"Hatched: {words}" in shown
    assert f"hatches {words}" in fig.description


@pytest.mark.parametrize("tid", list(load_techniques().techniques))
def test_the_description_says_hands_rhythm_and_both_positions(
    library: TechniqueLibrary, tid: str
) -> None:
    """The text alternative carries the whole how-to panel, word for word."""
    howto = library.technique(tid).howto
    assert howto is not None
    fig = technique_diagram(tid)
    for heading, text in (
        ("Hands", howto.hands),
        ("Rhythm", howto.rhythm),
        ("Giver", howto.giver),
        ("Receiver", howto.receiver),
    ):
        assert f"{heading}: {text}" in fig.description
    assert "Rhythm" in fig.svg and "Receiver" in fig.svg


def test_effleurage_points_towards_the_heart_and_kneading_does_not() -> None:
    """Only a technique whose direction is about the heart gets the arrow, labelled in words."""
    effleurage = technique_diagram("effleurage")
    assert "towards the heart" in effleurage.svg and "towards the heart" in effleurage.description
    assert 'class="calf-towards-heart"' not in technique_diagram("petrissage").svg


def test_every_rhythm_cites_a_source_or_says_standard_practice(library: TechniqueLibrary) -> None:
    """A rate is never stated as if sourced when it is not."""
    for t in library.techniques.values():
        assert t.howto is not None
        rhythm = t.howto.rhythm
        assert "standard practice" in rhythm or re.search(r"\[S\d+", rhythm), t.id
