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

The wording (cues, goals, adaptations) is content in ``techniques.toml`` and what each leg's
routine holds is content in ``routines.toml``; the safety rules are here, the timing of each leg's
routine in :mod:`calflib.planner_routines`, and the plan in words in :mod:`calflib.planner_text`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from calflib.errors import ContentError
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

__all__ = ["MAX_MINUTES", "MIN_MINUTES", "SessionPlan", "Step", "plan_session"]

MIN_MINUTES = 3
MAX_MINUTES = 45
LEGS = ("right", "left")


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
        for i, slot in enumerate(leg_routine(guide, goal, budget, avoided, cap)):
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
                cue=step_cue(library, guide, goal, slot, opening, active),
            )
            start += slot.seconds
