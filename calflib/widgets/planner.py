"""The session planner: a safe, timed plan from a setting, a length, a goal and a screening.

:class:`SessionPlanner` never shows a plan without a finished screening: pass it an
:class:`~calflib.screening.Assessment`, or answer the questionnaire from chapter 02 inside it.
The plan, its card and its chart come from :mod:`calflib.planner`, :mod:`calflib.planner_cards`
and :mod:`calflib.planner_chart`; the practice player underneath follows the plan.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.card_kit import READING_WIDTH, level_badge, message_card
from calflib.handouts import session_card_link
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.planner import MAX_MINUTES, MIN_MINUTES, SessionPlan, plan_session
from calflib.planner_cards import plan_card, plan_summary
from calflib.planner_chart import pressure_chart
from calflib.screening import Assessment
from calflib.svg import figure_html
from calflib.technique_loader import load_techniques
from calflib.techniques import Goal, Setting, TechniqueLibrary
from calflib.widgets._common import guarded, heading, looks, make
from calflib.widgets.choice import KEYS_CLASS, LiveHTML
from calflib.widgets.player import PracticePlayer
from calflib.widgets.screening import ScreeningQuestionnaire

__all__ = ["SessionPlanner", "check_assessment", "goal_picker", "setting_picker"]


def check_assessment(assessment: object) -> None:
    """Refuse anything but a screening result (None means: answer the questionnaire here)."""
    if assessment is not None and not isinstance(assessment, Assessment):
        raise TypeError(
            "assessment must come from calflib.screening.assess(...), or be left out to "
            f"answer the questionnaire here; got {type(assessment).__name__}"
        )


def setting_picker(library: TechniqueLibrary, setting: Setting | str, css: str) -> Any:
    """The planners' setting menu (on your own, roller, partner, devices)."""
    return make(
        widgets.Dropdown,
        css,
        options=[(g.name, s.value) for s, g in library.settings.items()],
        value=Setting.parse(setting).value,
        description="Setting:",
        tooltip="Where and with what: on your own, with a roller, a partner or devices",
    )


def goal_picker(library: TechniqueLibrary, goal: Goal | str, css: str) -> Any:
    """The planners' goal menu."""
    return make(
        widgets.Dropdown,
        css,
        options=[(info.name, g.value) for g, info in library.goals.items()],
        value=Goal.parse(goal).value,
        description="Goal:",
        tooltip="What the session is for",
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
        check_assessment(assessment)
        self.library = library or load_techniques()
        self.content = content or builtin_content()
        self.given = assessment
        self.plan: SessionPlan | None = None
        self.setting_picker = setting_picker(self.library, setting, "calf-plan-setting")
        self.minutes_picker = make(
            widgets.IntSlider,
            "calf-plan-minutes",
            value=minutes,
            min=MIN_MINUTES,
            max=MAX_MINUTES,
            step=1,
            description="Minutes:",
            tooltip=f"How long the whole session lasts, both calves ({MIN_MINUTES}-{MAX_MINUTES})",
            continuous_update=False,
        )
        self.goal_picker = goal_picker(self.library, goal, "calf-plan-goal")
        # Live: a changed safety result or plan is announced, and it sits right above the choices.
        self.screening_view = LiveHTML("calf-plan-screening")
        self.plan_view = make(widgets.HTML, "calf-plan-view")
        # The plan on screen as a printable session card (never for a blocked plan).
        self.card_download = make(widgets.HTML, "calf-plan-card-download")
        self.chart = make(widgets.HTML, "calf-plan-chart")
        self.player = PracticePlayer(heading_level=4)  # beside Step 2 and Step 3
        self.questionnaire: ScreeningQuestionnaire | None = None
        children: list[widgets.Widget] = [
            heading(
                "Plan your session",
                "First the safety check, then choose a setting, a length and a goal. The plan "
                "and its chart update as you choose; the practice player at the bottom follows it.",
            )
        ]
        if assessment is None:
            self.questionnaire = ScreeningQuestionnaire(
                self.content, offer_saved=True, heading_level=4
            )
            checks = make(
                widgets.Accordion,
                "calf-plan-questionnaire",
                children=[self.questionnaire],
                titles=("Step 1: safety check (your answers from chapter 02, if any)",),
                selected_index=0,
            )
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
            self.card_download,
            self.chart,
            self.player,
        ]
        super().__init__(
            children=children, **looks(widgets.VBox, "calf-planner", KEYS_CLASS, own_layout=True)
        )
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
        self.chart.value = self.card_download.value = ""
        if assessment is None:  # the questionnaire could not give a result (it says why)
            self.plan = None
            self.plan_view.value = message_card(
                "No plan yet", "Finish the safety check first: there is no plan without it."
            )
            self.player.set_plan(None)
            return
        where = "the assessment you passed in" if self.given else "the questionnaire above"
        safety = (
            f"<p>Safety check ({escape(where)}): {level_badge(assessment.level, self.content)}</p>"
        )
        self.plan = plan_session(
            self.setting_picker.value,
            self.minutes_picker.value,
            self.goal_picker.value,
            assessment,
            library=self.library,
        )
        # The safety result and the plan in one line each, in the live region above the choices:
        # a screen reader hears what a changed choice did (the card below is shown, not spoken).
        summary = f"<p>{escape(plan_summary(self.plan, self.library))}</p>"
        self.screening_view.value = safety + summary
        self.plan_view.value = plan_card(self.plan, self.library, self.content)
        self.card_download.value = session_card_link(self.plan)
        if not self.plan.blocked:
            figure = pressure_chart(self.plan, self.library)
            self.chart.value = figure_html(figure, caption_width=READING_WIDTH)
        self.player.set_plan(self.plan)
