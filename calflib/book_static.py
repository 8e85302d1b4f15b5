"""What the rendered edition shows in place of each live widget (pure functions, no widgets).

The rendered edition (``make book``) is read without a kernel, so a widget cannot run there. Each
widget is replaced by its static equivalent, built from the same content and core functions the
widget uses, with a pointer to the live workbook:

* the self-checks: every question, its options, and the answer with its explanation folded
  under it (``<details>``), so a reader can test themselves; the final check is not printed
  (with its answers on a page it would test memory, not judgement);
* the scenario trainer: every story with its worked answer folded;
* the screening questionnaire: the questions in their groups with the level each leads to;
* the planner and the practice player: the example plan as a table; the explorers: every card.

:func:`static_widget` takes the widget's class name and its call's arguments; a widget it does not
know gets the pointer alone, so a new widget never breaks the build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape

from calflib.anatomy import load_anatomy
from calflib.anatomy_cards import structure_card
from calflib.benefits import load_benefits
from calflib.benefits_cards import benefit_card
from calflib.card_kit import SMALL_TEXT, level_badge, sources_list, table
from calflib.content_in_use import default_bank, default_content
from calflib.model import Content, Scenario
from calflib.planner import plan_session
from calflib.planner_cards import plan_card
from calflib.print_cards import screening_card
from calflib.quiz import Question
from calflib.screening import answers_with, assess
from calflib.technique_cards import setting_card, technique_card
from calflib.technique_loader import load_techniques
from calflib.trainer import assess_scenario

__all__ = ["LIVE_ONLY", "static_widget"]

#: Widgets that only make sense live: the edition shows the pointer alone.
LIVE_ONLY = ("ProgressDashboard", "ProgressManager", "WhyDoesItHurt")


def _pointer(name: str) -> str:
    return (
        '<p class="book-live"><strong>In the live workbook</strong> this is an interactive tool '
        f"({escape(name)}). Open the chapter in JupyterLab or the offline site to use it; "
        "what it teaches is shown below.</p>"
    )


def _answer(body: str, summary: str = "Show the answer") -> str:
    return f'<details class="book-answer"><summary>{escape(summary)}</summary>{body}</details>'


def _question(n: int, q: Question, content: Content) -> str:
    story = ""
    if q.scenario:
        scenario = next((s for s in content.scenarios if s.id == q.scenario), None)
        if scenario is not None:
            story = f"<p><em>{escape(scenario.title)}.</em> {escape(scenario.story)}</p>"
    options = "".join(f"<li>{escape(o.text)}</li>" for o in q.options)
    right = "".join(f"<li>{escape(o.text)}</li>" for o in q.options if o.correct)
    body = (
        f"<p><strong>Right:</strong></p><ul>{right}</ul>"
        f"<p><strong>Why:</strong> {escape(q.explanation)}</p>{sources_list(q.sources, content)}"
    )
    return (
        f'<li class="book-question"><p><strong>{escape(q.prompt)}</strong></p>{story}'
        f'<ul class="book-options">{options}</ul>{_answer(body)}</li>'
    )


def _questions(questions: Sequence[Question], content: Content) -> str:
    if not questions:
        return "<p>No questions yet.</p>"
    items = "".join(_question(n, q, content) for n, q in enumerate(questions, start=1))
    return f'<ol class="book-questions">{items}</ol>'


def check_yourself(chapter: str = "") -> str:
    """A chapter's self-check questions, each with its answer folded underneath."""
    return _questions(default_bank().for_chapter(chapter), default_content())


def final_check() -> str:
    """The final check is not printed: with its answers on a page it would test memory."""
    return (
        "<p>The final check is taken in the live workbook. Its questions and stories are not "
        "shown in this edition, answers or not, so that it stays a fair test of what you can do "
        "with people you have not met before. Teachers find its answers in the answer key "
        "handout.</p>"
    )


def _worked(n: int, scenario: Scenario, content: Content) -> str:
    result = assess_scenario(scenario, content)
    deciding = [r.finding.label for r in result.reasons if r.level == result.level]
    because = (
        f"<p><strong>Decided by:</strong> {escape('; '.join(deciding))}</p>" if deciding else ""
    )
    body = (
        f"<p>{level_badge(scenario.expected, content)}</p>{because}"
        f"<p>{escape(scenario.teaching_point)}</p>{sources_list(scenario.sources, content)}"
    )
    return (
        f'<li class="book-story"><p><strong>{escape(scenario.title)}.</strong> '
        f"{escape(scenario.story)}</p>{_answer(body, 'Show the worked answer')}</li>"
    )


def scenario_trainer() -> str:
    """Every trainer story, with its worked answer folded underneath."""
    content = default_content()
    items = "".join(_worked(n, s, content) for n, s in enumerate(content.scenarios, start=1))
    return (
        "<p>Decide on a level for each story before you open its answer.</p>"
        f'<ol class="book-stories">{items}</ol>'
    )


def questionnaire() -> str:
    """The screening questions in their groups, with the level a yes leads to."""
    return '<div class="book-screening">' + screening_card(default_content()) + "</div>"


def wells_explorer() -> str:
    """The Wells score's items and points, and how a clinician reads the total."""
    content = default_content()
    rules = content.wells_rules
    rows = [(escape(i.label), f"{i.points:+d}") for i in content.wells_items]
    return (
        table("The two-level Wells score for DVT (clinician education)", ("Item", "Points"), rows)
        + f"<p><strong>{rules.likely_at} or more: {escape(rules.likely_title)}.</strong> "
        f"{escape(rules.likely_next_step)}</p><p><strong>Less: {escape(rules.unlikely_title)}."
        f"</strong> {escape(rules.unlikely_next_step)}</p><p>{escape(rules.caution)}</p>"
        + sources_list(rules.sources, content)
    )


def anatomy_explorer() -> str:
    """A card for every structure of the calf."""
    return "".join(structure_card(s) for s in load_anatomy().structures)


def benefits_explorer() -> str:
    """A card for every claimed benefit, with its evidence grade."""
    catalogue = load_benefits()
    return "".join(benefit_card(b, catalogue) for b in catalogue.benefits)


def techniques_explorer() -> str:
    """A card for every setting and every technique."""
    library, content = load_techniques(), default_content()
    settings = "".join(setting_card(g, library, content) for g in library.settings.values())
    techniques = "".join(technique_card(t, library, content) for t in library.techniques.values())
    return f"<h4>The settings</h4>{settings}<h4>The techniques</h4>{techniques}"


def example_plan() -> str:
    """The chapter's example plan (with a partner, 10 minutes, all answers no) as a table."""
    plan = plan_session("partner", 10, "recovery after a run", assess(answers_with()))
    return plan_card(plan, load_techniques(), default_content()) + (
        f'<p style="{SMALL_TEXT}">This is the example plan for a screening with every answer '
        "no. In the live workbook you choose the setting, minutes and goal, and the plan follows "
        "your own screening; its session card can be printed from there.</p>"
    )


_STATIC: dict[str, Callable[..., str]] = {
    "AnatomyExplorer": anatomy_explorer,
    "BenefitsExplorer": benefits_explorer,
    "CheckYourself": check_yourself,
    "FinalCheck": final_check,
    "PracticePlayer": lambda *_: (
        "<p>The player counts down each step of the plan above, one at a time, showing its cue "
        "and the pressure, with start, pause and next buttons. On paper, use the plan's table.</p>"
    ),
    "ScenarioTrainer": scenario_trainer,
    "ScreeningQuestionnaire": questionnaire,
    "SessionPlanner": example_plan,
    "TechniquesExplorer": techniques_explorer,
    "WellsExplorer": wells_explorer,
}


_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.DOTALL)


def static_widget(name: str, args: Sequence[str] = ()) -> str:
    """The static equivalent of widget ``name`` called with text ``args``, after a pointer.

    Headings inside become bold lines, so a chapter page keeps exactly its notebook's headings.
    """
    make = _STATIC.get(name)
    if make is None or name in LIVE_ONLY:
        return f'<div class="book-static">{_pointer(name)}</div>'
    body = _HEADING.sub(r'<p class="book-sub"><strong>\2</strong></p>', make(*args))
    return f'<div class="book-static">{_pointer(name)}{body}</div>'
