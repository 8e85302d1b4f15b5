"""The technique diagram: a technique's strokes as numbered arrows on the leg (SVG, chapter 04).

:func:`technique_diagram` draws the strokes of :mod:`calflib.techniques` on the bare leg of
:mod:`calflib.anatomy_figure`, in the anatomy's coordinates: where to start, which way to go,
where to stop, and the zones to keep off. Its ``<desc>`` says all of it in words.
"""

from __future__ import annotations

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
from calflib.technique_loader import load_techniques
from calflib.techniques import Stroke, Technique, TechniqueLibrary

__all__ = ["technique_diagram"]

_SIDE = 150  # room for stop and zone labels on each side of the leg
_TOP = 34  # room for the side headings
_FONT = 12
_LINE = 15
_LEGEND_LINE = 17


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
    return " ".join(parts)


def technique_diagram(technique_id: str, library: TechniqueLibrary | None = None) -> Figure:
    """A technique's strokes as numbered arrows on the leg outline, with where to stop.

    An unknown id raises ValueError with a suggestion. The figure's ``<desc>`` says in words what
    every stroke does, so the figure is never the only way to learn it.
    """
    technique = (library or load_techniques()).technique(technique_id)
    chart = load_anatomy()
    figure_id = f"calf-technique-{technique.id}"
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
    leg.add(*_margin_labels(labels))
    legend = Element("g", {"class": "calf-legend"})
    y = _TOP + height + 22
    for i, s in enumerate(technique.strokes, start=1):
        legend.add(_badge(24, y - 4, i, brand if s.kind == "main" else muted))
        words = f"{s.label} ({s.direction})" + (f"; {s.stop_label}" if s.stop_label else "")
        lines = wrap_words(words, 62)
        legend.add(text_lines(42, y, lines, _LEGEND_LINE, style="font-size:13px;fill:currentColor"))
        y += _LEGEND_LINE * len(lines) + 8
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
        ),
        *side_headings(chart, _SIDE),
        leg,
        legend,
        figure_id=figure_id,
        css_class="calf-technique-figure",
    )
