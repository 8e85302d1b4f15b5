"""The card of the "Why does it hurt?" picker (chapter 06): likely reasons, most serious first.

A pure function over :mod:`calflib.faq`. With a red flag the card leads with "No massage" and
holds back the advice of milder reasons, so nothing in it reads as reassurance. It names the
questions of the chapter 02 questionnaire that the ticked feelings answer "yes", so a learner can
see the two agree. Every content string is escaped.
"""

from __future__ import annotations

from html import escape

from calflib.card_kit import DISCLAIMER, LINK_STYLE, SMALL_TEXT, card, sources_list
from calflib.faq import (
    SCREENING_CHAPTER,
    Concern,
    ConcernInfo,
    LikelyReason,
    PainAnswer,
    PainGuide,
    pain_guide,
)
from calflib.icons import icon
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.palette import THEME

__all__ = ["pain_card", "pain_summary"]

_ACCENT = {
    Concern.EMERGENCY: THEME["error_strong"],
    Concern.GET_CHECKED: THEME["error"],
    Concern.SEE_CLINICIAN: THEME["warn_strong"],
    Concern.EASE_OFF: THEME["warn"],
    Concern.EVERYDAY: THEME["success"],
}
_LINK = (
    f'<a href="{SCREENING_CHAPTER}.ipynb" style="{LINK_STYLE}">chapter 02, When not to massage</a>'
)


def _badge(info: ConcernInfo) -> str:
    return f"{icon(info.icon)} <strong>{escape(info.title)}</strong>"


def _reason_item(item: LikelyReason, guide: PainGuide) -> str:
    reason = item.reason
    ticked = "; ".join(f.label for f in item.because)
    return (
        f'<li class="calf-pain-reason calf-concern-{reason.concern.key}" '
        'style="margin-bottom:0.5em">'
        f"<strong>{escape(reason.title)}</strong><br>"
        f'<span style="{SMALL_TEXT}">{_badge(guide.concerns[reason.concern])}</span><br>'
        f"<em>Why:</em> {escape(reason.why)}<br>"
        f"<em>What to do:</em> {escape(reason.what_to_do)}<br>"
        f'<span style="{SMALL_TEXT}">Because you ticked: {escape(ticked)} '
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
    content = content or builtin_content()
    if answer.concern is None:
        body = (
            f"<div><strong>{escape(answer.headline)}</strong></div><p>{escape(answer.advice)}</p>"
            f"<p>Safety first: before any massage, go through the warning signs in {_LINK}.</p>"
        )
        return _box(THEME["border"], body, "calf-concern-none")
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
    parts.append(_questionnaire_line(answer, content))
    keys = (k for lr in shown for k in lr.reason.sources)
    parts.append(sources_list(keys, content))
    parts.append(f'<p style="{SMALL_TEXT}">{escape(DISCLAIMER)}</p>')
    return _box(_ACCENT[answer.concern], "".join(parts), f"calf-concern-{answer.concern.key}")


def pain_summary(answer: PainAnswer, guide: PainGuide | None = None) -> str:
    """The picker's one line on the current answer: shown at the top and read out under the
    group just ticked in. With a red flag it carries what to do now (call for help, get a check
    today), since the card of reasons is shown, not read out."""
    guide = guide or pain_guide()
    if answer.concern is None:
        return "<div>Nothing ticked yet.</div>"
    info = guide.concerns[answer.concern]
    n = len(answer.picked)
    todo = f" {escape(answer.advice)}" if answer.no_massage else ""
    return (
        f"<div>Current answer: {icon(info.icon)} <strong>{escape(info.title)}</strong>.{todo} "
        f"({n} ticked; the reasons are under Likely reasons.)</div>"
    )


def _questionnaire_line(answer: PainAnswer, content: Content) -> str:
    """The questionnaire questions the ticked feelings stand for, in questionnaire order."""
    ticked = {fid for feeling in answer.picked for fid in feeling.findings}
    labels = [f.label for fid, f in content.findings.items() if fid in ticked]
    if not labels:
        return ""
    return (
        f'<p class="calf-pain-findings" style="{SMALL_TEXT}">In the questionnaire in {_LINK}, '
        f"what you ticked means answering yes to: {escape('; '.join(labels))}.</p>"
    )


def _box(accent: str, body: str, css_class: str) -> str:
    # Shown, not read out: the picker says the current answer in a live line right under the
    # group just ticked in (reading this whole card at every tick would drown it).
    return card(body, f"calf-pain-answer {css_class}", accent, live=False)
