"""The widgets layer: thin ipywidgets views over the calflib core (import ipywidgets only here).

Each widget is a ``VBox`` you can display directly in a notebook cell::

    from calflib.widgets import ScreeningQuestionnaire
    ScreeningQuestionnaire()
"""

from __future__ import annotations

from calflib.widgets.progress import FinalCheck, ProgressDashboard, ProgressManager
from calflib.widgets.quiz import CheckYourself, QuestionWidget
from calflib.widgets.screening import ScreeningQuestionnaire
from calflib.widgets.trainer import ScenarioTrainer
from calflib.widgets.wells import WellsExplorer

__all__ = [
    "CheckYourself",
    "FinalCheck",
    "ProgressDashboard",
    "ProgressManager",
    "QuestionWidget",
    "ScenarioTrainer",
    "ScreeningQuestionnaire",
    "WellsExplorer",
]
