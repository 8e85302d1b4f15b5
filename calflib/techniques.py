"""Massage techniques and the settings they are used in: the model of ``content/techniques.toml``.

Everything a learner reads about a technique (how, pressure, direction, duration, cautions and
sources) and everything the session planner needs (pressure levels, goals, read-aloud cues and the
adaptations for a "modify" screening) is data in the content file. :mod:`calflib.technique_loader`
reads and checks it (:func:`~calflib.technique_loader.load_techniques`),
:mod:`calflib.technique_diagrams` draws a technique's strokes and :mod:`calflib.technique_cards`
writes the cards the explorer shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import TypeVar

from calflib._geometry import Point
from calflib.errors import did_you_mean

__all__ = [
    "CONTACTS",
    "Adaptation",
    "Goal",
    "GoalInfo",
    "HowTo",
    "Pressure",
    "PressureInfo",
    "Setting",
    "SettingChange",
    "SettingGuide",
    "Stroke",
    "Technique",
    "TechniqueLibrary",
]

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


#: What touches the calf, for the diagram's hand picture (a closed set; see ``[technique.howto]``).
CONTACTS = (
    "flat_hands",
    "grip",
    "skin_fold",
    "hand_edges",
    "thumb_tip",
    "cupped_hands",
    "roller",
    "massage_gun",
)


@dataclass(frozen=True)
class HowTo:
    """How a technique is done: what touches the calf, the rhythm, and where both people are."""

    contact: str  # one of CONTACTS
    hands: str
    rhythm: str
    giver: str
    receiver: str
    towards_heart: bool = False


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
    howto: HowTo | None = None


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
    light_position: str = ""
    light_start_cue: str = ""
    light_rest_cue: str = ""
    light_cues: tuple[tuple[str, str], ...] = ()

    def cue_for(self, technique: Technique, *, light: bool = False) -> str:
        """The read-aloud cue for a technique in this setting (its own cue when none is set);
        ``light`` uses the setting's light-pressure cue where it has one."""
        if light and technique.id in dict(self.light_cues):
            return dict(self.light_cues)[technique.id]
        return dict(self.cues).get(technique.id, technique.cue)


@dataclass(frozen=True)
class SettingChange:
    """How one adaptation changes one setting: a new position and opening words, or a block."""

    setting: Setting
    position: str = ""
    start_cue: str = ""
    blocked: str = ""


@dataclass(frozen=True)
class Adaptation:
    """What the planner changes for one finding at the "modify" level."""

    finding: str
    cue: str
    sources: tuple[str, ...]
    avoid_area: str = ""
    avoid_techniques: tuple[str, ...] = ()
    settings: tuple[SettingChange, ...] = ()
    max_minutes: int = 0  # 0: no limit of its own
    whole_calf_only: bool = False  # no step aimed at one part of the calf (e.g. a healing strain)

    def change_for(self, setting: Setting) -> SettingChange | None:
        """What this adaptation changes in ``setting`` (None: nothing beyond its techniques)."""
        return next((c for c in self.settings if c.setting == setting), None)


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
