"""Tests for calflib.svg: well-formed, escaped, accessible SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.palette import theme
from calflib.svg import (
    Element,
    arrow_marker,
    captioned,
    figure_html,
    fmt,
    path_data,
    svg_figure,
    text_lines,
    wrap_words,
)

NS = {"svg": "http://www.w3.org/2000/svg"}


def test_figure_is_well_formed_with_title_and_desc() -> None:
    """A figure parses as XML and carries its text alternative as <title> and <desc>."""
    fig = svg_figure(
        100,
        50,
        "A box",
        "One grey box.",
        Element("rect", x=1, y=2, width=3.5, height=4),
        figure_id="box",
    )
    root = ET.fromstring(fig.svg)
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "A box"  # type: ignore[union-attr]
    assert root.find("svg:desc", NS).text == "One grey box."  # type: ignore[union-attr]
    assert root.get("aria-labelledby") == "box-title box-desc"
    assert root.find("svg:rect", NS).get("width") == "3.5"  # type: ignore[union-attr]
    assert fig.alt == "A box. One grey box."
    assert fig._repr_html_().startswith('<figure class="calf-figure"')


def test_text_and_attributes_are_escaped() -> None:
    """Hostile text becomes text, never markup."""
    hostile = '<script>alert("x")</script>'
    el = Element("text", {"data-note": hostile}, text=hostile)
    rendered = el.render()
    assert "<script>" not in rendered
    root = ET.fromstring(rendered)
    assert root.text == hostile and root.get("data-note") == hostile


def test_bad_names_are_refused() -> None:
    """Tag and attribute names are checked, so nothing can be injected through them."""
    with pytest.raises(ValueError, match="invalid SVG tag"):
        Element("rect onload=x")
    with pytest.raises(ValueError, match="invalid SVG attribute"):
        Element("rect", {'x" onload="y': 1})


def test_keyword_attributes_use_svg_spelling() -> None:
    """Python keywords map to SVG names: stroke_width -> stroke-width, class_ -> class."""
    rendered = Element("path", d="M0 0", stroke_width=2, class_="a").render()
    assert 'stroke-width="2"' in rendered and 'class="a"' in rendered


def test_figure_needs_a_text_alternative() -> None:
    """A figure without a title or description is refused."""
    with pytest.raises(ValueError, match="title and a description"):
        svg_figure(10, 10, "", "x", figure_id="f")


def test_numbers_and_paths() -> None:
    """Numbers are compact; paths need two points."""
    assert [fmt(1.0), fmt(2.5), fmt(-0.001), fmt(1 / 3)] == ["1", "2.5", "0", "0.33"]
    assert path_data([(0, 0), (1, 2)], closed=True) == "M0 0 L1 2 Z"
    with pytest.raises(ValueError, match="at least 2 points"):
        path_data([(0, 0)])


def test_find_all_and_marker() -> None:
    """Markers are built from elements that can be found again."""
    marker = arrow_marker("arrow", theme("brand"))
    assert marker.find_all("path")[0].attrs["d"] == "M0 0 L10 5 L0 10 Z"
    ET.fromstring(marker.render())


def test_save_writes_a_standalone_file(tmp_path: Path) -> None:
    """A saved figure is a standalone SVG file with an XML declaration."""
    fig = svg_figure(10, 10, "T", "D", figure_id="t")
    target = tmp_path / "f.svg"
    fig.save(str(target))
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and ET.fromstring(text.split("\n", 1)[1]) is not None


@given(st.lists(st.text("abcxyz", min_size=1, max_size=12), max_size=30), st.integers(1, 40))
def test_wrap_words_keeps_every_word_in_order_within_the_width(
    words: list[str], width: int
) -> None:
    """Wrapping never drops, splits or reorders a word; only a longer word exceeds the width."""
    lines = wrap_words(" ".join(words), width)
    assert " ".join(lines).split() == words
    assert all(len(line) <= width or " " not in line for line in lines)


def test_text_lines_gives_one_tspan_per_line_below_each_other() -> None:
    """Each line is a <tspan> at the same x, the first at y and the others one line lower."""
    node = text_lines(10, 20, ["one", "two <b>"], 15, {"class": "k"}, style="font-size:12px")
    root = ET.fromstring(f'<svg xmlns="{NS["svg"]}">{node.render()}</svg>')
    text = root.find("svg:text", NS)
    assert text is not None and text.get("y") == "20" and text.get("class") == "k"
    spans = text.findall("svg:tspan", NS)
    assert [s.text for s in spans] == ["one", "two <b>"]
    assert [s.get("dy") for s in spans] == ["0", "15"] and {s.get("x") for s in spans} == {"10"}


def test_figure_html_captions_the_figure_with_its_escaped_description() -> None:
    """The description is visible under the figure, escaped, at the width asked for."""
    fig = svg_figure(10, 10, "T", "A <b>bold</b> claim.", figure_id="f")
    html = figure_html(fig, caption_width="30em")
    assert html.index("<svg") < html.index("<figcaption") and "max-width:30em" in html
    assert "A &lt;b&gt;bold&lt;/b&gt; claim." in html
    assert figure_html(fig) == captioned(fig)._repr_html_()
