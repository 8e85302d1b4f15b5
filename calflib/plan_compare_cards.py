"""The comparison of chapter 05 as an HTML card: your plan, the planner's, and why they differ.

A pure function over :mod:`calflib.plan_compare`. For a blocked screening the card says that no
massage plan is right and why, and shows no plan at all. Every content string is escaped.
"""

from __future__ import annotations

from html import escape

from calflib.card_kit import (
    DISCLAIMER,
    READING_WIDTH,
    SMALL_TEXT,
    card,
    level_badge,
    sources_list,
    table,
)
from calflib.icons import icon
from calflib.model import Content
from calflib.palette import THEME
from calflib.plan_compare import REST, Comparison, Difference, LearnerPlan
from calflib.planner import SessionPlan
from calflib.planner_text import say_duration
from calflib.techniques import TechniqueLibrary

__all__ = ["comparison_card", "learner_plan_table"]


def learner_plan_table(learner: LearnerPlan, library: TechniqueLibrary) -> str:
    """The learner's steps for one calf as an accessible table."""
    rows = [
        (
            str(n),
            escape("Rest" if s.technique == REST else library.technique(s.technique).name),
            escape(s.pressure.key if s.pressure and s.technique != REST else "none (rest)"),
            escape(say_duration(s.seconds)),
        )
        for n, s in enumerate(learner.steps, start=1)
    ]
    calves = "both calves, one after the other" if learner.both_calves else "one calf only"
    total = say_duration(learner.seconds_per_calf * learner.calves)
    return table(
        f"Your plan, for each calf ({calves}; {total} in all)",
        ("Step", "Technique", "Pressure", "How long"),
        rows,
    )


def _planner_table(plan: SessionPlan) -> str:
    first_leg = plan.steps[0].leg
    rows = [
        (
            str(s.number),
            escape(s.name),
            escape(s.pressure.key if s.pressure else "none (rest)"),
            escape(s.region),
            escape(say_duration(s.seconds)),
        )
        for s in plan.steps
        if s.leg == first_leg
    ]
    calves = "the uninjured calf only" if first_leg == "uninjured" else "the first calf"
    return table(
        f"The planner's plan, {calves} ({plan.minutes} minutes in all)",
        ("Step", "Technique", "Pressure", "Where", "How long"),
        rows,
    )


def _difference_items(differences: tuple[Difference, ...]) -> str:
    items = "".join(
        f'<li><strong>{escape(d.says)}</strong><br><span style="{SMALL_TEXT}">'
        f"Why: {escape(d.why)}</span></li>"
        for d in differences
    )
    return f'<ul class="calf-plan-differences">{items}</ul>'


def comparison_card(comparison: Comparison, library: TechniqueLibrary, content: Content) -> str:
    """The comparison as a card: for a blocked screening only why there is no plan, otherwise
    both plans side by side in tables and every difference with its reason."""
    plan = comparison.plan
    badge = level_badge(plan.level, content)
    keys = dict.fromkeys(k for d in comparison.differences for k in d.sources)
    disclaimer = sources_list(keys, content) + f'<p style="{SMALL_TEXT}">{escape(DISCLAIMER)}</p>'
    if comparison.blocked:
        mark = icon("warning" if plan.scope == "setting" else "stop")
        body = [
            f'<div style="font-size:1.15em">{mark} '
            f"<strong>{escape(comparison.differences[0].says)}</strong></div>",
            f"<p>Screening result: {badge}</p>",
            f"<p><strong>Why, and what to do instead:</strong> "
            f"{escape(comparison.differences[0].why)}</p>",
            "<p>So there is nothing to compare: the planner makes no plan either.</p>",
            disclaimer,
        ]
        accent = THEME["warn_mild"] if plan.scope == "setting" else THEME["error"]
        return card("".join(body), "calf-compare calf-compare-blocked", accent)
    if comparison.matches:
        verdict = f"{icon('check')} Your plan follows every rule the planner checks."
    else:
        n = len(comparison.differences)
        verdict = (
            f"{icon('info')} {n} difference{'s' if n != 1 else ''} from the planner's plan, "
            "each with its reason."
        )
    body = [
        f'<div style="font-size:1.15em"><strong>{verdict}</strong></div>',
        f"<p>Screening result: {badge}</p>",
        learner_plan_table(comparison.learner, library),
        _planner_table(plan),
    ]
    if comparison.differences:
        body.append(
            "<p><strong>Differences and why:</strong></p>"
            + _difference_items(comparison.differences)
        )
    body.append(disclaimer)
    accent = THEME["success"] if comparison.matches else THEME["info"]
    return card("".join(body), "calf-compare", accent, max_width=READING_WIDTH)
