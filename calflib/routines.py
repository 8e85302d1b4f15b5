"""The session planner's routines: the model of ``content/routines.toml``.

A hands-on routine is a list of :class:`Phase` per setting and goal; the tool settings work in
sets with rests. :mod:`calflib.routine_loader` reads and checks the file
(:func:`~calflib.routine_loader.load_routines`) and :mod:`calflib.planner_routines` times a leg's
routine to the second. The limits here are the planner's timing rules that the content must fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from calflib.techniques import Goal, Pressure, Setting

__all__ = [
    "OPTIONAL_FROM",
    "REST_SECONDS",
    "ROLES",
    "SET_SECONDS",
    "SHORTEST_LEG",
    "SHORTEST_PHASE",
    "WHOLE",
    "Phase",
    "RoutineTable",
]

#: The roles a phase can have: the warm-up opens a routine, the easing-off closes it.
ROLES = ("warm-up", "main", "ease")
#: Seconds per leg (a 5-minute session) from which optional phases join in.
OPTIONAL_FROM = 150
#: Seconds per leg in the shortest session (3 minutes).
SHORTEST_LEG = 90
#: The fewest seconds a phase gets.
SHORTEST_PHASE = 15
#: Shortest and longest set of a tool setting, and of a rest between sets (seconds).
SET_SECONDS, REST_SECONDS = (30, 60), (10, 30)
#: The region id of the whole calf, which every routine relies on.
WHOLE = "whole"


@dataclass(frozen=True)
class Phase:
    """A part of a leg's routine: a technique at a pressure, and its share (weight) of the time."""

    technique: str
    pressure: Pressure
    weight: float
    role: str = "main"  # one of ROLES
    regions: tuple[str, ...] = ()  # the regions' words; () for the whole calf
    optional: bool = False


@dataclass(frozen=True)
class RoutineTable:
    """Everything in ``routines.toml``, checked against the technique library."""

    regions: Mapping[str, str]
    routines: Mapping[tuple[Setting, Goal], tuple[Phase, ...]]
    set_seconds: Mapping[Goal, int]
    rest_seconds: Mapping[Goal, int]
    set_regions: tuple[str, ...]
    rest_region: str
    rest_cue: str
    tempo: Mapping[Goal, str]
    role_cues: Mapping[str, str]

    @property
    def whole(self) -> str:
        """The words for the whole calf (the region of warm-ups, easing-off and light stroking)."""
        return self.regions[WHOLE]

    def routine(self, setting: Setting, goal: Goal) -> tuple[Phase, ...]:
        """The phases of a hands-on setting's routine for a goal."""
        return self.routines[(setting, goal)]
