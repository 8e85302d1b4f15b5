"""Your plan against the planner's: every difference, and the reason for it (chapter 05).

A learner plans one calf's routine first (setting, goal, strokes in order, a pressure and minutes
for each), then :func:`compare_plans` sets it against :func:`calflib.planner.plan_session` for the
same setting, goal and screening. The rules, each pinned by a test (``tests/test_plan_compare.py``):

1. **Blocked screening.** When the screening allows no massage (emergency, refer, a warning sign
   still "not sure", or a wait without a known injured calf), no massage plan is right: the
   comparison has one difference, ``blocked``, with the planner's reasons and what to do instead,
   and nothing else of the learner's plan is judged. No plan is shown for it.
2. **Blocked setting.** When the screening rules the chosen setting out, the difference says so
   and names the settings still possible; the strokes are not judged further.
3. **Wait.** The whole session is for the uninjured calf: a plan for both calves is a difference.
4. **Not in this setting.** A technique the setting does not use (e.g. hacking on your own).
5. **Left out for this screening.** A technique the screening's changes leave out (e.g. hacking
   with blood thinners) should not be there at all; the difference quotes the change's cue.
6. **Warm-up.** The first step is light effleurage (stroking); **ease-off**: so is the last.
7. **Pressure.** At "go ahead, with changes" or "wait" every step is light; otherwise the planner
   never asks for firm. A technique at a pressure it is not done at, and a jump of more than one
   level between two steps, are differences too.
8. **Order.** Techniques the planner also uses come in the planner's order.
9. **Sets.** With a roller or a massage gun, one set lasts at most 60 seconds, with rests between.
10. **Minutes.** The session (your minutes per calf times the calves) must be 3 to 45 minutes, and
    no longer than the screening allows; a technique's time per calf that differs from the
    planner's by more than half and more than 30 seconds is a difference.
11. **Missing.** A technique the planner uses and you left out is named (leaving out an optional
    stroke is fine; it is not a safety matter).
12. **Extra.** A technique you added that the setting uses and the screening allows, but that the
    planner's routine for this setting and goal does not have (e.g. hacking with a partner for
    recovery), is named once, with where the planner does use it, why this goal's routine is as it
    is, and how long the technique is usually done (:mod:`calflib.plan_compare_extra`).

The comparison only reads the planner's plan; the planner stays the one source of safety rules.
The learner's plan is modelled in :mod:`calflib.learner_plan`, each rule is one function in
:mod:`calflib.plan_compare_rules`, and :mod:`calflib.plan_compare_cards` writes the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from calflib import plan_compare_rules as rules
from calflib.learner_plan import REST, Difference, LearnerPlan, LearnerStep
from calflib.plan_compare_extra import extra_techniques
from calflib.planner import MAX_MINUTES, MIN_MINUTES, SessionPlan, plan_session
from calflib.screening import Assessment
from calflib.technique_loader import load_techniques
from calflib.techniques import TechniqueLibrary

__all__ = ["REST", "Comparison", "Difference", "LearnerPlan", "LearnerStep", "compare_plans"]


@dataclass(frozen=True)
class Comparison:
    """The learner's plan, the planner's plan for the same choices, and the differences."""

    learner: LearnerPlan
    plan: SessionPlan
    differences: tuple[Difference, ...]

    @property
    def blocked(self) -> bool:
        """True when no massage plan is right for this screening (or this setting)."""
        return self.plan.blocked

    @property
    def matches(self) -> bool:
        """True when no rule found a difference."""
        return not self.differences


def _planner_minutes(learner: LearnerPlan) -> int:
    total = round(learner.seconds_per_calf * learner.calves / 60)
    return min(max(total, MIN_MINUTES), MAX_MINUTES)


def compare_plans(
    learner: LearnerPlan, assessment: Assessment, *, library: TechniqueLibrary | None = None
) -> Comparison:
    """Compare the learner's plan with the planner's for the same setting, goal and screening."""
    library = library or load_techniques()
    for step in learner.steps:
        if step.technique != REST:
            library.technique(step.technique)  # an unknown id: ValueError with a suggestion
        if step.seconds <= 0:
            raise ValueError(f"every step needs some time, got {step.seconds} seconds")
    plan = plan_session(
        learner.setting, _planner_minutes(learner), learner.goal, assessment, library=library
    )
    if plan.blocked:
        return Comparison(learner, plan, (rules.blocked_difference(plan, library),))
    found = [*rules.calves(learner, plan), *rules.minutes(learner, plan)]
    if not learner.steps:
        found.append(Difference("empty", "Your plan has no steps yet.", "Add at least a warm-up."))
        return Comparison(learner, plan, tuple(found))
    found += rules.techniques(learner, plan, assessment, library)  # safety first, then convention
    found += rules.pressures(learner, plan, library)
    found += rules.bookends(learner)
    found += rules.order(learner, plan, library)
    found += rules.sets(learner, library)
    found += rules.timing(learner, plan, library)
    found += rules.missing(learner, plan, library)
    found += extra_techniques(learner, plan, library)
    return Comparison(learner, plan, tuple(found))
