"""The pressure-over-time chart of a session plan, as an accessible SVG figure.

A step line of pressure (rest, light, moderate, firm) against minutes from the start, with each
step's technique named by its letter above its segment, the two legs marked, and a key. The
figure's ``<desc>`` lists every step in words, so the chart is never the only way to read the plan.
"""

from __future__ import annotations

from calflib.palette import THEME
from calflib.planner import SessionPlan
from calflib.planner_text import clock
from calflib.svg import Element, Figure, fmt, svg_figure, text_lines, wrap_words
from calflib.technique_loader import load_techniques
from calflib.techniques import Pressure, TechniqueLibrary

__all__ = ["pressure_chart"]

_WIDTH = 760
_LEFT, _RIGHT = 92, 740  # the plot's x range
_ROWS = {None: 214.0, Pressure.LIGHT: 166.0, Pressure.MODERATE: 118.0, Pressure.FIRM: 70.0}
_BASE = 226.0  # the time axis
_FONT = "font-size:12px;fill:currentColor"


def _tick_step(minutes: int) -> int:
    return 1 if minutes <= 10 else 2 if minutes <= 20 else 5


def pressure_chart(plan: SessionPlan, library: TechniqueLibrary | None = None) -> Figure:
    """The plan's pressure over time; a blocked plan raises ValueError (nothing to chart)."""
    if plan.blocked or not plan.steps:
        raise ValueError("this plan is blocked by the screening, so there is no session to chart")
    library = library or load_techniques()
    total = plan.total_seconds
    scale = (_RIGHT - _LEFT) / total

    def x(seconds: float) -> float:
        return _LEFT + seconds * scale

    muted, brand = THEME["muted"], THEME["brand"]
    grid = Element("g", {"class": "calf-chart-grid"})
    for level, y in _ROWS.items():
        name = "rest" if level is None else level.key
        grid.add(
            Element(
                "line",
                x1=_LEFT,
                x2=_RIGHT,
                y1=y,
                y2=y,
                style=f"stroke:{THEME['line']};stroke-width:0.6;stroke-dasharray:2 3",
            ),
            Element(
                "text", {"x": _LEFT - 8, "y": y + 4, "text-anchor": "end"}, style=_FONT, text=name
            ),
        )
    axis = Element("g", {"class": "calf-chart-axis"})
    axis.add(
        Element("line", x1=_LEFT, x2=_RIGHT, y1=_BASE, y2=_BASE, style="stroke:currentColor"),
        Element(
            "line",
            x1=_LEFT,
            x2=_LEFT,
            y1=_ROWS[Pressure.FIRM] - 12,
            y2=_BASE,
            style="stroke:currentColor",
        ),
    )
    step = _tick_step(plan.minutes)
    for minute in range(0, plan.minutes + 1, step):
        tx = x(minute * 60)
        axis.add(
            Element("line", x1=tx, x2=tx, y1=_BASE, y2=_BASE + 5, style="stroke:currentColor"),
            Element(
                "text",
                {"x": tx, "y": _BASE + 18, "text-anchor": "middle"},
                style=_FONT,
                text=str(minute),
            ),
        )
    axis.add(
        Element(
            "text",
            {"x": (_LEFT + _RIGHT) / 2, "y": _BASE + 36, "text-anchor": "middle"},
            style=_FONT,
            text="Minutes from the start",
        ),
        Element(
            "text",
            {
                "x": 16,
                "y": (_ROWS[Pressure.FIRM] + _BASE) / 2,
                "text-anchor": "middle",
                "transform": f"rotate(-90 16 {fmt((_ROWS[Pressure.FIRM] + _BASE) / 2)})",
            },
            style=_FONT,
            text="Pressure",
        ),
    )
    legs = Element("g", {"class": "calf-chart-legs"})
    for leg in ("right", "left"):
        own = [s for s in plan.steps if s.leg == leg]
        if not own:
            continue
        x0, x1 = x(own[0].start), x(own[-1].end)
        legs.add(
            Element(
                "path",
                d=f"M{fmt(x0 + 2)} 44 V38 H{fmt(x1 - 2)} V44",
                style=f"fill:none;stroke:{muted};stroke-width:1.2",
            ),
            Element(
                "text",
                {"x": (x0 + x1) / 2, "y": 32, "text-anchor": "middle"},
                style=f"font-size:13px;font-weight:bold;fill:{muted}",
                text=f"{leg.capitalize()} calf",
            ),
        )
        if leg == "left":
            legs.add(
                Element(
                    "line",
                    x1=x0,
                    x2=x0,
                    y1=44,
                    y2=_BASE,
                    style=f"stroke:{muted};stroke-width:1;stroke-dasharray:4 3",
                )
            )
    area = [f"M{fmt(_LEFT)} {fmt(_BASE)}"]
    line: list[str] = []
    steps = Element("g", {"class": "calf-chart-steps"})
    labels = Element("g", {"class": "calf-chart-labels"})
    for s in plan.steps:
        y = _ROWS[s.pressure]
        x0, x1 = x(s.start), x(s.end)
        area.append(f"V{fmt(y)} H{fmt(x1)}")
        line.append(f"{'M' if not line else 'L'}{fmt(x0)} {fmt(y)} H{fmt(x1)}")
        word = s.pressure.key if s.pressure else "rest"
        steps.add(
            Element(
                "line",
                {"class": "calf-step", "data-step": s.number, "data-pressure": word},
                Element(
                    "title",
                    text=f"Step {s.number}: {s.name}, {word}, {clock(s.start)}-{clock(s.end)}",
                ),
                x1=x0,
                x2=x1,
                y1=y,
                y2=y,
                style=f"stroke:{brand};stroke-width:3.5;stroke-linecap:butt",
            )
        )
        before = plan.steps[s.number - 2] if s.number > 1 else None
        if before is not None and before.pressure == s.pressure and before.leg == s.leg:
            steps.add(  # a small tick between two steps at the same level
                Element("line", x1=x0, x2=x0, y1=y - 6, y2=y + 6, style=f"stroke:{brand}")
            )
        if s.technique is not None and x1 - x0 >= 15:
            labels.add(
                Element(
                    "text",
                    {
                        "x": (x0 + x1) / 2,
                        "y": y - 8,
                        "text-anchor": "middle",
                        "data-step": s.number,
                    },
                    style="font-size:11px;font-weight:bold;fill:currentColor",
                    text=library.technique(s.technique).abbr,
                )
            )
    area.append(f"V{fmt(_BASE)} Z")
    used = dict.fromkeys(s.technique for s in plan.steps if s.technique is not None)
    key_text = (
        "Letters: "
        + "; ".join(f"{library.technique(t).abbr} = {library.technique(t).name}" for t in used)
        + ". Rests sit on the bottom line."
    )
    key_lines = wrap_words(key_text, 112)
    key = text_lines(_LEFT, _BASE + 62, key_lines, 16, {"class": "calf-chart-key"}, style=_FONT)
    height = _BASE + 62 + 16 * len(key_lines)
    peak = plan.peak
    description = (
        "A step line of pressure (rest, light, moderate, firm) against minutes from the start. "
        + " ".join(
            f"{leg.capitalize()} calf from {clock(own[0].start)} to {clock(own[-1].end)}."
            for leg in ("right", "left")
            if (own := [s for s in plan.steps if s.leg == leg])
        )
        + " Steps: "
        + "; ".join(
            f"{s.number}. {clock(s.start)}-{clock(s.end)} {s.name}"
            + (f", {s.pressure.key}" if s.pressure else "")
            for s in plan.steps
        )
        + f". Highest pressure: {peak.key if peak else 'none'}."
    )
    return svg_figure(
        _WIDTH,
        height,
        f"Pressure over time: {plan.setting.label}, {plan.minutes} minutes, {plan.goal.label}",
        description,
        grid,
        legs,
        Element("path", d=" ".join(area), style=f"fill:{THEME['brand_soft']};fill-opacity:0.55"),
        Element("path", d=" ".join(line), style=f"fill:none;stroke:{brand};stroke-width:1.2"),
        steps,
        labels,
        axis,
        key,
        figure_id=f"calf-pressure-{plan.setting.value}-{plan.goal.value}-{plan.minutes}",
        css_class="calf-pressure-chart",
    )
