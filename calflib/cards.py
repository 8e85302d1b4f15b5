"""HTML cards for verdicts, scenarios, Wells results and sources (pure functions, no widgets).

Also the pieces every chapter's cards are built from: :func:`card` (the themed box),
:func:`sources_list`, :func:`cited` and :func:`bullet_list`, and the muted :data:`SMALL_TEXT` style.
Every piece of text from content is escaped, so teacher-written files can never inject markup.
Styles use JupyterLab theme variables (with fallbacks for other front ends), so cards follow light
and dark themes; the level is always given in words and an icon, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from calflib.course import ChapterStatus
from calflib.model import Content, Level, Source
from calflib.quiz import QuizResult
from calflib.screening import Assessment, Reason
from calflib.trainer import Outcome, TrainerFeedback
from calflib.wells import WellsResult

__all__ = [
    "DISCLAIMER",
    "READING_WIDTH",
    "SMALL_TEXT",
    "bullet_list",
    "card",
    "cited",
    "dashboard_card",
    "feedback_card",
    "level_badge",
    "message_card",
    "quiz_feedback_card",
    "scenario_card",
    "sources_list",
    "verdict_card",
    "wells_card",
]

DISCLAIMER = (
    "Education, not diagnosis. This workbook cannot examine you. If you are worried about your "
    "leg, see a clinician; if you are short of breath or have chest pain, call emergency services."
)

_ACCENT = {
    Level.EMERGENCY: "var(--jp-error-color0, #b71c1c)",
    Level.REFER: "var(--jp-error-color1, #d32f2f)",
    Level.WAIT: "var(--jp-warn-color1, #f57c00)",
    Level.MODIFY: "var(--jp-warn-color2, #ffa726)",
    Level.CLEAR: "var(--jp-success-color1, #388e3c)",
}
_BOX = (
    "border:1px solid var(--jp-border-color1, #bdbdbd);border-left:6px solid {accent};"
    "border-radius:4px;padding:0.6em 0.9em;margin:0.4em 0;"
    "color:var(--jp-ui-font-color1, inherit);background:var(--jp-layout-color1, transparent);"
    "font-size:var(--jp-content-font-size1, 14px);line-height:1.5"
)
#: The style of small print: sources, notes, the disclaimer (muted, theme-aware).
SMALL_TEXT = "font-size:0.9em;color:var(--jp-ui-font-color2, inherit)"
#: A comfortable line length for a card (or a figure's caption) shown beside a figure.
READING_WIDTH = "46em"
_BRAND = "var(--jp-brand-color1, #1976d2)"


def card(
    body: str, css_class: str, accent: str = _BRAND, *, live: bool = True, max_width: str = ""
) -> str:
    """A themed card around trusted HTML (callers escape content first).

    ``live`` makes screen readers announce changes (for cards that update as a learner chooses);
    ``accent`` colours the left border, which always repeats what the card says in words.
    """
    aria = ' role="status" aria-live="polite"' if live else ""
    style = _BOX.format(accent=accent) + (f";max-width:{max_width}" if max_width else "")
    return f'<div class="calf-card {css_class}"{aria} style="{style}">{body}</div>'


def bullet_list(texts: Iterable[str], tag: str = "ul") -> str:
    """Texts as an HTML list (``tag`` "ul" or "ol"), each escaped."""
    return f"<{tag}>{''.join(f'<li>{escape(t)}</li>' for t in texts)}</{tag}>"


def cited(keys: Iterable[str]) -> str:
    """Source keys in small print after a statement, e.g. ' [S5a, S38b]'."""
    return f' <span style="{SMALL_TEXT}">[{escape(", ".join(keys))}]</span>'


def level_badge(level: Level, content: Content) -> str:
    """The level as icon plus words, e.g. '⛔ REFER: No massage: see a clinician first'."""
    info = content.levels[level]
    return (
        f'<span aria-hidden="true">{escape(info.icon)}</span> '
        f"<strong>{escape(level.name)}</strong>: {escape(info.title)}"
    )


def sources_list(keys: Iterable[str], content: Content | Mapping[str, Source]) -> str:
    """A compact list of sources: key, title and what kind of source it is, e.g. "(business web
    page)", so a learner can weigh it (from ``content`` or a bibliography mapping)."""
    sources = content.sources if isinstance(content, Content) else content
    items = []
    for key in dict.fromkeys(keys):
        source = sources.get(key)
        title = (
            f"{escape(source.title)} ({escape(source.kind_label)})"
            if source
            else "(not in the bibliography)"
        )
        items.append(f"<li><strong>{escape(key)}</strong> {title}</li>")
    if not items:
        return ""
    return (
        f'<details style="{SMALL_TEXT}"><summary>Sources</summary>'
        f"<ul>{''.join(items)}</ul></details>"
    )


def _reason_item(reason: Reason, content: Content) -> str:
    answer = "you answered yes" if reason.sure else "you answered not sure"
    icon = escape(content.levels[reason.level].icon)
    parts = [
        f'<li><span aria-hidden="true">{icon}</span> '
        f"<strong>{escape(reason.finding.label)}</strong>"
        f" ({answer}; {escape(reason.level.name)})<br>{escape(reason.why)}"
        f"<br><em>What to do:</em> {escape(reason.action)}"
    ]
    parts.append(f"{cited(reason.sources)}</li>")
    return "".join(parts)


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
        items = "".join(_reason_item(r, content) for r in shown)
        body.append(
            f"<details><summary>Why: {len(shown)} reason{'s' if len(shown) != 1 else ''}"
            f"</summary><ul>{items}</ul></details>"
        )
    body.append(sources_list(assessment.sources, content))
    body.append(f'<p style="{SMALL_TEXT}">{escape(DISCLAIMER)}</p>')
    return card("".join(body), f"calf-verdict calf-level-{level.key}", _ACCENT[level])


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
        Outcome.RIGHT: "var(--jp-success-color1, #388e3c)",
        Outcome.TOO_CAUTIOUS: "var(--jp-warn-color1, #f57c00)",
        Outcome.UNSAFE: "var(--jp-error-color1, #d32f2f)",
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
        f"<details><summary>Items counted</summary><ul>{ticked}</ul></details>"
        f'<p style="{SMALL_TEXT}"><strong>Remember:</strong> {escape(result.caution)}</p>'
        f"{sources_list(result.sources, content)}"
    )
    accent = "var(--jp-warn-color1, #f57c00)" if result.likely else "var(--jp-info-color1, #0288d1)"
    return card(
        body, "calf-wells-result " + ("calf-likely" if result.likely else "calf-unlikely"), accent
    )


def message_card(title: str, text: str) -> str:
    """A plain message, used when input was invalid, so a learner never sees a traceback."""
    return card(
        f'<strong><span aria-hidden="true">\N{INFORMATION SOURCE}</span> {escape(title)}</strong>'
        f"<p>{escape(text)}</p>",
        "calf-message",
        "var(--jp-warn-color1, #f57c00)",
    )


def quiz_feedback_card(result: QuizResult, content: Content, *, explain: bool = False) -> str:
    """Feedback on one quiz answer: right or not in words and icon, each option's feedback, and
    (when ``explain``) the explanation with its sources."""
    partly = result.headline.startswith("Partly")
    icon, accent, css = (
        ("\N{HEAVY CHECK MARK}", "var(--jp-success-color1, #388e3c)", "right")
        if result.correct
        else ("\N{ALMOST EQUAL TO}", "var(--jp-warn-color1, #f57c00)", "partly")
        if partly
        else ("\N{HEAVY BALLOT X}", "var(--jp-error-color1, #d32f2f)", "wrong")
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
    "done": "\N{HEAVY CHECK MARK}",
    "in progress": "\N{HORIZONTAL ELLIPSIS}",
    "not started": "\N{WHITE CIRCLE}",
}
_CELL = (
    "border-bottom:1px solid var(--jp-border-color2, #e0e0e0);padding:0.2em 0.6em;text-align:left"
)


def _table(caption: str, headers: list[str], rows: list[list[str]]) -> str:
    """An accessible table: caption, header cells with scope, body cells (already escaped)."""
    head = "".join(f'<th scope="col" style="{_CELL}">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in row) + "</tr>"
        for row in rows
    )
    return (
        '<table style="border-collapse:collapse;margin:0.4em 0">'
        f'<caption style="text-align:left"><strong>{escape(caption)}</strong></caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


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
        + _table("Chapters", ["Chapter", "State", "Self-checks"], chapter_rows)
        + _table("Learning objectives", ["Chapter", "Objective", "State"], goal_rows)
    )
    return card(body, "calf-dashboard", live=False)
