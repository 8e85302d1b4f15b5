"""Tests for calflib.technique_diagrams: the stroke diagrams (valid, accessible SVG)."""

from __future__ import annotations

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
