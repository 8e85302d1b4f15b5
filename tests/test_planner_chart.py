"""Tests for calflib.planner_chart: the pressure-over-time chart (valid, accessible SVG)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from calflib.model import Content
from calflib.planner import plan_session
from calflib.planner_chart import pressure_chart
from calflib.planner_text import clock
from calflib.screening import answers_with, assess

NS = {"svg": "http://www.w3.org/2000/svg"}
CLEAR = assess(answers_with())


# --- the pressure chart ---------------------------------------------------------------------------


def test_pressure_chart_is_valid_svg_with_one_segment_per_step(content: Content) -> None:
    """The chart parses, has title and desc, and one labelled segment per step."""
    plan = plan_session("partner", 10, "recovery", CLEAR)
    fig = pressure_chart(plan)
    root = ET.fromstring(fig.svg)
    title = root.find("svg:title", NS)
    assert title is not None and title.text == (
        "Pressure over time: with a partner, 10 minutes, recovery after a run"
    )
    segments = root.findall(".//svg:line[@class='calf-step']", NS)
    assert [s.get("data-pressure") for s in segments] == [
        s.pressure.key if s.pressure else "rest" for s in plan.steps
    ]
    texts = {t.text for t in root.iter(f"{{{NS['svg']}}}text")}
    assert {"Minutes from the start", "Pressure", "light", "moderate", "firm", "rest"} <= texts
    assert {"E", "K", "SR"} <= texts
    for step in plan.steps:
        assert (
            f"{step.number}. {clock(step.start)}-{clock(step.end)} {step.name}" in fig.description
        )
    assert "Highest pressure: moderate." in fig.description


def test_pressure_chart_draws_rests_on_the_bottom_line() -> None:
    """Roller rests are segments at the 'rest' level."""
    plan = plan_session("roller", 8, "recovery", CLEAR)
    root = ET.fromstring(pressure_chart(plan).svg)
    levels = [s.get("data-pressure") for s in root.findall(".//svg:line[@class='calf-step']", NS)]
    assert levels.count("rest") == sum(1 for s in plan.steps if s.is_rest) > 0
