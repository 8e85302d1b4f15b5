"""Handouts for a class: scenario cards to cut out, the teacher's answers, the answer key,
the practical rubric and the glossary (pure functions from content to a printable page's body).

Rules, each pinned by ``tests/test_handouts.py``:

* Every trainer story (built-in and from each pack in use) gets one cut-out card with its title,
  its story and the five calls to choose from, and never its answer; the answers and reasons are
  on a separate teacher's sheet, numbered like the cards.
* The answer key lists the questions in the bank's stored order and each question's options in
  their stored order (what a teacher edits), never a shuffled display order.
* The glossary and rubric come from :mod:`calflib.glossary` and :mod:`calflib.rubric`, imported
  when first used: if either module is missing, :func:`optional_module` says so and that
  handout is left out rather than failing the others.
"""

from __future__ import annotations

import importlib
from html import escape
from types import ModuleType

from calflib.card_kit import level_badge
from calflib.course import chapters as course_chapters
from calflib.model import Content, Level, Scenario
from calflib.quiz import QuestionBank
from calflib.trainer import assess_scenario

__all__ = [
    "answer_key_sheet",
    "glossary_sheet",
    "optional_module",
    "rubric_sheet",
    "scenario_answers",
    "scenario_cards",
]

_CALLS = ("EMERGENCY", "REFER", "WAIT", "MODIFY", "GO AHEAD")
_CARDS_PER_PAGE = 6


def optional_module(name: str) -> ModuleType | None:
    """A calflib module that may not be installed yet (glossary, rubric), or None."""
    try:
        return importlib.import_module(f"calflib.{name}")
    except ModuleNotFoundError:
        return None


def _cite(keys: tuple[str, ...], text: str = "") -> str:
    """Source keys in small print, unless ``text`` already cites every one of them."""
    if not keys or all(key in text for key in keys):
        return ""
    return f' <span class="small">[{escape(", ".join(keys))}]</span>'


def _card(number: int, scenario: Scenario) -> str:
    day = (
        f'<p class="small">Days since the injury: {scenario.days_since_injury}.</p>'
        if scenario.days_since_injury is not None
        else ""
    )
    calls = "".join(f"<span>{c}</span>" for c in _CALLS)
    return (
        f'<article class="cutout"><h2>{number}. {escape(scenario.title)}</h2>'
        f"<p>{escape(scenario.story)}</p>{day}"
        f'<p class="call"><strong>Your call (circle one):</strong><br>{calls}</p>'
        '<p class="call">Why? Which questions decided it?</p><div class="write"></div></article>'
    )


def scenario_cards(content: Content) -> str:
    """Every trainer story on a cut-out card (six to a page), without the answers."""
    stories = list(enumerate(content.scenarios, start=1))
    pages = [stories[i : i + _CARDS_PER_PAGE] for i in range(0, len(stories), _CARDS_PER_PAGE)]
    body = "".join(
        f'<section class="page"><div class="cutouts">{"".join(_card(n, s) for n, s in page)}'
        "</div></section>"
        for page in pages
    )
    return (
        '<h1 class="keep">Scenario cards: cut along the dashed lines</h1>'
        f'<p class="lede">{len(stories)} stories. Give each pair a few cards: they screen the '
        "person in the story with the screening card, circle a call and say which answers decided "
        "it. The answers are on the teacher's sheet, numbered like the cards.</p>"
        f"{body}"
    )


def _answer(number: int, scenario: Scenario, content: Content) -> str:
    result = assess_scenario(scenario, content)
    deciding = [r.finding.label for r in result.reasons if r.level == result.level]
    because = f"<br><em>Decided by:</em> {escape('; '.join(deciding))}" if deciding else ""
    open_ = (
        f"<br><em>Left open in the story (asked as not sure):</em> "
        f"{escape(', '.join(content.findings[f].label for f in scenario.not_sure))}"
        if scenario.not_sure
        else ""
    )
    return (
        f'<tr><th scope="row">{number}. {escape(scenario.title)}</th>'
        f"<td>{level_badge(scenario.expected, content)}{because}{open_}</td>"
        f"<td>{escape(scenario.teaching_point)}{_cite(scenario.sources)}</td></tr>"
    )


def scenario_answers(content: Content) -> str:
    """The teacher's sheet for the scenario cards: each card's call, what decided it, and why."""
    rows = "".join(_answer(n, s, content) for n, s in enumerate(content.scenarios, start=1))
    counts = ", ".join(
        f"{sum(s.expected == level for s in content.scenarios)} {level.name}"
        for level in sorted(Level, reverse=True)
    )
    return (
        '<h1 class="keep">Scenario cards: the teacher\'s answers</h1>'
        f'<p class="lede">The call the screening gives each story, the answers that decide it, '
        f"and the teaching point to discuss ({counts}). A call more cautious than this one is "
        "safe; a less cautious one is the mistake to talk through.</p>"
        '<table class="answers"><thead><tr><th scope="col">Card</th><th scope="col">Call</th>'
        f'<th scope="col">Why</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def answer_key_sheet(bank: QuestionBank, content: Content) -> str:
    """Every self-check question in the bank's stored order, its right answers and why."""
    titles = {s.id: s.title for s in content.scenarios}
    chapters = list(dict.fromkeys(q.chapter for q in bank.questions.values()))
    titles_of = {c.id: c.title for c in course_chapters()}
    parts = ['<h1 class="keep">Answer key: the self-check questions</h1>']
    for chapter in chapters:
        items = []
        for q in bank.for_chapter(chapter):
            story = f" (Story: {escape(titles.get(q.scenario, q.scenario))}.)" if q.scenario else ""
            options = "".join(
                f"<li>{'<strong>Right:</strong> ' if o.correct else ''}{escape(o.text)}</li>"
                for o in q.options
            )
            final = ' <span class="tag">FINAL CHECK</span>' if q.final else ""
            items.append(
                f'<li class="keep"><strong>{escape(q.prompt)}</strong>{story}{final}'
                f'<ul class="opts">{options}</ul><p class="small"><em>Why:</em> '
                f"{escape(q.explanation)}{_cite(q.sources, q.explanation)}</p></li>"
            )
        title = titles_of.get(chapter, chapter)
        parts.append(f"<h2>{escape(chapter[:2])} {escape(title)}</h2><ol>{''.join(items)}</ol>")
    return "".join(parts)


def rubric_sheet() -> str | None:
    """The practical rubric: what an observer checks for each stroke (None without the module)."""
    module = optional_module("rubric")
    if module is None:
        return None
    rubric = module.load_rubric()
    criteria = "".join(
        f'<tr><th scope="row">{"MUST PASS" if c.kind == "safe" else "Quality"}: '
        f"{escape(c.name)}</th><td>{escape(c.look_for)}{_cite(c.sources, c.look_for)}</td></tr>"
        for c in rubric.criteria
    )
    strokes = "".join(
        f'<section class="keep"><h3>{escape(s.name)}</h3><ul>'
        + "".join(f"<li>{escape(item)}</li>" for item in s.observe)
        + "".join(
            f"<li><strong>{escape(c.name)}:</strong> {escape(s.check(c))}</li>"
            for c in rubric.criteria
            if dict(s.look_for).get(c.id)
        )
        + "</ul></section>"
        for s in rubric.strokes
    )
    return (
        '<h1 class="keep">Practical rubric: what to watch for</h1>'
        '<p class="lede">A stroke is safe only when every MUST PASS criterion was seen and met; '
        "anything not seen is not observed, never a pass.</p>"
        f'<table class="criteria"><tbody>{criteria}</tbody></table>'
        f'<h2>Stroke by stroke</h2><div class="cols">{strokes}</div>'
    )


def glossary_sheet() -> str | None:
    """The glossary: every term and its plain definition (None without the module)."""
    module = optional_module("glossary")
    if module is None:
        return None
    terms = sorted(module.load_glossary(), key=lambda t: t.term.lower())
    items = "".join(
        f'<div class="keep"><dt><strong>{escape(t.term)}</strong></dt>'
        f"<dd>{escape(t.definition)}{_cite(t.sources, t.definition)}</dd></div>"
        for t in terms
    )
    return (
        '<h1 class="keep">Glossary</h1>'
        f'<p class="lede">{len(terms)} words from the workbook, in plain words.</p>'
        f'<dl class="cols glossary">{items}</dl>'
    )
