"""The session plan as an HTML card (chapter 05): the steps in a table, or why there is no plan.

A pure function over :mod:`calflib.planner`; the session planner widget shows it. The screening
level is given in words and an icon; every content string is escaped.
"""

from __future__ import annotations

from html import escape

from calflib.card_kit import (
    DISCLAIMER,
    READING_WIDTH,
    SMALL_TEXT,
    bullet_list,
    card,
    level_badge,
    sources_list,
)
from calflib.icons import icon
from calflib.model import Content, Level
from calflib.palette import THEME
from calflib.planner import SessionPlan
from calflib.planner_text import clock, say_duration
from calflib.techniques import TechniqueLibrary

__all__ = ["plan_card", "plan_summary"]

_CELL = f"padding:0.2em 0.6em;border-bottom:1px solid {THEME['border_soft']};text-align:left"
_HEADERS = ("Step", "Starts at", "Calf", "Technique", "Pressure", "Where", "How long")


def plan_summary(plan: SessionPlan, library: TechniqueLibrary) -> str:
    """The plan in one plain sentence, for a screen reader to hear when a choice changes it:
    the setting, goal, length and number of steps, or that there is no plan and why in short."""
    setting = library.settings[plan.setting].name.lower()
    if plan.blocked and plan.scope == "setting":
        return (
            f"No plan {setting}: this way is ruled out; the reasons and what is possible are below."
        )
    if plan.blocked:
        return "No plan: the safety check rules massage out for now; what to do is below."
    goal = library.goals[plan.goal].name.lower()
    steps = len(plan.steps)
    return (
        f"Plan: {setting}, {plan.minutes} minutes, {goal}, {steps} step{'s' if steps != 1 else ''}."
    )


def plan_card(plan: SessionPlan, library: TechniqueLibrary, content: Content) -> str:
    """The plan as a card: the steps in a table, notes and changes; or why there is no plan."""
    badge = level_badge(plan.level, content)
    disclaimer = f'<p style="{SMALL_TEXT}">{escape(DISCLAIMER)}</p>'
    if plan.blocked and plan.scope == "setting":
        name = library.settings[plan.setting].name.lower()
        body = [
            f'<div style="font-size:1.15em">{icon("warning")} '
            f"<strong>No plan with this setting ({escape(name)})</strong></div>",
            f"<p>Screening result: {badge}. Massage is not ruled out; this way of doing it is.</p>",
            f"<p><strong>Why:</strong></p>{bullet_list(plan.reasons)}",
            f"<p><strong>What is still possible:</strong></p>{bullet_list(plan.instead)}",
        ]
        if plan.adaptations:
            body.append(
                "<p><strong>Changes from your screening, in any setting:</strong></p>"
                f"{bullet_list(plan.adaptations)}"
            )
        body += [sources_list(plan.sources, content), disclaimer]
        return card(
            "".join(body),
            "calf-plan calf-plan-blocked calf-plan-setting-blocked",
            THEME["warn_mild"],
            max_width=READING_WIDTH,
        )
    if plan.blocked:
        body = [
            f'<div style="font-size:1.15em">{icon("stop")} '
            "<strong>No plan: do not massage now</strong></div>",
            f"<p>Screening result: {badge}</p>",
            f"<p><strong>Why:</strong></p>{bullet_list(plan.reasons)}",
            f"<p><strong>What to do instead:</strong></p>{bullet_list(plan.instead)}",
            sources_list(plan.sources, content),
            disclaimer,
        ]
        return card(
            "".join(body), "calf-plan calf-plan-blocked", THEME["error"], max_width=READING_WIDTH
        )
    guide = library.settings[plan.setting]
    rows = "".join(
        f'<tr><td style="{_CELL}">{s.number}</td><td style="{_CELL}">{clock(s.start)}</td>'
        f'<td style="{_CELL}">{escape(s.leg)}</td><td style="{_CELL}">{escape(s.name)}</td>'
        f'<td style="{_CELL}">{escape(s.pressure.key if s.pressure else "none (rest)")}</td>'
        f'<td style="{_CELL}">{escape(s.region)}</td>'
        f'<td style="{_CELL}">{escape(say_duration(s.seconds))}</td></tr>'
        for s in plan.steps
    )
    head = "".join(f'<th scope="col" style="{_CELL}">{h}</th>' for h in _HEADERS)
    body = [
        f'<div style="font-size:1.15em"><strong>Your plan: {escape(guide.name.lower())}, '
        f"{plan.minutes} minutes, {escape(plan.goal.label)}</strong></div>",
        f"<p>Screening result: {badge}</p>",
        f"<p><strong>Position:</strong> {escape(plan.position or guide.position)}</p>",
        f'<table class="calf-plan-steps" style="border-collapse:collapse">'
        f'<caption style="text-align:left;{SMALL_TEXT}">{len(plan.steps)} steps, '
        f"{escape(say_duration(plan.total_seconds))} in all</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>",
    ]
    if plan.adaptations:
        body.append(
            f"<p><strong>{icon('warning')} Changes from your screening "
            f"(already in the plan):</strong></p>{bullet_list(plan.adaptations)}"
        )
    if plan.avoid_areas:
        body.append(
            f"<p><strong>Keep away from:</strong> {escape('; '.join(plan.avoid_areas))}</p>"
        )
    if plan.left_out:
        body.append(f"<p><strong>Left out:</strong> {escape(', '.join(plan.left_out))}</p>")
    body.append("".join(f"<p>{escape(n)}</p>" for n in plan.notes))
    body.append(sources_list(plan.sources, content))
    body.append(disclaimer)
    accent = THEME["warn_mild"] if plan.level > Level.CLEAR else THEME["brand"]
    return card(
        "".join(body),
        f"calf-plan calf-level-{plan.level.key}",
        accent,
        live=False,
        max_width=READING_WIDTH,
    )
