"""Plan it yourself first: one calf's routine, then compare it with the planner's (chapter 05).

:class:`PlanYourOwn` lets a learner choose a setting, a goal and up to six steps (technique,
pressure, time) before seeing the planner's plan. **Compare with the planner** then shows
:func:`calflib.plan_compare_cards.comparison_card`: both plans and the reason for every difference,
or, when the screening allows no massage, only why no plan is right.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from calflib.card_kit import message_card
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.plan_compare import REST, Comparison, LearnerPlan, LearnerStep, compare_plans
from calflib.plan_compare_cards import comparison_card
from calflib.planner_text import say_duration
from calflib.screening import Assessment
from calflib.technique_loader import load_techniques
from calflib.techniques import Goal, Pressure, Setting, TechniqueLibrary
from calflib.widgets._common import WRAP_CLASS, guarded, heading, looks, make
from calflib.widgets.choice import KEYS_CLASS, LiveHTML
from calflib.widgets.planner import check_assessment, goal_picker, setting_picker
from calflib.widgets.screening import ScreeningQuestionnaire

__all__ = ["PlanYourOwn"]

_NO_STEP = ""
_TIMES = (15, 30, 45, 60, 90, 120, 180, 240, 300)
_WIDE = {"description_width": "initial"}


class PlanYourOwn(widgets.VBox):  # type: ignore[misc]
    """Plan a session yourself, then compare it with the planner's plan for the same choices.

    Give it an ``assessment`` from :func:`calflib.screening.assess`, or leave it out to answer the
    chapter 02 questionnaire inside it. ``steps`` is how many step rows to offer (1 to 10).
    """

    def __init__(
        self,
        assessment: Assessment | None = None,
        *,
        setting: Setting | str = Setting.ALONE,
        goal: Goal | str = Goal.RECOVERY,
        steps: int = 6,
        library: TechniqueLibrary | None = None,
        content: Content | None = None,
    ) -> None:
        check_assessment(assessment)
        if not 1 <= steps <= 10:
            raise ValueError(f"steps must be from 1 to 10, got {steps}")
        self.library = library or load_techniques()
        self.content = content or builtin_content()
        self.given = assessment
        self.comparison: Comparison | None = None
        self.setting_picker = setting_picker(self.library, setting, "calf-own-setting")
        self.goal_picker = goal_picker(self.library, goal, "calf-own-goal")
        self.calves_picker = make(
            widgets.Dropdown,
            "calf-own-calves",
            options=[("Both calves, one after the other", True), ("One calf only", False)],
            value=True,
            description="Calves:",
        )
        choices = [("(no step)", _NO_STEP), ("Rest (a pause between sets)", REST)]
        choices += [(t.name, t.id) for t in self.library.techniques.values()]
        self.rows: list[tuple[widgets.Dropdown, widgets.Dropdown, widgets.Dropdown]] = []
        row_boxes = []
        for n in range(1, steps + 1):
            row = (
                make(
                    widgets.Dropdown,
                    "calf-own-technique",
                    style=_WIDE,
                    options=choices,
                    value=_NO_STEP,
                    description=f"Step {n}:",
                ),
                make(
                    widgets.Dropdown,
                    "calf-own-pressure",
                    style=_WIDE,
                    options=[(p.name.capitalize(), p.key) for p in Pressure],
                    value="light",
                    description=f"Step {n} pressure:",
                ),
                make(
                    widgets.Dropdown,
                    "calf-own-time",
                    style=_WIDE,
                    options=[(say_duration(s), s) for s in _TIMES],
                    value=60,
                    description=f"Step {n} time (each calf):",
                ),
            )
            self.rows.append(row)
            row_boxes.append(
                make(widgets.HBox, "calf-own-row", layout={"flex_flow": "row wrap"}, children=row)
            )
        self.compare_button = make(
            widgets.Button,
            "calf-own-compare",
            description="Compare with the planner",
            button_style="primary",
            tooltip="Show the planner's plan for the same setting, goal and screening",
        )
        self.result = LiveHTML("calf-own-result")  # announced when it changes
        self.questionnaire: ScreeningQuestionnaire | None = None
        children: list[widgets.Widget] = [
            heading(
                "Plan it yourself first",
                "Choose a setting and a goal, then the steps for one calf in order: technique, "
                "pressure and time. Press 'Compare with the planner' to see the planner's plan "
                "for the same choices and the reason for every difference.",
            )
        ]
        if assessment is None:
            self.questionnaire = ScreeningQuestionnaire(
                self.content, offer_saved=True, heading_level=4
            )
            children.append(
                make(
                    widgets.Accordion,
                    "calf-own-questionnaire",
                    children=[self.questionnaire],
                    titles=("Safety check (your answers from chapter 02, if any)",),
                    selected_index=0,
                )
            )
        children += [
            self.setting_picker,
            self.goal_picker,
            self.calves_picker,
            heading("Your steps, for each calf", level=4),
            *row_boxes,
            self.compare_button,
            self.result,
        ]
        super().__init__(
            children=children,
            **looks(widgets.VBox, "calf-plan-own", WRAP_CLASS, KEYS_CLASS, own_layout=True),
        )
        self.compare_button.on_click(self._on_compare)
        for picker in (self.setting_picker, self.goal_picker, self.calves_picker):
            picker.observe(self._on_change, names="value")
        for row in self.rows:
            for picker in row:
                picker.observe(self._on_change, names="value")

    @property
    def assessment(self) -> Assessment | None:
        """The screening the comparison uses: the one given, or the questionnaire's."""
        if self.given is not None:
            return self.given
        return self.questionnaire.assessment if self.questionnaire else None

    def learner_plan(self) -> LearnerPlan:
        """The plan as chosen so far (rows left at '(no step)' are skipped)."""
        steps = tuple(
            LearnerStep(
                technique.value,
                None if technique.value == REST else Pressure[pressure.value.upper()],
                int(time.value),
            )
            for technique, pressure, time in self.rows
            if technique.value != _NO_STEP
        )
        return LearnerPlan(
            Setting.parse(self.setting_picker.value),
            Goal.parse(self.goal_picker.value),
            steps,
            both_calves=bool(self.calves_picker.value),
        )

    def _on_change(self, _change: Any = None) -> None:
        if self.comparison is not None:
            self.comparison = None
            self.result.value = message_card(
                "Your plan has changed", "Press 'Compare with the planner' to compare it again."
            )

    @guarded("result")
    def _on_compare(self, _button: Any = None) -> None:
        self.comparison = None
        assessment = self.assessment
        if assessment is None:
            self.result.value = message_card(
                "No comparison yet", "Finish the safety check first: there is no plan without it."
            )
            return
        plan = self.learner_plan()
        if not plan.steps:
            self.result.value = message_card(
                "No steps yet", "Choose a technique for at least Step 1, then compare."
            )
            return
        self.comparison = compare_plans(plan, assessment, library=self.library)
        self.result.value = comparison_card(self.comparison, self.library, self.content)
