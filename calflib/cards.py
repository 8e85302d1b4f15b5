"""HTML cards for verdicts, scenarios, Wells results, quiz feedback and progress (no widgets).

The cards of the screening (chapter 02), the scenario trainer, the self-checks and the progress
dashboard, built from the kit in :mod:`calflib.card_kit`. Every piece of text from content is
escaped, so teacher-written files can never inject markup; the level is always given in words
and an icon, never by colour alone.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from calflib.card_kit import (
    DISCLAIMER,
    LEVEL_ACCENT,
    SMALL_TEXT,
    bullet_list,
    card,
    cited,
    fold_out,
    level_badge,
    sources_list,
    table,
)
from calflib.icons import icon
from calflib.model import Content, Level
from calflib.palette import THEME
from calflib.screening import Assessment, Reason
from calflib.trainer import Outcome, TrainerFeedback

if TYPE_CHECKING:  # only named in annotations: chapter 02's first widget does not import them
    from calflib.course import ChapterStatus
    from calflib.quiz import QuizResult
    from calflib.wells import WellsResult

__all__ = [
    "dashboard_card",
    "feedback_card",
    "quiz_feedback_card",
    "scenario_card",
    "verdict_card",
    "wells_card",
    "wells_summary",
]


def _reason_item(reason: Reason, content: Content) -> str:
    answer = "you answered yes" if reason.sure else "you answered not sure"
    parts = [
        f"<li>{icon(content.levels[reason.level].icon)} "
        f"<strong>{escape(reason.finding.label)}</strong>"
        f" ({answer}; {escape(reason.level.name)})<br>{escape(reason.why)}"
        f"<br><em>What to do:</em> {escape(reason.action)}"
    ]
    parts.append(f"{cited(reason.sources)}</li>")
    return "".join(parts)


#: Up to this many 'not sure' answers are explained in full in the verdict's reasons.
_UNSURE_IN_FULL = 3


def verdict_card(assessment: Assessment, content: Content) -> str:
    """The questionnaire's verdict: level, advice, changes to make, reasons and sources."""
    level = assessment.level
    body = [f'<div style="font-size:1.15em">{level_badge(level, content)}</div>']
    body.append(f"<p><strong>What to do:</strong> {escape(assessment.advice)}</p>")
    if not assessment.complete:
        n = len(assessment.unanswered)
        body.append(
            f"<p><strong>Not finished:</strong> {n} question{'s' if n != 1 else ''} still "
            "'Not sure'. Until every warning-sign question is answered 'No', this check cannot "
            "give a go-ahead.</p>"
        )
    if level == Level.MODIFY and assessment.adaptations:
        body.append(
            f"<p><strong>Changes to make:</strong></p>{bullet_list(assessment.adaptations)}"
        )
    shown = [r for r in assessment.reasons if r.level > Level.CLEAR or r.sure]
    if shown:
        sure = [r for r in shown if r.sure]
        unsure = [r for r in shown if not r.sure]
        # Many 'not sure' answers (a form just begun) are listed by name only: each one's full
        # reason and action would make the card long to read and slow to redraw on every click.
        if len(unsure) > _UNSURE_IN_FULL:
            items = "".join(_reason_item(r, content) for r in sure)
            names = "; ".join(escape(r.finding.label) for r in unsure)
            items += (
                f"<li><strong>Still 'not sure' ({len(unsure)}):</strong> {names}. Each one is "
                "treated as the sign it might be until you answer it.</li>"
            )
        else:
            items = "".join(_reason_item(r, content) for r in shown)
        reasons = f"Why: {len(shown)} reason{'s' if len(shown) != 1 else ''}"
        body.append(fold_out(reasons, f"<ul>{items}</ul>"))
    cited_keys = assessment.sources
    if len([r for r in shown if not r.sure]) > _UNSURE_IN_FULL:  # only what the card cites
        listed = {k for r in shown if r.sure for k in r.sources}
        cited_keys = tuple(k for k in assessment.sources if k in listed)
    body.append(sources_list(cited_keys, content))
    body.append(f'<p style="{SMALL_TEXT}">{escape(DISCLAIMER)}</p>')
    return card("".join(body), f"calf-verdict calf-level-{level.key}", LEVEL_ACCENT[level])


def scenario_card(index: int, total: int, title: str, story: str) -> str:
    """A scenario's header and story."""
    return card(
        f'<div style="{SMALL_TEXT}">Scenario {index} of {total}</div>'
        f'<div style="font-size:1.1em"><strong>{escape(title)}</strong></div>'
        f"<p>{escape(story)}</p>",
        "calf-scenario",
        live=False,
    )


_OUTCOME_ICON = {Outcome.RIGHT: "✔", Outcome.TOO_CAUTIOUS: "≈", Outcome.UNSAFE: "✘"}


def feedback_card(feedback: TrainerFeedback, content: Content) -> str:
    """The trainer's feedback: right or not (in words), the engine's reasoning and the lesson."""
    level = feedback.assessment.level
    accent = {
        Outcome.RIGHT: THEME["success"],
        Outcome.TOO_CAUTIOUS: THEME["warn"],
        Outcome.UNSAFE: THEME["error"],
    }[feedback.outcome]
    deciding = [
        r for r in feedback.assessment.reasons if r.level == level and r.level > Level.CLEAR
    ]
    reasons = "".join(_reason_item(r, content) for r in deciding)
    body = [
        f'<div style="font-size:1.1em"><span aria-hidden="true">'
        f"{_OUTCOME_ICON[feedback.outcome]}</span> "
        f"<strong>{escape(feedback.headline)}</strong></div>",
        f"<p>You chose: {level_badge(feedback.chosen, content)}<br>"
        f"The screening rules give: {level_badge(level, content)}</p>",
    ]
    if reasons:
        body.append(f"<p><strong>Why:</strong></p><ul>{reasons}</ul>")
    body.append(
        f"<p><strong>Teaching point:</strong> {escape(feedback.scenario.teaching_point)}</p>"
    )
    body.append(sources_list(feedback.scenario.sources, content))
    return card("".join(body), f"calf-feedback calf-outcome-{feedback.outcome.value}", accent)


def wells_summary(result: WellsResult) -> str:
    """A Wells score in one line of plain words (the score, its reading, the clinician's next
    step), for a screen reader to hear as boxes are ticked; escaped, no markup."""
    return escape(
        f"Score {result.score}: {result.title}. A clinician's next step: {result.next_step}"
    )


def wells_card(result: WellsResult, content: Content) -> str:
    """A Wells score: points, two-level reading, the clinician's next step, and the caution."""
    ticked = (
        "".join(f"<li>{escape(item.label)}: {item.points:+d}</li>" for item in result.items)
        or "<li>No items ticked</li>"
    )
    body = (
        f'<div style="font-size:1.15em"><strong>Score: {result.score}</strong>: '
        f"{escape(result.title)}</div>"
        f"<p><strong>A clinician's next step:</strong> {escape(result.next_step)}</p>"
        f"{fold_out('Items counted', f'<ul>{ticked}</ul>')}"
        f'<p style="{SMALL_TEXT}"><strong>Remember:</strong> {escape(result.caution)}</p>'
        f"{sources_list(result.sources, content)}"
    )
    accent = THEME["warn"] if result.likely else THEME["info"]
    return card(
        body, "calf-wells-result " + ("calf-likely" if result.likely else "calf-unlikely"), accent
    )


def quiz_feedback_card(result: QuizResult, content: Content, *, explain: bool = False) -> str:
    """Feedback on one quiz answer: right or not in words and icon, each option's feedback, and
    (when ``explain``) the explanation with its sources."""
    partly = result.headline.startswith("Partly")
    icon, accent, css = (
        ("\N{HEAVY CHECK MARK}", THEME["success"], "right")
        if result.correct
        else ("\N{ALMOST EQUAL TO}", THEME["warn"], "partly")
        if partly
        else ("\N{HEAVY BALLOT X}", THEME["error"], "wrong")
    )
    items = []
    for option, chosen in result.feedback:
        tag = "You chose" if chosen else "Correct answer you did not choose"
        mark = "" if not chosen else (" (right)" if option.correct else " (not right)")
        items.append(
            f"<li><strong>{tag}{mark}:</strong> {escape(option.text)}<br>"
            f"{escape(option.feedback)}</li>"
        )
    body = [
        f'<div style="font-size:1.1em"><span aria-hidden="true">{icon}</span> '
        f"<strong>{escape(result.headline)}</strong></div>",
        f"<ul>{''.join(items)}</ul>",
    ]
    if explain:
        body.append(f"<p><strong>Why:</strong> {escape(result.explanation)}</p>")
        body.append(sources_list(result.question.sources, content))
    return card("".join(body), f"calf-quiz-feedback calf-quiz-{css}", accent)


_STATE_ICON = {
    "reference": "\N{OPEN BOOK}",  # a chapter without questions (calflib.course)
    "done": "\N{HEAVY CHECK MARK}",
    "in progress": "\N{HORIZONTAL ELLIPSIS}",
    "not started": "\N{WHITE CIRCLE}",
}


def _state(state: str, note: str = "") -> str:
    return f'<span aria-hidden="true">{_STATE_ICON[state]}</span> {state}{escape(note)}'


def dashboard_card(statuses: tuple[ChapterStatus, ...], learner: str) -> str:
    """Progress per chapter and per objective, as accessible tables (state in words and icon)."""
    chapter_rows = []
    goal_rows = []
    for s in statuses:
        checks = f"{s.right} of {s.questions} right" if s.questions else "no questions"
        if s.scenarios_checked:
            checks += f"; scenarios: {s.scenarios_right} of {s.scenarios_checked} right"
        chapter_rows.append([escape(s.chapter.title), _state(s.state), escape(checks)])
        for o in s.objectives:
            state = "done" if o.done else "in progress" if o.answered else "not started"
            left = o.total - o.right
            note = f" ({left} to get right)" if o.answered and left else ""
            goal_rows.append(
                [escape(s.chapter.title), escape(o.objective.text), _state(state, note)]
            )
    body = (
        f"<div><strong>Progress for {escape(learner)}</strong></div>"
        + table("Chapters", ["Chapter", "State", "Self-checks"], chapter_rows)
        + table("Learning objectives", ["Chapter", "Objective", "State"], goal_rows)
    )
    return card(body, "calf-dashboard", live=False)
