"""The session planner: a timed, safe calf massage from a setting, a length, a goal and a screening.

:func:`plan_session` is a pure function. Its rules, each pinned by tests:

* It never runs without a screening: ``assessment`` must be a :class:`calflib.screening.Assessment`
  (anything else is a ``TypeError``). The gate reads the **level**: at REFER or EMERGENCY, or with
  a warning sign or an injury still answered "not sure", there is **no plan**, whatever else the
  object holds ("not sure" about a MODIFY finding is planned as "yes", with its changes): the
  result is a :class:`SessionPlan` with ``blocked=True`` and ``scope="screening"``, no steps, the
  reasons and what to do instead. (A result rather than an exception, so a widget shows the advice
  the same way it shows a plan.)
* WAIT means one thing everywhere: no massage on the injured calf yet. The plan is then for the
  other calf only (one leg, the whole time), at light pressure, and says so.
* At MODIFY (and WAIT) every step is at light pressure and the setting is done its light way
  (``[setting.light]``: the roller becomes a handheld roller, never a foam roller under body
  weight). Every MODIFY finding's adaptation is carried into the plan: techniques it leaves out
  become light stroking, its position and opening words replace the setting's (pregnancy: never
  face down), and every step's cue says what to avoid.
* An adaptation that blocks the chosen setting (or leaves out the technique the setting is built
  on) gives a plan blocked for **that setting only** (``scope="setting"``): the reasons, and the
  settings that are still possible (``still_possible``), never "do not massage".
* Each leg is done in turn: a warm-up with light effleurage first, pressure that builds one level at
  a time and eases back to light at the end. Every step's technique is one its setting uses;
  roller and device plans work in sets of 30-60 seconds with rests.
* The steps' seconds add up exactly to ``minutes * 60``; minutes is a whole number from 3 to 45.

The wording (cues, goals, adaptations) is content in ``techniques.toml`` and what each leg's
routine holds is content in ``routines.toml``; the safety rules are here, the timing of each leg's
routine in :mod:`calflib.planner_routines`, and the plan in words in :mod:`calflib.planner_text`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from calflib.errors import ContentError
from calflib.loader import builtin_content
from calflib.model import Level
from calflib.planner_routines import leg_routine, step_cue
from calflib.screening import Assessment
from calflib.technique_loader import load_techniques
from calflib.techniques import (
    Adaptation,
    Goal,
    Pressure,
    Setting,
    SettingGuide,
    TechniqueLibrary,
)

__all__ = ["MAX_MINUTES", "MIN_MINUTES", "OTHER_LEG", "SessionPlan", "Step", "plan_session"]

MIN_MINUTES = 3
MAX_MINUTES = 45
LEGS = ("right", "left")
#: The one calf a plan covers when the screening says WAIT (a fresh injury on the other calf).
OTHER_LEG = "uninjured"


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
    scope: str = ""  # for a blocked plan: "screening" (no massage now) or "setting" (not this way)
    position: str = ""
    still_possible: tuple[Setting, ...] = ()

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
    scope: str = "screening",
    still_possible: tuple[Setting, ...] = (),
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
        scope=scope,
        still_possible=still_possible,
    )


def _screening_block(
    setting: Setting, goal: Goal, minutes: int, assessment: Assessment
) -> SessionPlan | None:
    """The blocked plan for REFER or worse, or for an unfinished screening; None otherwise."""
    deciding = [r for r in assessment.reasons if r.level == assessment.level]
    if assessment.level >= Level.REFER and (any(r.sure for r in deciding) or not deciding):
        reasons = tuple(
            f"{r.finding.label} (you answered {'yes' if r.sure else 'not sure'}): {r.why}"
            for r in deciding
        ) or (f"The screening result is {assessment.level.name}: no massage for now.",)
        instead = tuple(
            dict.fromkeys([a for a in (assessment.advice, *(r.action for r in deciding)) if a])
        ) or ("See a doctor or physiotherapist before any calf massage.",)
        keys = tuple(dict.fromkeys(k for r in deciding for k in r.sources))
        return _blocked(
            setting, goal, minutes, assessment, reasons=reasons, instead=instead, sources=keys
        )
    blocking = _blocking_unsure(assessment)
    if blocking or (not assessment.complete and not assessment.unanswered):
        n = len(blocking)
        count = f"{n} question{'s are' if n != 1 else ' is'}" if n else "some questions are"
        return _blocked(
            setting,
            goal,
            minutes,
            assessment,
            reasons=(
                f"The screening is not finished: {count} about warning signs or injuries still "
                "answered 'not sure'.",
            ),
            instead=(_unsure_instead(blocking),),
        )
    if assessment.level >= Level.WAIT and not any(r.sure for r in deciding):
        return _blocked(  # a WAIT verdict with nothing to say what it is about
            setting,
            goal,
            minutes,
            assessment,
            reasons=("The screening says wait, but not which calf is injured.",),
            instead=("Answer the injury questions again, then come back to the planner.",),
        )
    return None


def _unsure_instead(blocking: Sequence[str]) -> str:
    """What to do about 'not sure' answers that block a plan: an injury that may be fresh only
    waits (a clinician is not needed for that), a warning sign needs a clinician's check."""
    findings = builtin_content().findings
    only_injury = bool(blocking) and all(
        fid in findings and findings[fid].level == Level.WAIT for fid in blocking
    )
    if only_injury:
        return (
            "Answer those questions Yes or No. A calf you may have strained in the last 72 hours "
            "is left alone until 72 hours have passed: answer Yes, and the plan is for the other "
            "calf only."
        )
    return (
        "Answer those questions Yes or No. A warning sign you cannot rule out means no "
        "massage until a clinician has checked. ('Not sure' about something that only "
        "changes how to massage is fine: the plan then makes that change.)"
    )


def _blocking_unsure(assessment: Assessment) -> tuple[str, ...]:
    """The 'not sure' answers a plan cannot be made around: any but those about a finding that
    only changes how to massage (MODIFY, whose changes the plan then makes) or nothing at all."""
    content = builtin_content()
    unsure = {r.finding.id: r for r in assessment.reasons if not r.sure}
    blocking = []
    for fid in assessment.unanswered:
        reason = unsure.get(fid)
        finding = content.findings.get(fid)
        harmless = finding is not None and finding.level == Level.CLEAR
        serious = reason.level > Level.MODIFY if reason is not None else not harmless
        if serious:
            blocking.append(fid)
    return tuple(blocking)


def _setting_blocks(
    library: TechniqueLibrary, setting: Setting, active: Sequence[Adaptation]
) -> list[tuple[Adaptation, str]]:
    """Why each adaptation rules out ``setting``: its own reason, or its main technique left out."""
    guide = library.settings[setting]
    found: list[tuple[Adaptation, str]] = []
    for a in active:
        change = a.change_for(setting)
        if change is not None and change.blocked:
            found.append((a, change.blocked))
        elif guide.main_technique in a.avoid_techniques:
            main = library.technique(guide.main_technique or "")
            found.append(
                (a, f"this setting is built on the {main.name.lower()}, which is left out here.")
            )
    return found


def _setting_block(
    library: TechniqueLibrary,
    chosen: Setting,
    goal: Goal,
    minutes: int,
    assessment: Assessment,
    active: Sequence[Adaptation],
    blocks: Sequence[tuple[Adaptation, str]],
) -> SessionPlan:
    labels = {r.finding.id: r.finding.label for r in assessment.reasons}
    possible = tuple(s for s in library.settings if not _setting_blocks(library, s, active))
    if possible:
        words = [library.settings[s].name.lower() for s in possible]
        names = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
        instead = (
            f"Massage itself is not ruled out: a light session {names} is still possible. "
            "Choose it under Setting to see the plan.",
        )
    else:
        instead = (
            "None of the settings can be made safe with these answers: ask a doctor or "
            "physiotherapist what is safe for you.",
        )
    name = library.settings[chosen].name.lower()
    return _blocked(
        chosen,
        goal,
        minutes,
        assessment,
        reasons=(
            f"No plan {name}: your screening answers rule this setting out.",
            *(f"{labels.get(a.finding, a.finding)}: {why}" for a, why in blocks),
        ),
        instead=instead,
        adaptations=assessment.adaptations,
        sources=tuple(dict.fromkeys(k for a, _ in blocks for k in a.sources)),
        scope="setting",
        still_possible=possible,
    )


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
    waiting = assessment.level == Level.WAIT
    capped = assessment.level > Level.CLEAR
    ids = dict.fromkeys(r.finding.id for r in assessment.reasons if r.level == Level.MODIFY)
    active = [library.adaptations[f] for f in ids if f in library.adaptations]
    allowed = {t.id for t in library.used_in(chosen)}
    if not {"effleurage", guide.main_technique or "effleurage"} <= allowed:
        raise ContentError(
            "techniques.toml", "the planner needs effleurage in every setting", entry=chosen.value
        )
    blocks = _setting_blocks(library, chosen, active)
    if blocks:
        return _setting_block(library, chosen, aim, length, assessment, active, blocks)
    avoided = {t for a in active for t in a.avoid_techniques}
    position, start_cue = guide.position, guide.start_cue
    if capped and guide.light_position:
        position, start_cue = guide.light_position, guide.light_start_cue or start_cue
    changes = [c for a in active if (c := a.change_for(chosen)) is not None]
    position = next((c.position for c in changes if c.position), position)
    start_cue = next((c.start_cue for c in changes if c.start_cue), start_cue)
    cap = Pressure.LIGHT if capped else Pressure.FIRM
    legs = (OTHER_LEG,) if waiting else LEGS
    goal_info = library.goals[aim]
    notes = [goal_info.summary]
    sources = [*goal_info.sources]
    limits = [a for a in active if a.max_minutes]
    longest = min((a.max_minutes for a in limits), default=length)
    if length > longest:
        labels = {r.finding.id: r.finding.label for r in assessment.reasons}
        why = "; ".join(
            labels.get(a.finding, a.finding) for a in limits if a.max_minutes == longest
        )
        notes.append(
            f"Shortened from {length} to {longest} minutes: with {why.lower()}, sessions stay "
            "short."
        )
        sources += [k for a in limits for k in a.sources]
        length = longest
    steps = list(
        _steps(library, guide, aim, length * 60 // len(legs), avoided, cap, active, legs, start_cue)
    )
    if waiting:
        notes.append(
            "One calf only: the injured calf needs a few days of protection first (see your "
            "screening), so the whole session is for the other calf, at light pressure."
        )
        sources += [k for r in assessment.reasons if r.level == Level.WAIT for k in r.sources]
    elif capped:
        notes.append(
            "Light pressure only, throughout: your screening says 'go ahead, with changes'."
        )
    unsure = [r.finding.label for r in assessment.reasons if not r.sure]
    if unsure:
        notes.append(
            "You answered 'not sure' to: " + "; ".join(unsure) + ". The plan makes their changes "
            "as if you had answered yes; answer them to get the plan that fits."
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
        adaptations=assessment.adaptations if capped else (),
        avoid_areas=tuple(a.avoid_area for a in active if a.avoid_area),
        left_out=tuple(library.technique(t).name for t in sorted(avoided & allowed)),
        notes=tuple(notes),
        sources=tuple(dict.fromkeys([*sources, *(k for a in active for k in a.sources)])),
        position=position,
    )


def _steps(
    library: TechniqueLibrary,
    guide: SettingGuide,
    goal: Goal,
    budget: int,
    avoided: set[str],
    cap: Pressure,
    active: Sequence[Adaptation],
    legs: Sequence[str],
    start_cue: str,
) -> Iterator[Step]:
    start = number = 0
    light = cap == Pressure.LIGHT
    for n, leg in enumerate(legs):
        focus = not any(a.whole_calf_only for a in active)
        for i, slot in enumerate(leg_routine(guide, goal, budget, avoided, cap, focus=focus)):
            opening = ""
            if i == 0 and leg == OTHER_LEG:
                opening = (
                    f"{start_cue} Only the uninjured calf today: leave the injured one alone. "
                ).lstrip()
            elif i == 0 and n == 0:
                opening = f"{start_cue} Start with the {leg} calf. ".lstrip()
            elif i == 0:
                opening = f"Now the {leg} calf. "
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
                cue=step_cue(library, guide, goal, slot, opening, active, light=light),
            )
            start += slot.seconds
