"""A learner's own session plan (chapter 05): one calf's steps, in order, before any planner.

The model :mod:`calflib.plan_compare` compares with the planner's plan; the rules that find the
differences are in :mod:`calflib.plan_compare_rules`.
"""

from __future__ import annotations

from dataclasses import dataclass

from calflib.techniques import Goal, Pressure, Setting

__all__ = ["REST", "Difference", "LearnerPlan", "LearnerStep"]

#: What the learner's steps may hold besides technique ids: a rest between sets.
REST = "rest"


@dataclass(frozen=True)
class LearnerStep:
    """One step of the learner's plan for one calf: a technique (or ``"rest"``), pressure, time."""

    technique: str
    pressure: Pressure | None
    seconds: int


@dataclass(frozen=True)
class LearnerPlan:
    """The learner's own plan: a setting, a goal, one calf's steps in order, and which calves."""

    setting: Setting
    goal: Goal
    steps: tuple[LearnerStep, ...]
    both_calves: bool = True

    @property
    def calves(self) -> int:
        """How many calves the plan covers (2 or 1)."""
        return 2 if self.both_calves else 1

    @property
    def seconds_per_calf(self) -> int:
        """The steps' seconds added up (one calf)."""
        return sum(s.seconds for s in self.steps)


@dataclass(frozen=True)
class Difference:
    """One way the learner's plan differs from the planner's: what, where and why."""

    kind: str
    says: str
    why: str
    step: int | None = None  # the learner's step number (1-based), if it is about one step
    sources: tuple[str, ...] = ()
