"""The session planner and the practice player: a safe, timed plan, then a countdown to follow it.

:class:`SessionPlanner` never shows a plan without a finished screening: pass it an
:class:`~calflib.screening.Assessment`, or answer the questionnaire from chapter 02 inside it.
:class:`PracticePlayer` steps through a plan with a countdown per step. Time is driven by
ipywidgets' ``Play`` widget (its value is the elapsed seconds), so there are no threads; the
buttons are ordinary buttons, reachable with Tab and pressed with Enter or Space.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.cards import DISCLAIMER, level_badge, message_card, sources_list
from calflib.loader import default_content
from calflib.model import Content, Level
from calflib.planner import (
    MAX_MINUTES,
    MIN_MINUTES,
    SessionPlan,
    Step,
    clock,
    plan_session,
    say_duration,
)
from calflib.planner_chart import pressure_chart
from calflib.screening import Assessment
from calflib.techniques import Goal, Setting, TechniqueLibrary, load_techniques
from calflib.widgets._common import guarded, heading
from calflib.widgets.screening import ScreeningQuestionnaire
from calflib.widgets.techniques import card, figure_html

__all__ = ["PracticePlayer", "SessionPlanner", "plan_card"]

_STOP = "var(--jp-error-color1, #d32f2f)"
_BRAND = "var(--jp-brand-color1, #1976d2)"
_SMALL = "font-size:0.9em;color:var(--jp-ui-font-color2, inherit)"
_CELL = (
    "padding:0.2em 0.6em;border-bottom:1px solid var(--jp-border-color2, #e0e0e0);text-align:left"
)


def _step_label(step: Step) -> str:
    if step.pressure is None:
        return f"Rest ({step.leg} calf)"
    return f"{step.name}, {step.pressure.key} pressure ({step.leg} calf)"


def plan_card(plan: SessionPlan, library: TechniqueLibrary, content: Content) -> str:
    """The plan as a card: the steps in a table, notes and changes; or why there is no plan."""
    badge = level_badge(plan.level, content)
    if plan.blocked:
        body = [
            '<div style="font-size:1.15em"><span aria-hidden="true">\u26d4</span> '
            "<strong>No plan: do not massage now</strong></div>",
            f"<p>Screening result: {badge}</p>",
            "<p><strong>Why:</strong></p>",
            "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in plan.reasons) + "</ul>",
            "<p><strong>What to do instead:</strong></p>",
            "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in plan.instead) + "</ul>",
            sources_list(plan.sources, content),
            f'<p style="{_SMALL}">{escape(DISCLAIMER)}</p>',
        ]
        return card("".join(body), "calf-plan calf-plan-blocked", _STOP, live=True)
    guide = library.settings[plan.setting]
    rows = "".join(
        f'<tr><td style="{_CELL}">{s.number}</td><td style="{_CELL}">{clock(s.start)}</td>'
        f'<td style="{_CELL}">{escape(s.leg)}</td><td style="{_CELL}">{escape(s.name)}</td>'
        f'<td style="{_CELL}">{escape(s.pressure.key if s.pressure else "none (rest)")}</td>'
        f'<td style="{_CELL}">{escape(s.region)}</td>'
        f'<td style="{_CELL}">{escape(say_duration(s.seconds))}</td></tr>'
        for s in plan.steps
    )
    head = "".join(
        f'<th scope="col" style="{_CELL}">{h}</th>'
        for h in ("Step", "Starts at", "Calf", "Technique", "Pressure", "Where", "How long")
    )
    body = [
        f'<div style="font-size:1.15em"><strong>Your plan: {escape(guide.name.lower())}, '
        f"{plan.minutes} minutes, {escape(plan.goal.label)}</strong></div>",
        f"<p>Screening result: {badge}</p>",
        f"<p><strong>Position:</strong> {escape(guide.position)}</p>",
        f'<table class="calf-plan-steps" style="border-collapse:collapse">'
        f'<caption style="text-align:left;{_SMALL}">{len(plan.steps)} steps, '
        f"{escape(say_duration(plan.total_seconds))} in all</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>",
    ]
    if plan.adaptations:
        body.append(
            '<p><strong><span aria-hidden="true">\u26a0</span> Changes from your screening '
            "(already in the plan):</strong></p><ul>"
            + "".join(f"<li>{escape(a)}</li>" for a in plan.adaptations)
            + "</ul>"
        )
    if plan.avoid_areas:
        body.append(
            f"<p><strong>Keep away from:</strong> {escape('; '.join(plan.avoid_areas))}</p>"
        )
    if plan.left_out:
        body.append(f"<p><strong>Left out:</strong> {escape(', '.join(plan.left_out))}</p>")
    body.append("".join(f"<p>{escape(n)}</p>" for n in plan.notes))
    body.append(sources_list(plan.sources, content))
    body.append(f'<p style="{_SMALL}">{escape(DISCLAIMER)}</p>')
    accent = "var(--jp-warn-color2, #ffa726)" if plan.level == Level.MODIFY else _BRAND
    return card("".join(body), f"calf-plan calf-level-{plan.level.key}", accent)


class PracticePlayer(widgets.VBox):  # type: ignore[misc]
    """Follow a plan step by step: a countdown per step, the cue in large type, start/pause/next."""

    def __init__(self, plan: SessionPlan | None = None) -> None:
        self.plan: SessionPlan | None = None
        self.blocked = False
        self.play = widgets.Play(
            value=0, min=0, max=1, step=1, interval=1000, show_repeat=False, description="Timer"
        )
        self.play.layout.display = "none"  # the buttons below drive it; it only keeps time
        self.play.add_class("calf-timer")
        self.start_button = widgets.Button(
            description="Start", icon="play", button_style="primary", tooltip="Start the countdown"
        )
        self.pause_button = widgets.Button(
            description="Pause", icon="pause", tooltip="Pause the countdown"
        )
        self.back_button = widgets.Button(
            description="Previous step", icon="step-backward", tooltip="Go back one step"
        )
        self.next_button = widgets.Button(
            description="Next step", icon="step-forward", tooltip="Skip to the next step"
        )
        self.restart_button = widgets.Button(
            description="Start again", icon="undo", tooltip="Back to the first step"
        )
        for button, name in (
            (self.start_button, "calf-start"),
            (self.pause_button, "calf-pause"),
            (self.back_button, "calf-back"),
            (self.next_button, "calf-next-step"),
            (self.restart_button, "calf-restart"),
        ):
            button.add_class(name)
        self.status = widgets.HTML()
        self.status.add_class("calf-player-status")
        self.cue = widgets.HTML()
        self.cue.add_class("calf-cue")
        self.remaining = widgets.HTML()
        self.remaining.add_class("calf-remaining")
        self.progress = widgets.IntProgress(
            value=0, min=0, max=1, description="Session:", style={"description_width": "initial"}
        )
        self.progress.add_class("calf-progress")
        self.up_next = widgets.HTML()
        self.up_next.add_class("calf-up-next")
        self.buttons = widgets.HBox(
            [
                self.start_button,
                self.pause_button,
                self.back_button,
                self.next_button,
                self.restart_button,
            ]
        )
        super().__init__(
            children=[
                heading(
                    "Practice player",
                    "Press Start and follow the instruction in large type; the countdown moves "
                    "on by itself. Pause at any time. The buttons work with Tab and Enter.",
                ),
                self.buttons,
                self.status,
                self.cue,
                self.remaining,
                self.progress,
                self.up_next,
                self.play,
            ]
        )
        self.add_class("calf-player")
        self.play.observe(self._on_tick, names="value")
        self.play.observe(self._on_playing, names="playing")
        self.start_button.on_click(lambda _b: self.start())
        self.pause_button.on_click(lambda _b: self.pause())
        self.next_button.on_click(lambda _b: self.next_step())
        self.back_button.on_click(lambda _b: self.previous_step())
        self.restart_button.on_click(lambda _b: self.restart())
        self.set_plan(plan)

    @property
    def elapsed(self) -> int:
        """Seconds since the start of the session."""
        return int(self.play.value)

    @property
    def step(self) -> Step | None:
        """The step on screen (None before a plan is set, when blocked, or after the end)."""
        return self.plan.step_at(self.elapsed) if self.plan else None

    def set_plan(self, plan: SessionPlan | None) -> None:
        """Show a new plan from its first step (or, for none or a blocked plan, say why not)."""
        self.play.playing = False
        self.blocked = plan is not None and plan.blocked
        self.plan = plan if plan is not None and not plan.blocked else None
        total = self.plan.total_seconds if self.plan else 1
        self.play.value = 0
        self.play.max = total
        self.progress.max = total
        for button in self.buttons.children:
            button.disabled = self.plan is None
        self._show()

    def start(self) -> None:
        """Start (or continue) the countdown; at the end, start again from the top."""
        if self.plan is None:
            return
        if self.elapsed >= self.plan.total_seconds:
            self.play.value = 0
        self.play.playing = True
        self._show()

    def pause(self) -> None:
        """Pause the countdown."""
        self.play.playing = False
        self._show()

    def next_step(self) -> None:
        """Jump to the start of the next step (or to the end after the last)."""
        if self.plan is None:
            return
        later = [s.start for s in self.plan.steps if s.start > self.elapsed]
        self.play.value = later[0] if later else self.plan.total_seconds

    def previous_step(self) -> None:
        """Back to the start of this step, or to the previous step when just started."""
        if self.plan is None:
            return
        starts = [s.start for s in self.plan.steps if s.start <= self.elapsed - 3]
        self.play.value = starts[-1] if starts else 0

    def restart(self) -> None:
        """Back to the first step, paused."""
        self.play.playing = False
        self.play.value = 0

    @guarded("cue")
    def _on_tick(self, _change: Any = None) -> None:
        self._show()

    @guarded("cue")
    def _on_playing(self, _change: Any = None) -> None:
        self._show()

    def _show(self) -> None:
        plan = self.plan
        if plan is None:
            self.status.value = ""
            self.cue.value = (
                message_card(
                    "No session to practise",
                    "The screening does not allow massage now: read why in the plan above, "
                    "and do what it says instead.",
                )
                if self.blocked
                else message_card(
                    "No session to practise yet",
                    "Make a plan first. The player only runs a plan from a finished screening "
                    "that allows massage.",
                )
            )
            self.remaining.value = self.up_next.value = ""
            self.progress.value = 0
            return
        elapsed = min(self.elapsed, plan.total_seconds)
        self.progress.value = elapsed
        self.progress.description = f"Session: {clock(elapsed)} of {clock(plan.total_seconds)}"
        step = plan.step_at(elapsed)
        running = "running" if self.play.playing else "paused"
        if step is None:
            self.status.value = f"<div>All {len(plan.steps)} steps done.</div>"
            self.cue.value = card(
                '<div style="font-size:1.8em;line-height:1.35"><strong>Session finished.'
                '</strong></div><p style="font-size:1.25em">Check how both calves feel. New '
                "swelling, warmth, redness or pain in one calf is a reason to stop and get it "
                "checked.</p>",
                "calf-cue-card calf-finished",
                live=True,
            )
            self.remaining.value = ""
            self.up_next.value = ""
            return
        self.status.value = (
            f'<div style="font-size:1.1em">Step {step.number} of {len(plan.steps)} '
            f"({running}): <strong>{escape(_step_label(step))}</strong>; "
            f"{escape(step.region)}</div>"
        )
        self.cue.value = card(
            f'<div style="font-size:1.9em;line-height:1.35;font-weight:bold">'
            f"{escape(_step_label(step))}</div>"
            f'<p style="font-size:1.55em;line-height:1.45;margin:0.4em 0">{escape(step.cue)}</p>',
            f"calf-cue-card calf-step-{step.number}",
            live=True,
        )
        left = step.end - elapsed
        self.remaining.value = (
            f'<div style="font-size:1.4em" aria-live="off"><strong>{escape(say_duration(left))}'
            f"</strong> left in this step; {escape(say_duration(plan.total_seconds - elapsed))} "
            "left in the session.</div>"
        )
        following = plan.step_at(step.end)
        self.up_next.value = (
            f'<div style="{_SMALL}">Next: {escape(_step_label(following))}</div>'
            if following
            else f'<div style="{_SMALL}">Next: the end of the session.</div>'
        )


class SessionPlanner(widgets.VBox):  # type: ignore[misc]
    """Choose a setting, a length and a goal; get a safe plan, its pressure chart and a player.

    Give it an ``assessment`` from :func:`calflib.screening.assess`, or leave it out to answer the
    screening questionnaire (the one from chapter 02) inside the planner. Without a finished
    screening that allows massage there is no plan, only the reasons and what to do instead.
    """

    def __init__(
        self,
        assessment: Assessment | None = None,
        *,
        setting: Setting | str = Setting.PARTNER,
        minutes: int = 10,
        goal: Goal | str = Goal.RECOVERY,
        library: TechniqueLibrary | None = None,
        content: Content | None = None,
    ) -> None:
        if assessment is not None and not isinstance(assessment, Assessment):
            raise TypeError(
                "assessment must come from calflib.screening.assess(...), or be left out to "
                f"answer the questionnaire here; got {type(assessment).__name__}"
            )
        self.library = library or load_techniques()
        self.content = content or default_content()
        self.given = assessment
        self.plan: SessionPlan | None = None
        self.setting_picker = widgets.Dropdown(
            options=[(g.name, s.value) for s, g in self.library.settings.items()],
            value=Setting.parse(setting).value,
            description="Setting:",
            tooltip="Where and with what: on your own, with a roller, a partner or devices",
        )
        self.minutes_picker = widgets.IntSlider(
            value=minutes,
            min=MIN_MINUTES,
            max=MAX_MINUTES,
            step=1,
            description="Minutes:",
            tooltip=f"How long the whole session lasts, both calves ({MIN_MINUTES}-{MAX_MINUTES})",
            continuous_update=False,
        )
        self.goal_picker = widgets.Dropdown(
            options=[(info.name, g.value) for g, info in self.library.goals.items()],
            value=Goal.parse(goal).value,
            description="Goal:",
            tooltip="What the session is for",
        )
        for picker, name in (
            (self.setting_picker, "calf-plan-setting"),
            (self.minutes_picker, "calf-plan-minutes"),
            (self.goal_picker, "calf-plan-goal"),
        ):
            picker.add_class(name)
        self.screening_view = widgets.HTML()
        self.screening_view.add_class("calf-plan-screening")
        self.plan_view = widgets.HTML()
        self.plan_view.add_class("calf-plan-view")
        self.chart = widgets.HTML()
        self.chart.add_class("calf-plan-chart")
        self.player = PracticePlayer()
        self.questionnaire: ScreeningQuestionnaire | None = None
        children: list[widgets.Widget] = [
            heading(
                "Plan your session",
                "First the safety check, then choose a setting, a length and a goal. The plan "
                "and its chart update as you choose; the practice player at the bottom follows it.",
            )
        ]
        if assessment is None:
            self.questionnaire = ScreeningQuestionnaire(self.content)
            checks = widgets.Accordion(children=[self.questionnaire], selected_index=0)
            checks.set_title(0, "Step 1: safety check (the questionnaire from chapter 02)")
            checks.add_class("calf-plan-questionnaire")
            children.append(checks)
            self.questionnaire.verdict.observe(self._on_change, names="value")
        children += [
            self.screening_view,
            heading("Step 2: your choices", level=4),
            self.setting_picker,
            self.minutes_picker,
            self.goal_picker,
            heading("Step 3: your plan", level=4),
            self.plan_view,
            self.chart,
            self.player,
        ]
        super().__init__(children=children)
        self.add_class("calf-planner")
        for picker in (self.setting_picker, self.minutes_picker, self.goal_picker):
            picker.observe(self._on_change, names="value")
        self._on_change()

    @property
    def assessment(self) -> Assessment | None:
        """The screening the plan is made from: the one given, or the questionnaire's."""
        if self.given is not None:
            return self.given
        return self.questionnaire.assessment if self.questionnaire else None

    @guarded("plan_view")
    def _on_change(self, _change: Any = None) -> None:
        assessment = self.assessment
        self.chart.value = ""
        if assessment is None:  # the questionnaire could not give a result (it says why)
            self.plan = None
            self.plan_view.value = message_card(
                "No plan yet", "Finish the safety check first: there is no plan without it."
            )
            self.player.set_plan(None)
            return
        where = "the assessment you passed in" if self.given else "the questionnaire above"
        self.screening_view.value = (
            f"<p>Safety check ({escape(where)}): {level_badge(assessment.level, self.content)}</p>"
        )
        self.plan = plan_session(
            self.setting_picker.value,
            self.minutes_picker.value,
            self.goal_picker.value,
            assessment,
            library=self.library,
        )
        self.plan_view.value = plan_card(self.plan, self.library, self.content)
        if not self.plan.blocked:
            self.chart.value = figure_html(pressure_chart(self.plan, self.library))
        self.player.set_plan(self.plan)
