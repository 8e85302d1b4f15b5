"""Massage techniques and the settings they are used in, loaded from ``content/techniques.toml``.

Everything a learner reads about a technique (how, pressure, direction, duration, cautions and
sources) and everything the session planner needs (pressure levels, goals, read-aloud cues and the
adaptations for a "modify" screening) is data in the content file, checked here: every problem is
a :class:`~calflib.errors.ContentError` naming the file, the entry and the field, with a "did you
mean" hint for unknown ids. :func:`technique_diagram` draws a technique's strokes as numbered arrows
on the leg outline of :mod:`calflib.anatomy`. (Model, loader and diagram share one module because
they share the stroke geometry; that makes it longer than the house's ~300 lines, and the diagram
code is the natural piece to split off into a module of its own.)
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TypeVar

from calflib._schema import EntryReader, entries
from calflib.anatomy import VIEWBOX, leg_outline, load_anatomy
from calflib.errors import ContentError, did_you_mean
from calflib.loader import default_content, read_toml
from calflib.model import Content, Level
from calflib.svg import THEME, Element, Figure, arrow_marker, fmt, path_data, svg_figure

__all__ = [
    "Adaptation",
    "Goal",
    "GoalInfo",
    "Point",
    "Pressure",
    "PressureInfo",
    "Setting",
    "SettingGuide",
    "Stroke",
    "Technique",
    "TechniqueLibrary",
    "load_techniques",
    "technique_diagram",
]

_FILE = "techniques.toml"
_TABLES = ("pressure", "goal", "setting", "technique", "adaptation")
_CITATION = re.compile(r"\[([^\[\]]*)\]")
_KEY = re.compile(r"^S\d+[a-z]?$")

Point = tuple[float, float]
_E = TypeVar("_E", bound=Enum)


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


class Pressure(IntEnum):
    """How hard the hands press, ordered: LIGHT < MODERATE < FIRM."""

    LIGHT = 1
    MODERATE = 2
    FIRM = 3

    @property
    def key(self) -> str:
        """The lower-case name used in content files, e.g. ``"light"``."""
        return self.name.lower()


class Setting(Enum):
    """Where and with what a calf massage happens (the four settings of the source article)."""

    ALONE = "alone"
    ROLLER = "roller"
    PARTNER = "partner"
    DEVICES = "devices"

    @property
    def label(self) -> str:
        """The setting in plain words, e.g. ``"with a partner"``."""
        return _SETTING_LABELS[self]

    @classmethod
    def parse(cls, name: Setting | str) -> Setting:
        """A setting from its id or plain name ("partner", "with a partner"), with a suggestion."""
        return _parse(cls, name, "setting", _SETTING_LABELS)


_SETTING_LABELS = {
    Setting.ALONE: "on your own",
    Setting.ROLLER: "with a roller",
    Setting.PARTNER: "with a partner",
    Setting.DEVICES: "with devices",
}


class Goal(Enum):
    """What a session is for (a closed set; see the goals in ``techniques.toml``)."""

    RECOVERY = "recovery"
    RELAXATION = "relaxation"
    BEFORE_ACTIVITY = "before_activity"

    @property
    def label(self) -> str:
        """The goal in plain words, e.g. ``"recovery after a run"``."""
        return _GOAL_LABELS[self]

    @classmethod
    def parse(cls, name: Goal | str) -> Goal:
        """A goal from its id or plain name ("recovery after a run"), with a suggestion."""
        return _parse(cls, name, "goal", _GOAL_LABELS)


_GOAL_LABELS = {
    Goal.RECOVERY: "recovery after a run",
    Goal.RELAXATION: "general relaxation",
    Goal.BEFORE_ACTIVITY: "before activity",
}


def _parse(cls: type[_E], name: _E | str, what: str, plain: Mapping[_E, str]) -> _E:
    if isinstance(name, cls):
        return name
    members = list(cls)
    labels = [plain[m] for m in members]
    if not isinstance(name, str):
        raise TypeError(f"{what} must be text such as {labels[0]!r}, got {name!r}")
    wanted = _normal(name)
    for member, label in zip(members, labels, strict=True):
        if wanted in (_normal(str(member.value)), _normal(label)):
            return member
    names = labels + [str(m.value) for m in members]
    options = ", ".join(f"'{label}'" for label in labels)
    raise ValueError(f"unknown {what} {name!r}{did_you_mean(name.lower(), names)}; use {options}")


@dataclass(frozen=True)
class PressureInfo:
    """How a pressure level feels and how the planner says it aloud."""

    pressure: Pressure
    name: str
    feel: str
    cue: str


@dataclass(frozen=True)
class GoalInfo:
    """A session goal, with an honest summary of what the evidence says about it."""

    goal: Goal
    name: str
    summary: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Stroke:
    """One stroke of a technique diagram: a polyline in the anatomy's coordinates, and a stop."""

    label: str
    points: tuple[Point, ...]
    kind: str = "main"
    stop: Point | None = None
    stop_label: str = ""

    @property
    def direction(self) -> str:
        """Which way the stroke goes, in words (from its first and last points)."""
        (x0, y0), (x1, y1) = self.points[0], self.points[-1]
        if math.dist((x0, y0), (x1, y1)) < 15:
            return "in a small circle"
        if abs(y1 - y0) >= abs(x1 - x0):
            return "upwards, towards the knee" if y1 < y0 else "downwards, towards the heel"
        return f"across the calf, {'inner to outer' if x1 > x0 else 'outer to inner'} side"


@dataclass(frozen=True)
class Technique:
    """One massage technique: what a learner needs to do it, and its strokes for a diagram."""

    id: str
    name: str
    abbr: str
    summary: str
    how: tuple[str, ...]
    pressure: tuple[Pressure, ...]
    pressure_note: str
    direction: str
    duration: str
    cautions: tuple[str, ...]
    settings: tuple[Setting, ...]
    cue: str
    sources: tuple[str, ...]
    avoid_zones: tuple[str, ...] = ()
    strokes: tuple[Stroke, ...] = ()


@dataclass(frozen=True)
class SettingGuide:
    """One setting: position, steps, evidence and cautions, plus the planner's cues for it."""

    setting: Setting
    name: str
    summary: str
    position: str
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    evidence: str = ""
    main_technique: str | None = None
    start_cue: str = ""
    rest_cue: str = ""
    long_after: int = 0
    long_note: str = ""
    cues: tuple[tuple[str, str], ...] = ()

    def cue_for(self, technique: Technique) -> str:
        """The read-aloud cue for a technique in this setting (its own cue when none is set)."""
        return dict(self.cues).get(technique.id, technique.cue)


@dataclass(frozen=True)
class Adaptation:
    """What the planner changes for one finding at the "modify" level."""

    finding: str
    cue: str
    sources: tuple[str, ...]
    avoid_area: str = ""
    avoid_techniques: tuple[str, ...] = ()


@dataclass(frozen=True)
class TechniqueLibrary:
    """Everything in ``techniques.toml``, cross-checked."""

    pressures: Mapping[Pressure, PressureInfo]
    goals: Mapping[Goal, GoalInfo]
    settings: Mapping[Setting, SettingGuide]
    techniques: Mapping[str, Technique]
    adaptations: Mapping[str, Adaptation]

    def technique(self, ident: str) -> Technique:
        """The technique with this id; an unknown id raises ValueError with a suggestion."""
        try:
            return self.techniques[ident]
        except KeyError:
            raise ValueError(
                f"unknown technique {ident!r}{did_you_mean(ident, self.techniques)}; "
                f"known techniques are {', '.join(self.techniques)}"
            ) from None

    def used_in(self, setting: Setting | str) -> tuple[Technique, ...]:
        """The techniques a setting uses, in content order."""
        chosen = Setting.parse(setting)
        return tuple(t for t in self.techniques.values() if chosen in t.settings)


# --- loading -------------------------------------------------------------------------------------


class _Reader(EntryReader):
    """An EntryReader that checks [S..] citations in its text and reads points in the VIEWBOX."""

    def __init__(
        self,
        file: str,
        kind: str,
        data: Mapping[str, object],
        index: int = 0,
        *,
        entry: str | None = None,
    ) -> None:
        super().__init__(file, kind, data, index, entry=entry)
        self.cited: dict[str, str] = {}

    def cite(self, field: str, text: str) -> str:
        """Remember the source keys a text cites in square brackets, e.g. [S27, S38a]."""
        for group in _CITATION.findall(text):
            for key in (k.strip() for k in group.split(",")):
                if not _KEY.match(key):
                    raise self.error(field, f"'[{group}]' is not a list of source keys like [S27]")
                self.cited.setdefault(key, field)
        return text

    def text(self, field: str, default: str | None = None) -> str:
        return self.cite(field, super().text(field, default))

    def text_list(self, field: str, *, required: bool = True) -> tuple[str, ...]:
        items = super().text_list(field, required=required)
        return tuple(self.cite(field, item) for item in items)

    def ids(
        self, field: str, known: Iterable[str], what: str, *, required: bool = True
    ) -> tuple[str, ...]:
        """A list of ids that must all be in ``known`` (with a suggestion when one is not)."""
        known_list = list(known)
        values = super().text_list(field, required=required)
        for value in values:
            if value not in known_list:
                hint = did_you_mean(value, known_list)
                raise self.error(field, f"unknown {what} '{value}'{hint}")
        return values

    def sources(self, known: Iterable[str]) -> tuple[str, ...]:
        """The entry's ``sources``: known keys, including every key its text cites."""
        known_list = list(known)
        keys = self.ids("sources", known_list, "source key")
        for key, field in self.cited.items():
            if key not in known_list:
                hint = did_you_mean(key, known_list)
                raise self.error(field, f"cites unknown source key '{key}'{hint}")
            if key not in keys:
                raise self.error("sources", f"must list '{key}', which field '{field}' cites")
        return keys

    def point(self, field: str, item: object, where: str = "") -> Point:
        """One [x, y] inside the leg drawing."""
        if not (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in item)
        ):
            raise self.error(field, f"{where}must be two numbers [x, y], got {item!r}")
        x, y = float(item[0]), float(item[1])
        width, height = VIEWBOX
        if not (0 <= x <= width and 0 <= y <= height):
            raise self.error(
                field,
                f"{where}[{fmt(x)}, {fmt(y)}] is outside the leg drawing; x must be 0-{width} "
                f"and y 0-{height}",
            )
        return (x, y)

    def points(self, field: str) -> tuple[Point, ...]:
        """A polyline: at least two points."""
        raw = self._get(field, list, "a list of points [[x, y], ...]", None)
        if len(raw) < 2:
            raise self.error(field, f"needs at least 2 points [x, y], got {len(raw)}")
        return tuple(self.point(field, p, f"point {i + 1} ") for i, p in enumerate(raw))

    def optional_point(self, field: str) -> Point | None:
        """An optional [x, y]."""
        self._used.add(field)
        raw = self.data.get(field)
        return None if raw is None else self.point(field, raw)


def _closed_set(
    doc: Mapping[str, object], table: str, members: Mapping[str, _E]
) -> list[tuple[_E, _Reader]]:
    """Read [[table]] entries whose ids form a closed set: each member exactly once."""
    found: dict[_E, _Reader] = {}
    for i, data in enumerate(entries(_FILE, doc, table)):
        r = _Reader(_FILE, table, data, i)
        member = members[r.choice("id", members)]
        if member in found:
            raise r.error("id", f"'{r.data['id']}' is used twice; ids must be unique")
        found[member] = r
    missing = [ident for ident, m in members.items() if m not in found]
    if missing:
        raise ContentError(_FILE, f"no [[{table}]] entry for {', '.join(missing)}")
    return list(found.items())


def _strokes(r: _Reader) -> tuple[Stroke, ...]:
    r._used.add("stroke")
    raw = r.data.get("stroke")
    if not isinstance(raw, list) or not raw or not all(isinstance(s, dict) for s in raw):
        raise r.error("stroke", "add at least one [[technique.stroke]] table for its diagram")
    result: list[Stroke] = []
    for i, item in enumerate(raw):
        s = _Reader(_FILE, "stroke", item, i, entry=f"{r.entry} stroke {i + 1}")
        stroke = Stroke(
            label=s.text("label"),
            points=s.points("points"),
            kind=s.choice("kind", ("main", "return"), "main"),
            stop=s.optional_point("stop"),
            stop_label=s.text("stop_label", ""),
        )
        if stroke.stop_label and stroke.stop is None:
            raise s.error("stop_label", "needs a stop = [x, y] to label")
        s.finish()
        r.cited.update({k: "stroke" for k in s.cited if k not in r.cited})
        result.append(stroke)
    return tuple(result)


def _techniques(doc: Mapping[str, object], sources: Iterable[str]) -> dict[str, Technique]:
    zones = load_anatomy().ids
    known = list(sources)
    result: dict[str, Technique] = {}
    abbrs: set[str] = set()
    for i, data in enumerate(entries(_FILE, doc, "technique")):
        r = _Reader(_FILE, "technique", data, i)
        tid = r.identifier()
        if tid in result:
            raise r.error("id", f"'{tid}' is used twice; ids must be unique")
        abbr = r.text("abbr")
        if len(abbr) > 3 or abbr in abbrs:
            raise r.error("abbr", f"'{abbr}' must be 1-3 characters and unique")
        abbrs.add(abbr)
        pressures = r.ids("pressure", [p.key for p in Pressure], "pressure")
        settings = r.ids("settings", [s.value for s in Setting], "setting")
        result[tid] = Technique(
            id=tid,
            name=r.text("name"),
            abbr=abbr,
            summary=r.text("summary"),
            how=r.text_list("how"),
            pressure=tuple(sorted({Pressure[p.upper()] for p in pressures})),
            pressure_note=r.text("pressure_note"),
            direction=r.text("direction"),
            duration=r.text("duration"),
            cautions=r.text_list("cautions"),
            settings=tuple(Setting(s) for s in dict.fromkeys(settings)),
            cue=r.text("cue"),
            avoid_zones=r.ids("avoid_zones", zones, "anatomy structure", required=False),
            strokes=_strokes(r),
            sources=r.sources(known),
        )
        r.finish()
    return result


def _settings(
    doc: Mapping[str, object], sources: Iterable[str], techniques: Mapping[str, Technique]
) -> dict[Setting, SettingGuide]:
    known = list(sources)
    result: dict[Setting, SettingGuide] = {}
    for setting, r in _closed_set(doc, "setting", {s.value: s for s in Setting}):
        used = [t.id for t in techniques.values() if setting in t.settings]
        if not used:
            raise r.error("id", "no [[technique]] lists this setting in its 'settings'")
        main = r.text("main_technique", "") or None
        if main is not None and main not in used:
            hint = did_you_mean(main, used)
            raise r.error("main_technique", f"'{main}' is not used in this setting{hint}")
        cues: list[tuple[str, str]] = []
        for tid, text in (r.table("cues") or {}).items():
            if tid not in used:
                hint = did_you_mean(tid, used)
                raise r.error("cues", f"'{tid}' is not a technique of this setting{hint}")
            if not isinstance(text, str) or not text.strip():
                raise r.error("cues", f"the cue for '{tid}' must be non-empty text")
            cues.append((tid, r.cite("cues", text.strip())))
        if ("long_after" in r.data) != ("long_note" in r.data):
            raise r.error("long_note", "long_after and long_note go together; give both or neither")
        result[setting] = SettingGuide(
            setting=setting,
            name=r.text("name"),
            summary=r.text("summary"),
            position=r.text("position"),
            steps=r.text_list("steps"),
            evidence=r.text("evidence", ""),
            cautions=r.text_list("cautions"),
            main_technique=main,
            start_cue=r.text("start_cue", ""),
            rest_cue=r.text("rest_cue", ""),
            long_after=r.integer("long_after", minimum=1) if "long_after" in r.data else 0,
            long_note=r.text("long_note", ""),
            cues=tuple(cues),
            sources=r.sources(known),
        )
        r.finish()
    return result


def _adaptations(
    doc: Mapping[str, object], content: Content, techniques: Mapping[str, Technique]
) -> dict[str, Adaptation]:
    modifiable = [
        fid
        for fid, f in content.findings.items()
        if f.level == Level.MODIFY or (f.timing is not None and f.timing.then_level == Level.MODIFY)
    ]
    result: dict[str, Adaptation] = {}
    for i, data in enumerate(entries(_FILE, doc, "adaptation")):
        raw = data.get("finding")
        entry = f"adaptation '{raw}'" if isinstance(raw, str) else f"adaptation #{i + 1}"
        r = _Reader(_FILE, "adaptation", data, i, entry=entry)
        finding = r.text("finding")
        if finding not in modifiable:
            hint = did_you_mean(finding, content.findings)
            raise r.error(
                "finding", f"'{finding}' is not a finding that can lead to 'modify'{hint}"
            )
        if finding in result:
            raise r.error("finding", f"'{finding}' has two [[adaptation]] entries; merge them")
        result[finding] = Adaptation(
            finding=finding,
            cue=r.text("cue"),
            avoid_area=r.text("avoid_area", ""),
            avoid_techniques=r.ids("avoid_techniques", techniques, "technique", required=False),
            sources=r.sources(content.sources),
        )
        r.finish()
    return result


def load_techniques(
    folder: Traversable | Path | None = None, *, content: Content | None = None
) -> TechniqueLibrary:
    """Load and check ``techniques.toml`` from ``folder`` (default: the built-in file, cached).

    Source keys and finding ids are checked against ``content`` (default: the built-in content).
    """
    if folder is None and content is None:
        return _default_library()
    root: Traversable | Path = folder if folder is not None else resources.files("calflib.content")
    return _load(root, content or default_content())


@functools.cache
def _default_library() -> TechniqueLibrary:
    return _load(resources.files("calflib.content"), default_content())


def _load(root: Traversable | Path, content: Content) -> TechniqueLibrary:
    doc = read_toml(root, _FILE)
    unknown = sorted(set(doc) - set(_TABLES))
    if unknown:
        raise ContentError(
            _FILE, f"unknown table '{unknown[0]}'{did_you_mean(unknown[0], _TABLES)}"
        )
    pressures: dict[Pressure, PressureInfo] = {}
    for pressure, r in _closed_set(doc, "pressure", {p.key: p for p in Pressure}):
        pressures[pressure] = PressureInfo(pressure, r.text("name"), r.text("feel"), r.text("cue"))
        r.finish()
    goals: dict[Goal, GoalInfo] = {}
    for goal, r in _closed_set(doc, "goal", {g.value: g for g in Goal}):
        goals[goal] = GoalInfo(goal, r.text("name"), r.text("summary"), r.sources(content.sources))
        r.finish()
    techniques = _techniques(doc, content.sources)
    return TechniqueLibrary(
        pressures=pressures,
        goals=goals,
        settings=_settings(doc, content.sources, techniques),
        techniques=techniques,
        adaptations=_adaptations(doc, content, techniques),
    )


# --- the technique diagram -----------------------------------------------------------------------

_SIDE = 150  # room for stop and zone labels on each side of the leg
_TOP = 34  # room for the side headings
_FONT = 12
_LINE = 15
_LEGEND_LINE = 17


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _margin_labels(labels: list[tuple[str, Point, str, str]]) -> list[Element]:
    """Labels in the side margins near their anchors, never overlapping: (side, at, text, key)."""
    drawn: list[Element] = []
    width = VIEWBOX[0]
    for side in ("medial", "lateral"):
        y = 0.0
        for _side, (ax, ay), text, key in sorted(
            (lb for lb in labels if lb[0] == side), key=lambda lb: lb[1][1]
        ):
            lines = _wrap(text, 20)
            y = max(y, ay + 4)
            x = -12 if side == "medial" else width + 12
            node = Element(
                "text",
                {"x": x, "y": y, "text-anchor": "end" if side == "medial" else "start"},
                style=f"font-size:{_FONT}px;fill:currentColor",
            )
            for i, line in enumerate(lines):
                node.add(Element("tspan", {"x": x, "dy": 0 if i == 0 else _LINE}, text=line))
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
        node = Element("text", {"x": 42, "y": y}, style="font-size:13px;fill:currentColor")
        for j, line in enumerate(_wrap(words, 62)):
            node.add(Element("tspan", {"x": 42, "dy": 0 if j == 0 else _LEGEND_LINE}, text=line))
            y += _LEGEND_LINE if j else 0
        legend.add(node)
        y += _LEGEND_LINE + 8
    heading = f"font-size:13px;font-weight:bold;fill:{muted}"
    headings = [
        Element("text", x=8, y=18, style=heading, text=f"\u25c0 {chart.medial_label}"),
        Element(
            "text",
            {"x": 2 * _SIDE + width - 8, "y": 18, "text-anchor": "end"},
            style=heading,
            text=f"{chart.lateral_label} \u25b6",
        ),
        Element(
            "text",
            {"x": _SIDE + width / 2, "y": 18, "text-anchor": "middle"},
            style=f"font-size:12px;fill:{muted}",
            text="Right leg, seen from behind",
        ),
    ]
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
        *headings,
        leg,
        legend,
        figure_id=figure_id,
        css_class="calf-technique-figure",
    )
