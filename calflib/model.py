"""The content model: frozen dataclasses for everything the workbook teaches from data files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from calflib.errors import did_you_mean

__all__ = [
    "SOURCE_KINDS",
    "Combination",
    "Content",
    "Finding",
    "FindingGroup",
    "Level",
    "LevelInfo",
    "Scenario",
    "Source",
    "Timing",
    "WellsItem",
    "WellsRules",
]


class Level(IntEnum):
    """How far a screening result is from "go ahead", ordered from safest to most urgent."""

    CLEAR = 0
    MODIFY = 1
    WAIT = 2
    REFER = 3
    EMERGENCY = 4

    @property
    def key(self) -> str:
        """The lower-case name used in content files, e.g. ``"refer"``."""
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str) -> Level:
        """Parse a content-file name such as ``"wait"`` (case-insensitive)."""
        try:
            return cls[key.strip().upper()]
        except KeyError:
            keys = [level.key for level in cls]
            raise ValueError(
                f"unknown level {key!r}; expected one of {', '.join(keys)}"
                f"{did_you_mean(key.strip().lower(), keys)}"
            ) from None


#: What each kind of source is, in the words a learner sees beside it. The order goes from the
#: strongest kind of evidence to the weakest; a teacher adding a kind adds it here (the loader only
#: accepts these). "business" and "commentary" exist so that a spa's or clinic's own page is never
#: passed off as professional education, and a web critique of a study never as a paper.
SOURCE_KINDS: Mapping[str, str] = {
    "guideline": "guideline or NHS text",
    "paper": "peer-reviewed study",
    "trade": "professional-education text",
    "commentary": "web commentary on a study",
    "business": "business web page",
    "web": "popular web page",
}


@dataclass(frozen=True)
class Source:
    """One bibliography entry; ``key`` matches the team fact sheet (S1, S3, S10, ...)."""

    key: str
    kind: str
    title: str
    url: str = ""
    note: str = ""

    @property
    def kind_label(self) -> str:
        """What the source is, in a learner's words, e.g. "business web page"."""
        return SOURCE_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class LevelInfo:
    """How a screening level is shown and explained to a learner."""

    level: Level
    icon: str
    title: str
    meaning: str
    advice: str
    advice_urgent: str = ""


@dataclass(frozen=True)
class FindingGroup:
    """A heading that groups related questions in the questionnaire."""

    id: str
    title: str
    intro: str
    lead_in: str = ""


@dataclass(frozen=True)
class Timing:
    """Time rules for a finding such as a fresh strain: wait first, then a milder level."""

    wait_until_day: int
    then_level: Level
    then_action: str
    then_adaptations: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """One thing a person may have, asked as a yes/no question, with what it means for massage."""

    id: str
    group: str
    label: str
    question: str
    level: Level
    why: str
    action: str
    sources: tuple[str, ...]
    help: str = ""
    urgent: bool = False
    adaptations: tuple[str, ...] = ()
    if_unsure: str = ""
    timing: Timing | None = None

    @property
    def red_flag(self) -> bool:
        """True when this finding rules massage out and needs a clinician (REFER or worse)."""
        return self.level >= Level.REFER


@dataclass(frozen=True)
class Combination:
    """Findings that are more serious together than each alone (all answered yes).

    ``finding`` carries what the learner reads (label, why, action, sources) and the level, so a
    combination is shown like any other reason; its id is never a question's id.
    """

    when: tuple[str, ...]
    finding: Finding


@dataclass(frozen=True)
class Scenario:
    """A short vignette for the scenario trainer, with the level the engine must give it."""

    id: str
    title: str
    story: str
    present: tuple[str, ...]
    expected: Level
    teaching_point: str
    sources: tuple[str, ...]
    not_sure: tuple[str, ...] = ()
    days_since_injury: int | None = None

    def answers(self, finding_ids: tuple[str, ...]) -> dict[str, bool]:
        """The questionnaire answers this story implies: listed findings present, the rest absent.

        Findings the story leaves open (``not_sure``) are left out, i.e. unanswered.
        """
        return {fid: fid in self.present for fid in finding_ids if fid not in self.not_sure}


@dataclass(frozen=True)
class WellsItem:
    """One item of the two-level DVT Wells score (clinician education only)."""

    id: str
    label: str
    points: int
    help: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class WellsRules:
    """How a Wells score is read: the threshold and what a clinician does next."""

    likely_at: int
    likely_title: str
    likely_next_step: str
    unlikely_title: str
    unlikely_next_step: str
    caution: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    """Everything loaded and cross-checked from the content folder."""

    sources: Mapping[str, Source]
    levels: Mapping[Level, LevelInfo]
    groups: tuple[FindingGroup, ...]
    findings: Mapping[str, Finding]
    scenarios: tuple[Scenario, ...]
    wells_items: tuple[WellsItem, ...]
    wells_rules: WellsRules
    combinations: tuple[Combination, ...] = ()

    @property
    def finding_ids(self) -> tuple[str, ...]:
        """Finding ids in questionnaire order."""
        return tuple(self.findings)

    def members(self, group: str) -> tuple[Finding, ...]:
        """The findings a group asks about, in questionnaire order."""
        return tuple(f for f in self.findings.values() if f.group == group)

    @property
    def red_flags(self) -> tuple[str, ...]:
        """Ids of the findings that rule massage out (REFER or EMERGENCY)."""
        return tuple(fid for fid, f in self.findings.items() if f.red_flag)
