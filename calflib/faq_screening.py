"""The "Why does it hurt?" picker held to the screening questionnaire (chapters 06 and 02).

The rules, each pinned by ``tests/test_faq_screening.py``:

* A ticked feeling stands for the screening findings it names in ``faq.toml``: a person who feels
  only that answers "yes" to those findings and "no" to every other question.
* Each of the picker's concerns stands for the questionnaire verdicts listed in
  :data:`SCREENING_MATCH` (the one place this is decided), and a more serious concern never
  stands for a milder verdict.
* For the feelings ticked, the questionnaire's verdict (:func:`screening_verdict`) and the picker's
  leading concern (:func:`calflib.faq.likely_reasons`) must agree (:func:`agrees`): the picker is
  never less cautious than the questionnaire (no "usually harmless" where it asks for changes, no
  "go ahead" where it says no massage, no ordinary appointment where it says today) and never
  needlessly more cautious (no "No massage" where it gives a go-ahead).
* :func:`disagreements` checks every feeling on its own and every pair of feelings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from calflib.faq import Concern, PainGuide, likely_reasons, pain_guide
from calflib.loader import builtin_content
from calflib.model import Content, Level
from calflib.screening import Assessment, answers_with, assess

__all__ = [
    "SCREENING_MATCH",
    "Disagreement",
    "agrees",
    "disagreements",
    "screening_answers",
    "screening_verdict",
]

#: The questionnaire verdicts each concern stands for: the screening levels, and whether the
#: verdict must be urgent (True), must not be (False) or may be either (None).
#:
#: * emergency: EMERGENCY. Call for help now.
#: * get_checked: an urgent REFER (a possible clot, infection, severe injury or pre-eclampsia): no
#:   massage, and a medical check today.
#: * see_clinician: a REFER that is not urgent (a lump, swelling that stays, poor circulation, a
#:   healing fracture, a fever): no massage on that leg until a clinician has checked and agrees,
#:   with an ordinary appointment. Like REFER, it is a red flag.
#: * ease_off: WAIT or MODIFY: massage with a change (lighter, around a spot or a vein, or not yet
#:   on a fresh strain). It also stands for CLEAR, because some of its reasons are about the
#:   massage itself (too much pressure, a sensitive spot), which the questionnaire does not screen:
#:   a person with no finding at all is still told to go gently and stop if pain sharpens.
#: * everyday: CLEAR only. The picker never calls anything "usually harmless" where the
#:   questionnaire asks for changes.
SCREENING_MATCH: Mapping[Concern, tuple[frozenset[Level], bool | None]] = {
    Concern.EMERGENCY: (frozenset({Level.EMERGENCY}), None),
    Concern.GET_CHECKED: (frozenset({Level.REFER}), True),
    Concern.SEE_CLINICIAN: (frozenset({Level.REFER}), False),
    Concern.EASE_OFF: (frozenset({Level.WAIT, Level.MODIFY, Level.CLEAR}), None),
    Concern.EVERYDAY: (frozenset({Level.CLEAR}), None),
}


def agrees(concern: Concern, level: Level, urgent: bool) -> bool:
    """True when a questionnaire verdict (its level, and whether it is urgent) makes the same
    decision about massage as the picker's concern: as cautious, and no more."""
    levels, needs_urgent = SCREENING_MATCH[concern]
    return level in levels and (needs_urgent is None or urgent == needs_urgent)


def screening_answers(
    picked: Iterable[str], guide: PainGuide | None = None, content: Content | None = None
) -> tuple[dict[str, bool], int | None]:
    """The questionnaire answers of someone who feels exactly the ticked feelings (ids).

    Returns a "yes" or "no" for every finding, and the days since an injury: the fewest any
    ticked feeling gives for a timed finding, or None (ask for the day) when one of them gives none.
    """
    guide = guide or pain_guide()
    content = content or builtin_content()
    feelings = likely_reasons(picked, guide).picked  # refuses unknown ids, with a hint
    present = {fid for f in feelings for fid in f.findings}
    answers = answers_with(*present, content=content)
    timed = [
        f.days_since_injury
        for f in feelings
        if any(content.findings[fid].timing is not None for fid in f.findings)
    ]
    days = None if not timed or None in timed else min(d for d in timed if d is not None)
    return answers, days


def screening_verdict(
    picked: Iterable[str], guide: PainGuide | None = None, content: Content | None = None
) -> Assessment:
    """What the questionnaire says for someone who feels exactly the ticked feelings."""
    content = content or builtin_content()
    answers, days = screening_answers(picked, guide, content)
    return assess(answers, days, content=content)


@dataclass(frozen=True)
class Disagreement:
    """Ticked feelings for which the picker and the questionnaire give different advice."""

    picked: tuple[str, ...]
    concern: Concern
    verdict: Assessment

    @property
    def fitting(self) -> tuple[Concern, ...]:
        """The concerns that would agree with the questionnaire's verdict."""
        level, urgent = self.verdict.level, self.verdict.urgent
        return tuple(c for c in Concern if agrees(c, level, urgent))

    @property
    def more_cautious(self) -> bool:
        """True when the picker is more cautious than the questionnaire, False when less."""
        return all(self.concern > c for c in self.fitting)

    def __str__(self) -> str:
        urgency = "an urgent " if self.verdict.urgent else ""
        findings = [r.finding.id for r in self.verdict.reasons] or ["no finding"]
        return (
            f"faq.toml: feeling{'s' if len(self.picked) > 1 else ''} {', '.join(self.picked)}: "
            f"the picker leads with '{self.concern.key}', but the questionnaire gives "
            f"{urgency}{self.verdict.level.key.upper()} for {', '.join(findings)}, which fits "
            f"{' or '.join(repr(c.key) for c in self.fitting)} (the picker is "
            f"{'more' if self.more_cautious else 'less'} cautious); change the feeling's "
            "findings or reasons, or the reason's concern"
        )


def disagreements(
    guide: PainGuide | None = None, content: Content | None = None
) -> list[Disagreement]:
    """Every feeling, and every pair of feelings, where picker and questionnaire disagree."""
    guide = guide or pain_guide()
    content = content or builtin_content()
    ids = list(guide.feelings)
    found = []
    for picked in itertools.chain(((i,) for i in ids), itertools.combinations(ids, 2)):
        concern = likely_reasons(picked, guide).concern
        verdict = screening_verdict(picked, guide, content)
        if concern is None or not agrees(concern, verdict.level, verdict.urgent):
            found.append(Disagreement(picked, concern or Concern.EVERYDAY, verdict))
    return found
