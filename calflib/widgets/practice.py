"""Guided self-practice on your own calf, saved as a self-report (chapters 01 and 04).

:class:`SelfPractice` shows an activity from ``content/practice.toml``: the safety line and the
stop rules first, then each step with a "done" tick box, a 0 to 10 discomfort rating (where the
activity asks for one) and a note. **Save my practice** saves the report with
``ProgressStore.record_practice``; with ``save=False`` (the Voila app) nothing is written and the
report is only shown. A report with no step ticked as done is saved only after the learner confirms
it (a tick box that appears for that), so a stray click does not put an empty practice on the
dashboard. The words come from :mod:`calflib.practice`.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.card_kit import READING_WIDTH, bullet_list, card
from calflib.icons import icon
from calflib.palette import THEME
from calflib.practice import (
    PracticeActivity,
    StepAnswer,
    load_practice,
    practice_advice,
    practice_report,
)
from calflib.widgets._common import WRAP_CLASS, guarded, looks, make, open_store, save_safely
from calflib.widgets.choice import KEYS_CLASS, ChoiceGroup, LiveHTML, Tick

__all__ = ["SelfPractice"]

_NOT_RATED = -1


def _safety_card(activity: PracticeActivity) -> str:
    return card(
        f"<p><strong>{icon('warning')} Safety first.</strong> "
        f"{escape(activity.safety)}</p>"
        f"<p><strong>Stop rules while you practise:</strong></p>{bullet_list(activity.stop_rules)}",
        "calf-practice-safety",
        THEME["warn"],
        live=False,
        max_width=READING_WIDTH,
    )


class SelfPractice(widgets.VBox):  # type: ignore[misc]
    """A guided self-practice with a tick box, a rating and a note per step, saved on request.

    ``activity`` is an id from ``practice.toml`` (e.g. ``"find_the_landmarks"``); an unknown id
    raises ValueError naming the known ones. ``save=False`` keeps everything in the page only.
    """

    def __init__(self, activity: str, *, learner: str = "default", save: bool = True) -> None:
        activities = load_practice()
        if activity not in activities:
            raise ValueError(
                f"unknown practice activity {activity!r}; known: {', '.join(activities)}"
            )
        self.activity = activities[activity]
        self.store, _progress, notice = open_store(learner, save)
        self.notice = make(widgets.HTML, "calf-practice-notice", value=notice)
        self.done: dict[str, Tick] = {}
        self.ratings: dict[str, widgets.Dropdown] = {}
        self.notes: dict[str, widgets.Textarea] = {}
        children: list[widgets.Widget] = [
            make(
                widgets.HTML,
                "calf-practice-title",
                value=f"<h3>{escape(self.activity.title)}</h3>",
            ),
            make(widgets.HTML, "calf-practice-safety", value=_safety_card(self.activity)),
            make(
                widgets.HTML,
                "calf-practice-intro",
                value=f"<p>{escape(self.activity.intro)}</p>",
            ),
        ]
        for number, step in enumerate(self.activity.steps, start=1):
            children.append(
                make(
                    widgets.HTML,
                    "calf-practice-step",
                    value=f"<h4>Step {number}: {escape(step.title)}</h4><p>{escape(step.do)}</p>",
                )
            )
            # A named group of one tick box (not a bare Checkbox): a screen reader hears which
            # step it belongs to, and the box keeps its keys in JupyterLab.
            done = ChoiceGroup(
                "calf-practice-done",
                description=f"Step {number} done?",
                options=[(f"I did step {number}", True)],
                multiple=True,
            )
            self.done[step.id] = done.tick(True)
            children.append(done)
            if self.activity.rate_discomfort:
                self.ratings[step.id] = make(
                    widgets.Dropdown,
                    "calf-practice-rating",
                    style={"description_width": "initial"},
                    options=[("Not rated", _NOT_RATED)]
                    + [(f"{n} out of 10" + _ends(n), n) for n in range(11)],
                    value=_NOT_RATED,
                    description=f"Step {number} discomfort (0 to 10):",
                )
                children.append(self.ratings[step.id])
            self.notes[step.id] = make(
                widgets.Textarea,
                "calf-practice-note",
                layout={"width": "min(100%, 40em)"},
                style={"description_width": "initial"},
                placeholder=step.felt_prompt,
                description=f"Step {number} note:",
                tooltip=step.felt_prompt,
            )
            children += [
                make(widgets.Label, "calf-practice-prompt", value=step.felt_prompt),
                self.notes[step.id],
            ]
        self.save_button = make(
            widgets.Button,
            "calf-practice-save",
            description="Save my practice" if self.store else "Show my report",
            button_style="primary",
            tooltip="Save what you did, rated and felt (a new report each time)",
        )
        #: Shown only when a report with no step done is about to be saved: saving it needs a tick.
        #: Its own Layout (not a shared one), because showing it changes the Layout in place.
        self.confirm_empty = widgets.Checkbox(
            value=False,
            description="Save it anyway, with no steps done",
            indent=False,
            **looks(
                widgets.Checkbox,
                "calf-practice-confirm-empty",
                layout={"display": "none", "width": "auto"},
                own_layout=True,
            ),
        )
        self.result = LiveHTML("calf-practice-result")  # announced when it changes
        children += [self.save_button, self.confirm_empty, self.result, self.notice]
        super().__init__(
            children=children,
            **looks(widgets.VBox, "calf-self-practice", WRAP_CLASS, KEYS_CLASS, own_layout=True),
        )
        self.save_button.on_click(self._on_save)

    def answers(self) -> dict[str, StepAnswer]:
        """The learner's answers as they stand."""
        return {
            step.id: StepAnswer(
                done=bool(self.done[step.id].value),
                rating=None
                if step.id not in self.ratings or self.ratings[step.id].value == _NOT_RATED
                else int(self.ratings[step.id].value),
                felt=str(self.notes[step.id].value),
            )
            for step in self.activity.steps
        }

    @guarded("result")
    def _on_save(self, _button: Any = None) -> None:
        answers = self.answers()
        report = practice_report(self.activity, answers)
        if self.store is not None and not report["steps_done"] and not self.confirm_empty.value:
            self.confirm_empty.layout.display = None
            self.result.value = card(
                "<p><strong>Nothing saved yet: no step is ticked as done.</strong> Tick "
                "<em>I did step ...</em> for each step you did, then press Save my practice "
                "again. To save a report of a practice where you did none of the steps, tick "
                "<em>Save it anyway, with no steps done</em> and press Save my practice.</p>",
                "calf-practice-report",
                live=True,
            )
            return
        self.confirm_empty.value = False
        self.confirm_empty.layout.display = "none"
        advice = practice_advice(self.activity, answers)
        done = f"{report['steps_done']} of {report['steps_total']} steps done"
        saved = "Saved on this computer" if self.store else "Not saved (this page keeps nothing)"
        body = [f"<p><strong>{escape(saved)}:</strong> {escape(done)}.</p>"]
        if advice:
            body.append(bullet_list(advice))
        body.append(
            "<p>Whatever you noted: if the calf is swollen, warm, red or painful, stop and follow "
            "the stop rules at the top.</p>"
        )
        self.result.value = card("".join(body), "calf-practice-report", live=True)
        store = self.store
        if store is not None:
            save_safely(self.result, lambda: store.record_practice(self.activity.id, report))


def _ends(n: int) -> str:
    return {0: " (no discomfort)", 3: " (the ceiling: stay at or below)", 10: " (the worst)"}.get(
        n, ""
    )
