"""The calf's anatomy: structures loaded from ``content/anatomy.toml`` and drawn as SVG figures.

All geometry lives in the content file, in one fixed coordinate system (:data:`VIEWBOX`): a view
from behind of the right lower leg, 240 wide and 480 high, knee at the top, heel at the bottom, the
inner (medial) side on the viewer's left. :func:`leg_outline` gives the bare leg in that system for
other diagrams (technique strokes) to draw on; :func:`anatomy_figure` draws every structure as a
labelled region, with the back of the knee hatched as a no-pressure zone.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from calflib._schema import EntryReader, entries
from calflib.cards import sources_list
from calflib.errors import ContentError, did_you_mean
from calflib.loader import default_content, read_toml
from calflib.model import Content
from calflib.svg import THEME, CaptionedFigure, Element, Figure, captioned, fmt, svg_figure

__all__ = [
    "KINDS",
    "VIEWBOX",
    "AnatomyChart",
    "CaptionedFigure",
    "Hotspot",
    "Landmark",
    "Point",
    "Structure",
    "anatomy_figure",
    "captioned",
    "leg_outline",
    "load_anatomy",
    "structure_card",
]

#: Width and height of the leg's coordinate system (SVG viewBox "0 0 240 480").
VIEWBOX: tuple[int, int] = (240, 480)
#: The kinds of structure a content entry can be.
KINDS = ("muscle", "tendon", "bone", "caution_zone")
_SIDES = ("medial", "lateral")
_DEPTHS = ("surface", "deep")
_FILE = "anatomy.toml"

Point = tuple[float, float]


@dataclass(frozen=True)
class Structure:
    """One labelled region of the calf: what it is, what it does, how to treat it, where it is."""

    id: str
    name: str
    label: str
    kind: str
    depth: str
    label_side: str
    description: str
    massage_notes: str
    sources: tuple[str, ...]
    region: tuple[Point, ...]
    label_at: Point

    @property
    def no_pressure(self) -> bool:
        """True for a caution zone (an endangerment site): no pressure there."""
        return self.kind == "caution_zone"


@dataclass(frozen=True)
class Landmark:
    """A thin guide line drawn with the outline (knee crease, ankle bones)."""

    id: str
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Hotspot:
    """A spot on a structure worth pointing at, such as where strains usually happen."""

    id: str
    label: str
    structure: str
    at: Point
    radius: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AnatomyChart:
    """Everything in ``anatomy.toml``: the outline, landmarks, structures and hotspots."""

    title: str
    medial_label: str
    lateral_label: str
    convention: str
    outline: tuple[Point, ...]
    landmarks: tuple[Landmark, ...]
    structures: tuple[Structure, ...]
    hotspots: tuple[Hotspot, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The structure ids, in drawing order."""
        return tuple(s.id for s in self.structures)

    def structure(self, ident: str) -> Structure:
        """The structure with this id; an unknown id raises ValueError with a suggestion."""
        for s in self.structures:
            if s.id == ident:
                return s
        raise ValueError(
            f"unknown structure {ident!r}{did_you_mean(ident, self.ids)}; "
            f"known structures are {', '.join(self.ids)}"
        )


# --- loading -------------------------------------------------------------------------------------


class _Reader(EntryReader):
    """An EntryReader that also reads points and lists of points inside the VIEWBOX."""

    def point(self, field: str) -> Point:
        return self._check_point(field, self._get(field, list, "a point [x, y]", None))

    def points(self, field: str, minimum: int) -> tuple[Point, ...]:
        raw = self._get(field, list, "a list of points [[x, y], ...]", None)
        if len(raw) < minimum:
            raise self.error(field, f"needs at least {minimum} points [x, y], got {len(raw)}")
        return tuple(self._check_point(field, item, i) for i, item in enumerate(raw))

    def number(self, field: str, minimum: float) -> float:
        value = self._get(field, object, "a number", None)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.error(field, f"expected a number of at least {fmt(minimum)}, got {value!r}")
        return float(value)

    def _check_point(self, field: str, item: object, index: int | None = None) -> Point:
        where = "" if index is None else f"point {index + 1} "
        ok = (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in item)
        )
        if not ok:
            raise self.error(field, f"{where}must be two numbers [x, y], got {item!r}")
        assert isinstance(item, list)  # for mypy; checked above
        x, y = float(item[0]), float(item[1])
        width, height = VIEWBOX
        if not (0 <= x <= width and 0 <= y <= height):
            raise self.error(
                field,
                f"{where}[{fmt(x)}, {fmt(y)}] is outside the drawing; x must be 0-{width} "
                f"and y 0-{height}",
            )
        return (x, y)


def _source_keys(root: Traversable | Path) -> set[str]:
    if root.joinpath("sources.toml").is_file():
        doc = read_toml(root, "sources.toml")
        return {str(item.get("key")) for item in entries("sources.toml", doc, "source")}
    return set(default_content().sources)


def _sources(r: _Reader, known: set[str]) -> tuple[str, ...]:
    refs = r.text_list("sources")
    for ref in refs:
        if ref not in known:
            raise r.error("sources", f"unknown source key '{ref}'{did_you_mean(ref, known)}")
    return refs


def _unique(file: str, kind: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ContentError(file, f"{kind} id '{ident}' is used twice; ids must be unique")
        seen.add(ident)


def _structures(doc: Mapping[str, object], known: set[str]) -> tuple[Structure, ...]:
    result: list[Structure] = []
    for i, data in enumerate(entries(_FILE, doc, "structure")):
        r = _Reader(_FILE, "structure", data, i)
        result.append(
            Structure(
                id=r.identifier(),
                name=r.text("name"),
                label=r.text("label"),
                kind=r.choice("kind", KINDS),
                depth=r.choice("depth", _DEPTHS, "surface"),
                label_side=r.choice("label_side", _SIDES),
                description=r.text("description"),
                massage_notes=r.text("massage_notes"),
                sources=_sources(r, known),
                region=r.points("region", 3),
                label_at=r.point("label_at"),
            )
        )
        r.finish()
    _unique(_FILE, "structure", (s.id for s in result))
    return tuple(result)


def _landmarks(doc: Mapping[str, object]) -> tuple[Landmark, ...]:
    if "landmark" not in doc:
        return ()
    result: list[Landmark] = []
    for i, data in enumerate(entries(_FILE, doc, "landmark")):
        r = _Reader(_FILE, "landmark", data, i)
        result.append(
            Landmark(id=r.identifier(), name=r.text("name"), points=r.points("points", 2))
        )
        r.finish()
    _unique(_FILE, "landmark", (m.id for m in result))
    return tuple(result)


def _hotspots(
    doc: Mapping[str, object], known: set[str], structures: Sequence[Structure]
) -> tuple[Hotspot, ...]:
    if "hotspot" not in doc:
        return ()
    ids = [s.id for s in structures]
    result: list[Hotspot] = []
    for i, data in enumerate(entries(_FILE, doc, "hotspot")):
        r = _Reader(_FILE, "hotspot", data, i)
        structure = r.text("structure")
        if structure not in ids:
            raise r.error(
                "structure", f"unknown structure '{structure}'{did_you_mean(structure, ids)}"
            )
        result.append(
            Hotspot(
                id=r.identifier(),
                label=r.text("label"),
                structure=structure,
                at=r.point("at"),
                radius=r.number("radius", 1),
                sources=_sources(r, known),
            )
        )
        r.finish()
    _unique(_FILE, "hotspot", (h.id for h in result))
    return tuple(result)


def load_anatomy(folder: Traversable | Path | None = None) -> AnatomyChart:
    """Load and check ``anatomy.toml`` from ``folder`` (default: the built-in content, cached).

    Source keys are checked against ``sources.toml`` in the same folder (or the built-in one).
    """
    if folder is None:
        return _default_chart()
    return _load(folder)


@functools.cache
def _default_chart() -> AnatomyChart:
    return _load(resources.files("calflib.content"))


def _load(root: Traversable | Path) -> AnatomyChart:
    doc = read_toml(root, _FILE)
    known = _source_keys(root)
    raw_chart = doc.get("chart")
    if not isinstance(raw_chart, dict):
        raise ContentError(_FILE, "missing the [chart] table (title, side labels and outline)")
    c = _Reader(_FILE, "chart", raw_chart, entry="[chart]")
    structures = _structures(doc, known)
    chart = AnatomyChart(
        title=c.text("title"),
        medial_label=c.text("medial_label"),
        lateral_label=c.text("lateral_label"),
        convention=c.text("convention"),
        outline=c.points("outline", 3),
        landmarks=_landmarks(doc),
        structures=structures,
        hotspots=_hotspots(doc, known, structures),
    )
    c.finish()
    unknown = set(doc) - {"chart", "structure", "landmark", "hotspot"}
    if unknown:
        name = sorted(unknown)[0]
        hint = did_you_mean(name, ["chart", "structure", "landmark", "hotspot"])
        raise ContentError(_FILE, f"unknown table '{name}'{hint}")
    return chart


# --- drawing -------------------------------------------------------------------------------------

_SKIN = "var(--jp-layout-color2, #eeeeee)"
_FILL = {
    "muscle": THEME["brand_soft"],
    "tendon": "var(--jp-layout-color3, #bdbdbd)",
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


def _wrap(text: str, width: int = _WRAP) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


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
    for side in _SIDES:
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
    text = Element(
        "text",
        {"x": x, "y": y, "text-anchor": "end" if medial else "start"},
        style=f"font-size:{_FONT}px;fill:currentColor" + (";font-weight:bold" if lb.bold else ""),
    )
    for i, line in enumerate(lb.lines):
        text.add(Element("tspan", {"x": x, "dy": 0 if i == 0 else _LINE}, text=line))
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
        _Label(s.id, tuple(_wrap(s.label)), s.label_side, s.label_at, s == chosen, "data-label-for")
        for s in chart.structures
    ]
    for spot in chart.hotspots:
        side = chart.structure(spot.structure).label_side
        labels.append(
            _Label(spot.id, tuple(_wrap(spot.label)), side, spot.at, False, "data-hotspot-label")
        )
    ys = _place(labels)
    leg.add(Element("g", {"class": "calf-labels"}, *(_label(lb, ys[lb.key]) for lb in labels)))
    heading_style = f"font-size:13px;font-weight:bold;fill:{THEME['muted']}"
    headings = [
        Element("text", x=8, y=18, style=heading_style, text=f"\u25c0 {chart.medial_label}"),
        Element(
            "text",
            {"x": 2 * _MARGIN + width - 8, "y": 18, "text-anchor": "end"},
            style=heading_style,
            text=f"{chart.lateral_label} \u25b6",
        ),
        Element(
            "text",
            {"x": _MARGIN + width / 2, "y": 18, "text-anchor": "middle"},
            style=f"font-size:12px;fill:{THEME['muted']}",
            text="Right leg, seen from behind",
        ),
    ]
    title = chart.title + (f": {chosen.name} highlighted" if chosen else "")
    return svg_figure(
        2 * _MARGIN + width,
        height + _TOP + 8,
        title,
        _describe(chart, chosen),
        Element("defs", {}, _hatch_pattern(hatch)),
        *headings,
        leg,
        figure_id=figure_id,
        css_class="calf-anatomy-figure",
    )


_KIND_WORDS = {
    "muscle": ("", "Muscle"),
    "tendon": ("", "Tendon"),
    "bone": ("", "Bone"),
    "caution_zone": ("\u26a0", "Caution zone: no pressure"),
}


def structure_card(structure: Structure, content: Content | None = None) -> str:
    """An HTML card for one structure: name, kind, what it does, massage notes and sources."""
    content = content or default_content()
    icon, kind = _KIND_WORDS[structure.kind]
    accent = THEME["error"] if structure.no_pressure else THEME["brand"]
    icon_html = f'<span aria-hidden="true">{icon}</span> ' if icon else ""
    body = (
        f'<div style="font-size:1.15em"><strong>{escape(structure.name)}</strong></div>'
        f'<div style="font-size:0.9em;color:var(--jp-ui-font-color2, inherit)">'
        f"{icon_html}{escape(kind)}</div>"
        f"<p><strong>What it is and does:</strong> {escape(structure.description)}</p>"
        f"<p><strong>Massage notes:</strong> {escape(structure.massage_notes)}</p>"
        f"{sources_list(structure.sources, content)}"
    )
    style = (
        "border:1px solid var(--jp-border-color1, #bdbdbd);"
        f"border-left:6px solid {accent};border-radius:4px;padding:0.6em 0.9em;margin:0.4em 0;"
        "color:var(--jp-ui-font-color1, inherit);background:var(--jp-layout-color1, transparent);"
        "font-size:var(--jp-content-font-size1, 14px);line-height:1.5;max-width:40em"
    )
    css = f"calf-card calf-structure calf-kind-{structure.kind}"
    return f'<div class="{css}" role="status" aria-live="polite" style="{style}">{body}</div>'
