"""The question bank in Moodle's GIFT format, to import into a Moodle question bank (pure text).

What each question becomes (Moodle's question types):

* ``single`` and ``triage``: multiple choice, one answer (``=`` right, ``~`` wrong). A triage
  question's text carries the scenario's title and story, and its options and key are the bank's,
  which the screening rules computed (never typed by hand).
* ``myth_fact``: multiple choice between "Myth" and "Fact" (so each keeps its own feedback).
* ``multiple``: multiple choice, several answers: each right option weighs ``100/n`` percent,
  each wrong one ``-100`` percent, so any wrong pick scores nothing (as in the workbook, where only
  all and only the right options count; Moodle gives part marks for some of the right ones).

Every option's feedback follows ``#``; the explanation is the general feedback (``####``). Each
chapter is a category (``$CATEGORY: calflib/<chapter>``; the final check ``calflib/final_check``).
Text is HTML (``[html]``): teacher text is HTML-escaped first, so it is shown as typed, then GIFT's
special characters ``~ = # { } :`` and the backslash are escaped with a backslash. A line break
becomes ``<br>``, so no line of the file can start a comment or end a question early.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from calflib.model import Content
from calflib.quiz import Question, QuestionBank

__all__ = ["GIFT_SPECIAL", "gift_escape", "gift_problems", "gift_text", "question_gift"]

#: Characters GIFT gives a meaning; in text each is written with a backslash before it.
GIFT_SPECIAL = "~=#{}:"
_SPECIAL = re.compile(r"([\\~=#{}:])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: The weights Moodle accepts for one right option of n (its list of grade fractions).
_ALLOWED_SHARES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"} | {
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}


def gift_escape(text: str) -> str:
    """Teacher text as GIFT [html] text: HTML-escaped, line breaks as <br>, specials escaped."""
    escaped = html.escape(text, quote=False)
    return _SPECIAL.sub(r"\\\1", _LINE_BREAK.sub("<br>", escaped))


def _category(question: Question) -> str:
    name = "final_check" if question.final else question.chapter
    return "calflib/" + re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def _text(question: Question, content: Content) -> str:
    parts = [question.prompt]
    if question.kind == "triage":
        scenario = next(s for s in content.scenarios if s.id == question.scenario)
        parts += [f"Scenario: {scenario.title}", scenario.story]
    return "".join(f"<p>{gift_escape(p)}</p>" for p in parts)


def _marks(question: Question) -> tuple[str, str]:
    """The marks before a right and a wrong option."""
    if question.kind != "multiple":
        return "=", "~"
    right = len(question.correct_ids)
    share = _ALLOWED_SHARES.get(right)
    if share is None:
        raise ValueError(_too_many_right(question.id, right))
    return f"~%{share}%", "~%-100%"


def _too_many_right(qid: str, right: int) -> str:
    return (
        f"question '{qid}' has {right} right options; Moodle's GIFT import takes at most "
        f"{max(_ALLOWED_SHARES)} in a multiple-answer question: split it in two, or turn some "
        "statements round so they are wrong"
    )


def gift_problems(questions: Iterable[Question]) -> tuple[str, ...]:
    """Why some questions could not be written as GIFT (``calflib check`` warns of them)."""
    return tuple(
        _too_many_right(q.id, len(q.correct_ids))
        for q in questions
        if q.kind == "multiple" and len(q.correct_ids) not in _ALLOWED_SHARES
    )


def question_gift(question: Question, content: Content) -> str:
    """One question as a GIFT block (no blank line inside)."""
    right_mark, wrong_mark = _marks(question)
    lines = [f"::{gift_escape(question.id)}::[html]{_text(question, content)}{{"]
    for option in question.options:
        mark = right_mark if option.correct else wrong_mark
        lines.append(f"\t{mark}{gift_escape(option.text)}#{gift_escape(option.feedback)}")
    lines += [f"\t####{gift_escape(question.explanation)}", "}"]
    return "\n".join(lines)


def _in_order(bank: QuestionBank) -> Iterable[Question]:
    chapters = dict.fromkeys(q.chapter for q in bank.questions.values())
    for chapter in chapters:
        yield from bank.for_chapter(chapter)
    yield from bank.final


def gift_text(bank: QuestionBank, content: Content) -> str:
    """The whole bank as a GIFT file: a category line before each chapter's questions."""
    blocks = [
        "// Calf Massage Workbook question bank, written by `calflib gift`.\n"
        "// Import in Moodle: Question bank > Import > GIFT format."
    ]
    category = ""
    for question in _in_order(bank):
        if _category(question) != category:
            category = _category(question)
            blocks.append(f"$CATEGORY: {category}")
        blocks.append(question_gift(question, content))
    return "\n\n".join(blocks) + "\n"
