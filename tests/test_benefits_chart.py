"""Tests for calflib.benefits_chart: the evidence chart (valid, accessible SVG)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from calflib.benefits import BenefitCatalogue, Grade, load_benefits
from calflib.benefits_chart import evidence_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def catalogue() -> BenefitCatalogue:
    """The built-in benefits."""
    return load_benefits()


# --- The evidence chart --------------------------------------------------------------------------


def _rows(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{{{NS['svg']}}}g") if g.get("data-benefit")]


def _texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{{{NS['svg']}}}text")]


def test_chart_is_valid_svg_with_a_full_text_alternative(catalogue: BenefitCatalogue) -> None:
    """The chart parses, has title and desc, and the desc lists every benefit with its grade."""
    figure = evidence_chart()
    root = ET.fromstring(figure.svg)
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == figure.title  # type: ignore[union-attr]
    desc = root.find("svg:desc", NS).text or ""  # type: ignore[union-attr]
    assert desc == figure.description
    for b in catalogue.benefits:
        assert f"{b.name}: {b.grade.key}" in desc
        assert all(f"{s.label}: {s.grade.key}" in desc for s in b.splits)
    assert "Highlighted" not in desc


def test_chart_has_one_row_per_benefit_with_its_grade_in_words(
    catalogue: BenefitCatalogue,
) -> None:
    """Each benefit is one row, tagged data-benefit, with its name and grade written as text."""
    rows = _rows(evidence_chart().svg)
    assert [r.get("data-benefit") for r in rows] == list(catalogue.ids)
    for row, b in zip(rows, catalogue.benefits, strict=True):
        texts = _texts(row)
        assert b.name in texts
        assert catalogue.grades[b.grade].label in texts
        assert row.get("data-grade") == b.grade.key
        assert not row.get("data-highlighted")


def test_chart_axis_names_every_grade(catalogue: BenefitCatalogue) -> None:
    """The scale is labelled from contradicted to strong."""
    texts = _texts(ET.fromstring(evidence_chart().svg))
    labels = [catalogue.grades[g].label for g in Grade]
    assert all(label in texts for label in labels)
    positions = [texts.index(label) for label in labels]
    assert positions == sorted(positions)


def test_grades_differ_in_shape_not_only_colour(catalogue: BenefitCatalogue) -> None:
    """Each grade's marker has its own shape (element, corners, filled or open)."""
    # No built-in claim is graded strong as a whole, so make the last (limited) one strong.
    strong = dataclasses.replace(catalogue.benefits[-1], grade=Grade.STRONG, splits=())
    cat = dataclasses.replace(catalogue, benefits=(*catalogue.benefits[:-1], strong))
    shapes: dict[str, set[tuple[str, int, bool]]] = {}
    for row in _rows(evidence_chart(catalogue=cat).svg):
        markers = [el for el in row if el.get("class") == "calf-marker"]
        assert len(markers) == 1
        marker = markers[0]
        corners = len((marker.get("points") or "").split())
        hollow = "layout-color0" in (marker.get("style") or "")
        key = (marker.tag.split("}")[1], corners, hollow)
        shapes.setdefault(row.get("data-grade") or "", set()).add(key)
    assert set(shapes) == {g.key for g in Grade}
    assert all(len(s) == 1 for s in shapes.values())
    assert len({next(iter(s)) for s in shapes.values()}) == 5


@pytest.mark.parametrize("benefit_id", ["circulation", "doms", "dvt_prevention"])
def test_highlight_marks_one_row_in_text_and_weight(
    catalogue: BenefitCatalogue, benefit_id: str
) -> None:
    """The highlighted row is bold, outlined, marked, says '(selected)', and the desc says so."""
    figure = evidence_chart(benefit_id)
    rows = _rows(figure.svg)
    marked = [r for r in rows if r.get("data-highlighted") == "true"]
    assert [r.get("data-benefit") for r in marked] == [benefit_id]
    row = marked[0]
    benefit = catalogue.get(benefit_id)
    assert f"{catalogue.grades[benefit.grade].label} (selected)" in _texts(row)
    label = next(t for t in row.iter(f"{{{NS['svg']}}}text") if t.text == benefit.name)
    assert "font-weight:bold" in (label.get("style") or "")
    assert "calf-highlighted" in (row.get("class") or "")
    assert any(p.get("class") == "calf-highlight-marker" for p in row.iter())
    bar_widths = {
        r.get("data-benefit"): next(
            (b.get("style") for b in r.iter() if b.get("class") == "calf-bar"), None
        )
        for r in rows
    }
    if benefit.grade != Grade.NONE:
        assert "stroke-width:3" in (bar_widths[benefit_id] or "")
    assert f"Selected: {benefit.name}" in " ".join(_texts(ET.fromstring(figure.svg)))
    assert f"Highlighted: {benefit.name}, graded {benefit.grade.key}." in figure.description


def test_unknown_highlight_raises_with_a_hint() -> None:
    """A misspelt benefit id is refused with the id it probably meant."""
    with pytest.raises(
        ValueError, match=r"unknown benefit 'circulaton'.*did you mean 'circulation'"
    ):
        evidence_chart("circulaton")


def test_chart_text_is_escaped(catalogue: BenefitCatalogue) -> None:
    """A teacher's text can never become markup in the chart."""
    hostile = dataclasses.replace(catalogue.benefits[0], name="<script>x</script>")
    cat = dataclasses.replace(catalogue, benefits=(hostile, *catalogue.benefits[1:]))
    svg = evidence_chart(hostile.id, catalogue=cat).svg
    assert "<script>" not in svg
    assert "<script>x</script>" in _texts(ET.fromstring(svg))
