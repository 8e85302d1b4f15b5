"""Tests for calflib.anatomy_figure: the leg outline and the labelled figure."""

from __future__ import annotations

import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.anatomy import VIEWBOX, load_anatomy
from calflib.anatomy_cards import structure_card
from calflib.anatomy_figure import _Label, _place, anatomy_figure, leg_outline
from calflib.svg import Element, captioned

NS = {"svg": "http://www.w3.org/2000/svg"}
CHART = load_anatomy()
IDS = list(CHART.ids)


def _svg(highlight: str | None = None) -> ET.Element:
    return ET.fromstring(anatomy_figure(highlight).svg)


def _texts(root: ET.Element) -> str:
    """All visible text, one space between lines (tspans)."""
    return " ".join(p for t in root.iter(f"{{{NS['svg']}}}text") for p in t.itertext())


def _by_attr(root: ET.Element, attr: str) -> dict[str, ET.Element]:
    return {el.get(attr, ""): el for el in root.iter() if el.get(attr) is not None}


def test_leg_outline_is_plain_elements_in_the_shared_coordinates() -> None:
    """leg_outline() gives Elements for the skin and landmarks, with no regions or highlight."""
    assert VIEWBOX == (240, 480)
    elements = leg_outline()
    assert elements and all(isinstance(e, Element) for e in elements)
    rendered = "".join(e.render() for e in elements)
    assert "data-structure" not in rendered and "calf-leg-outline" in rendered
    assert rendered.count("data-landmark") == len(CHART.landmarks) >= 1
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", str(elements[0].attrs["d"]))]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= 240 and min(ys) >= 0 and max(ys) <= 480
    root = ET.fromstring(f'<svg xmlns="{NS["svg"]}">{rendered}</svg>')
    assert root.find("svg:path", NS) is not None


@pytest.mark.parametrize("highlight", [None, *IDS])
def test_figure_is_valid_svg_with_a_text_alternative(highlight: str | None) -> None:
    """Every version of the figure parses and has a non-empty <title> and <desc>."""
    fig = anatomy_figure(highlight)
    root = ET.fromstring(fig.svg)
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and title.text and title.text == fig.title
    assert desc is not None and desc.text and desc.text == fig.description
    assert root.get("role") == "img"
    assert "right lower leg" in fig.description and "inner (medial)" in fig.description


def test_every_structure_is_a_labelled_region() -> None:
    """Each structure has a region with data-structure and a visible label with a leader line."""
    root = _svg()
    regions = _by_attr(root, "data-structure")
    labels = _by_attr(root, "data-label-for")
    assert set(regions) == set(IDS) == set(labels)
    for s in CHART.structures:
        label = labels[s.id]
        words = " ".join(t.text or "" for t in label.iter(f"{{{NS['svg']}}}tspan"))
        assert words == s.label
        assert label.find("svg:polyline", NS) is not None
    desc = anatomy_figure().description
    assert all(s.name in desc for s in CHART.structures)


def test_sides_are_labelled_in_words() -> None:
    """The figure says which side is inner (medial) and which is outer (lateral)."""
    text = _texts(_svg())
    assert "inner (medial)" in text and "outer (lateral)" in text
    assert "Right leg, seen from behind" in text


def test_back_of_the_knee_is_marked_no_pressure_in_words_and_pattern() -> None:
    """The popliteal fossa is hatched, dashed and labelled 'No pressure', not only coloured."""
    root = _svg()
    fossa = _by_attr(root, "data-structure")["popliteal_fossa"]
    style = fossa.get("style", "")
    assert "url(#calf-anatomy-all-hatch)" in style and "stroke-dasharray" in style
    assert root.find(".//svg:pattern[@id='calf-anatomy-all-hatch']", NS) is not None
    assert "No pressure: back of the knee" in _texts(root)
    assert "No pressure: back of the knee" in anatomy_figure().description


def test_strain_hotspot_is_drawn_on_the_medial_head() -> None:
    """A ring and a label mark where strains usually happen (the inner gastrocnemius head)."""
    root = _svg()
    ring = _by_attr(root, "data-hotspot")["strain_hotspot"]
    assert ring.tag.endswith("circle")
    label = _by_attr(root, "data-hotspot-label")["strain_hotspot"]
    assert "Most strains happen here" in " ".join(label.itertext())
    spot = CHART.hotspots[0]
    medial = CHART.structure("gastrocnemius_medial").region
    xs, ys = [x for x, _ in medial], [y for _, y in medial]
    assert min(xs) <= spot.at[0] <= max(xs) and min(ys) <= spot.at[1] <= max(ys)


@pytest.mark.parametrize("ident", IDS)
def test_highlight_outlines_the_structure_and_bolds_its_label(ident: str) -> None:
    """Highlighting draws a heavy outline on top, bolds the label and says so in the text."""
    plain = anatomy_figure()
    fig = anatomy_figure(ident)
    assert fig.svg != plain.svg
    root = ET.fromstring(fig.svg)
    assert list(_by_attr(root, "data-highlight")) == [ident]
    assert "stroke-width:3.5" in _by_attr(root, "data-highlight")[ident].get("style", "")
    labels = _by_attr(root, "data-label-for")
    bold = [k for k, g in labels.items() if "bold" in g.find("svg:text", NS).get("style", "")]  # type: ignore[union-attr]
    assert bold == [ident]
    name = CHART.structure(ident).name
    assert name in fig.title and f"Highlighted: {name}" in fig.description
    assert "calf-highlighted" in _by_attr(root, "data-structure")[ident].get("class", "")


def test_plain_figure_highlights_nothing() -> None:
    """Without a highlight there is no heavy outline and no bold label."""
    root = _svg()
    assert not _by_attr(root, "data-highlight")
    assert "Nothing is highlighted" in anatomy_figure().description


def test_unknown_highlight_raises_with_a_suggestion() -> None:
    """A misspelt id is refused with the id it was probably meant to be."""
    with pytest.raises(
        ValueError, match=r"unknown structure 'soleous' \(did you mean 'soleus'\?\)"
    ):
        anatomy_figure("soleous")
    with pytest.raises(ValueError, match="known structures are"):
        anatomy_figure("kneecap")


def test_labels_do_not_overlap_and_stay_in_the_figure() -> None:
    """On each side, label blocks are stacked without overlapping and inside the drawing."""
    root = _svg()
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    blocks: dict[str, list[tuple[float, float]]] = {"start": [], "end": []}
    for text in root.iter(f"{{{NS['svg']}}}text"):
        anchor = text.get("text-anchor")
        if text.get("y") is None or anchor not in blocks or len(list(text)) == 0:
            continue
        y = float(text.get("y", "0"))
        blocks[anchor].append((y - 12, y + 15 * (len(list(text)) - 1) + 4))
    assert len(blocks["start"]) + len(blocks["end"]) == len(IDS) + len(CHART.hotspots)
    for spans in blocks.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        # the leg group is shifted down by its top margin; labels must stay inside the figure
        assert all(top + 34 >= 0 and bottom + 34 <= height for top, bottom in spans)
    assert width > VIEWBOX[0]


@given(st.lists(st.integers(min_value=0, max_value=480), min_size=1, max_size=12))
def test_label_placement_never_overlaps(anchors: list[int]) -> None:
    """However the anchors fall, placed labels keep their order and never overlap."""
    labels = [
        _Label(f"l{i}", ("one", "two")[: 1 + i % 2], "medial", (10.0, float(y)), False, "data-x")
        for i, y in enumerate(anchors)
    ]
    placed = _place(labels)
    column = sorted(labels, key=lambda lb: placed[lb.key])
    for a, b in itertools.pairwise(column):
        assert placed[a.key] + len(a.lines) * 15 <= placed[b.key]


def test_text_from_content_is_escaped() -> None:
    """Hostile text in content becomes text in the SVG and in the card, never markup."""
    hostile = '<script>alert("x")</script>'
    soleus = dataclasses.replace(CHART.structure("soleus"), label=hostile, name=hostile)
    chart = dataclasses.replace(
        CHART, structures=tuple(soleus if s.id == "soleus" else s for s in CHART.structures)
    )
    fig = anatomy_figure("soleus", chart=chart)
    assert "<script>" not in fig.svg
    assert hostile in _texts(ET.fromstring(fig.svg))
    card = structure_card(dataclasses.replace(soleus, description=hostile))
    assert "<script>" not in card and "&lt;script&gt;" in card


def test_captioned_figure_shows_the_description_as_text() -> None:
    """A captioned figure puts its description in a visible, escaped <figcaption>."""
    fig = anatomy_figure()
    html = captioned(fig)._repr_html_()
    assert "<figcaption" in html and fig.svg in html
    assert "No pressure: back of the knee" in html.split("<figcaption", 1)[1]
