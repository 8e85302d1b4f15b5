"""The technique diagram: HOW to do a technique, and where (SVG, chapter 04).

:func:`technique_diagram` draws the strokes of :mod:`calflib.techniques` on the bare leg of
:mod:`calflib.anatomy_figure`, in the anatomy's coordinates: where to start, which way to go,
where to stop, and the zones to keep off; an arrow "towards the heart" where the technique's
direction is a convention about the heart; and under it the "how to do it" panel of
:mod:`calflib.technique_howto` (which part of the hand, the rhythm, the giver's and receiver's
positions). Its ``<desc>`` says all of it in words.

Every call gets ids of its own (``calf-technique-<id>-<n>``): a page that shows the same diagram
twice (chapter 04 shows effleurage in the text and in the explorer) must not repeat an id, or
its arrow heads, hatching and ``aria-labelledby`` would point at the other copy.
"""

from __future__ import annotations

import itertools
import math

from calflib.anatomy import SIDES, VIEWBOX, load_anatomy
from calflib.anatomy_figure import leg_outline, side_headings
from calflib.palette import THEME
from calflib.svg import (
    Element,
    Figure,
    Point,
    arrow_marker,
    fmt,
    path_data,
    svg_figure,
    text_lines,
    wrap_words,
)
from calflib.technique_howto import hatch_pattern, howto_description, howto_panel
from calflib.technique_loader import load_techniques
from calflib.technique_poses import poses_for
from calflib.techniques import Stroke, Technique, TechniqueLibrary

__all__ = ["technique_diagram"]

_SIDE = 150  # room for stop and zone labels on each side of the leg
_TOP = 34  # room for the side headings
_FONT = 12
_LINE = 15
_LEGEND_LINE = 17
_HEART_X = 34  # the "towards the heart" arrow, this far right of the leg drawing
_instances = itertools.count(1)


def _margin_labels(labels: list[tuple[str, Point, str, str]]) -> list[Element]:
    """Labels in the side margins near their anchors, never overlapping: (side, at, text, key)."""
    drawn: list[Element] = []
    width = VIEWBOX[0]
    for side in SIDES:
        y = 0.0
        for _side, (ax, ay), text, key in sorted(
            (lb for lb in labels if lb[0] == side), key=lambda lb: lb[1][1]
        ):
            lines = wrap_words(text, 20)
            y = max(y, ay + 4)
            x = -12 if side == "medial" else width + 12
            node = text_lines(
                x,
                y,
                lines,
                _LINE,
                {"text-anchor": "end" if side == "medial" else "start"},
                style=f"font-size:{_FONT}px;fill:currentColor",
            )
            end_x = x + (4 if side == "medial" else -4)
            leader = Element(
                "polyline",
                points=f"{fmt(ax)},{fmt(ay)} {fmt(end_x)},{fmt(y - 4)}",
                style="fill:none;stroke:currentColor;stroke-width:0.8",
            )
            drawn.append(
                Element("g", {"class": "calf-margin-label", "data-for": key}, leader, node)
            )
            y += len(lines) * _LINE + 6
    return drawn


def _badge(x: float, y: float, number: int, colour: str) -> Element:
    return Element(
        "g",
        {"class": "calf-stroke-number"},
        Element(
            "circle",
            cx=x,
            cy=y,
            r=8.5,
            style=f"fill:{THEME['paper']};stroke:{colour};stroke-width:1.8",
        ),
        Element(
            "text",
            {"x": x, "y": y + 4, "text-anchor": "middle"},
            style="font-size:11px;font-weight:bold;fill:currentColor",
            text=str(number),
        ),
    )


def _stop_bar(stroke: Stroke, index: int) -> Element:
    assert stroke.stop is not None
    (x0, y0), (x1, y1) = stroke.points[-2], stroke.points[-1]
    length = math.dist((x0, y0), (x1, y1)) or 1.0
    nx, ny = -(y1 - y0) / length * 10, (x1 - x0) / length * 10
    sx, sy = stroke.stop
    return Element(
        "line",
        {"class": "calf-stop", "data-stroke": index},
        Element("title", text=f"Stop: {stroke.stop_label or 'end of stroke ' + str(index)}"),
        x1=sx - nx,
        y1=sy - ny,
        x2=sx + nx,
        y2=sy + ny,
        style=f"stroke:{THEME['error']};stroke-width:4;stroke-linecap:round",
    )


def _describe(technique: Technique, zone_names: list[str]) -> str:
    parts = [
        f"{technique.name} on the right calf, seen from behind: knee at the top, heel at the "
        "bottom, inner side on the left."
    ]
    for i, s in enumerate(technique.strokes, start=1):
        text = f"Stroke {i}: {s.label}, {s.direction}"
        if s.kind == "return":
            text += " (dashed: a light return glide)"
        if s.stop is not None:
            text += f"; a red bar marks where to stop{': ' + s.stop_label if s.stop_label else ''}"
        parts.append(text + ".")
    if zone_names:
        parts.append(f"Shaded with a dashed red border, no pressure: {'; '.join(zone_names)}.")
    if technique.howto is not None and technique.howto.towards_heart:
        parts.append(
            "An arrow at the side points up the leg, towards the heart: the way the firmer "
            "strokes go."
        )
    parts.append(howto_description(technique))
    return " ".join(p for p in parts if p)


def _heart_arrow(marker: str) -> Element:
    """An arrow beside the leg pointing up it, labelled "towards the heart" (read upwards)."""
    x = VIEWBOX[0] + _HEART_X
    return Element(
        "g",
        {"class": "calf-towards-heart"},
        Element(
            "line",
            x1=x,
            y1=330,
            x2=x,
            y2=150,
            style=f"stroke:{THEME['brand']};stroke-width:2.5",
            marker_end=f"url(#{marker})",
        ),
        Element(
            "text",
            {
                "x": x + 16,
                "y": 240,
                "text-anchor": "middle",
                "transform": f"rotate(-90 {x + 16} 240)",
            },
            style="font-size:12px;font-style:italic;fill:currentColor",
            text="towards the heart",
        ),
    )


def technique_diagram(technique_id: str, library: TechniqueLibrary | None = None) -> Figure:
    """A technique's strokes as numbered arrows on the leg outline, with where to stop.

    An unknown id raises ValueError with a suggestion. The figure's ``<desc>`` says in words what
    every stroke does, so the figure is never the only way to learn it.
    """
    technique = (library or load_techniques()).technique(technique_id)
    chart = load_anatomy()
    figure_id = f"calf-technique-{technique.id}-{next(_instances)}"
    width, height = VIEWBOX
    brand, muted = THEME["brand"], THEME["muted"]
    leg = Element("g", {"transform": f"translate({_SIDE},{_TOP})", "class": "calf-leg"})
    leg.add(*leg_outline())
    labels: list[tuple[str, Point, str, str]] = []
    zone_names: list[str] = []
    for zone_id in technique.avoid_zones:
        zone = chart.structure(zone_id)
        zone_names.append(zone.name)
        leg.add(
            Element(
                "path",
                {"d": path_data(zone.region, closed=True), "data-zone": zone.id},
                Element("title", text=zone.name),
                style=f"fill:{THEME['error_soft']};fill-opacity:0.7;stroke:{THEME['error']};"
                "stroke-width:1.5;stroke-dasharray:4 3",
            )
        )
        text = zone.label if zone.no_pressure else f"Keep off: {zone.label}"
        labels.append((zone.label_side, zone.label_at, text, zone.id))
    for i, s in enumerate(technique.strokes, start=1):
        main = s.kind == "main"
        leg.add(
            Element(
                "path",
                {
                    "d": path_data(s.points),
                    "class": "calf-stroke" + ("" if main else " calf-stroke-return"),
                    "data-stroke": i,
                    "marker-end": f"url(#{figure_id}-{'arrow' if main else 'return'})",
                },
                Element("title", text=f"{i}. {s.label}"),
                style=(
                    f"fill:none;stroke:{brand if main else muted};"
                    f"stroke-width:{3 if main else 2};stroke-linejoin:round;stroke-linecap:round"
                    + ("" if main else ";stroke-dasharray:6 4")
                ),
            )
        )
        if s.stop is not None:
            leg.add(_stop_bar(s, i))
            if s.stop_label:
                side = "medial" if s.stop[0] < width / 2 else "lateral"
                labels.append((side, s.stop, s.stop_label, f"stop-{i}"))
    for i, s in enumerate(technique.strokes, start=1):  # badges on top of every line
        leg.add(_badge(*s.points[0], i, brand if s.kind == "main" else muted))
    if technique.howto is not None and technique.howto.towards_heart:
        leg.add(_heart_arrow(f"{figure_id}-arrow"))
    leg.add(*_margin_labels(labels))
    legend = Element("g", {"class": "calf-legend"})
    y: float = _TOP + height + 22
    for i, s in enumerate(technique.strokes, start=1):
        legend.add(_badge(24, y - 4, i, brand if s.kind == "main" else muted))
        words = f"{s.label} ({s.direction})" + (f"; {s.stop_label}" if s.stop_label else "")
        lines = wrap_words(words, 62)
        legend.add(text_lines(42, y, lines, _LEGEND_LINE, style="font-size:13px;fill:currentColor"))
        y += _LEGEND_LINE * len(lines) + 8
    panels: list[Element] = []
    if technique.howto is not None:
        panel, panel_height = howto_panel(
            technique.howto,
            y + 4,
            2 * _SIDE + width,
            f"{figure_id}-hatch",
            poses_for(technique),
        )
        panels.append(panel)
        y += panel_height + 4
    return svg_figure(
        2 * _SIDE + width,
        y,
        f"How to do it: {technique.name}",
        _describe(technique, zone_names),
        Element(
            "defs",
            {},
            arrow_marker(f"{figure_id}-arrow", brand),
            arrow_marker(f"{figure_id}-return", muted),
            hatch_pattern(f"{figure_id}-hatch"),
        ),
        *side_headings(chart, _SIDE),
        leg,
        legend,
        *panels,
        figure_id=figure_id,
        css_class="calf-technique-figure",
    )
