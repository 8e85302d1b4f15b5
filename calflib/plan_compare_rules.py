"""The rules of the plan comparison, one function each (see :mod:`calflib.plan_compare`).

Each function returns the differences one rule finds between a learner's plan and the planner's
plan for the same choices, with the reason for each; :func:`calflib.plan_compare.compare_plans`
runs them in order, safety first.
"""

from __future__ import annotations

from collections.abc import Sequence

from calflib.learner_plan import REST, Difference, LearnerPlan, LearnerStep
from calflib.model import Level
from calflib.planner import MAX_MINUTES, MIN_MINUTES, SessionPlan
from calflib.planner_text import say_duration
from calflib.screening import Assessment
from calflib.techniques import Pressure, TechniqueLibrary

__all__ = [
    "blocked_difference",
    "bookends",
    "calves",
    "minutes",
    "missing",
    "order",
    "pressures",
    "sets",
    "techniques",
    "timing",
]


def blocked_difference(plan: SessionPlan, library: TechniqueLibrary) -> Difference:
    if plan.scope == "setting":
        name = library.settings[plan.setting].name.lower()
        return Difference(
            "setting",
            f"No massage plan {name} is right for this screening.",
            " ".join([*plan.reasons, *plan.instead]),
            sources=plan.sources,
        )
    return Difference(
        "blocked",
        "No massage plan is right for this screening: not yours, not the planner's.",
        " ".join([*plan.reasons, *plan.instead]),
        sources=plan.sources,
    )


def calves(learner: LearnerPlan, plan: SessionPlan) -> list[Difference]:
    if plan.level == Level.WAIT and learner.both_calves:
        return [
            Difference(
                "one_calf",
                "You planned both calves; the planner plans the uninjured calf only.",
                "Your screening says wait: a fresh injury needs a few days of protection, so no "
                "massage on the injured calf yet.",
            )
        ]
    return []


def minutes(learner: LearnerPlan, plan: SessionPlan) -> list[Difference]:
    total = learner.seconds_per_calf * learner.calves
    if total < MIN_MINUTES * 60 or total > MAX_MINUTES * 60:
        return [
            Difference(
                "minutes",
                f"Your session lasts {say_duration(total)}.",
                f"The planner plans sessions of {MIN_MINUTES} to {MAX_MINUTES} minutes: shorter "
                "leaves no time to warm up and ease off; longer adds little.",
            )
        ]
    if total > plan.minutes * 60 + 30:
        short = [n for n in plan.notes if n.startswith("Shortened")]
        if short:
            return [
                Difference(
                    "minutes",
                    f"Your session lasts {say_duration(total)}; the planner's lasts "
                    f"{plan.minutes} minutes.",
                    short[0],
                )
            ]
    return []


def _ids_by_name(library: TechniqueLibrary, names: Sequence[str]) -> set[str]:
    wanted = set(names)
    return {t.id for t in library.techniques.values() if t.name in wanted}


def _why_left_out(
    technique: str, assessment: Assessment, library: TechniqueLibrary
) -> tuple[str, tuple[str, ...]]:
    """Which screening answers leave a technique out, with their cues and sources."""
    labels = {r.finding.id: r.finding.label for r in assessment.reasons if r.level == Level.MODIFY}
    found = [
        (f"{labels[fid]}: {a.cue}", a.sources)
        for fid, a in library.adaptations.items()
        if fid in labels and technique in a.avoid_techniques
    ]
    words = " ".join(dict.fromkeys(w for w, _ in found)) or "Your screening's changes leave it out."
    return words, tuple(dict.fromkeys(k for _, keys in found for k in keys))


def techniques(
    learner: LearnerPlan, plan: SessionPlan, assessment: Assessment, library: TechniqueLibrary
) -> list[Difference]:
    allowed = {t.id for t in library.used_in(learner.setting)}
    left_out = _ids_by_name(library, plan.left_out)
    found = []
    setting_name = library.settings[learner.setting].name.lower()
    for number, step in enumerate(learner.steps, start=1):
        if step.technique == REST:
            continue
        name = library.technique(step.technique).name
        if step.technique not in allowed:
            used = ", ".join(t.name.lower() for t in library.used_in(learner.setting))
            found.append(
                Difference(
                    "not_in_setting",
                    f"Step {number}: {name} is not part of a session {setting_name}.",
                    f"This setting uses {used}.",
                    number,
                )
            )
        elif step.technique in left_out:
            why, keys = _why_left_out(step.technique, assessment, library)
            found.append(
                Difference(
                    "left_out",
                    f"Step {number}: {name} should not be there for your screening outcome.",
                    f"The planner leaves it out and uses light stroking instead. {why}",
                    number,
                    keys,
                )
            )
    return found


def _is_light_stroking(step: LearnerStep) -> bool:
    return step.technique == "effleurage" and step.pressure == Pressure.LIGHT


def bookends(learner: LearnerPlan) -> list[Difference]:
    found = []
    first, last = learner.steps[0], learner.steps[-1]
    if not _is_light_stroking(first):
        found.append(
            Difference(
                "warm_up",
                "Your plan does not start with a warm-up of light stroking (effleurage).",
                "Light strokes first spread the oil, warm the skin and let you feel how sore the "
                "calf is; going deeper only after a warm-up is a convention of massage teaching, "
                "not a tested rule [S36a, S36b].",
                1,
                ("S36a", "S36b"),
            )
        )
    if len(learner.steps) > 1 and not _is_light_stroking(last):
        found.append(
            Difference(
                "ease",
                "Your plan does not end with light stroking.",
                "By convention a massage finishes as it started, with slow, light strokes [S36a].",
                len(learner.steps),
                ("S36a",),
            )
        )
    return found


def pressures(
    learner: LearnerPlan, plan: SessionPlan, library: TechniqueLibrary
) -> list[Difference]:
    found = []
    capped = plan.level > Level.CLEAR
    previous: Pressure | None = None
    for number, step in enumerate(learner.steps, start=1):
        if step.pressure is None or step.technique == REST:
            continue
        technique = library.technique(step.technique)
        key = step.pressure.key
        if capped and step.pressure > Pressure.LIGHT:
            found.append(
                Difference(
                    "pressure",
                    f"Step {number}: {key} pressure; the planner keeps every step light.",
                    "Your screening says 'go ahead, with changes' (or 'wait'): light pressure "
                    "only, throughout.",
                    number,
                )
            )
        elif step.pressure == Pressure.FIRM:
            found.append(
                Difference(
                    "pressure",
                    f"Step {number}: firm pressure; the planner never asks for firm.",
                    "Moderate is plenty: deeper is not better, and pain is not a sign that it is "
                    "working [S27].",
                    number,
                    ("S27",),
                )
            )
        elif step.pressure not in technique.pressure:
            done_at = ", ".join(p.key for p in technique.pressure)
            found.append(
                Difference(
                    "pressure",
                    f"Step {number}: {technique.name} at {key} pressure.",
                    f"{technique.name} is done at {done_at} pressure: {technique.pressure_note}",
                    number,
                )
            )
        if previous is not None and abs(step.pressure - previous) > 1:
            found.append(
                Difference(
                    "pressure_jump",
                    f"Step {number}: pressure jumps from {previous.key} to {key}.",
                    "Pressure changes one level at a time, building up and easing off gradually, "
                    "a convention of massage teaching [S36b].",
                    number,
                    ("S36b",),
                )
            )
        previous = step.pressure
    return found


def _planner_order(plan: SessionPlan) -> list[str]:
    first_leg = plan.steps[0].leg if plan.steps else ""
    return list(
        dict.fromkeys(s.technique for s in plan.steps if s.technique and s.leg == first_leg)
    )


def order(learner: LearnerPlan, plan: SessionPlan, library: TechniqueLibrary) -> list[Difference]:
    order = _planner_order(plan)
    rank = {t: i for i, t in enumerate(order) if t != "effleurage"}  # effleurage opens and closes
    seen: list[tuple[int, str]] = []
    for number, step in enumerate(learner.steps, start=1):
        if step.technique not in rank:
            continue
        later = [t for _, t in seen if rank[t] > rank[step.technique]]
        if later:
            name, other = library.technique(step.technique).name, library.technique(later[0]).name
            return [
                Difference(
                    "order",
                    f"Step {number}: you do {other} before {name}; the planner does {name} first.",
                    "The planner's order for this setting and goal: "
                    + ", then ".join(library.technique(t).name.lower() for t in order)
                    + ". Deeper or brisker work comes after the warm-up and kneading; hacking, "
                    "by convention, briefly towards the end [S36b, S36c].",
                    number,
                    ("S36b", "S36c"),
                )
            ]
        seen.append((number, step.technique))
    return []


def sets(learner: LearnerPlan, library: TechniqueLibrary) -> list[Difference]:
    main = library.settings[learner.setting].main_technique
    if main is None:
        return []
    name = library.technique(main).name
    return [
        Difference(
            "sets",
            f"Step {number}: {say_duration(step.seconds)} of {name.lower()} in one go.",
            "Work in sets of 30 to 60 seconds with short rests between them; calf studies used "
            "3 sets of 30 seconds with 10-second rests [S25], or 3 sets of 60 seconds [S26].",
            number,
            ("S25", "S26"),
        )
        for number, step in enumerate(learner.steps, start=1)
        if step.technique == main and step.seconds > 60
    ]


def timing(learner: LearnerPlan, plan: SessionPlan, library: TechniqueLibrary) -> list[Difference]:
    first_leg = plan.steps[0].leg
    theirs: dict[str, int] = {}
    for s in plan.steps:
        if s.technique and s.leg == first_leg:
            theirs[s.technique] = theirs.get(s.technique, 0) + s.seconds
    mine: dict[str, int] = {}
    for step in learner.steps:
        mine[step.technique] = mine.get(step.technique, 0) + step.seconds
    found = []
    for technique, planned in theirs.items():
        got = mine.get(technique, 0)
        if got and abs(got - planned) > max(30, planned // 2):
            name = library.technique(technique).name
            found.append(
                Difference(
                    "timing",
                    f"{name}: {say_duration(got)} per calf in your plan, {say_duration(planned)} "
                    "in the planner's.",
                    f"The planner shares the {plan.minutes} minutes by the routine for this goal "
                    f"({library.goals[learner.goal].name.lower()}): warm-up, main strokes and "
                    "easing off each get their part.",
                )
            )
    return found


def missing(learner: LearnerPlan, plan: SessionPlan, library: TechniqueLibrary) -> list[Difference]:
    mine = {s.technique for s in learner.steps}
    return [
        Difference(
            "missing",
            f"The planner also uses {library.technique(t).name.lower()}; your plan does not.",
            "Fine to leave out: the planner's routine for this goal includes it, but it is not "
            "a safety matter.",
        )
        for t in _planner_order(plan)
        if t not in mine and t != "effleurage"
    ]
