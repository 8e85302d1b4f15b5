"""Answer patterns in a question bank: can a learner score without reading the questions?

A learner who always picks the first option, always says "myth", or always picks the longest
option should do no better than someone guessing. This module measures the stored order and
wording of a set of questions (the built-in bank, or a teacher's pack) and says, in figures,
where a pattern could give answers away. The rules, each pinned in ``tests/test_quiz_patterns.py``:

- **Place of the key** (one-answer ``single`` questions): no place in the list holds more than
  40% of the right answers, or, when the questions have few options, more than a blind guess's
  share plus :data:`POSITION_MARGIN` (10 points). With two options a place gets 50% by chance,
  so a flat 40% could never be met (a 5/5 split would warn twice); with four, the cap is 40%.
  Learners see the options shuffled (:func:`calflib.quiz.display_order`), but the answer key,
  printouts and exports show the stored order.
- **Pick-all questions** (``multiple``): at most half list every right option before every wrong
  one.
- **Myth or fact**: between 35% and 65% of the statements are facts, so "always myth" does not pay.
- **Longest option** (``single``): the right option is the longest one (or ties for it) no
  more often than a blind guess would be right, the mean of 1 / number of options. A longer share
  would make "pick the longest" a strategy that beats guessing. (The built-in bank is also held
  to at least half that rate in its tests, so "never pick the longest" is no strategy either.)
- **The only hedged option** (``single``): the right option is the only one hedged ("may",
  "usually", "possibly", ...) no more often than that same guessing rate.

Triage questions answer with the screening levels in their fixed order (see
:mod:`calflib.quiz`) and are not measured here. Findings are warnings: ``calflib check`` prints
them for a teacher's pack and still accepts the pack; the test suite fails on them for the
built-in bank. A rule needs at least :data:`MIN_ITEMS` questions of its kind before it warns, as
a share of two or three questions says nothing about a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from calflib.quiz import Question

__all__ = [
    "FACT_SHARE",
    "MAX_ALL_CORRECT_FIRST",
    "MAX_POSITION_SHARE",
    "MIN_ITEMS",
    "POSITION_MARGIN",
    "PatternReport",
    "answer_patterns",
]

MAX_POSITION_SHARE = 0.40
POSITION_MARGIN = 0.10
MAX_ALL_CORRECT_FIRST = 0.50
FACT_SHARE = (0.35, 0.65)
MIN_ITEMS = 5

# Words that soften a claim: test-writers add them to the true option to keep it true, which
# makes the only hedged option a tell. "about" and "some" are left out: they are far more often
# plain words ("see a GP about it") than hedges.
_HEDGE = re.compile(
    r"\b(may|might|can|could|usually|often|sometimes|possibly|probably|perhaps|likely|"
    r"somewhat|generally|mostly)\b",
    re.IGNORECASE,
)


def _key_place(question: Question) -> int:
    return next(i for i, o in enumerate(question.options) if o.correct)


def _all_correct_first(question: Question) -> bool:
    flags = [o.correct for o in question.options]
    return flags == sorted(flags, reverse=True)


def _longest_is_correct(question: Question) -> bool:
    lengths = {len(o.text) for o in question.options}
    if len(lengths) == 1:  # all the same length: nothing to go by
        return False
    return any(o.correct and len(o.text) == max(lengths) for o in question.options)


def _only_hedge_is_correct(question: Question) -> bool:
    hedged = [o for o in question.options if _HEDGE.search(o.text)]
    return len(hedged) == 1 and hedged[0].correct


@dataclass(frozen=True)
class PatternReport:
    """Counts of the answer patterns in a set of questions (see the module docstring)."""

    singles: int
    key_places: tuple[int, ...]
    multiples: int
    all_correct_first: int
    myth_facts: int
    facts: int
    longest_correct: int
    only_hedge_correct: int
    guess_rate: float

    @property
    def place_shares(self) -> tuple[float, ...]:
        """Share of the one-answer questions whose key is in place 1, 2, 3, ..."""
        return tuple(n / self.singles for n in self.key_places) if self.singles else ()

    @property
    def position_cap(self) -> float:
        """The most right answers one place may hold: 40%, or the guessing rate (the mean of
        1 / number of options) plus 10 points when that is higher (two-option questions)."""
        return max(MAX_POSITION_SHARE, self.guess_rate + POSITION_MARGIN)

    @property
    def all_correct_first_share(self) -> float:
        """Share of the pick-all questions listing every right option first."""
        return self.all_correct_first / self.multiples if self.multiples else 0.0

    @property
    def fact_share(self) -> float:
        """Share of the myth-or-fact statements that are facts."""
        return self.facts / self.myth_facts if self.myth_facts else 0.0

    @property
    def longest_share(self) -> float:
        """Share of the one-answer questions whose key is the longest option (ties count)."""
        return self.longest_correct / self.singles if self.singles else 0.0

    @property
    def only_hedge_share(self) -> float:
        """Share of the one-answer questions whose key is the only hedged option."""
        return self.only_hedge_correct / self.singles if self.singles else 0.0

    def summary(self) -> str:
        """All the figures in one line, for a report."""
        places = ", ".join(f"{n}: {share:.0%}" for n, share in enumerate(self.place_shares, 1))
        return (
            f"right answer by place ({self.singles} one-answer questions): {places or 'none'}; "
            f"pick-all questions with every right option first: {self.all_correct_first} of "
            f"{self.multiples}; facts among myth-or-fact: {self.facts} of {self.myth_facts}; "
            f"right answer is the longest option: {self.longest_share:.0%} "
            f"(guessing: {self.guess_rate:.0%}); right answer is the only hedged option: "
            f"{self.only_hedge_share:.0%}"
        )

    def warnings(self) -> tuple[str, ...]:
        """One sentence per broken rule, with the figures and what to change."""
        found = []
        if self.singles >= MIN_ITEMS:
            for place, share in enumerate(self.place_shares, start=1):
                if share > self.position_cap + 1e-9:
                    found.append(
                        f"the right answer is option {place} in {self.key_places[place - 1]} of "
                        f"{self.singles} one-answer questions ({share:.0%}; keep every place at "
                        f"or under {self.position_cap:.0%}): move some right answers to other "
                        "places (learners see options shuffled, but the answer key and "
                        "printouts show your order)"
                    )
            if self.longest_share > self.guess_rate:
                found.append(
                    f"the right answer is the longest option in {self.longest_correct} of "
                    f"{self.singles} one-answer questions ({self.longest_share:.0%}, more than "
                    f"the {self.guess_rate:.0%} a guess gets right): shorten some right answers "
                    "or give the wrong ones the same detail"
                )
            if self.only_hedge_share > self.guess_rate:
                found.append(
                    f"the right answer is the only option with a hedge word ('may', 'usually', "
                    f"'possibly', ...) in {self.only_hedge_correct} of {self.singles} one-answer "
                    f"questions ({self.only_hedge_share:.0%}): hedge some wrong options too, "
                    "or none"
                )
        if self.multiples >= MIN_ITEMS and self.all_correct_first_share > MAX_ALL_CORRECT_FIRST:
            found.append(
                f"{self.all_correct_first} of {self.multiples} pick-all questions list every "
                f"right option before every wrong one ({self.all_correct_first_share:.0%}; keep "
                f"it at or under {MAX_ALL_CORRECT_FIRST:.0%}): mix right and wrong options"
            )
        low, high = FACT_SHARE
        if self.myth_facts >= MIN_ITEMS and not low <= self.fact_share <= high:
            found.append(
                f"{self.facts} of {self.myth_facts} myth-or-fact statements are facts "
                f"({self.fact_share:.0%}; keep it between {low:.0%} and {high:.0%}), so always "
                f"answering '{'myth' if self.fact_share < low else 'fact'}' scores well: "
                "turn some statements round, or add some"
            )
        return tuple(found)


def answer_patterns(questions: Iterable[Question]) -> PatternReport:
    """Measure the answer patterns of ``questions`` (any mix of kinds; triage is skipped)."""
    qs = list(questions)
    singles = [q for q in qs if q.kind == "single"]
    multiples = [q for q in qs if q.kind == "multiple"]
    myth_facts = [q for q in qs if q.kind == "myth_fact"]
    width = max((len(q.options) for q in singles), default=0)
    places = [0] * width
    for q in singles:
        places[_key_place(q)] += 1
    return PatternReport(
        singles=len(singles),
        key_places=tuple(places),
        multiples=len(multiples),
        all_correct_first=sum(_all_correct_first(q) for q in multiples),
        myth_facts=len(myth_facts),
        facts=sum(q.correct_ids == {"fact"} for q in myth_facts),
        longest_correct=sum(_longest_is_correct(q) for q in singles),
        only_hedge_correct=sum(_only_hedge_is_correct(q) for q in singles),
        guess_rate=sum(1 / len(q.options) for q in singles) / len(singles) if singles else 0.0,
    )
