"""The scenario trainer: read a vignette, pick a level, get feedback with the engine's reasoning."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from calflib.card_kit import message_card
from calflib.cards import feedback_card, scenario_card
from calflib.content_in_use import default_content
from calflib.model import Content, Level, Scenario
from calflib.pack_cards import pack_problems_card
from calflib.packs import pack_problems
from calflib.trainer import TrainerFeedback, check_choice, level_label
from calflib.widgets._common import guarded, heading, looks, make, open_store, save_safely
from calflib.widgets.choice import KEYS_CLASS, ChoiceGroup, LiveHTML

__all__ = ["ScenarioTrainer"]

_LEVEL_KEYS = {level.key for level in Level}


class ScenarioTrainer(widgets.VBox):  # type: ignore[misc]
    """Steps through the scenarios; the learner picks a level and checks it against the rules.

    Without ``content`` it uses the built-in scenarios plus the teachers' packs in use that
    loaded, and a banner (``pack_notice``) names the problems of any pack left out.
    """

    def __init__(
        self, content: Content | None = None, *, learner: str = "default", save: bool = True
    ) -> None:
        self.pack_notice = make(
            widgets.HTML, value=pack_problems_card(pack_problems()) if content is None else ""
        )
        self.content = content or default_content()
        self.scenarios: tuple[Scenario, ...] = self.content.scenarios
        if not self.scenarios:
            raise ValueError("no scenarios to train on; add [[scenario]] entries to scenarios.toml")
        self.index = 0
        self.results: dict[str, TrainerFeedback] = {}
        self.store, progress, notice = open_store(learner, save)
        self.notice = make(widgets.HTML, value=notice)
        if progress is not None:
            self._restore(progress.scenarios)
        self.story = make(widgets.HTML, "calf-story")
        levels = sorted(Level, reverse=True)
        self.choice = ChoiceGroup(
            "calf-choice",
            options=[(level_label(lv, self.content), lv) for lv in levels],
            description="Your call: what should happen for this person?",
            hint="Pick one of the five levels, then press Check my answer.",
        )
        self.check_button = make(
            widgets.Button,
            "calf-check",
            description="Check my answer",
            button_style="primary",
            icon="check",
            tooltip="Compare your choice with the screening rules",
        )
        self.previous_button = make(
            widgets.Button, "calf-previous", description="Previous scenario", icon="arrow-left"
        )
        self.next_button = make(
            widgets.Button, "calf-next", description="Next scenario", icon="arrow-right"
        )
        self.feedback = LiveHTML("calf-feedback-widget")
        self.score = LiveHTML("calf-trainer-score")
        self.check_button.on_click(self._on_check)
        self.next_button.on_click(lambda _b: self._move(+1))
        self.previous_button.on_click(lambda _b: self._move(-1))
        super().__init__(
            children=[
                heading(
                    "Scenario trainer",
                    "Read each story, decide what should happen, then check. "
                    "Choosing less caution than needed is the mistake that matters most.",
                ),
                self.pack_notice,
                self.story,
                self.choice,
                self.check_button,
                self.feedback,
                make(widgets.HBox, children=[self.previous_button, self.next_button]),
                self.score,
                self.notice,
            ],
            **looks(widgets.VBox, "calf-trainer", KEYS_CLASS, own_layout=True),
        )
        self._show()

    @property
    def scenario(self) -> Scenario:
        """The scenario on screen."""
        return self.scenarios[self.index]

    @guarded("feedback")
    def _on_check(self, _button: Any = None) -> None:
        self.check()

    def check(self) -> TrainerFeedback | None:
        """Check the current choice; with nothing chosen, ask the learner to choose first."""
        if self.choice.value is None:
            self.feedback.say(
                message_card(
                    "Choose a level first", "Pick one of the five options, then press Check."
                )
            )
            return None
        result = check_choice(self.scenario, self.choice.value, self.content)
        self.results[self.scenario.id] = result
        self.feedback.value = feedback_card(result, self.content)
        self._show_score()
        store = self.store
        if store is not None:
            save_safely(
                self.feedback,
                lambda: store.record_scenario(
                    result.scenario.id, result.chosen.key, result.correct
                ),
            )
        return result

    def _restore(self, saved: Mapping[str, Mapping[str, Any]]) -> None:
        by_id = {s.id: s for s in self.scenarios}
        for scenario_id, record in saved.items():
            chosen = record.get("chosen")
            if scenario_id in by_id and isinstance(chosen, str) and chosen in _LEVEL_KEYS:
                self.results[scenario_id] = check_choice(
                    by_id[scenario_id], Level.from_key(chosen), self.content
                )

    @guarded("feedback")
    def _move(self, step: int) -> None:
        self.index = (self.index + step) % len(self.scenarios)
        self._show()

    def _show(self) -> None:
        s = self.scenario
        self.story.value = scenario_card(self.index + 1, len(self.scenarios), s.title, s.story)
        previous = self.results.get(s.id)
        self.choice.value = previous.chosen if previous else None
        self.feedback.value = feedback_card(previous, self.content) if previous else ""
        self._show_score()

    def _show_score(self) -> None:
        done = len(self.results)
        right = sum(1 for r in self.results.values() if r.correct)
        self.score.value = (
            f"<p>Scenario {self.index + 1} of {len(self.scenarios)}. "
            f"Checked so far: {done}; right: {right}.</p>"
        )
