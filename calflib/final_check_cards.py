"""What the final check shows a learner about a round: the pass rule, the score, where to go next,
and, once the round is finished, every item with the learner's answer, the key and the reason.

Pure functions building HTML from :mod:`calflib.final_check` results (escaped, theme-aware), so
what a learner reads can be tested and printed without a kernel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from calflib.card_kit import LINK_STYLE, SMALL_TEXT, bullet_list, card, message_card
from calflib.final_check import NEARLY_SHARE, PASS_SHARE, Band, FinalVerdict
from calflib.icons import icon
from calflib.palette import THEME
from calflib.quiz import Question

__all__ = [
    "FINISH_LABEL",
    "MARKED_AT_THE_END",
    "PASS_RULE",
    "ItemReview",
    "item_review",
    "review_card",
    "verdict_card",
    "waiting_card",
]

#: The button that ends a round (the notebook and the guide use the same words).
FINISH_LABEL = "Finish and see my result"
#: How marking works, in a learner's words.
MARKED_AT_THE_END = (
    f"Nothing is marked until you press {FINISH_LABEL}: until then you can change any answer. "
    "Then every item is marked at once, your answers are saved, and you see each item's answer "
    "and the reason for it."
)

#: The pass rule in a learner's words (the notebook says the same).
PASS_RULE = (
    f"To pass, answer every item and get at least {PASS_SHARE:.0%} right on your first try, "
    "and never give a lower level to a story whose answer is EMERGENCY or REFER. Sending "
    "someone with a warning sign to a massage is the one mistake a good score cannot make up for."
)

_ACCENT = {
    Band.NOT_FINISHED: THEME["brand"],
    Band.PASSED: THEME["success"],
    Band.UNSAFE: THEME["error"],
    Band.NEARLY: THEME["warn"],
    Band.NOT_YET: THEME["warn"],
}
_ICON = {
    Band.NOT_FINISHED: "✎",
    Band.PASSED: "check",
    Band.UNSAFE: "stop",
    Band.NEARLY: "↻",
    Band.NOT_YET: "↻",
}
_HEADLINE = {
    Band.NOT_FINISHED: "Keep going",
    Band.PASSED: "Passed: you screened new people safely",
    Band.UNSAFE: "Not passed: a warning sign was missed",
    Band.NEARLY: "Nearly there",
    Band.NOT_YET: "Not yet",
}
_ADVICE = {
    Band.NOT_FINISHED: (
        f"Answer every item, then press {FINISH_LABEL}: your result appears here then."
    ),
    Band.PASSED: (
        "Well done. Before you massage anyone, still go through the screening questions for that "
        "person, every time."
    ),
    Band.UNSAFE: (
        "Whatever the score, this round is not a pass: a story that needed a clinician or an "
        "emergency call was given a lower level. Go back to the screening chapter first, then "
        "take a new set of stories."
    ),
    Band.NEARLY: (
        f"You need {PASS_SHARE:.0%}. Look again at the chapters below, then take a new set of "
        "stories."
    ),
    Band.NOT_YET: (
        f"Under {NEARLY_SHARE:.0%} right: work through the chapters below again before you take "
        "a new set of stories."
    ),
}


def _link(chapter: str, title: str) -> str:
    return (
        f'<a href="{escape(chapter)}.ipynb" style="{LINK_STYLE}">'
        f"{escape(chapter[:2])} {escape(title)}</a>"
    )


def verdict_card(verdict: FinalVerdict, chapter_titles: Mapping[str, str]) -> str:
    """The round's result: band in words and icon, score, missed red flags, chapters to revisit."""
    band = verdict.band
    score = (
        f"{verdict.answered} of {verdict.total} answered"
        if band is Band.NOT_FINISHED
        else f"{verdict.right} of {verdict.total} right ({verdict.share:.0%})"
    )
    parts = [
        f"<strong>{icon(_ICON[band])} {escape(_HEADLINE[band])}</strong>",
        f"<p>{escape(score)}. {escape(_ADVICE[band])}</p>",
    ]
    if verdict.missed_red_flags:
        titles = "".join(f"<li>{escape(title)}</li>" for title in verdict.missed_red_flags)
        parts.append(f"<p>Stories that needed more caution than you gave:</p><ul>{titles}</ul>")
    if band is not Band.NOT_FINISHED and verdict.revisit:
        items = "".join(
            f"<li>{_link(chapter, chapter_titles.get(chapter, chapter))}, for these objectives:"
            f"{bullet_list(goals)}</li>"
            for chapter, goals in verdict.revisit
        )
        parts.append(f"<p>Go back to:</p><ul>{items}</ul>")
    parts.append(f'<p style="{SMALL_TEXT}">{escape(PASS_RULE)}</p>')
    return card("".join(parts), "calf-final-verdict", _ACCENT[band])


def waiting_card(total: int, missing: Sequence[int] = ()) -> str:
    """Before a round is finished: how marking works, and which item numbers have no answer yet."""
    text = MARKED_AT_THE_END
    if missing:
        numbers = ", ".join(str(n) for n in missing)
        item = "Item" if len(missing) == 1 else "Items"
        verb = "has" if len(missing) == 1 else "have"
        text = f"{item} {numbers} {verb} no answer yet: answer all {total} first. {text}"
    return message_card("Answer every item, then finish", text)


@dataclass(frozen=True)
class ItemReview:
    """One marked item, as the result lists it."""

    number: int
    label: str
    chosen: str
    key: str
    correct: bool
    explanation: str


def item_review(
    number: int, question: Question, chosen: Sequence[str], correct: bool, title: str = ""
) -> ItemReview:
    """An item's line in the result: its title (a story) or question, the answer given, the key."""
    texts = {o.id: o.text for o in question.options}
    return ItemReview(
        number,
        title or question.prompt,
        ", ".join(texts.get(i, i) for i in chosen) or "no answer",
        ", ".join(o.text for o in question.options if o.correct),
        correct,
        question.explanation,
    )


def review_card(items: Sequence[ItemReview]) -> str:
    """The finished round, item by item: right or not, the answer given, the answer, the reason."""
    rows = []
    for item in items:
        mark = f"{icon('check')} Right" if item.correct else f"{icon('↻')} Not right"
        rows.append(
            f"<li><strong>{item.number}. {escape(item.label)}</strong>: {mark}. "
            f"Your answer: {escape(item.chosen)}."
            + ("" if item.correct else f" The answer: {escape(item.key)}.")
            + f'<br><span style="{SMALL_TEXT}">{escape(item.explanation)}</span></li>'
        )
    body = f"<strong>Item by item</strong><ul>{''.join(rows)}</ul>"
    return card(body, "calf-final-review", THEME["brand"])
