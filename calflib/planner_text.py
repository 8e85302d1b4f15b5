"""The session plan in words: durations, clock times and the whole plan as plain text.

:func:`format_plan` writes a plan (or the reasons there is none) one line per step with its cue,
for printing or reading aloud; :func:`say_duration` and :func:`clock` are used by the planner's
card, chart and practice player too.
"""

from __future__ import annotations

from calflib.planner import SessionPlan

__all__ = ["clock", "format_plan", "say_duration"]


def say_duration(seconds: int) -> str:
    """A duration in words: '45 seconds', '1 minute', '2 minutes 5 seconds'."""
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, got {seconds}")
    minutes, secs = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


def clock(seconds: int) -> str:
    """A time as minutes:seconds, e.g. '1:05'."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def format_plan(plan: SessionPlan) -> str:
    """The plan as plain text, one line per step with its cue (or the reasons it is blocked)."""
    head = f"{plan.setting.label.capitalize()}, {plan.minutes} minutes, {plan.goal.label}"
    if plan.blocked:
        what = "No plan with this setting" if plan.scope == "setting" else "No plan"
        lines = [f"{what} ({head}; screening: {plan.level.name})."]
        lines += [f"Why: {r}" for r in plan.reasons]
        lines += [f"Instead: {i}" for i in plan.instead]
        return "\n".join(lines)
    lines = [f"Plan: {head} (screening: {plan.level.name})."]
    if plan.position:
        lines.append(f"Position: {plan.position}")
    for s in plan.steps:
        pressure = f", {s.pressure.key}" if s.pressure else ""
        lines.append(
            f"{s.number:2d}. {clock(s.start)}-{clock(s.end)} {s.leg} calf: {s.name}{pressure}, "
            f"{s.region} ({say_duration(s.seconds)})"
        )
        lines.append(f"    Say: {s.cue}")
    lines += [f"Change: {a}" for a in plan.adaptations]
    return "\n".join(lines)
