"""The screening engine: from a person's answers to a graded, explained verdict on calf massage.

:func:`assess` is a pure function. Its safety rules, each pinned by tests:

* "Not sure" (an id left out of the answers) is never treated as "no": an unanswered finding counts
  as that finding, capped at REFER, so a go-ahead (CLEAR) needs every warning-sign question answered
  "no", and not knowing about a clot sign means getting it checked.
* Any red flag present gives REFER or EMERGENCY, whatever else is true.
* Adding a present finding never lowers the level (no finding makes another less serious); a
  combination in the content (findings more serious together, such as a fresh strain while on
  blood thinners) can only raise it: it counts when one of its findings is "yes" and none is "no"
  (a "not sure" among them gives its "not sure" reason, capped at REFER), a timed one only while it
  is fresh, so more days never raise the level.
* Bad input raises ``TypeError`` or ``ValueError`` naming what was wrong and how to fix it.

This is education, not diagnosis; the workbook says so wherever the verdict is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from calflib.errors import did_you_mean
from calflib.loader import builtin_content
from calflib.model import Content, Finding, Level

__all__ = [
    "ANSWER_CHOICES",
    "Assessment",
    "Reason",
    "answers_from_choices",
    "answers_with",
    "assess",
    "check_choice",
    "check_days_since_injury",
]

#: The three answers the questionnaire offers, in the order it shows them.
ANSWER_CHOICES = ("Yes", "No", "Not sure")

_NOT_SURE_ACTION = (
    "You answered 'not sure', so this counts as a possible problem until someone qualified "
    "has checked."
)


#: Added when an urgent sign is among the "not sure" answers that decide: a sign that needs help
#: the same day when present needs a check the same day when it cannot be ruled out. Worded as a
#: rule, not an alarm, since a form just begun has every answer "not sure".
_SAME_DAY = (
    "; for the urgent ones (the 'Right now' questions, a possible clot, infection, serious injury "
    "or pregnancy problem), that check is needed the same day"
)


@dataclass(frozen=True)
class Reason:
    """Why the verdict is what it is: one finding, how it was answered, and what follows."""

    finding: Finding
    level: Level
    sure: bool
    why: str
    action: str
    adaptations: tuple[str, ...] = ()
    recheck_in_days: int | None = None

    @property
    def urgent(self) -> bool:
        """True when this reason needs help the same day (a possible clot, infection, fracture).

        Only a "yes" is urgent (and gets the level's urgent advice). "Not sure" to such a sign
        still rules massage out and asks for a medical check the same day: the finding's
        ``if_unsure`` says how, and the advice states the rule.
        """
        return self.sure and self.finding.urgent and self.level >= Level.REFER

    @property
    def sources(self) -> tuple[str, ...]:
        """Bibliography keys behind this reason."""
        return self.finding.sources


@dataclass(frozen=True)
class Assessment:
    """The verdict: a level, the reasons for it, one line of advice, and whether it is complete."""

    level: Level
    reasons: tuple[Reason, ...]
    advice: str
    complete: bool
    unanswered: tuple[str, ...]
    recheck_in_days: int | None = None

    @property
    def urgent(self) -> bool:
        """True when the deciding reasons need help the same day."""
        return any(r.urgent for r in self.reasons if r.level == self.level)

    @property
    def adaptations(self) -> tuple[str, ...]:
        """The changes to make when massage goes ahead with changes (MODIFY), without repeats."""
        seen: dict[str, None] = {}
        for reason in self.reasons:
            if reason.level == Level.MODIFY:
                seen.update(dict.fromkeys(reason.adaptations))
        return tuple(seen)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every bibliography key behind the reasons, in order of first use."""
        return tuple(dict.fromkeys(key for r in self.reasons for key in r.sources))


def check_days_since_injury(days: object) -> int | None:
    """Validate a days-since-injury value: None, or a whole number of days from 0 upwards."""
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(
            "days_since_injury must be a whole number of days (full 24-hour periods since the "
            f"injury: 0 = less than 24 hours ago) or None, got {type(days).__name__} {days!r}"
        )
    if days < 0:
        raise ValueError(
            f"days_since_injury cannot be negative (got {days}); 0 means less than 24 hours ago"
        )
    return days


def _check_answers(answers: object, content: Content) -> Mapping[str, bool]:
    if not isinstance(answers, Mapping):
        raise TypeError(
            f"answers must be a mapping of finding id to True/False, got {type(answers).__name__}"
        )
    for fid, value in answers.items():
        if not isinstance(fid, str) or fid not in content.findings:
            hint = did_you_mean(fid, content.findings) if isinstance(fid, str) else ""
            raise ValueError(f"unknown finding id {fid!r}{hint}")
        if not isinstance(value, bool):
            raise TypeError(
                f"answer for '{fid}' must be True (present) or False (absent), got "
                f"{type(value).__name__} {value!r}; leave the id out to mean 'not sure'"
            )
    return answers


def _present_reason(finding: Finding, days: int | None) -> Reason:
    timing = finding.timing
    if timing is None:
        return Reason(
            finding, finding.level, True, finding.why, finding.action, finding.adaptations
        )
    if days is None:
        action = f"{finding.action} Choose how long ago it happened to see how long to wait."
        return Reason(finding, Level.WAIT, True, finding.why, action)
    if days < timing.wait_until_day:
        left = timing.wait_until_day - days
        action = f"{finding.action} Check again in {left} day{'s' if left != 1 else ''}."
        return Reason(finding, Level.WAIT, True, finding.why, action, recheck_in_days=left)
    return Reason(
        finding, timing.then_level, True, finding.why, timing.then_action, timing.then_adaptations
    )


def _fresh(finding: Finding, answer: bool | None, days: int | None) -> bool | None:
    """How a finding counts for a combination: True (yes), None (not sure) or False (no, or a
    timed finding such as a strain that is past its wait)."""
    if answer is False:
        return False
    timing = finding.timing
    if answer is True and timing is not None and days is not None:
        return days < timing.wait_until_day
    return answer


def _unsure_reason(finding: Finding) -> Reason | None:
    if finding.level == Level.CLEAR:
        return None
    action = finding.if_unsure or _NOT_SURE_ACTION
    return Reason(
        finding, min(finding.level, Level.REFER), False, finding.why, action, finding.adaptations
    )


def _recheck(reasons: tuple[Reason, ...], level: Level) -> int | None:
    """Days until a WAIT verdict can be re-checked: the longest wait, or None when unknown."""
    if level != Level.WAIT:
        return None
    days = [r.recheck_in_days for r in reasons if r.level == Level.WAIT]
    known = [d for d in days if d is not None]
    return max(known) if known and len(known) == len(days) else None


def _advice(content: Content, level: Level, reasons: tuple[Reason, ...], unsure: int) -> str:
    info = content.levels[level]
    deciding = [r for r in reasons if r.level == level]
    if deciding and not any(r.sure for r in deciding):
        # Only "not sure" answers decide: ask for answers rather than alarm anyone.
        plural = "s are" if unsure != 1 else " is"
        urgent = any(r.finding.urgent for r in deciding)
        if level < Level.REFER:
            next_step = deciding[0].action
        elif unsure == 1 and urgent:
            next_step = (
                "Answer it; if you cannot rule this sign out, it needs a clinician's check today, "
                "before any massage."
            )
            if deciding[0].finding.level == Level.EMERGENCY:
                next_step += " If you have it right now, call your emergency number."
        else:
            next_step = (
                f"Answer {'it' if unsure == 1 else 'them'}. Any warning sign you cannot rule out "
                f"needs a clinician's check before any massage{_SAME_DAY if urgent else ''}."
            )
        return f"No go-ahead yet: {unsure} answer{plural} 'not sure'. {next_step}"
    text = (
        info.advice_urgent
        if info.advice_urgent and any(r.urgent for r in deciding)
        else info.advice
    )
    if level == Level.WAIT:
        if any(r.sure and r.recheck_in_days is None for r in deciding):
            text += " Choose how long ago the injury happened to see how long to wait."
        elif (left := _recheck(reasons, level)) is not None:
            text += f" Check again in {left} day{'s' if left != 1 else ''}."
    if unsure and level < Level.EMERGENCY:
        text += f" ({unsure} answer{'s are' if unsure != 1 else ' is'} still 'not sure'.)"
    return text


def assess(
    answers: Mapping[str, bool],
    days_since_injury: int | None = None,
    *,
    content: Content | None = None,
) -> Assessment:
    """Grade whether calf massage is advisable from yes/no answers to the screening questions.

    ``answers`` maps finding ids to True (present) or False (absent); an id left out is "not sure".
    ``days_since_injury`` counts full 24-hour periods since the injury (0 = less than 24 hours ago,
    3 = at least 72 hours), so a rule such as "72 hours" is exact whatever the time of day; it
    applies to a timed finding such as ``recent_strain`` and may only be given when such a finding
    is answered True.

    ``content`` defaults to the built-in content: teachers' packs add stories and questions but
    never findings or rules, so the screening never depends on a pack (nor breaks with one).
    """
    content = content or builtin_content()
    checked = _check_answers(answers, content)
    days = check_days_since_injury(days_since_injury)
    if days is not None and not any(
        checked.get(fid) is True for fid, f in content.findings.items() if f.timing is not None
    ):
        timed = [fid for fid, f in content.findings.items() if f.timing is not None]
        raise ValueError(
            f"days_since_injury was given but none of {', '.join(timed)} is answered True; "
            "answer the injury question 'yes' or leave the days out"
        )
    reasons: list[Reason] = []
    unanswered: list[str] = []
    for fid, finding in content.findings.items():
        answer = checked.get(fid)
        if answer is True:
            reasons.append(_present_reason(finding, days))
        elif answer is None:
            unanswered.append(fid)
            unsure = _unsure_reason(finding)
            if unsure is not None:
                reasons.append(unsure)
    for combination in content.combinations:  # findings more serious together than alone
        states = [_fresh(content.findings[fid], checked.get(fid), days) for fid in combination.when]
        if all(s is not False for s in states) and any(s is True for s in states):
            joint, sure = combination.finding, all(s is True for s in states)
            action = joint.action if sure else joint.if_unsure or _NOT_SURE_ACTION
            level = joint.level if sure else min(joint.level, Level.REFER)
            reasons.append(Reason(joint, level, sure, joint.why, action))
    # Most serious first; ties keep questionnaire order (sorted() is stable).
    ordered = tuple(sorted(reasons, key=lambda r: -r.level))
    level = ordered[0].level if ordered else Level.CLEAR
    return Assessment(
        level=level,
        reasons=ordered,
        advice=_advice(content, level, ordered, len(unanswered)),
        complete=not unanswered,
        unanswered=tuple(unanswered),
        recheck_in_days=_recheck(ordered, level),
    )


def check_choice(key: object, choice: object, what: str = "") -> str:
    """A questionnaire choice ("Yes" / "No" / "Not sure"), or ValueError naming the answer."""
    if choice not in ANSWER_CHOICES:
        named = f"{what} '{key}'" if what else f"'{key}'"
        raise ValueError(
            f"answer for {named} must be one of {', '.join(ANSWER_CHOICES)}, got {choice!r}"
        )
    return str(choice)


def answers_from_choices(choices: Mapping[str, str]) -> dict[str, bool]:
    """Turn questionnaire choices ("Yes" / "No" / "Not sure") into answers for :func:`assess`."""
    result: dict[str, bool] = {}
    for fid, choice in choices.items():
        if check_choice(fid, choice) != "Not sure":
            result[fid] = choice == "Yes"
    return result


def answers_with(*present: str, content: Content | None = None) -> dict[str, bool]:
    """Answers for :func:`assess` with the named findings "yes" and every other finding "no".

    ``assess(answers_with())`` is an all-clear; ``assess(answers_with("pregnancy"))`` a pregnancy
    and nothing else. An unknown id raises ValueError with a did-you-mean.
    """
    content = content or builtin_content()
    for fid in present:
        if fid not in content.findings:
            raise ValueError(f"unknown finding id {fid!r}{did_you_mean(fid, content.findings)}")
    return {fid: fid in present for fid in content.finding_ids}
