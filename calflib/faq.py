""" "Why do calf massages hurt?": from what a learner feels to the likely reasons (chapter 06).

Content comes from ``calflib/content/faq.toml`` (checked: errors name the file, the entry and the
field, with "did you mean" hints). :func:`likely_reasons` is the pure core of the picker widget;
:func:`calflib.faq_cards.pain_card` writes the card it shows.

The safety rule lives here, not in the widget: a red flag anywhere among the ticked feelings makes
the answer lead with "No massage", whatever else is ticked, and the advice of milder reasons is
then held back, so the picker never reassures anyone who has a warning sign.

The picker agrees with the screening questionnaire (chapter 02). Each feeling names the findings
of ``findings.toml`` that a person who feels only that would answer "yes" to, and
:mod:`calflib.faq_screening` says, in one place, which questionnaire verdicts each concern stands
for, and checks every feeling, and every pair of feelings, against
:func:`calflib.screening.assess`: the picker must be neither less cautious nor needlessly more
cautious than the questionnaire for the same person.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._schema import EntryReader, entries, known_tables
from calflib.errors import ContentError, ProblemCollector, did_you_mean
from calflib.loader import builtin_content, builtin_folder, read_toml
from calflib.model import Content, Finding, Source

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "FAQ_FILE",
    "NO_MASSAGE",
    "SCREENING_CHAPTER",
    "Concern",
    "ConcernInfo",
    "Feeling",
    "FeelingGroup",
    "LikelyReason",
    "PainAnswer",
    "PainGuide",
    "Reason",
    "likely_reasons",
    "load_pain_guide",
    "pain_guide",
]

FAQ_FILE = "faq.toml"
#: Every red-flag answer starts with these words.
NO_MASSAGE = "No massage"
#: The chapter a red flag sends the learner to.
SCREENING_CHAPTER = "02_when_not_to_massage"


class Concern(IntEnum):
    """How worrying a reason for pain is, from "common and harmless" to "call for help now"."""

    EVERYDAY = 0
    EASE_OFF = 1
    SEE_CLINICIAN = 2
    GET_CHECKED = 3
    EMERGENCY = 4

    @property
    def key(self) -> str:
        """The name used in faq.toml, e.g. ``"get_checked"``."""
        return self.name.lower()

    @property
    def red_flag(self) -> bool:
        """True for reasons that rule massage out until a clinician has checked (like REFER)."""
        return self >= Concern.SEE_CLINICIAN


@dataclass(frozen=True)
class ConcernInfo:
    """How a concern is shown: an icon, its words, and one line of advice."""

    concern: Concern
    icon: str
    title: str
    advice: str


@dataclass(frozen=True)
class Reason:
    """A likely reason for calf pain, what to do about it, and its sources."""

    id: str
    title: str
    concern: Concern
    why: str
    what_to_do: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FeelingGroup:
    """A heading over related feelings."""

    id: str
    title: str


@dataclass(frozen=True)
class Feeling:
    """Something a learner can tick, the reasons it may point to, and the screening findings a
    person who feels only this would answer "yes" to (with the days since an injury, for a timed
    finding such as a strain)."""

    id: str
    group: str
    label: str
    help: str
    reasons: tuple[str, ...]
    sources: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    days_since_injury: int | None = None


@dataclass(frozen=True)
class PainGuide:
    """The picker's content: concerns, reasons, and feelings in their groups."""

    concerns: Mapping[Concern, ConcernInfo]
    reasons: Mapping[str, Reason]
    groups: tuple[FeelingGroup, ...]
    feelings: Mapping[str, Feeling]

    def in_group(self, group_id: str) -> tuple[Feeling, ...]:
        """The feelings under one heading, in file order."""
        return tuple(f for f in self.feelings.values() if f.group == group_id)


@dataclass(frozen=True)
class LikelyReason:
    """One reason in an answer, with the ticked feelings that point to it."""

    reason: Reason
    because: tuple[Feeling, ...]


@dataclass(frozen=True)
class PainAnswer:
    """The picker's answer: likely reasons, most serious first, and what to do first."""

    picked: tuple[Feeling, ...]
    reasons: tuple[LikelyReason, ...]
    concern: Concern | None
    headline: str
    advice: str

    @property
    def no_massage(self) -> bool:
        """True when a red flag was ticked: the answer leads with "No massage"."""
        return self.concern is not None and self.concern.red_flag

    @property
    def sources(self) -> tuple[str, ...]:
        """Source keys of every reason shown, in order."""
        return tuple(dict.fromkeys(k for lr in self.reasons for k in lr.reason.sources))


# --- Loading -------------------------------------------------------------------------------------

_CONCERN_KEYS = tuple(c.key for c in sorted(Concern, reverse=True))


def _concerns(doc: Mapping[str, object], file: str) -> dict[Concern, ConcernInfo]:
    result: dict[Concern, ConcernInfo] = {}
    for i, data in enumerate(entries(file, doc, "concern")):
        r = EntryReader(file, "concern", data, i)
        concern = Concern[r.choice("id", _CONCERN_KEYS).upper()]
        if concern in result:
            raise r.error("id", f"concern '{concern.key}' is defined twice")
        info = ConcernInfo(concern, r.text("icon"), r.text("title"), r.text("advice"))
        if concern.red_flag and not info.title.startswith(NO_MASSAGE):
            raise r.error(
                "title",
                f"a red-flag concern's title must start with '{NO_MASSAGE}', so the answer leads "
                "with it",
            )
        r.finish()
        result[concern] = info
    missing = [c.key for c in Concern if c not in result]
    if missing:
        raise ContentError(file, f"no [[concern]] entry for {', '.join(missing)}")
    return result


def _reason(r: EntryReader, sources: Mapping[str, Source]) -> Reason:
    reason = Reason(
        id=r.identifier(),
        title=r.text("title"),
        concern=Concern[r.choice("concern", _CONCERN_KEYS).upper()],
        why=r.text("why"),
        what_to_do=r.text("what_to_do"),
        sources=r.source_keys(sources),
    )
    r.finish()
    return reason


def _feeling(
    r: EntryReader,
    groups: list[str],
    reasons: Mapping[str, Reason],
    sources: Mapping[str, Source],
    findings: Mapping[str, Finding],
) -> Feeling:
    ident = r.identifier()
    group = r.text("group")
    r.check_refs("group", [group], groups, "group")
    refs = r.refs("reasons", reasons, "reason")
    found = r.refs("findings", findings, "finding", required=False)
    days = None
    if "days_since_injury" in r.data:
        days = r.integer("days_since_injury", minimum=0)
        timed = [fid for fid, f in findings.items() if f.timing is not None]
        if not set(found) & set(timed):
            raise r.error(
                "days_since_injury",
                f"only a feeling whose findings include a timed finding ({', '.join(timed)}) "
                "can give the days since the injury",
            )
    feeling = Feeling(
        id=ident,
        group=group,
        label=r.text("label"),
        help=r.text("help", ""),
        reasons=refs,
        sources=r.source_keys(sources, required=False),
        findings=found,
        days_since_injury=days,
    )
    r.finish()
    return feeling


def _unique(r: EntryReader, ident: str, taken: Mapping[str, object], kind: str) -> None:
    if ident in taken:
        raise r.error("id", f"{kind} '{ident}' is used twice; ids must be unique")


def load_pain_guide(
    folder: Traversable | Path | None = None, *, content: Content | None = None
) -> PainGuide:
    """Load ``faq.toml`` from ``folder`` (default: built-in) and check every entry.

    Every broken entry is reported (ContentProblems when there are several).
    """
    root: Traversable | Path = folder if folder is not None else builtin_folder()
    content = content or builtin_content()
    sources = content.sources
    doc = read_toml(root, FAQ_FILE)
    file = FAQ_FILE
    known_tables(file, doc, ("concern", "reason", "group", "feeling"))
    concerns = _concerns(doc, file)
    collector = ProblemCollector()
    reasons: dict[str, Reason] = {}
    for i, data in enumerate(entries(file, doc, "reason")):
        r = EntryReader(file, "reason", data, i)
        try:
            reason = _reason(r, sources)
            _unique(r, reason.id, reasons, "reason")
            reasons[reason.id] = reason
        except ContentError as exc:
            collector.add(exc)
    groups: list[FeelingGroup] = []
    for i, data in enumerate(entries(file, doc, "group")):
        r = EntryReader(file, "group", data, i)
        try:
            group = FeelingGroup(id=r.identifier(), title=r.text("title"))
            _unique(r, group.id, {g.id: g for g in groups}, "group")
            r.finish()
            groups.append(group)
        except ContentError as exc:
            collector.add(exc)
    feelings: dict[str, Feeling] = {}
    for i, data in enumerate(entries(file, doc, "feeling")):
        r = EntryReader(file, "feeling", data, i)
        try:
            feeling = _feeling(r, [g.id for g in groups], reasons, sources, content.findings)
            _unique(r, feeling.id, feelings, "feeling")
            feelings[feeling.id] = feeling
        except ContentError as exc:
            collector.add(exc)
    unused = [rid for rid in reasons if not any(rid in f.reasons for f in feelings.values())]
    if unused and not collector.problems:
        collector.add(ContentError(file, f"reasons no feeling points to: {', '.join(unused)}"))
    collector.check()
    return PainGuide(concerns=concerns, reasons=reasons, groups=tuple(groups), feelings=feelings)


@functools.cache
def pain_guide() -> PainGuide:
    """The built-in picker content, loaded once per process."""
    return load_pain_guide()


# --- The picker's answer --------------------------------------------------------------------------


def likely_reasons(picked: Iterable[str], guide: PainGuide | None = None) -> PainAnswer:
    """The likely reasons for the ticked feelings (ids), most serious first.

    Reasons of equal concern keep their file order. A red flag anywhere makes the headline the
    red-flag concern's title, which always starts with "No massage". Unknown ids raise ValueError
    with a "did you mean" hint.
    """
    guide = guide or pain_guide()
    ids = list(dict.fromkeys(picked))
    for ident in ids:
        if ident not in guide.feelings:
            hint = did_you_mean(ident, guide.feelings)
            raise ValueError(f"unknown feeling {ident!r}{hint}")
    feelings = tuple(guide.feelings[i] for i in ids)
    order = {rid: n for n, rid in enumerate(guide.reasons)}
    found = sorted(
        {rid for f in feelings for rid in f.reasons},
        key=lambda rid: (-guide.reasons[rid].concern, order[rid]),
    )
    reasons = tuple(
        LikelyReason(guide.reasons[rid], tuple(f for f in feelings if rid in f.reasons))
        for rid in found
    )
    if not reasons:
        return PainAnswer(
            (),
            (),
            None,
            "Nothing ticked yet",
            "Tick everything that matches what you feel; the likely reasons appear here.",
        )
    top = guide.concerns[reasons[0].reason.concern]
    return PainAnswer(feelings, reasons, top.concern, top.title, top.advice)
