"""The hands-on routine for one leg, timed to the second (the session planner's timing rules).

For a hands-on setting (on your own, with a partner) a routine is a list of phases per goal: a
warm-up with light effleurage, kneading that builds one pressure level at a time, an easing-off at
light pressure; optional phases join in from a 5-minute session. For a tool setting (roller,
massage gun) it is sets of 30-60 seconds with rests. Either way the seconds come in multiples of
five and add up exactly to the leg's share of the session. :mod:`calflib.planner` turns the slots
into numbered steps for both legs.

What a routine holds (the phases, set and rest lengths, region and cue words) is content in
``routines.toml``, loaded and checked by :mod:`calflib.routine_loader`; the timing rules are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from calflib.routine_loader import load_routines
from calflib.routines import (
    OPTIONAL_FROM,
    REST_SECONDS,
    SET_SECONDS,
    SHORTEST_PHASE,
    Phase,
    RoutineTable,
)
from calflib.techniques import Adaptation, Goal, Pressure, SettingGuide, TechniqueLibrary

__all__ = ["Phase", "Slot", "leg_routine", "step_cue"]

_L, _M = Pressure.LIGHT, Pressure.MODERATE


def _warm(weight: float) -> Phase:
    return Phase("effleurage", _L, weight, "warm-up")


def _ease(weight: float) -> Phase:
    return Phase("effleurage", _L, weight, "ease")


def _fit(items: Sequence[tuple[float, int, int]], total: int) -> list[int] | None:
    """Seconds (multiples of 5) near each target, within [low, high], adding up to ``total``."""
    units = total // 5
    lows, highs = [lo // 5 for _, lo, _ in items], [hi // 5 for _, _, hi in items]
    if total % 5 or sum(lows) > units or sum(highs) < units:
        return None
    targets = [t / 5 for t, _, _ in items]
    got = [min(max(round(t), lo), hi) for t, lo, hi in zip(targets, lows, highs, strict=True)]
    while (diff := units - sum(got)) != 0:
        sign = 1 if diff > 0 else -1
        room = [i for i in range(len(got)) if (got[i] < highs[i] if sign > 0 else got[i] > lows[i])]
        i = max(room, key=lambda j: sign * (targets[j] - got[j]))
        got[i] += sign
    return [g * 5 for g in got]


def _split(seconds: int, regions: Sequence[str]) -> list[tuple[str, int]]:
    """Share a long phase between its regions (at least 45 s each), in multiples of 5 s."""
    n = max(1, min(len(regions), seconds // 45))
    units, extra = divmod(seconds // 5, n)
    return [(regions[i], (units + (1 if i < extra else 0)) * 5) for i in range(n)]


@dataclass(frozen=True)
class Slot:
    """A timed part of a leg's routine: a phase (None for a rest), its seconds and its region."""

    phase: Phase | None  # None for a rest
    seconds: int
    region: str


def leg_routine(
    guide: SettingGuide,
    goal: Goal,
    budget: int,
    avoided: set[str],
    cap: Pressure,
    routines: RoutineTable | None = None,
    *,
    focus: bool = True,
) -> list[Slot]:
    """One leg's slots, filling ``budget`` seconds: phases for the hands, sets for a tool.

    Pressures are capped at ``cap``; techniques in ``avoided`` become light stroking; without
    ``focus`` every step covers the whole calf (no step aimed at one part of it).
    ``routines`` defaults to the built-in ``routines.toml``.
    """
    table = routines or load_routines()
    if guide.main_technique is not None:
        return _sets(table, guide.main_technique, goal, budget, cap, focus)
    phases = [
        p for p in table.routine(guide.setting, goal) if budget >= OPTIONAL_FROM or not p.optional
    ]
    adapted: list[Phase] = []
    for p in phases:
        p = replace(p, pressure=min(p.pressure, cap))
        if p.technique in avoided:
            p = replace(p, technique="effleurage", regions=(table.whole,))
        elif not focus:
            p = replace(p, regions=(table.whole,))
        last = adapted[-1] if adapted else None
        if last and (last.technique, last.pressure) == (p.technique, p.pressure):
            role = last.role if last.role == "warm-up" else p.role
            adapted[-1] = replace(last, weight=last.weight + p.weight, role=role)
        else:
            adapted.append(p)
    total = sum(p.weight for p in adapted)
    seconds = _fit([(budget * p.weight / total, SHORTEST_PHASE, budget) for p in adapted], budget)
    # The loader allows no more phases than get SHORTEST_PHASE each in a 90 s (or, with the
    # optional phases, a 150 s) leg, so this always fits.
    assert seconds is not None
    return [
        Slot(p, part, region)
        for p, s in zip(adapted, seconds, strict=True)
        for region, part in _split(s, p.regions or (table.whole,))
    ]


def _sets(
    table: RoutineTable, technique: str, goal: Goal, budget: int, cap: Pressure, focus: bool
) -> list[Slot]:
    warm = (min(max(budget * 0.12, 15), 60), 15, 90)
    ease = (min(max(budget * 0.08, 15), 45), 15, 60)
    set_ = (table.set_seconds[goal], *SET_SECONDS)
    rest = (table.rest_seconds[goal], *REST_SECONDS)
    guess = max(1, round((budget - warm[0] - ease[0] + rest[0]) / (set_[0] + rest[0])))
    for k in sorted(range(1, guess + 4), key=lambda n: abs(n - guess)):
        seconds = _fit([warm, *[set_, rest] * (k - 1), set_, ease], budget)
        if seconds is not None:
            break
    else:  # pragma: no cover - every budget from 90 to 1350 s fits (tested)
        raise AssertionError(f"no set pattern fits {budget} seconds")
    peak = min(_M, cap)
    slots = [Slot(_warm(1), seconds[0], table.whole)]
    for i, s in enumerate(seconds[1:-1]):
        if i % 2:
            slots.append(Slot(None, s, table.rest_region))
            continue
        number = i // 2
        light = number == 0 or (number == k - 1 and k >= 3)
        phase = Phase(technique, _L if light else peak, 1)
        regions = table.set_regions
        region = regions[number % len(regions)] if k >= 3 and focus else table.whole
        slots.append(Slot(phase, s, region))
    slots.append(Slot(_ease(1), seconds[-1], table.whole))
    return slots


def step_cue(
    library: TechniqueLibrary,
    guide: SettingGuide,
    goal: Goal,
    slot: Slot,
    opening: str,
    adaptations: Sequence[Adaptation],
    routines: RoutineTable | None = None,
    *,
    light: bool = False,
) -> str:
    """What to say for a slot: pressure, technique, focus, tempo and every adaptation's cue.

    ``opening`` starts the first step of a leg ("Start with the right calf."); those steps also
    remind the learner to stop if pain rises. ``routines`` defaults to the built-in file;
    ``light`` uses the setting's light-pressure cues (a handheld roller, not a foam roller).
    """
    table = routines or load_routines()
    if slot.phase is None:
        rest = (guide.light_rest_cue if light else "") or guide.rest_cue or table.rest_cue
        return f"{opening}{rest}"
    technique = library.technique(slot.phase.technique)
    parts = [
        opening + library.pressures[slot.phase.pressure].cue,
        guide.cue_for(technique, light=light),
    ]
    if slot.region != table.whole:
        parts.append(f"Focus on the {slot.region}.")
    parts.append(table.role_cues.get(slot.phase.role, table.tempo.get(goal, "")))
    parts += dict.fromkeys(a.cue for a in adaptations)  # two findings may share one cue
    if opening and not any("stop if pain rises" in p.lower() for p in parts):
        parts.append("Stop if pain rises.")
    return " ".join(p for p in parts if p)
