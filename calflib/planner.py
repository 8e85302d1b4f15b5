"""The session planner: a timed, safe calf massage from a setting, a length, a goal and a screening.

:func:`plan_session` is a pure function. Its rules, each pinned by tests:

* It never runs without a screening: ``assessment`` must be a :class:`calflib.screening.Assessment`
  (anything else is a ``TypeError``). With a verdict of WAIT or worse, or with questions still
  answered "not sure", there is **no plan**: the result is a :class:`SessionPlan` with
  ``blocked=True``, no steps, the reasons and what to do instead. (A result rather than an
  exception, so a widget shows the advice the same way it shows a plan.)
* At MODIFY every step is at light pressure, the screening's adaptations are carried into the plan,
  techniques the adaptations rule out are replaced by light stroking (or, when a setting depends on
  one, such as the roller, there is no plan but the advice to use the hands), and every step's cue
  says what to avoid.
* Each leg is done in turn: a warm-up with light effleurage first, pressure that builds one level at
  a time and eases back to light at the end. Every step's technique is one its setting uses;
  roller and device plans work in sets of 30-60 seconds with rests.
* The steps' seconds add up exactly to ``minutes * 60``; minutes is a whole number from 3 to 45.

The wording (cues, goals, adaptations) is content in ``techniques.toml``; the rules are here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from calflib.errors import ContentError
from calflib.model import Level
from calflib.screening import Assessment
from calflib.techniques import (
    Adaptation,
    Goal,
    Pressure,
    Setting,
    SettingGuide,
    TechniqueLibrary,
    load_techniques,
)

__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "Goal",
    "SessionPlan",
    "Step",
    "clock",
    "format_plan",
    "plan_session",
    "say_duration",
]

MIN_MINUTES = 3
MAX_MINUTES = 45
LEGS = ("right", "left")

_WHOLE = "whole calf, ankle to below the knee"
_INNER = "inner calf (medial gastrocnemius)"
_OUTER = "outer calf (lateral gastrocnemius)"
_LOWER = "lower sides of the calf (soleus)"
_MUSCLE = "fleshy part of the calf"
_KNEAD = (_INNER, _OUTER, _LOWER)
_SET_REGIONS = (
    _WHOLE,
    "inner side (turn the leg slightly out)",
    "outer side (turn it slightly in)",
)
_L, _M = Pressure.LIGHT, Pressure.MODERATE


@dataclass(frozen=True)
class Step:
    """One timed step of a session: what to do, where, how hard, for how long, and what to say."""

    number: int
    technique: str | None  # a technique id; None for a rest
    name: str
    leg: str
    region: str
    pressure: Pressure | None  # None for a rest
    seconds: int
    start: int
    cue: str

    @property
    def is_rest(self) -> bool:
        """True for a rest between sets."""
        return self.technique is None

    @property
    def end(self) -> int:
        """Seconds from the start of the session to the end of this step."""
        return self.start + self.seconds


@dataclass(frozen=True)
class SessionPlan:
    """A session plan, or (``blocked``) the reasons there is none and what to do instead."""

    setting: Setting
    goal: Goal
    minutes: int
    level: Level
    steps: tuple[Step, ...] = ()
    blocked: bool = False
    reasons: tuple[str, ...] = ()
    instead: tuple[str, ...] = ()
    adaptations: tuple[str, ...] = ()
    avoid_areas: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def total_seconds(self) -> int:
        """The steps' seconds added up (``minutes * 60`` for a plan, 0 when blocked)."""
        return sum(step.seconds for step in self.steps)

    @property
    def peak(self) -> Pressure | None:
        """The highest pressure in the plan (None when blocked)."""
        return max((s.pressure for s in self.steps if s.pressure is not None), default=None)

    def step_at(self, elapsed: int) -> Step | None:
        """The step running ``elapsed`` seconds into the session (None after the end)."""
        return next((s for s in self.steps if s.start <= elapsed < s.end), None)


@dataclass(frozen=True)
class _Phase:
    technique: str
    pressure: Pressure
    weight: float
    role: str = "main"  # "warm-up", "main" or "ease"
    regions: tuple[str, ...] = (_WHOLE,)
    optional: bool = False


def _warm(weight: float) -> _Phase:
    return _Phase("effleurage", _L, weight, "warm-up")


def _ease(weight: float) -> _Phase:
    return _Phase("effleurage", _L, weight, "ease")


# Hands-on routines for one leg. Optional phases are left out of short sessions.
_ROUTINES: dict[tuple[Setting, Goal], tuple[_Phase, ...]] = {
    (Setting.ALONE, Goal.RECOVERY): (
        _warm(2),
        _Phase("effleurage", _M, 1.5, optional=True),
        _Phase("petrissage", _M, 4, regions=_KNEAD),
        _ease(1.5),
    ),
    (Setting.ALONE, Goal.RELAXATION): (
        _warm(3),
        _Phase("petrissage", _L, 2, regions=(_INNER, _OUTER), optional=True),
        _Phase("petrissage", _M, 3, regions=_KNEAD),
        _ease(2),
    ),
    (Setting.ALONE, Goal.BEFORE_ACTIVITY): (
        _warm(1.5),
        _Phase("effleurage", _M, 1, optional=True),
        _Phase("petrissage", _M, 2.5, regions=(_INNER, _OUTER)),
        _ease(1),
    ),
    (Setting.PARTNER, Goal.RECOVERY): (
        _warm(2),
        _Phase("effleurage", _M, 1.5, optional=True),
        _Phase("petrissage", _M, 3.5, regions=_KNEAD),
        _Phase("skin_rolling", _L, 2, optional=True),
        _ease(1.5),
    ),
    (Setting.PARTNER, Goal.RELAXATION): (
        _warm(3),
        _Phase("petrissage", _L, 2, regions=(_INNER, _OUTER), optional=True),
        _Phase("petrissage", _M, 3, regions=_KNEAD),
        _Phase("skin_rolling", _L, 1.5, optional=True),
        _Phase("vibration", _L, 1, optional=True),
        _ease(2),
    ),
    (Setting.PARTNER, Goal.BEFORE_ACTIVITY): (
        _warm(1.5),
        _Phase("petrissage", _M, 2.5, regions=(_INNER, _OUTER)),
        _Phase("tapotement", _M, 1, regions=(_MUSCLE,), optional=True),
        _ease(1),
    ),
}
_OPTIONAL_FROM = 150  # seconds per leg (a 5-minute session) before optional phases join in
# Sets of the setting's main technique (roller, massage gun): target, shortest, longest seconds.
_SET = {Goal.RECOVERY: 45, Goal.RELAXATION: 60, Goal.BEFORE_ACTIVITY: 30}
_REST = {Goal.RECOVERY: 15, Goal.RELAXATION: 20, Goal.BEFORE_ACTIVITY: 10}
_SET_RANGE, _REST_RANGE = (30, 60), (10, 30)
_TEMPO = {Goal.RELAXATION: "Slow and unhurried.", Goal.BEFORE_ACTIVITY: "Keep it brisk."}
_ROLE_CUE = {
    "warm-up": "Warm up, and notice where it feels sore.",
    "ease": "Slow down and ease off to finish.",
}


# --- time ----------------------------------------------------------------------------------------


def say_duration(seconds: int) -> str:
    """A duration in words: '45 seconds', '1 minute', '2 minutes 5 seconds'."""
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, got {seconds}")
    minutes, secs = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


def clock(seconds: int) -> str:
    """A time as minutes:seconds, e.g. '1:05'."""
    return f"{seconds // 60}:{seconds % 60:02d}"


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


def _split(seconds: int, regions: tuple[str, ...]) -> list[tuple[str, int]]:
    """Share a long phase between its regions (at least 45 s each), in multiples of 5 s."""
    n = max(1, min(len(regions), seconds // 45))
    units, extra = divmod(seconds // 5, n)
    return [(regions[i], (units + (1 if i < extra else 0)) * 5) for i in range(n)]


# --- the plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    phase: _Phase | None  # None for a rest
    seconds: int
    region: str


def _routine(
    guide: SettingGuide, goal: Goal, budget: int, avoided: set[str], cap: Pressure
) -> list[_Slot]:
    if guide.main_technique is not None:
        return _sets(guide.main_technique, goal, budget, cap)
    phases = [
        p for p in _ROUTINES[(guide.setting, goal)] if budget >= _OPTIONAL_FROM or not p.optional
    ]
    adapted: list[_Phase] = []
    for p in phases:
        p = replace(p, pressure=min(p.pressure, cap))
        if p.technique in avoided:
            p = replace(p, technique="effleurage", regions=(_WHOLE,))
        last = adapted[-1] if adapted else None
        if last and (last.technique, last.pressure) == (p.technique, p.pressure):
            role = last.role if last.role == "warm-up" else p.role
            adapted[-1] = replace(last, weight=last.weight + p.weight, role=role)
        else:
            adapted.append(p)
    total = sum(p.weight for p in adapted)
    seconds = _fit([(budget * p.weight / total, 15, budget) for p in adapted], budget)
    assert seconds is not None  # 15 s per phase always fits: budget >= 90 s, at most 6 phases
    return [
        _Slot(p, part, region)
        for p, s in zip(adapted, seconds, strict=True)
        for region, part in _split(s, p.regions)
    ]


def _sets(technique: str, goal: Goal, budget: int, cap: Pressure) -> list[_Slot]:
    warm = (min(max(budget * 0.12, 15), 60), 15, 90)
    ease = (min(max(budget * 0.08, 15), 45), 15, 60)
    set_, rest = (_SET[goal], *_SET_RANGE), (_REST[goal], *_REST_RANGE)
    guess = max(1, round((budget - warm[0] - ease[0] + rest[0]) / (set_[0] + rest[0])))
    for k in sorted(range(1, guess + 4), key=lambda n: abs(n - guess)):
        seconds = _fit([warm, *[set_, rest] * (k - 1), set_, ease], budget)
        if seconds is not None:
            break
    else:  # pragma: no cover - every budget from 90 to 1350 s fits (tested)
        raise AssertionError(f"no set pattern fits {budget} seconds")
    peak = min(_M, cap)
    slots = [_Slot(_warm(1), seconds[0], _WHOLE)]
    for i, s in enumerate(seconds[1:-1]):
        if i % 2:
            slots.append(_Slot(None, s, "no massage"))
            continue
        number = i // 2
        light = number == 0 or (number == k - 1 and k >= 3)
        phase = _Phase(technique, _L if light else peak, 1)
        region = _SET_REGIONS[number % len(_SET_REGIONS)] if k >= 3 else _WHOLE
        slots.append(_Slot(phase, s, region))
    slots.append(_Slot(_ease(1), seconds[-1], _WHOLE))
    return slots


def _cue(
    library: TechniqueLibrary,
    guide: SettingGuide,
    goal: Goal,
    slot: _Slot,
    opening: str,
    adaptations: Sequence[Adaptation],
) -> str:
    if slot.phase is None:
        return f"{opening}{guide.rest_cue or 'Rest and let the calf relax.'}"
    technique = library.technique(slot.phase.technique)
    parts = [opening + library.pressures[slot.phase.pressure].cue, guide.cue_for(technique)]
    if slot.region != _WHOLE:
        parts.append(f"Focus on the {slot.region}.")
    parts.append(_ROLE_CUE.get(slot.phase.role, _TEMPO.get(goal, "")))
    parts += [a.cue for a in adaptations]
    if opening:
        parts.append("Stop if pain rises.")
    return " ".join(p for p in parts if p)


def _check_minutes(minutes: object) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise TypeError(
            f"minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}, "
            f"got {type(minutes).__name__} {minutes!r}"
        )
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(
            f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES} (a session of "
            f"{MIN_MINUTES} to {MAX_MINUTES} minutes), got {minutes}"
        )
    return minutes


def _blocked(
    setting: Setting,
    goal: Goal,
    minutes: int,
    assessment: Assessment,
    *,
    reasons: tuple[str, ...],
    instead: tuple[str, ...],
    adaptations: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
) -> SessionPlan:
    return SessionPlan(
        setting,
        goal,
        minutes,
        assessment.level,
        blocked=True,
        reasons=reasons,
        instead=instead,
        adaptations=adaptations,
        sources=sources,
    )


def _screening_block(
    setting: Setting, goal: Goal, minutes: int, assessment: Assessment
) -> SessionPlan | None:
    """The blocked plan for WAIT or worse, or for an unfinished screening; None otherwise."""
    deciding = [r for r in assessment.reasons if r.level == assessment.level]
    if assessment.level >= Level.WAIT and any(r.sure for r in deciding):
        reasons = tuple(
            f"{r.finding.label} (you answered {'yes' if r.sure else 'not sure'}): {r.why}"
            for r in deciding
        )
        instead = tuple(dict.fromkeys([assessment.advice, *(r.action for r in deciding)]))
        keys = tuple(dict.fromkeys(k for r in deciding for k in r.sources))
        return _blocked(
            setting, goal, minutes, assessment, reasons=reasons, instead=instead, sources=keys
        )
    if not assessment.complete:  # only "not sure" answers stand in the way: ask for answers
        n = len(assessment.unanswered)
        return _blocked(
            setting,
            goal,
            minutes,
            assessment,
            reasons=(
                f"The screening is not finished: {n} question{'s are' if n != 1 else ' is'} "
                "still answered 'not sure'.",
            ),
            instead=(
                "Answer every screening question Yes or No. The planner only plans from a "
                "finished screening, and a warning sign you cannot rule out means no massage "
                "until a clinician has checked.",
            ),
        )
    return None


def plan_session(
    setting: Setting | str,
    minutes: int,
    goal: Goal | str,
    assessment: Assessment,
    *,
    library: TechniqueLibrary | None = None,
) -> SessionPlan:
    """Plan a calf massage: ordered, timed steps for both legs, or the reasons there is no plan.

    ``setting`` and ``goal`` take ids or plain names ("partner" or "with a partner"; "recovery" or
    "recovery after a run"); unknown names raise ValueError with a suggestion. ``assessment`` is
    the result of :func:`calflib.screening.assess` and is required.
    """
    if not isinstance(assessment, Assessment):
        raise TypeError(
            "plan_session needs a screening result: pass calflib.screening.assess(answers) "
            f"(got {type(assessment).__name__}). The planner never makes a plan without one."
        )
    chosen, aim, length = Setting.parse(setting), Goal.parse(goal), _check_minutes(minutes)
    blocked = _screening_block(chosen, aim, length, assessment)
    if blocked is not None:
        return blocked
    library = library or load_techniques()
    guide = library.settings[chosen]
    modify = assessment.level == Level.MODIFY
    ids = dict.fromkeys(r.finding.id for r in assessment.reasons if r.level == Level.MODIFY)
    active = [library.adaptations[f] for f in ids if modify and f in library.adaptations]
    avoided = {t for a in active for t in a.avoid_techniques}
    allowed = {t.id for t in library.used_in(chosen)}
    if not {"effleurage", guide.main_technique or "effleurage"} <= allowed:
        raise ContentError(
            "techniques.toml", "the planner needs effleurage in every setting", entry=chosen.value
        )
    if guide.main_technique in avoided:
        main = library.technique(guide.main_technique or "")
        labels = {r.finding.id: r.finding.label for r in assessment.reasons}
        return _blocked(
            chosen,
            aim,
            length,
            assessment,
            reasons=(
                f"This setting is built on the {main.name.lower()}, which your screening answers "
                "rule out.",
                *(f"{labels[a.finding]}: {a.cue}" for a in active if main.id in a.avoid_techniques),
            ),
            instead=(
                "Use your hands instead: choose 'on your own' or 'with a partner' for a light "
                "massage.",
            ),
            adaptations=assessment.adaptations,
            sources=tuple(dict.fromkeys(k for a in active for k in a.sources)),
        )
    cap = Pressure.LIGHT if modify else Pressure.FIRM
    steps = list(_steps(library, guide, aim, length * 30, avoided, cap, active))
    goal_info = library.goals[aim]
    notes = [goal_info.summary]
    sources = [*goal_info.sources]
    if modify:
        notes.append(
            "Light pressure only, throughout: your screening says 'go ahead, with changes'."
        )
    if guide.long_after and length > guide.long_after:
        notes.append(guide.long_note)
        sources += guide.sources
    return SessionPlan(
        setting=chosen,
        goal=aim,
        minutes=length,
        level=assessment.level,
        steps=tuple(steps),
        adaptations=assessment.adaptations if modify else (),
        avoid_areas=tuple(a.avoid_area for a in active if a.avoid_area),
        left_out=tuple(library.technique(t).name for t in sorted(avoided & allowed)),
        notes=tuple(notes),
        sources=tuple(dict.fromkeys([*sources, *(k for a in active for k in a.sources)])),
    )


def _steps(
    library: TechniqueLibrary,
    guide: SettingGuide,
    goal: Goal,
    budget: int,
    avoided: set[str],
    cap: Pressure,
    active: Sequence[Adaptation],
) -> Iterator[Step]:
    start = number = 0
    for leg in LEGS:
        for i, slot in enumerate(_routine(guide, goal, budget, avoided, cap)):
            opening = ""
            if i == 0 and leg == "right":
                opening = f"{guide.start_cue} Start with the right calf. ".lstrip()
            elif i == 0:
                opening = "Now the left calf. "
            phase = slot.phase
            name = library.technique(phase.technique).name if phase else "Rest"
            number += 1
            yield Step(
                number=number,
                technique=phase.technique if phase else None,
                name=name,
                leg=leg,
                region=slot.region,
                pressure=phase.pressure if phase else None,
                seconds=slot.seconds,
                start=start,
                cue=_cue(library, guide, goal, slot, opening, active),
            )
            start += slot.seconds


def format_plan(plan: SessionPlan) -> str:
    """The plan as plain text, one line per step with its cue (or the reasons it is blocked)."""
    head = f"{plan.setting.label.capitalize()}, {plan.minutes} minutes, {plan.goal.label}"
    if plan.blocked:
        lines = [f"No plan ({head}; screening: {plan.level.name})."]
        lines += [f"Why: {r}" for r in plan.reasons]
        lines += [f"Instead: {i}" for i in plan.instead]
        return "\n".join(lines)
    lines = [f"Plan: {head} (screening: {plan.level.name})."]
    for s in plan.steps:
        pressure = f", {s.pressure.key}" if s.pressure else ""
        lines.append(
            f"{s.number:2d}. {clock(s.start)}-{clock(s.end)} {s.leg} calf: {s.name}{pressure}, "
            f"{s.region} ({say_duration(s.seconds)})"
        )
        lines.append(f"    Say: {s.cue}")
    lines += [f"Change: {a}" for a in plan.adaptations]
    return "\n".join(lines)
