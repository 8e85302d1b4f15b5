"""Load and check ``content/routines.toml`` into a :class:`~calflib.routines.RoutineTable`.

The file says what a leg's routine holds (phases of a technique at a pressure, with a share of the
time, for each hands-on setting and goal; set and rest lengths for the tool settings; the region
and cue words). The loader refuses data the planner's timing rules cannot fit (the limits in
:mod:`calflib.routines`) or that would break its safety rules. Every problem is a
:class:`~calflib.errors.ContentError` naming the file, the entry and the field, with a "did you
mean" hint for unknown ids. Techniques are checked against the technique library
(:func:`calflib.technique_loader.load_techniques`).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._schema import EntryReader, entries, known_tables
from calflib.errors import ContentError, did_you_mean
from calflib.loader import builtin_folder, read_toml
from calflib.routines import (
    OPTIONAL_FROM,
    REST_SECONDS,
    ROLES,
    SET_SECONDS,
    SHORTEST_LEG,
    SHORTEST_PHASE,
    WHOLE,
    Phase,
    RoutineTable,
)
from calflib.technique_loader import load_techniques
from calflib.techniques import Goal, Pressure, Setting, TechniqueLibrary

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["load_routines"]

_FILE = "routines.toml"
_TABLES = ("regions", "routine", "sets", "tempo", "role_cues")
_PHASE_FIELDS = ("technique", "pressure", "weight", "role", "regions", "optional")
_SETS_FIELDS = ("seconds", "rest", "regions", "rest_region", "rest_cue")


def load_routines(
    folder: Traversable | Path | None = None, *, library: TechniqueLibrary | None = None
) -> RoutineTable:
    """Load and check ``routines.toml`` from ``folder`` (default: the built-in file, cached).

    Techniques and settings are checked against ``library`` (default: the built-in techniques).
    """
    if folder is None and library is None:
        return _default_routines()
    root: Traversable | Path = folder if folder is not None else builtin_folder()
    return _load(root, library or load_techniques())


@functools.cache
def _default_routines() -> RoutineTable:
    return _load(builtin_folder(), load_techniques())


def _load(root: Traversable | Path, library: TechniqueLibrary) -> RoutineTable:
    doc = read_toml(root, _FILE)
    known_tables(_FILE, doc, _TABLES)
    regions = _regions(doc)
    sets = _table(doc, "sets", required=True)
    s = EntryReader(_FILE, "sets", sets, entry="[sets]", fields=_SETS_FIELDS)
    table = RoutineTable(
        regions=regions,
        routines=_routines(doc, regions, library),
        set_seconds=_seconds(s, "seconds", SET_SECONDS),
        rest_seconds=_seconds(s, "rest", REST_SECONDS),
        set_regions=tuple(regions[k] for k in s.refs("regions", regions, "region")),
        rest_region=s.text("rest_region"),
        rest_cue=s.text("rest_cue"),
        tempo={Goal(k): v for k, v in _texts(doc, "tempo", [g.value for g in Goal], "goal")},
        role_cues=dict(_texts(doc, "role_cues", ROLES, "role")),
    )
    s.finish()
    return table


def _table(doc: Mapping[str, object], name: str, *, required: bool) -> Mapping[str, object]:
    raw = doc.get(name)
    if raw is None and not required:
        return {}
    if not isinstance(raw, dict):
        what = "missing" if raw is None else f"must be a [{name}] table, got {type(raw).__name__}"
        raise ContentError(_FILE, f"[{name}]: {what}; see the notes at the top of the file")
    return raw


def _regions(doc: Mapping[str, object]) -> dict[str, str]:
    r = EntryReader(_FILE, "regions", _table(doc, "regions", required=True), entry="[regions]")
    for key in r.data:
        if not (key[:1].isalpha() and key == key.lower() and key.replace("_", "").isalnum()):
            raise r.error(key, "is not a valid region id; use lower-case letters, digits and '_'")
    if WHOLE not in r.data:
        raise r.error(WHOLE, 'missing; add whole = "<the whole calf, in words>"')
    return {key: r.text(key) for key in r.data}


def _seconds(r: EntryReader, field: str, limits: tuple[int, int]) -> dict[Goal, int]:
    """A { goal = seconds } table with every goal, each a multiple of 5 within ``limits``."""
    goals = [g.value for g in Goal]
    table = r.table(field)
    if table is None:
        example = ", ".join(f"{g} = <seconds>" for g in goals)
        raise r.error(field, f"missing; add {field} = {{ {example} }}")
    for key in table:
        if key not in goals:
            raise r.error(field, f"unknown goal '{key}'{did_you_mean(key, goals)}")
    low, high = limits
    result: dict[Goal, int] = {}
    for goal in Goal:
        value = table.get(goal.value)
        if value is None:
            raise r.error(field, f"no seconds for the goal '{goal.value}'; add {goal.value} = ...")
        if isinstance(value, bool) or not isinstance(value, int) or value % 5:
            raise r.error(field, f"{goal.value} must be a whole number of seconds, a multiple of 5")
        if not low <= value <= high:
            raise r.error(field, f"{goal.value} = {value}: must be from {low} to {high} seconds")
        result[goal] = value
    return result


def _texts(
    doc: Mapping[str, object], name: str, keys: Sequence[str], what: str
) -> list[tuple[str, str]]:
    """An optional [name] table of texts keyed by ``keys`` (goals or roles)."""
    r = EntryReader(_FILE, name, _table(doc, name, required=False), entry=f"[{name}]")
    for key in r.data:
        if key not in keys:
            raise r.error(key, f"unknown {what}{did_you_mean(key, keys)}; use {', '.join(keys)}")
    return [(key, r.text(key)) for key in r.data]


def _routines(
    doc: Mapping[str, object], regions: Mapping[str, str], library: TechniqueLibrary
) -> dict[tuple[Setting, Goal], tuple[Phase, ...]]:
    hands_on = [s for s, guide in library.settings.items() if guide.main_technique is None]
    result: dict[tuple[Setting, Goal], tuple[Phase, ...]] = {}
    for i, data in enumerate(entries(_FILE, doc, "routine")):
        setting_id, goal_id = data.get("setting"), data.get("goal")
        named = isinstance(setting_id, str) and isinstance(goal_id, str)
        entry = f"routine '{setting_id}/{goal_id}'" if named else f"routine #{i + 1}"
        r = EntryReader(
            _FILE, "routine", data, i, entry=entry, fields=("setting", "goal", "phases")
        )
        setting = Setting(r.choice("setting", [s.value for s in Setting]))
        goal = Goal(r.choice("goal", [g.value for g in Goal]))
        if setting not in hands_on:
            guide = library.settings.get(setting)
            main = guide.main_technique if guide is not None else "a tool"
            raise r.error(
                "setting",
                f"'{setting.value}' is planned in sets of {main} (see [sets]); only the hands-on "
                f"settings ({', '.join(s.value for s in hands_on)}) take a [[routine]]",
            )
        if (setting, goal) in result:
            raise r.error("goal", f"a second routine for {setting.value} and {goal.value}")
        result[(setting, goal)] = _phases(r, setting, regions, library)
        r.finish()
    missing = [f"{s.value}/{g.value}" for s in hands_on for g in Goal if (s, g) not in result]
    if missing:
        raise ContentError(
            _FILE,
            f"no [[routine]] for {', '.join(missing)} (setting/goal); the planner needs one for "
            "every hands-on setting and every goal",
        )
    return result


def _phases(
    r: EntryReader, setting: Setting, regions: Mapping[str, str], library: TechniqueLibrary
) -> tuple[Phase, ...]:
    raw = r.tables("phases")
    result: list[Phase] = []
    readers: list[EntryReader] = []
    for i, item in enumerate(raw):
        p = EntryReader(
            _FILE, "phase", item, i, entry=f"{r.entry} phase {i + 1}", fields=_PHASE_FIELDS
        )
        role = p.choice("role", ROLES, "main")
        first, last = i == 0, i == len(raw) - 1
        if (role == "warm-up") != first or (role == "ease") != (last and not first):
            raise p.error(
                "role",
                "the first phase is the 'warm-up' and the last the 'ease'; "
                f"every other phase is 'main' (got '{role}')",
            )
        phase = Phase(
            technique=_technique(p, setting, library),
            pressure=Pressure[p.choice("pressure", [k.key for k in Pressure]).upper()],
            weight=_weight(p),
            role=role,
            regions=tuple(
                regions[k] for k in p.refs("regions", regions, "region", required=False) or (WHOLE,)
            ),
            optional=p.flag("optional", False),
        )
        allowed = library.techniques[phase.technique].pressure
        if phase.pressure not in allowed:
            uses = ", ".join(k.key for k in allowed)
            raise p.error(
                "pressure",
                f"{phase.technique} is not done at {phase.pressure.key} "
                f"pressure; techniques.toml gives it {uses}",
            )
        if role != "main":
            _check_bookend(p, phase)
        p.finish()
        result.append(phase)
        readers.append(p)
    if len(raw) < 2:
        raise r.error("phases", "needs at least a warm-up and an easing-off phase")
    _check_gradual(readers, result)
    _check_count(r, result)
    return tuple(result)


def _technique(p: EntryReader, setting: Setting, library: TechniqueLibrary) -> str:
    technique = p.text("technique")
    p.check_refs("technique", [technique], library.techniques, "technique")
    used = [t.id for t in library.used_in(setting)]
    if technique not in used:
        raise p.error(
            "technique",
            f"'{technique}' is not used in the setting '{setting.value}' (techniques.toml); "
            f"use one of {', '.join(used)}",
        )
    return technique


def _weight(p: EntryReader) -> float:
    raw = p.data.get("weight")
    if (
        isinstance(raw, int | float)
        and not isinstance(raw, bool)
        and not (raw > 0 and math.isfinite(raw))  # 0, negative, nan or inf
    ):
        raise p.error("weight", f"must be a number above 0 (its share of the time), got {raw}")
    return p.number("weight", 0)


def _check_bookend(p: EntryReader, phase: Phase) -> None:
    """The warm-up and the easing-off are light effleurage, in every session."""
    what = "the warm-up" if phase.role == "warm-up" else "the easing-off"
    if phase.technique != "effleurage":
        raise p.error("technique", f"{what} is effleurage, got '{phase.technique}'")
    if phase.pressure != Pressure.LIGHT:
        raise p.error("pressure", f"{what} is at light pressure, got '{phase.pressure.key}'")
    if phase.optional:
        raise p.error("optional", f"{what} is part of every session; remove optional = true")


def _check_gradual(readers: Sequence[EntryReader], phases: Sequence[Phase]) -> None:
    """Pressure builds one level at a time and eases back, with or without the optional phases."""
    every = list(zip(readers, phases, strict=True))
    short = [(r, p) for r, p in every if not p.optional]
    for pairs, when in ((every, ""), (short, " when the optional phases are left out")):
        eased = False
        for (_, a), (reader, b) in itertools.pairwise(pairs):
            if abs(b.pressure - a.pressure) > 1:
                raise reader.error(
                    "pressure",
                    f"jumps from {a.pressure.key} to {b.pressure.key}{when}; change the pressure "
                    "one level at a time",
                )
            if eased and b.pressure > a.pressure:
                raise reader.error(
                    "pressure",
                    f"rises again after easing off{when}; build up once, then ease off",
                )
            eased = eased or b.pressure < a.pressure


def _check_count(r: EntryReader, phases: Iterable[Phase]) -> None:
    """Every phase gets at least SHORTEST_PHASE seconds, even in the shortest session."""
    every = list(phases)
    always = [p for p in every if not p.optional]
    most, most_optional = SHORTEST_LEG // SHORTEST_PHASE, OPTIONAL_FROM // SHORTEST_PHASE
    if len(always) > most or len(every) > most_optional:
        raise r.error(
            "phases",
            f"has {len(always)} phases that are not optional and {len(every)} in all; at most "
            f"{most} and {most_optional}, so each phase gets {SHORTEST_PHASE} seconds in short "
            "sessions (mark more phases optional = true, or merge some)",
        )
