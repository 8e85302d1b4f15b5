"""When an objective counts as mastered, from every attempt a learner saved (pure functions).

The rule (each part pinned by a test in ``tests/test_mastery.py``):

* A question is *secure* when its latest attempt is right and either

  - every attempt at it was right, the first one a real first try; or
  - after its last wrong attempt, it was answered right again *after a gap*, which is one of:

    a. **time**: at least :data:`GAP_HOURS` (8) hours after that wrong attempt, measured as
       elapsed time, not by calendar date (23:59 then 00:01 is two minutes, in any time zone);
    b. **the rest of the set, met fresh**: between that wrong attempt and the right one, the
       learner met every other question of the same set (the chapter's "Check yourself"
       questions, or the chapter's final-check questions) *for the first time*. Only first
       tries count here: a question retried in between, with its answer already shown, is no
       gap. A set with no other question has only the time gap.

  "Try again" straight away therefore never makes a question secure: it only shows the answer.
  Nor does clicking through: answering every question wrong and then retrying each at once
  makes at most the first one secure (the others were all met before their own wrong answer).
* An answer saved by calflib before attempts were kept (progress format 1, marked ``upgraded``)
  may have followed any number of tries, so it is treated like a wrong attempt for the rule: it is
  never a first try, and the question becomes secure only when answered right again after a gap.
* An objective is *mastered* when it has questions and every one of them is secure.
* The *first-try score* counts questions right at a real first try; the *current score* counts
  questions whose latest attempt is right. Questions never answered count as not right in both.

:data:`RULE_IN_WORDS` says the rule to a learner in plain words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from calflib.quiz import Objective, Question, QuestionBank

__all__ = [
    "GAP_HOURS",
    "RULE_IN_WORDS",
    "ObjectiveMastery",
    "attempts_of",
    "first_try",
    "is_secure",
    "mastery",
]

#: Hours that must pass after a wrong answer before a right one counts on time alone.
GAP_HOURS = 8

RULE_IN_WORDS = (
    "An objective counts as mastered when you got each of its questions right at your first try, "
    "or, after a mistake, right again later: in a later session, at least 8 hours after, or "
    "after meeting the chapter's other questions for the first time in between. "
    '"Try again" straight away shows you the answer, but does not count as mastered.'
)

Attempt = Mapping[str, Any]


@dataclass(frozen=True)
class ObjectiveMastery:
    """A learner's standing on one objective: first-try and current scores, and mastery."""

    objective: Objective
    total: int
    answered: int
    first_try_right: int
    first_try_unknown: int
    right_now: int
    mastered: bool

    @property
    def first_try_score(self) -> float:
        """Share of the objective's questions right at a real first try (0.0 to 1.0)."""
        return self.first_try_right / self.total if self.total else 0.0

    @property
    def current_score(self) -> float:
        """Share of the objective's questions whose latest answer is right (0.0 to 1.0)."""
        return self.right_now / self.total if self.total else 0.0

    @property
    def status(self) -> str:
        """The standing in words: 'mastered', 'not yet mastered' or 'not started'."""
        if self.mastered:
            return "mastered"
        return "not yet mastered" if self.answered else "not started"


def attempts_of(record: Mapping[str, Any] | None) -> tuple[Attempt, ...]:
    """A saved record's attempts, oldest first (a record without them counts as one upgraded)."""
    if not record:
        return ()
    attempts = record.get("attempts")
    if isinstance(attempts, Sequence) and attempts:
        return tuple(a for a in attempts if isinstance(a, Mapping))
    return ({**record, "upgraded": True},)


def first_try(attempts: Sequence[Attempt]) -> bool | None:
    """True/False: the first try was right/wrong; None when never tried or it is not known."""
    if not attempts or attempts[0].get("upgraded") is True:
        return None
    return attempts[0].get("correct") is True


def _instant(attempt: Attempt) -> datetime | None:
    """When an attempt was made, in UTC; None when its time is missing, unreadable or out of
    range (a hand-edited "0001-01-01T00:00:00+05:00" is before the year 1 in UTC)."""
    try:
        moment = datetime.fromisoformat(str(attempt.get("at", "")))
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _met_fresh_between(attempts: Sequence[Attempt], after: datetime, before: datetime) -> bool:
    """Whether a question's real first try (not an upgraded answer) came between two times."""
    if not attempts or attempts[0].get("upgraded") is True:
        return False
    when = _instant(attempts[0])
    return when is not None and after < when < before


def is_secure(attempts: Sequence[Attempt], others: Sequence[Sequence[Attempt]] = ()) -> bool:
    """Whether one question is secure (module rule); ``others``: attempts at the rest of its set.

    An attempt whose time is unknown (missing, unreadable, out of range) never makes a gap: a gap
    needs the times at both ends.
    """
    if not attempts or attempts[-1].get("correct") is not True:
        return False
    doubtful = [
        i for i, a in enumerate(attempts) if a.get("correct") is not True or a.get("upgraded")
    ]
    if not doubtful:
        return True
    last_doubt = _instant(attempts[doubtful[-1]])
    if last_doubt is None:
        return False
    for later in attempts[doubtful[-1] + 1 :]:  # all right: a wrong one would be the last doubt
        when = _instant(later)
        if when is None:
            continue
        if when - last_doubt >= timedelta(hours=GAP_HOURS):
            return True
        if others and all(_met_fresh_between(o, last_doubt, when) for o in others):
            return True
    return False


def _same_set(bank: QuestionBank, question: Question) -> list[Question]:
    return [
        q
        for q in bank.questions.values()
        if q.chapter == question.chapter and q.final == question.final and q.id != question.id
    ]


def mastery(
    bank: QuestionBank, answers: Mapping[str, Mapping[str, Any]]
) -> tuple[ObjectiveMastery, ...]:
    """Per objective of the bank, in bank order: scores and mastery from saved quiz records.

    ``answers`` is a progress store's ``quiz`` section; unknown question ids are ignored.
    """
    result = []
    for objective in bank.objectives.values():
        questions = [q for q in bank.questions.values() if q.objective == objective.id]
        tries = [attempts_of(answers.get(q.id)) for q in questions]
        firsts = [first_try(t) for t in tries]
        secure = [
            is_secure(t, [attempts_of(answers.get(o.id)) for o in _same_set(bank, q)])
            for q, t in zip(questions, tries, strict=True)
        ]
        result.append(
            ObjectiveMastery(
                objective=objective,
                total=len(questions),
                answered=sum(1 for t in tries if t),
                first_try_right=sum(1 for f in firsts if f is True),
                first_try_unknown=sum(
                    1 for t, f in zip(tries, firsts, strict=True) if t and f is None
                ),
                right_now=sum(1 for t in tries if t and t[-1].get("correct") is True),
                mastered=bool(questions) and all(secure),
            )
        )
    return tuple(result)
