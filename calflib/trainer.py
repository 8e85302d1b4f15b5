"""The scenario trainer's logic: compare a learner's chosen level with the engine's verdict.

Choosing a level that is too low (under-triage) is the dangerous mistake, so feedback says clearly
whether an answer was right, safe but over-cautious, or unsafe.

A scenario may come from a teacher's pack, but its verdict needs only the findings and levels,
which packs never change: ``content`` defaults to the built-in content.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from calflib.loader import builtin_content
from calflib.model import Content, Level, Scenario
from calflib.screening import Assessment, assess

if TYPE_CHECKING:  # imported where used: the screening widget imports this module, not quizzes
    from calflib.quiz import Option

__all__ = [
    "Outcome",
    "TrainerFeedback",
    "assess_scenario",
    "check_choice",
    "level_label",
    "level_options",
]


class Outcome(Enum):
    """How a learner's choice compares with the verdict."""

    RIGHT = "right"
    TOO_CAUTIOUS = "too_cautious"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class TrainerFeedback:
    """What the trainer tells a learner after they pick a level for a scenario."""

    scenario: Scenario
    chosen: Level
    assessment: Assessment
    outcome: Outcome
    headline: str

    @property
    def correct(self) -> bool:
        """True when the learner picked the same level as the engine."""
        return self.outcome is Outcome.RIGHT


def assess_scenario(scenario: Scenario, content: Content | None = None) -> Assessment:
    """Run the screening engine on the answers a scenario's story implies."""
    content = content or builtin_content()
    answers = scenario.answers(content.finding_ids)
    return assess(answers, scenario.days_since_injury, content=content)


def check_choice(
    scenario: Scenario, chosen: Level, content: Content | None = None
) -> TrainerFeedback:
    """Compare the learner's level with the engine's, and word the headline for the learner."""
    content = content or builtin_content()
    if not isinstance(chosen, Level):
        raise TypeError(f"chosen must be a Level, got {type(chosen).__name__} {chosen!r}")
    assessment = assess_scenario(scenario, content)
    right = content.levels[assessment.level].title
    if chosen == assessment.level:
        outcome, headline = Outcome.RIGHT, f"Right: {right}."
    elif chosen > assessment.level:
        outcome = Outcome.TOO_CAUTIOUS
        headline = f"Safe, but more cautious than needed. The answer is: {right}."
    else:
        outcome = Outcome.UNSAFE
        headline = f"Not safe: this person needs more caution. The answer is: {right}."
    return TrainerFeedback(scenario, chosen, assessment, outcome, headline)


def level_label(level: Level, content: Content) -> str:
    """A triage call in words, as every triage question offers it ("REFER: See a clinician...")."""
    return f"{level.name}: {content.levels[level].title}"


def level_options(scenario: Scenario, content: Content | None = None) -> tuple[Option, ...]:
    """A scenario's answer options as a triage question: the five levels, most serious first,
    each marked right or not and with its feedback by the screening engine (never hand-written)."""
    from calflib.quiz import Option

    content = content or builtin_content()
    options = []
    for level in sorted(Level, reverse=True):
        result = check_choice(scenario, level, content)
        options.append(
            Option(
                id=level.key,
                text=level_label(level, content),
                correct=result.correct,
                feedback=result.headline,
            )
        )
    return tuple(options)
