"""Tests for calflib.anatomy: the anatomy content, its coordinates and its validation."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.anatomy import KINDS, VIEWBOX, AnatomyChart, load_anatomy
from calflib.errors import ContentError
from calflib.model import Content

CHART = load_anatomy()
IDS = list(CHART.ids)


@pytest.fixture
def anatomy_dir(tmp_path: Path) -> Path:
    """A writable copy of anatomy.toml and sources.toml."""
    return copy_content(tmp_path, "anatomy.toml", "sources.toml")


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
    ("[chart]", "[chrat]", r"unknown table 'chrat' \(did you mean 'chart'\?\)"),
    ("outline = [\n  [64, 4]", "outline = [\n  [64, -4]", r"\[chart\]: field 'outline': point 1"),
    ('label = "Achilles tendon"', 'label = "Achilles tendon"\nlabel_side2 = "x"', "unknown field"),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_broken_content_names_file_entry_and_field(
    anatomy_dir: Path, old: str, new: str, message: str
) -> None:
    """A broken anatomy.toml raises a ContentError that says where and what to fix."""
    edit(anatomy_dir / "anatomy.toml", old, new)
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
    cited = {k for group in re.findall(r"\[(S\d[^\]]*)\]", body) for k in re.split(r",\s*", group)}
    cited |= {k for s in CHART.structures for k in s.sources}
    assert cited and all(k in content.sources for k in cited), cited - set(content.sources)
    assert cited == set(re.findall(r"\*\*(S\d+[a-z]?)\*\*", listed))


def _chapter_01_text() -> str:
    path = Path(__file__).resolve().parents[1] / "notebooks" / "01_the_calf.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_plantaris_is_not_said_to_join_the_achilles_tendon() -> None:
    """Only gastrocnemius and soleus share the Achilles; the plantaris usually inserts alone."""
    achilles = CHART.structure("achilles_tendon").description
    assert "plantaris" in achilles and "usually attaches there separately" in achilles
    text = _chapter_01_text()
    assert "All of them end in one shared tendon" not in text
    assert "The gastrocnemius and the soleus end in one shared tendon" in text
    assert "not into the Achilles tendon" in text


def test_back_of_the_knee_puts_the_artery_deepest() -> None:
    """Behind the knee the artery is deepest; the nerve and small saphenous vein shallowest."""
    fossa = CHART.structure("popliteal_fossa")
    assert "popliteal artery is the deepest" in fossa.description
    assert "small saphenous vein and the nerves lie shallowest" in fossa.description
    assert "close under the skin" not in fossa.description  # not said of all of them
    text = _chapter_01_text()
    assert "popliteal artery is the deepest" in text
    assert "close under the skin, run the main artery" not in text


def test_fresh_strain_timing_is_counted_in_hours() -> None:
    """'Keep off a fresh strain' is 72 hours from the injury, and 'day 3' can be 52 hours."""
    notes = CHART.structure("gastrocnemius_medial").massage_notes
    for text in (notes, _chapter_01_text()):
        assert "72 hours" in text and "52 hours" in text
    assert {"S10", "S12a"} <= set(CHART.structure("gastrocnemius_medial").sources)
