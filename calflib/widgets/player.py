"""The practice player: follow a session plan step by step, with a countdown per step.

Time is driven by ipywidgets' ``Play`` widget (its value is the elapsed seconds), so there are no
threads; the buttons are ordinary buttons, reachable with Tab and pressed with Enter or Space.
The player only runs a plan from :func:`calflib.planner.plan_session`; a blocked plan (the
screening does not allow massage) has nothing to practise, and the player says so. What it shows
is decided by :func:`calflib.player_cards.player_view`; this module only wires it to widgets.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from calflib.planner import SessionPlan, Step
from calflib.player_cards import player_view, step_label
from calflib.widgets._common import guarded, heading, looks, make
from calflib.widgets.choice import KEYS_CLASS, LiveHTML, StepSignal

__all__ = ["PracticePlayer"]


class PracticePlayer(widgets.VBox):  # type: ignore[misc]
    """Follow a plan step by step: a countdown per step, the cue in large type, start/pause/next."""

    def __init__(self, plan: SessionPlan | None = None, *, heading_level: int = 3) -> None:
        self.plan: SessionPlan | None = None
        self.blocked = False
        self.setting_blocked = False
        self._given: SessionPlan | None = None
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
            description="Back to step 1",
            icon="undo",
            tooltip="Back to the first step of this session",
        )
        # Announced (politely) when the step or running/paused changes; the seconds left are
        # shown but never spoken, so a screen reader is not flooded once a second.
        self.status = LiveHTML("calf-player-status")
        self.signal = StepSignal("calf-player-signal")
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
                    "on by itself. Pause at any time. The buttons work with Tab and Enter. Hands "
                    "busy? Turn on a gentle sound at each new step, or have each step read aloud.",
                    level=heading_level,
                ),
                self.buttons,
                self.signal,
                self.status,
                self.cue,
                self.remaining,
                self.progress,
                self.up_next,
                self.play,
            ],
            **looks(widgets.VBox, "calf-player", KEYS_CLASS, own_layout=True),
        )
        self.play.observe(self._on_tick, names="value")
        self.play.observe(self._on_playing, names="playing")
        self.start_button.on_click(lambda _b: self.start())
        self.pause_button.on_click(lambda _b: self.pause())
        self.next_button.on_click(lambda _b: self.next_step())
        self.back_button.on_click(lambda _b: self.previous_step())
        self.restart_button.on_click(lambda _b: self.restart())
        self._announced: tuple[int, int] | None = None
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
        self._given = plan  # a blocked plan: the player says why there is nothing to practise
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
        given = self.plan if self.plan is not None else self._given
        view = player_view(given, self.elapsed, running=bool(self.play.playing))
        self.status.value = view.status
        self.cue.value = view.cue
        self.remaining.value = view.remaining
        self.up_next.value = view.up_next
        self.progress.value = view.elapsed
        if self.plan is not None:  # with no session the bar is empty and keeps its label
            self.progress.description = view.bar_label
        self._signal_step()

    def _signal_step(self) -> None:
        """While running, a new step beeps and/or is read aloud (if the learner turned it on)."""
        step = self.step
        now = (id(self.plan), step.number) if step is not None else None
        if now != self._announced and step is not None and self.play.playing:
            self.signal.announce(f"{step_label(step)}. {step.cue}")
        self._announced = now if self.play.playing else None
