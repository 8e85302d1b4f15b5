"""The widgets layer: thin ipywidgets views over the calflib core (import ipywidgets only here).

Each widget is a ``VBox`` you can display directly in a notebook cell::

    from calflib.widgets import ScreeningQuestionnaire
    ScreeningQuestionnaire()

Widgets are imported on first use (PEP 562), so a notebook pays only for the ones it shows.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from calflib.widgets.anatomy import AnatomyExplorer
    from calflib.widgets.benefits import BenefitsExplorer
    from calflib.widgets.faq import WhyDoesItHurt
    from calflib.widgets.final_check import FinalCheck
    from calflib.widgets.glossary import GlossarySearch
    from calflib.widgets.plan_first import PlanYourOwn
    from calflib.widgets.planner import SessionPlanner
    from calflib.widgets.player import PracticePlayer
    from calflib.widgets.practice import SelfPractice
    from calflib.widgets.progress import ProgressDashboard, ProgressManager
    from calflib.widgets.quiz import CheckYourself, QuestionWidget
    from calflib.widgets.screening import ScreeningQuestionnaire
    from calflib.widgets.techniques import TechniquesExplorer
    from calflib.widgets.trainer import ScenarioTrainer
    from calflib.widgets.wells import WellsExplorer

_WHERE = {
    "AnatomyExplorer": "anatomy",
    "BenefitsExplorer": "benefits",
    "CheckYourself": "quiz",
    "FinalCheck": "final_check",
    "GlossarySearch": "glossary",
    "PlanYourOwn": "plan_first",
    "PracticePlayer": "player",
    "ProgressDashboard": "progress",
    "ProgressManager": "progress",
    "QuestionWidget": "quiz",
    "ScenarioTrainer": "trainer",
    "ScreeningQuestionnaire": "screening",
    "SelfPractice": "practice",
    "SessionPlanner": "planner",
    "TechniquesExplorer": "techniques",
    "WellsExplorer": "wells",
    "WhyDoesItHurt": "faq",
}

__all__ = [
    "AnatomyExplorer",
    "BenefitsExplorer",
    "CheckYourself",
    "FinalCheck",
    "GlossarySearch",
    "PlanYourOwn",
    "PracticePlayer",
    "ProgressDashboard",
    "ProgressManager",
    "QuestionWidget",
    "ScenarioTrainer",
    "ScreeningQuestionnaire",
    "SelfPractice",
    "SessionPlanner",
    "TechniquesExplorer",
    "WellsExplorer",
    "WhyDoesItHurt",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'calflib.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"calflib.widgets.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
