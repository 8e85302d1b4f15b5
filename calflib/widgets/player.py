"""The practice player: follow a session plan step by step, with a countdown per step.

Time is driven by ipywidgets' ``Play`` widget (its value is the elapsed seconds), so there are no
threads; the buttons are ordinary buttons, reachable with Tab and pressed with Enter or Space.
The player only runs a plan from :func:`calflib.planner.plan_session`; a blocked plan (the
screening does not allow massage) has nothing to practise, and the player says so.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.cards import READING_WIDTH, SMALL_TEXT, card, message_card
from calflib.planner import SessionPlan, Step
from calflib.planner_text import clock, say_duration
from calflib.widgets._common import guarded, heading, looks, make

__all__ = ["PracticePlayer"]


def _step_label(step: Step) -> str:
    if step.pressure is None:
        return f"Rest ({step.leg} calf)"
    return f"{step.name}, {step.pressure.key} pressure ({step.leg} calf)"


class PracticePlayer(widgets.VBox):  # type: ignore[misc]
    """Follow a plan step by step: a countdown per step, the cue in large type, start/pause/next."""

    def __init__(self, plan: SessionPlan | None = None) -> None:
        self.plan: SessionPlan | None = None
        self.blocked = False
        self.setting_blocked = False
        # Hidden: the buttons below drive it; it only keeps time. It is hidden through a Layout of
        # its own (shared style and classes, but not a shared Layout), so hiding or showing it can
        # never change the look of any other widget.
        self.play = widgets.Play(
            value=0,
            min=0,
            max=1,
            step=1,
            interval=1000,
            show_repeat=False,
            description="Timer",
            **{**looks(widgets.Play, "calf-timer"), "layout": widgets.Layout(display="none")},
        )
        self.start_button = make(
            widgets.Button,
            "calf-start",
            description="Start",
            icon="play",
            button_style="primary",
            tooltip="Start the countdown",
        )
        self.pause_button = make(
            widgets.Button,
            "calf-pause",
            description="Pause",
            icon="pause",
            tooltip="Pause the countdown",
        )
        self.back_button = make(
            widgets.Button,
            "calf-back",
            description="Previous step",
            icon="step-backward",
            tooltip="Go back one step",
        )
        self.next_button = make(
            widgets.Button,
            "calf-next-step",
            description="Next step",
            icon="step-forward",
            tooltip="Skip to the next step",
        )
        self.restart_button = make(
            widgets.Button,
            "calf-restart",
            description="Start again",
            icon="undo",
            tooltip="Back to the first step",
        )
        self.status = make(widgets.HTML, "calf-player-status")
        self.cue = make(widgets.HTML, "calf-cue")
        self.remaining = make(widgets.HTML, "calf-remaining")
        self.progress = make(
            widgets.IntProgress,
            "calf-progress",
            style={"description_width": "initial"},
            value=0,
            min=0,
            max=1,
            description="Session:",
        )
        self.up_next = make(widgets.HTML, "calf-up-next")
        self.buttons = make(
            widgets.HBox,
            children=[
                self.start_button,
                self.pause_button,
                self.back_button,
                self.next_button,
                self.restart_button,
            ],
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
            ],
            **looks(widgets.VBox, "calf-player", own_layout=True),
        )
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
        self.setting_blocked = self.blocked and plan is not None and plan.scope == "setting"
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
                    "No session to practise with this setting",
                    "Your screening rules this setting out: the plan above says why, and which "
                    "settings are still possible. Choose one of them to practise.",
                )
                if self.setting_blocked
                else message_card(
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
                max_width=READING_WIDTH,
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
            max_width=READING_WIDTH,
        )
        left = step.end - elapsed
        self.remaining.value = (
            f'<div style="font-size:1.4em" aria-live="off"><strong>{escape(say_duration(left))}'
            f"</strong> left in this step; {escape(say_duration(plan.total_seconds - elapsed))} "
            "left in the session.</div>"
        )
        following = plan.step_at(step.end)
        self.up_next.value = (
            f'<div style="{SMALL_TEXT}">Next: {escape(_step_label(following))}</div>'
            if following
            else f'<div style="{SMALL_TEXT}">Next: the end of the session.</div>'
        )
