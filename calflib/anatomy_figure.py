"""The anatomy figure: the calf seen from behind, every structure a labelled region (SVG).

:func:`anatomy_figure` draws the structures of :mod:`calflib.anatomy` with labels in the side
margins, the back of the knee hatched as a no-pressure zone and, optionally, one structure
highlighted. :func:`leg_outline` and :func:`side_headings` give other diagrams (the technique
strokes of :mod:`calflib.technique_diagrams`) the same bare leg and headings to draw on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calflib.anatomy import SIDES, VIEWBOX, AnatomyChart, Structure, load_anatomy
from calflib.palette import THEME
from calflib.svg import Element, Figure, Point, fmt, svg_figure, text_lines, wrap_words

__all__ = ["anatomy_figure", "leg_outline", "side_headings"]

_SKIN = THEME["shade"]
_FILL = {
    "muscle": THEME["brand_soft"],
    "tendon": THEME["shade_strong"],
    "bone": THEME["paper"],
    "caution_zone": "url(#{hatch})",
}
_STROKE = {
    "muscle": THEME["brand"],
    "tendon": THEME["muted"],
    "bone": THEME["muted"],
    "caution_zone": THEME["error"],
}
_MARGIN = 200  # room for labels on each side of the leg
_TOP = 34  # room for the side labels above the leg
_FONT = 12.5
_LINE = 15
_WRAP = 25  # characters per label line


def _smooth(points: Sequence[Point], *, closed: bool) -> str:
    """Path data for a smooth curve through the points (Catmull-Rom as cubic Bezier segments)."""
    pts = list(points)
    if len(pts) < 2:
        raise ValueError(f"a curve needs at least 2 points, got {len(pts)}")
    n = len(pts)

    def at(i: int) -> Point:
        return pts[i % n] if closed else pts[max(0, min(n - 1, i))]

    def inside(x: float, y: float) -> Point:  # a curve never bulges out of the drawing
        return (min(max(x, 0.0), VIEWBOX[0]), min(max(y, 0.0), VIEWBOX[1]))

    parts = [f"M{fmt(pts[0][0])} {fmt(pts[0][1])}"]
    for i in range(n if closed else n - 1):
        p0, p1, p2, p3 = at(i - 1), at(i), at(i + 1), at(i + 2)
        c1 = inside(p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = inside(p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        parts.append(
            f"C{fmt(c1[0])} {fmt(c1[1])} {fmt(c2[0])} {fmt(c2[1])} {fmt(p2[0])} {fmt(p2[1])}"
        )
    return " ".join(parts) + (" Z" if closed else "")


def leg_outline() -> list[Element]:
    """The bare right leg seen from behind, in VIEWBOX coordinates: skin outline and landmarks.

    Muted theme colours and no highlighting, so other diagrams (technique strokes) can draw on it.
    """
    chart = load_anatomy()
    skin = Element(
        "path",
        {"d": _smooth(chart.outline, closed=True), "class": "calf-leg-outline"},
        style=f"fill:{_SKIN};stroke:{THEME['muted']};stroke-width:1.5",
    )
    marks = Element("g", {"class": "calf-landmarks"}, style=f"fill:none;stroke:{THEME['line']}")
    for mark in chart.landmarks:
        marks.add(
            Element(
                "path",
                {"d": _smooth(mark.points, closed=False), "data-landmark": mark.id},
                stroke_width=1,
                stroke_linecap="round",
            )
        )
    return [skin, marks]


def _wrap(text: str) -> tuple[str, ...]:
    return tuple(wrap_words(text, _WRAP))


def side_headings(chart: AnatomyChart, margin: float) -> list[Element]:
    """The headings above a leg drawn ``margin`` from the left: inner side, outer side, the view."""
    width = VIEWBOX[0]
    muted = THEME["muted"]
    heading = f"font-size:13px;font-weight:bold;fill:{muted}"
    return [
        Element("text", x=8, y=18, style=heading, text=f"\u25c0 {chart.medial_label}"),
        Element(
            "text",
            {"x": 2 * margin + width - 8, "y": 18, "text-anchor": "end"},
            style=heading,
            text=f"{chart.lateral_label} \u25b6",
        ),
        Element(
            "text",
            {"x": margin + width / 2, "y": 18, "text-anchor": "middle"},
            style=f"font-size:12px;fill:{muted}",
            text="Right leg, seen from behind",
        ),
    ]


@dataclass(frozen=True)
class _Label:
    key: str  # structure or hotspot id
    lines: tuple[str, ...]
    side: str
    anchor: Point
    bold: bool
    attr: str  # data attribute naming what the label belongs to


def _place(labels: list[_Label]) -> dict[str, float]:
    """The baseline y of each label's first line: near its anchor, never overlapping another."""
    placed: dict[str, float] = {}
    height = VIEWBOX[1]
    for side in SIDES:
        column = sorted((lb for lb in labels if lb.side == side), key=lambda lb: lb.anchor[1])
        y: float = -_TOP + 2 * _LINE  # below the side headings
        for lb in column:
            y = max(y, lb.anchor[1])
            placed[lb.key] = y
            y += len(lb.lines) * _LINE + 8
        overflow = y - 8 - (height + 10)
        if overflow > 0:  # too low: shift the whole column up as far as needed
            for lb in column:
                placed[lb.key] -= overflow
    return placed


def _label(lb: _Label, y: float) -> Element:
    width = VIEWBOX[0]
    medial = lb.side == "medial"
    x = -14 if medial else width + 14
    text = text_lines(
        x,
        y,
        lb.lines,
        _LINE,
        {"text-anchor": "end" if medial else "start"},
        style=f"font-size:{_FONT}px;fill:currentColor" + (";font-weight:bold" if lb.bold else ""),
    )
    end = (x + (4 if medial else -4), y - 4)
    leader = Element(
        "polyline",
        points=f"{fmt(lb.anchor[0])},{fmt(lb.anchor[1])} {fmt(end[0])},{fmt(end[1])}",
        style=f"fill:none;stroke:currentColor;stroke-width:{1.6 if lb.bold else 0.9}",
    )
    dot = Element("circle", cx=lb.anchor[0], cy=lb.anchor[1], r=2.5, style="fill:currentColor")
    return Element("g", {lb.attr: lb.key, "class": "calf-label"}, leader, dot, text)


def _region(s: Structure, hatch: str, *, highlighted: bool, dimmed: bool) -> Element:
    style = [
        f"fill:{_FILL[s.kind].format(hatch=hatch)}",
        f"stroke:{_STROKE[s.kind]}",
        f"stroke-width:{2 if s.no_pressure else 1.2}",
    ]
    if s.no_pressure:
        style.append("stroke-dasharray:5 3")
    if not s.no_pressure:
        opacity = (0.5 if s.depth == "deep" else 1.0) * (0.55 if dimmed else 1.0)
        style.append(f"fill-opacity:{fmt(opacity)}")
    attrs: dict[str, object] = {
        "d": _smooth(s.region, closed=True),
        "data-structure": s.id,
        "data-kind": s.kind,
        "class": f"calf-region calf-kind-{s.kind}" + (" calf-highlighted" if highlighted else ""),
    }
    return Element("path", attrs, Element("title", text=s.name), style=";".join(style))


def _hatch_pattern(pattern_id: str) -> Element:
    return Element(
        "pattern",
        {
            "id": pattern_id,
            "width": 6,
            "height": 6,
            "patternUnits": "userSpaceOnUse",
            "patternTransform": "rotate(45)",
        },
        Element("rect", width=6, height=6, style=f"fill:{THEME['error_soft']}"),
        Element("line", x1=0, y1=0, x2=0, y2=6, style=f"stroke:{THEME['error']};stroke-width:2"),
    )


def _describe(chart: AnatomyChart, chosen: Structure | None) -> str:
    names = "; ".join(s.name for s in chart.structures)
    zones = [s for s in chart.structures if s.no_pressure]
    parts = [
        f"A view from behind of the right lower leg, knee at the top and heel at the bottom. "
        f"{chart.convention} Labelled regions: {names}."
    ]
    deep = [s.name for s in chart.structures if s.depth == "deep"]
    if deep:
        parts.append(f"Lying deeper, and drawn lighter: {', '.join(deep)}.")
    parts += [f"{s.name} is hatched with a dashed border and labelled '{s.label}'." for s in zones]
    for spot in chart.hotspots:
        owner = chart.structure(spot.structure).name
        parts.append(f"A dashed ring on the {owner} is labelled '{spot.label}'.")
    if chosen is not None:
        parts.append(f"Highlighted: {chosen.name}, outlined heavily with its label in bold.")
    else:
        parts.append("Nothing is highlighted.")
    return " ".join(parts)


def anatomy_figure(highlight: str | None = None, *, chart: AnatomyChart | None = None) -> Figure:
    """The labelled calf seen from behind, optionally with one structure highlighted.

    Every structure is a region with ``data-structure="<id>"`` and a label with a leader line; the
    no-pressure zone is hatched, dashed and labelled in words. An unknown ``highlight`` raises
    ValueError with a suggestion.
    """
    chart = chart or load_anatomy()
    chosen = chart.structure(highlight) if highlight is not None else None
    figure_id = f"calf-anatomy-{chosen.id if chosen else 'all'}"
    hatch = f"{figure_id}-hatch"
    width, height = VIEWBOX
    leg = Element("g", {"transform": f"translate({_MARGIN},{_TOP})", "class": "calf-leg"})
    leg.add(*leg_outline())
    regions = Element("g", {"class": "calf-regions"})
    for s in chart.structures:
        highlighted = chosen is not None and s.id == chosen.id
        if s.depth != "deep":  # an opaque underlay, so a faded region never shows what is below
            regions.add(Element("path", d=_smooth(s.region, closed=True), style=f"fill:{_SKIN}"))
        regions.add(
            _region(
                s, hatch, highlighted=highlighted, dimmed=chosen is not None and not highlighted
            )
        )
    leg.add(regions)
    for spot in chart.hotspots:
        leg.add(
            Element(
                "circle",
                {"data-hotspot": spot.id, "class": "calf-hotspot"},
                cx=spot.at[0],
                cy=spot.at[1],
                r=spot.radius,
                style=f"fill:none;stroke:{THEME['error']};stroke-width:2;stroke-dasharray:3 2",
            )
        )
    if chosen is not None:  # drawn on top, so a deep structure shows its whole extent
        leg.add(
            Element(
                "path",
                {"d": _smooth(chosen.region, closed=True), "data-highlight": chosen.id},
                style="fill:none;stroke:currentColor;stroke-width:3.5;stroke-linejoin:round",
            )
        )
    labels = [
        _Label(s.id, _wrap(s.label), s.label_side, s.label_at, s == chosen, "data-label-for")
        for s in chart.structures
    ]
    for spot in chart.hotspots:
        side = chart.structure(spot.structure).label_side
        labels.append(
            _Label(spot.id, _wrap(spot.label), side, spot.at, False, "data-hotspot-label")
        )
    ys = _place(labels)
    leg.add(Element("g", {"class": "calf-labels"}, *(_label(lb, ys[lb.key]) for lb in labels)))
    title = chart.title + (f": {chosen.name} highlighted" if chosen else "")
    return svg_figure(
        2 * _MARGIN + width,
        height + _TOP + 8,
        title,
        _describe(chart, chosen),
        Element("defs", {}, _hatch_pattern(hatch)),
        *side_headings(chart, _MARGIN),
        leg,
        figure_id=figure_id,
        css_class="calf-anatomy-figure",
    )
