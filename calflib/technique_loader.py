"""Load and check ``content/techniques.toml`` into a :class:`~calflib.techniques.TechniqueLibrary`.

Every problem is a :class:`~calflib.errors.ContentError` naming the file, the entry and the field,
with a "did you mean" hint for unknown ids. Texts may cite sources in square brackets ([S27]);
each cited key must exist and be listed in the entry's ``sources``. Stroke points are checked
against the leg drawing of :mod:`calflib.anatomy`; finding ids and source keys against the content.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from calflib._schema import EntryReader, entries, known_tables
from calflib.anatomy import VIEWBOX, load_anatomy
from calflib.bibliography import UnknownSourceKey, check_source_keys
from calflib.errors import ContentError, did_you_mean
from calflib.loader import builtin_content, builtin_folder, read_toml
from calflib.model import Content, Level
from calflib.techniques import (
    CONTACTS,
    Adaptation,
    Goal,
    GoalInfo,
    HowTo,
    Pressure,
    PressureInfo,
    Setting,
    SettingChange,
    SettingGuide,
    Stroke,
    Technique,
    TechniqueLibrary,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["load_techniques"]

_FILE = "techniques.toml"
_TABLES = ("pressure", "goal", "setting", "technique", "adaptation")
_CITATION = re.compile(r"\[([^\[\]]*)\]")
_KEY = re.compile(r"^S\d+[a-z]?$")
_LEG = "leg drawing"  # what a stroke point outside VIEWBOX is outside of
_E = TypeVar("_E", bound=Enum)


class _Reader(EntryReader):
    """An EntryReader that checks the [S..] citations in an entry's text."""

    @functools.cached_property
    def cited(self) -> dict[str, str]:
        """The source keys the entry's text cites, each with the first field that cites it."""
        return {}

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

    def sources(self, known: Iterable[str]) -> tuple[str, ...]:
        """The entry's ``sources``: known keys, including every key its text cites."""
        known_list = list(known)
        keys = self.source_keys(known_list)
        for key, field in self.cited.items():
            try:
                check_source_keys([key], known_list)
            except UnknownSourceKey as exc:
                raise self.error(field, f"cites {exc}") from None
            if key not in keys:
                raise self.error("sources", f"must list '{key}', which field '{field}' cites")
        return keys


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
            points=s.points("points", VIEWBOX, drawing=_LEG),
            kind=s.choice("kind", ("main", "return"), "main"),
            stop=s.optional_point("stop", VIEWBOX, drawing=_LEG),
            stop_label=s.text("stop_label", ""),
        )
        if stroke.stop_label and stroke.stop is None:
            raise s.error("stop_label", "needs a stop = [x, y] to label")
        s.finish()
        r.cited.update({k: "stroke" for k in s.cited if k not in r.cited})
        result.append(stroke)
    return tuple(result)


_HOWTO_FIELDS = ("contact", "hands", "rhythm", "giver", "receiver", "towards_heart")


def _howto(r: _Reader) -> HowTo:
    """The technique's [technique.howto] table: what touches the calf, rhythm and positions."""
    table = r.table("howto")
    if table is None:
        raise r.error(
            "howto", "add a [technique.howto] table (contact, hands, rhythm, giver, receiver)"
        )
    h = _Reader(
        _FILE, "technique", table, entry=f"{r.entry} [technique.howto]", fields=_HOWTO_FIELDS
    )
    howto = HowTo(
        contact=h.choice("contact", CONTACTS),
        hands=h.text("hands"),
        rhythm=h.text("rhythm"),
        giver=h.text("giver"),
        receiver=h.text("receiver"),
        towards_heart=h.flag("towards_heart", False),
    )
    h.finish()
    r.cited.update({k: "howto" for k in h.cited if k not in r.cited})
    return howto


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
        pressures = r.refs("pressure", [p.key for p in Pressure], "pressure")
        settings = r.refs("settings", [s.value for s in Setting], "setting")
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
            avoid_zones=r.refs("avoid_zones", zones, "anatomy structure", required=False),
            strokes=_strokes(r),
            howto=_howto(r),
            sources=r.sources(known),
        )
        r.finish()
    return result


def _cues(r: _Reader, used: list[str]) -> tuple[tuple[str, str], ...]:
    """A [... .cues] table of read-aloud cues by technique id, each a technique of the setting."""
    cues: list[tuple[str, str]] = []
    for tid, text in (r.table("cues") or {}).items():
        if tid not in used:
            hint = did_you_mean(tid, used)
            raise r.error("cues", f"'{tid}' is not a technique of this setting{hint}")
        if not isinstance(text, str) or not text.strip():
            raise r.error("cues", f"the cue for '{tid}' must be non-empty text")
        cues.append((tid, r.cite("cues", text.strip())))
    return tuple(cues)


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
        cues = _cues(r, used)
        light = r.table("light") or {}
        lr = _Reader(_FILE, "setting", light, entry=f"{r.entry} [setting.light]")
        light_cues = _cues(lr, used)
        light_position = lr.text("position", "")
        light_start = lr.text("start_cue", "")
        light_rest = lr.text("rest_cue", "")
        lr.finish()
        r.cited.update({k: "light" for k in lr.cited if k not in r.cited})
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
            cues=cues,
            light_position=light_position,
            light_start_cue=light_start,
            light_rest_cue=light_rest,
            light_cues=light_cues,
            sources=r.sources(known),
        )
        r.finish()
    return result


def _setting_changes(r: _Reader) -> tuple[SettingChange, ...]:
    changes: dict[Setting, SettingChange] = {}
    for i, data in enumerate(r.tables("setting", required=False)):
        s = _Reader(
            _FILE, "adaptation", data, i, entry=f"{r.entry} [[adaptation.setting]] #{i + 1}"
        )
        ident = s.text("id")
        setting = {x.value: x for x in Setting}.get(ident)
        if setting is None:
            hint = did_you_mean(ident, [x.value for x in Setting])
            raise s.error("id", f"unknown setting '{ident}'{hint}")
        if setting in changes:
            raise s.error("id", f"setting '{ident}' is changed twice; merge the two tables")
        change = SettingChange(
            setting=setting,
            position=s.text("position", ""),
            start_cue=s.text("start_cue", ""),
            blocked=s.text("blocked", ""),
        )
        if change.blocked and (change.position or change.start_cue):
            raise s.error("blocked", "a blocked setting has no position or start_cue")
        if not (change.blocked or change.position or change.start_cue):
            raise s.error("id", "give a position and start_cue, or blocked (the reason)")
        s.finish()
        changes[setting] = change
    return tuple(changes.values())


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
        settings = _setting_changes(r)
        result[finding] = Adaptation(
            finding=finding,
            cue=r.text("cue"),
            avoid_area=r.text("avoid_area", ""),
            avoid_techniques=r.refs("avoid_techniques", techniques, "technique", required=False),
            settings=settings,
            max_minutes=r.integer("max_minutes", minimum=3, default=0)
            if "max_minutes" in r.data
            else 0,
            whole_calf_only=r.flag("whole_calf_only", False),
            sources=r.sources(content.sources),
        )
        r.finish()
    missing = [fid for fid in modifiable if fid not in result]
    if missing:
        raise ContentError(
            _FILE,
            f"every finding that can lead to 'modify' needs an [[adaptation]] (what the planner "
            f"changes for it); missing: {', '.join(missing)}",
            entry="adaptation",
        )
    return result


def load_techniques(
    folder: Traversable | Path | None = None, *, content: Content | None = None
) -> TechniqueLibrary:
    """Load and check ``techniques.toml`` from ``folder`` (default: the built-in file, cached).

    Source keys and finding ids are checked against ``content`` (default: the built-in content).
    """
    if folder is None and content is None:
        return _default_library()
    root: Traversable | Path = folder if folder is not None else builtin_folder()
    return _load(root, content or builtin_content())


@functools.cache
def _default_library() -> TechniqueLibrary:
    return _load(builtin_folder(), builtin_content())


def _load(root: Traversable | Path, content: Content) -> TechniqueLibrary:
    doc = read_toml(root, _FILE)
    known_tables(_FILE, doc, _TABLES)
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
