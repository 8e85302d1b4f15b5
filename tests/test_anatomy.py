"""Tests for calflib.anatomy: the anatomy content, the leg outline and the labelled figure."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html import escape
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.anatomy import (
    KINDS,
    VIEWBOX,
    AnatomyChart,
    _Label,
    _place,
    anatomy_figure,
    captioned,
    leg_outline,
    load_anatomy,
    structure_card,
)
from calflib.errors import ContentError
from calflib.model import Content
from calflib.svg import Element

NS = {"svg": "http://www.w3.org/2000/svg"}
CHART = load_anatomy()
IDS = list(CHART.ids)


@pytest.fixture
def anatomy_dir(tmp_path: Path) -> Path:
    """A writable copy of anatomy.toml and sources.toml."""
    source = resources.files("calflib.content")
    for name in ("anatomy.toml", "sources.toml"):
        shutil.copyfile(str(source / name), tmp_path / name)
    return tmp_path


def _svg(highlight: str | None = None) -> ET.Element:
    return ET.fromstring(anatomy_figure(highlight).svg)


def _texts(root: ET.Element) -> str:
    """All visible text, one space between lines (tspans)."""
    return " ".join(p for t in root.iter(f"{{{NS['svg']}}}text") for p in t.itertext())


def _by_attr(root: ET.Element, attr: str) -> dict[str, ET.Element]:
    return {el.get(attr, ""): el for el in root.iter() if el.get(attr) is not None}


# --- content ---------------------------------------------------------------------------------


def test_built_in_content_has_the_expected_structures() -> None:
    """The chart has both gastrocnemius heads, soleus, Achilles, heel and the back of the knee."""
    assert set(IDS) == {
        "gastrocnemius_medial",
        "gastrocnemius_lateral",
        "soleus",
        "achilles_tendon",
        "calcaneus",
        "popliteal_fossa",
    }
    assert {s.kind for s in CHART.structures} == set(KINDS)
    assert CHART.structure("popliteal_fossa").no_pressure
    assert [s.id for s in CHART.structures if s.no_pressure] == ["popliteal_fossa"]
    assert CHART.structure("soleus").depth == "deep"


def test_medial_structures_are_on_the_viewers_left() -> None:
    """Seen from behind, the right leg's inner (medial) side is on the viewer's left."""
    medial = CHART.structure("gastrocnemius_medial")
    lateral = CHART.structure("gastrocnemius_lateral")
    centre = VIEWBOX[0] / 2
    assert max(x for x, _y in medial.region) <= centre + 1
    assert min(x for x, _y in lateral.region) >= centre - 1
    assert medial.label_side == "medial" and lateral.label_side == "lateral"
    assert "left" in CHART.convention and "inner (medial)" in CHART.convention


def test_regions_sit_where_the_coordinate_contract_says() -> None:
    """Knee at the top, heel at the bottom: the y ranges other diagrams rely on."""

    def span(ident: str) -> tuple[float, float]:
        ys = [y for _x, y in CHART.structure(ident).region]
        return min(ys), max(ys)

    assert span("popliteal_fossa")[0] >= 10 and span("popliteal_fossa")[1] <= 85
    assert span("gastrocnemius_medial")[1] <= 280
    assert span("achilles_tendon")[0] >= 320 and span("achilles_tendon")[1] <= 435
    assert span("calcaneus")[1] <= 475


def test_every_point_is_inside_the_viewbox() -> None:
    """Outline, landmarks, regions, anchors and hotspots all lie inside the 240 x 480 box."""
    width, height = VIEWBOX
    points = [*CHART.outline]
    for s in CHART.structures:
        points += [*s.region, s.label_at]
        assert len(s.region) >= 3, s.id
    for mark in CHART.landmarks:
        points += mark.points
    points += [spot.at for spot in CHART.hotspots]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in points)


def test_source_keys_resolve(content: Content) -> None:
    """Every source key in anatomy.toml is in the bibliography."""
    keys = [k for s in CHART.structures for k in s.sources]
    keys += [k for spot in CHART.hotspots for k in spot.sources]
    assert keys and all(k in content.sources for k in keys)
    assert {"S47a", "S47b", "S48", "S38a", "S38b"} <= set(keys)


def test_default_chart_is_cached() -> None:
    """The built-in chart is parsed once per process."""
    assert load_anatomy() is load_anatomy()


def test_a_folder_can_be_loaded(anatomy_dir: Path) -> None:
    """A teacher's copy of the content folder loads to the same chart."""
    assert load_anatomy(anatomy_dir) == CHART


BROKEN = [
    (
        "region = [\n  [58, 160]",
        "region = [\n  [58, 560]",
        "structure 'soleus': field 'region': point 1 \\[58, 560\\] is outside the drawing; "
        "x must be 0-240 and y 0-480",
    ),
    (
        "region = [\n  [120, 16]",
        "region = [\n  [120, 16, 3]",
        "structure 'popliteal_fossa': field 'region': point 1 must be two numbers",
    ),
    (
        "region = [\n  [100, 432]",
        "region = [[1, 2], [3, 4]]\nold_region = [\n  [100, 432]",
        "structure 'calcaneus': field 'region': needs at least 3 points",
    ),
    ('kind = "tendon"', 'kind = "tendonn"', "'tendonn' is not one of .*did you mean 'tendon'"),
    (
        'sources = ["S47a"]',
        'sources = ["S47"]',
        "structure 'calcaneus': field 'sources': unknown source key 'S47'",
    ),
    ("label_at = [125, 385]", 'label_at = "middle"', "field 'label_at': expected a point"),
    (
        'id = "calcaneus"',
        'id = "soleus"',
        "structure id 'soleus' is used twice",
    ),
    (
        'structure = "gastrocnemius_medial"',
        'structure = "gastrocnemius_medal"',
        "hotspot 'strain_hotspot': field 'structure': .*did you mean 'gastrocnemius_medial'",
    ),
    ("radius = 16", "radius = -2", "field 'radius': expected a number of at least 1"),
    ('\ndepth = "deep"', '\ndepth = "deeper"', "field 'depth': 'deeper' is not one of"),
    ("[chart]", "[chrat]", r"missing the \[chart\] table"),
    ("outline = [\n  [64, 4]", "outline = [\n  [64, -4]", r"\[chart\]: field 'outline': point 1"),
    ('label = "Achilles tendon"', 'label = "Achilles tendon"\nlabel_side2 = "x"', "unknown field"),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_broken_content_names_file_entry_and_field(
    anatomy_dir: Path, old: str, new: str, message: str
) -> None:
    """A broken anatomy.toml raises a ContentError that says where and what to fix."""
    path = anatomy_dir / "anatomy.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError, match=message) as info:
        load_anatomy(anatomy_dir)
    assert str(info.value).startswith("anatomy.toml: ")


def test_missing_file_and_bad_toml_are_reported(anatomy_dir: Path) -> None:
    """A missing or unparsable anatomy.toml is named in the error."""
    path = anatomy_dir / "anatomy.toml"
    path.write_text("[chart\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"anatomy\.toml: not valid TOML"):
        load_anatomy(anatomy_dir)
    path.unlink()
    with pytest.raises(ContentError, match=r"anatomy\.toml: file not found"):
        load_anatomy(anatomy_dir)


# --- the leg outline (shared with the technique diagrams) ------------------------------------


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


# --- the figure ------------------------------------------------------------------------------


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


def test_structure_card_shows_what_a_learner_needs(content: Content) -> None:
    """The card names the structure, its kind in words, what it does, notes and sources."""
    fossa = CHART.structure("popliteal_fossa")
    card = structure_card(fossa, content)
    assert "Back of the knee (popliteal fossa)" in card
    assert "Caution zone: no pressure" in card
    assert "What it is and does:" in card and "Massage notes:" in card
    assert "broad, flat, light" in card and "case reports" in card
    assert "S38a" in card and escape(content.sources["S38b"].title) in card
    muscle = structure_card(CHART.structure("gastrocnemius_medial"), content)
    assert "Muscle" in muscle and "strains" in muscle and "S48" in muscle


def test_captioned_figure_shows_the_description_as_text() -> None:
    """A captioned figure puts its description in a visible, escaped <figcaption>."""
    fig = anatomy_figure()
    html = captioned(fig)._repr_html_()
    assert "<figcaption" in html and fig.svg in html
    assert "No pressure: back of the knee" in html.split("<figcaption", 1)[1]


def test_chart_type_is_frozen() -> None:
    """The loaded chart cannot be changed by accident."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        CHART.title = "x"  # type: ignore[misc]
    assert isinstance(CHART, AnatomyChart)


def test_chapter_01_cites_only_known_sources_and_lists_them(content: Content) -> None:
    """Every [S..] key in notebook 01 exists, and its Sources section lists every key it uses."""
    path = Path(__file__).resolve().parents[1] / "notebooks" / "01_the_calf.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    body, _, listed = text.partition("## Sources")
    cited = {k for group in re.findall(r"\[(S[^\]]+)\]", body) for k in re.split(r",\s*", group)}
    cited |= {k for s in CHART.structures for k in s.sources}
    assert cited and all(k in content.sources for k in cited), cited - set(content.sources)
    assert cited == set(re.findall(r"\*\*(S\d+[a-z]?)\*\*", listed))
