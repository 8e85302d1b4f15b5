"""The plan comparison's "extra technique" rule: a stroke you added that the planner lacks.

Rule 12 of :mod:`calflib.plan_compare`. A step whose technique the setting uses and the screening
allows, but which the planner's routine for this setting and goal does not have at all (e.g. five
minutes of hacking with a partner for recovery after a run), is a difference. Its reason says
where the planner does use the technique (or that no routine of the planner does), why the routine
for this goal is as it is (the goal's own summary from ``techniques.toml``), and how long the
technique is usually done. All the words come from content, with their source keys.

Techniques the setting does not use, or the screening leaves out, are other rules' differences
(``not_in_setting``, ``left_out``), so they are not named twice. Tool settings (roller, massage
gun) have no hands-on routine: their strokes are the setting's own, so nothing is "extra" there.
"""

from __future__ import annotations

import re

from calflib.learner_plan import REST, Difference, LearnerPlan
from calflib.planner import SessionPlan
from calflib.routine_loader import load_routines
from calflib.routines import RoutineTable
from calflib.techniques import TechniqueLibrary

__all__ = ["extra_techniques"]

_CITED = re.compile(r"\[([A-Za-z0-9, ]+)\]")


def _cited(text: str) -> tuple[str, ...]:
    keys = (k.strip() for group in _CITED.findall(text) for k in group.split(","))
    return tuple(dict.fromkeys(k for k in keys if k))


def _where_used(technique: str, table: RoutineTable, library: TechniqueLibrary) -> str:
    name = library.technique(technique).name
    places = [
        f"{library.goals[goal].name.lower()} ({library.settings[setting].name.lower()})"
        for (setting, goal), phases in table.routines.items()
        if any(p.technique == technique for p in phases)
    ]
    if not places:
        return f"No routine of the planner uses {name.lower()}."
    return f"The planner uses {name.lower()} only in its routine for " + "; ".join(places) + "."


def extra_techniques(
    learner: LearnerPlan,
    plan: SessionPlan,
    library: TechniqueLibrary,
    routines: RoutineTable | None = None,
) -> list[Difference]:
    """Steps with a technique the planner's routine for this setting and goal does not have."""
    table = routines or load_routines()
    phases = table.routines.get((learner.setting, learner.goal))
    if plan.blocked or phases is None:
        return []
    in_routine = {p.technique for p in phases}
    allowed = {t.id for t in library.used_in(learner.setting)}
    left_out = {t.id for t in library.techniques.values() if t.name in set(plan.left_out)}
    goal = library.goals[learner.goal]
    setting = library.settings[learner.setting].name.lower()
    routine_names = ", ".join(
        dict.fromkeys(library.technique(p.technique).name.lower() for p in phases)
    )
    found = []
    named: set[str] = set()
    for number, step in enumerate(learner.steps, start=1):
        technique = step.technique
        if technique in (REST, *in_routine, *left_out, *named) or technique not in allowed:
            continue
        named.add(technique)
        about = library.technique(technique)
        why = (
            f"The planner's routine for {goal.name.lower()} ({setting}) uses {routine_names}. "
            f"{_where_used(technique, table, library)} Why this goal's routine is as it is: "
            f"{goal.summary} How long {about.name.lower()} is usually done: {about.duration}"
        )
        found.append(
            Difference(
                "extra",
                f"Step {number}: {about.name} is not in the planner's routine for "
                f"{goal.name.lower()} ({setting}).",
                why,
                number,
                _cited(why),
            )
        )
    return found
