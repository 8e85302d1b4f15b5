""" "Why do calf massages hurt?": from what a learner feels to the likely reasons (chapter 06).

Content comes from ``calflib/content/faq.toml`` (checked: errors name the file, the entry and the
field, with "did you mean" hints). :func:`likely_reasons` is the pure core of the picker widget and
:func:`pain_card` writes the card it shows.

The safety rule lives here, not in the widget: a red flag anywhere among the ticked feelings makes
the answer lead with "No massage", whatever else is ticked, and the advice of milder reasons is
then held back, so the picker never reassures anyone who has a warning sign.

The module is longer than most because the model, its loader, the answer and the card are one
topic that changes together (as in :mod:`calflib.benefits`); the sections are marked below.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from html import escape
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from calflib._schema import EntryReader, entries
from calflib.cards import DISCLAIMER, sources_list
from calflib.errors import ContentError, ProblemCollector, did_you_mean
from calflib.loader import default_content, read_toml
from calflib.model import Content, Source

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
    "pain_card",
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
        """True for reasons that rule massage out until a clinician has checked."""
        return self >= Concern.GET_CHECKED


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
    """Something a learner can tick, and the reasons it may point to."""

    id: str
    group: str
    label: str
    help: str
    reasons: tuple[str, ...]
    sources: tuple[str, ...] = ()


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


def _source_keys(
    r: EntryReader, sources: Mapping[str, Source], *, required: bool
) -> tuple[str, ...]:
    keys = r.text_list("sources", required=required)
    for key in keys:
        if key not in sources:
            raise r.error("sources", f"unknown source key '{key}'{did_you_mean(key, sources)}")
    return keys


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
        sources=_source_keys(r, sources, required=True),
    )
    r.finish()
    return reason


def _feeling(
    r: EntryReader, groups: list[str], reasons: Mapping[str, Reason], sources: Mapping[str, Source]
) -> Feeling:
    ident = r.identifier()
    group = r.text("group")
    if group not in groups:
        raise r.error("group", f"unknown group '{group}'{did_you_mean(group, groups)}")
    refs = r.text_list("reasons")
    for ref in refs:
        if ref not in reasons:
            raise r.error("reasons", f"unknown reason '{ref}'{did_you_mean(ref, reasons)}")
    feeling = Feeling(
        id=ident,
        group=group,
        label=r.text("label"),
        help=r.text("help", ""),
        reasons=refs,
        sources=_source_keys(r, sources, required=False),
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
    root: Traversable | Path = folder if folder is not None else resources.files("calflib.content")
    sources = (content or default_content()).sources
    doc = read_toml(root, FAQ_FILE)
    file = FAQ_FILE
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
            feeling = _feeling(r, [g.id for g in groups], reasons, sources)
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


# --- The card -------------------------------------------------------------------------------------

_ACCENT = {
    Concern.EMERGENCY: "var(--jp-error-color0, #b71c1c)",
    Concern.GET_CHECKED: "var(--jp-error-color1, #d32f2f)",
    Concern.SEE_CLINICIAN: "var(--jp-warn-color0, #e65100)",
    Concern.EASE_OFF: "var(--jp-warn-color1, #f57c00)",
    Concern.EVERYDAY: "var(--jp-success-color1, #388e3c)",
}
_BOX = (
    "border:1px solid var(--jp-border-color1, #bdbdbd);border-left:6px solid {accent};"
    "border-radius:4px;padding:0.6em 0.9em;margin:0.4em 0;"
    "color:var(--jp-ui-font-color1, inherit);background:var(--jp-layout-color1, transparent);"
    "font-size:var(--jp-content-font-size1, 14px);line-height:1.5"
)
_SMALL = "font-size:0.9em;color:var(--jp-ui-font-color2, inherit)"
_LINK = (
    f'<a href="{SCREENING_CHAPTER}.ipynb" style="color:var(--jp-content-link-color, #1976d2)">'
    "chapter 02, When not to massage</a>"
)


def _badge(info: ConcernInfo) -> str:
    return (
        f'<span aria-hidden="true">{escape(info.icon)}</span> <strong>{escape(info.title)}</strong>'
    )


def _reason_item(item: LikelyReason, guide: PainGuide) -> str:
    reason = item.reason
    ticked = "; ".join(f.label for f in item.because)
    return (
        f'<li class="calf-pain-reason calf-concern-{reason.concern.key}" '
        'style="margin-bottom:0.5em">'
        f"<strong>{escape(reason.title)}</strong><br>"
        f'<span style="{_SMALL}">{_badge(guide.concerns[reason.concern])}</span><br>'
        f"<em>Why:</em> {escape(reason.why)}<br>"
        f"<em>What to do:</em> {escape(reason.what_to_do)}<br>"
        f'<span style="{_SMALL}">Because you ticked: {escape(ticked)} '
        f"[{escape(', '.join(reason.sources))}]</span></li>"
    )


def pain_card(
    answer: PainAnswer, guide: PainGuide | None = None, content: Content | None = None
) -> str:
    """The picker's card: the headline in words and icon, then the reasons, most serious first.

    With a red flag, milder reasons are listed by name only, without their advice, so nothing in
    the card reads as reassurance. Every content string is escaped.
    """
    guide = guide or pain_guide()
    content = content or default_content()
    if answer.concern is None:
        body = (
            f"<div><strong>{escape(answer.headline)}</strong></div><p>{escape(answer.advice)}</p>"
            f"<p>Safety first: before any massage, go through the warning signs in {_LINK}.</p>"
        )
        return _box("var(--jp-border-color1, #bdbdbd)", body, "calf-concern-none")
    info = guide.concerns[answer.concern]
    parts = [
        f'<div style="font-size:1.15em">{_badge(info)}</div>',
        f"<p>{escape(answer.advice)}</p>",
    ]
    if answer.no_massage:
        parts.append(
            f"<p><strong>Safety first:</strong> these warning signs, and what to do about them, "
            f"are explained in {_LINK}, with its screening questionnaire.</p>"
        )
        shown = [lr for lr in answer.reasons if lr.reason.concern.red_flag]
        held = [lr for lr in answer.reasons if not lr.reason.concern.red_flag]
    else:
        parts.append(
            f"<p>Safety first: before any massage, go through the warning signs in {_LINK}.</p>"
        )
        shown, held = list(answer.reasons), []
    n = len(shown)
    parts.append(
        f"<p><strong>{'Likely reason' if n == 1 else f'{n} likely reasons, most serious first'}"
        f":</strong></p><ol>{''.join(_reason_item(lr, guide) for lr in shown)}</ol>"
    )
    if held:
        names = "".join(f"<li>{escape(lr.reason.title)}</li>" for lr in held)
        parts.append(
            "<p><strong>Other possible reasons</strong>, which only matter once the warning "
            f"signs above have been checked (until then, no massage):</p><ul>{names}</ul>"
        )
    keys = (k for lr in shown for k in lr.reason.sources)
    parts.append(sources_list(keys, content))
    parts.append(f'<p style="{_SMALL}">{escape(DISCLAIMER)}</p>')
    return _box(_ACCENT[answer.concern], "".join(parts), f"calf-concern-{answer.concern.key}")


def _box(accent: str, body: str, css_class: str) -> str:
    style = _BOX.format(accent=accent)
    return (
        f'<div class="calf-card calf-pain-answer {css_class}" role="status" aria-live="polite" '
        f'style="{style}">{body}</div>'
    )
