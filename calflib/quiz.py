"""Self-check questions: the question model, grading, and per-objective summaries.

Four kinds of question, all in ``content/questions.toml`` (and in teachers' content packs):

* ``single``: pick one option; ``multiple``: pick every correct option (all and only those);
* ``myth_fact``: decide whether a statement is a myth or a fact;
* ``triage``: read a scenario from ``scenarios.toml`` and answer with a screening level. Its answer
  key comes from the screening engine, so it can never drift from the rules.

Every option carries its own feedback, every question an explanation, the learning objective it
checks, and source keys. Grading is a pure function; nothing here imports widgets.

The order a learner sees (:func:`display_order`), each rule pinned in ``tests/test_quiz.py``:

* ``single`` and ``multiple`` options are shuffled per learner and question, from a SHA-256 hash
  of the learner's seed, the question id and the option id. The seed is random per learner and
  kept with their progress (:mod:`calflib.learner_seed`), not their name: notebooks call every
  learner "default". So the order is the same after every restart, differs between learners, and
  no place in the list gives the answer away. Answers are
  stored as option ids, so a saved answer always maps back to its option.
* ``triage`` options keep the screening's own order, most serious first. That order is a scale
  the learner learns to read (emergency down to go ahead), not a pattern: the right level varies
  with the scenario, and shuffling a scale would hide what the chapter teaches.
* ``myth_fact`` options are always shown "Myth" then "Fact", whatever the file's order, so the
  file's order cannot leak the key; the pattern report keeps the share of facts balanced.

The stored order (what the answer key and printouts show) is balanced in the built-in files;
:mod:`calflib.quiz_patterns` measures it.
:mod:`calflib.quiz_loader` reads and checks the question files
(:func:`~calflib.quiz_loader.load_questions`, :func:`~calflib.content_in_use.default_bank`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from calflib.errors import did_you_mean

__all__ = [
    "KINDS",
    "Objective",
    "ObjectiveScore",
    "Option",
    "Question",
    "QuestionBank",
    "QuizResult",
    "display_order",
    "grade",
    "objective_summary",
]

KINDS = ("single", "multiple", "myth_fact", "triage")


@dataclass(frozen=True)
class Objective:
    """A learning objective a chapter states at its top and its questions check."""

    id: str
    chapter: str
    text: str


@dataclass(frozen=True)
class Option:
    """One answer option with the feedback a learner sees when choosing it."""

    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One self-check question."""

    id: str
    chapter: str
    objective: str
    kind: str
    prompt: str
    explanation: str
    sources: tuple[str, ...]
    options: tuple[Option, ...]
    scenario: str = ""
    final: bool = False

    @property
    def correct_ids(self) -> frozenset[str]:
        """Ids of the correct options (for triage: the level the screening engine gives)."""
        return frozenset(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> Option:
        """The option with this id (ValueError with a suggestion when there is none)."""
        for option in self.options:
            if option.id == option_id:
                return option
        ids = [o.id for o in self.options]
        raise ValueError(
            f"question '{self.id}' has no option {option_id!r}{did_you_mean(option_id, ids)}; "
            f"options are {', '.join(ids)}"
        )


@dataclass(frozen=True)
class QuestionBank:
    """Objectives and questions, cross-checked against sources and scenarios."""

    objectives: Mapping[str, Objective]
    questions: Mapping[str, Question]

    def for_chapter(self, chapter: str) -> tuple[Question, ...]:
        """The "Check yourself" questions of one chapter, in file order."""
        return tuple(q for q in self.questions.values() if q.chapter == chapter and not q.final)

    @property
    def final(self) -> tuple[Question, ...]:
        """The final check: questions marked ``final = true``, in chapter order."""
        order = {chapter: i for i, chapter in enumerate(self.chapters)}
        finals = [q for q in self.questions.values() if q.final]
        return tuple(sorted(finals, key=lambda q: order.get(q.chapter, len(order))))

    @property
    def chapters(self) -> tuple[str, ...]:
        """Chapters that have objectives, in chapter order (their ids start with the number)."""
        return tuple(sorted({o.chapter for o in self.objectives.values()}))


def _shuffle_key(seed: str, question_id: str, option_id: str) -> bytes:
    # hashlib, not hash(): Python randomises hash() per process, and the order must survive a
    # restart. Hashing each option on its own keeps the others' order when one option is added.
    return hashlib.sha256("\x1f".join((seed, question_id, option_id)).encode("utf-8")).digest()


def display_order(question: Question, seed: str) -> tuple[Option, ...]:
    """The options in the order a learner with this seed sees them (module docstring: the rules).

    ``seed`` is the learner's :func:`calflib.learner_seed.seed_for` value. Any string works (it
    was once the learner's name), but a name gives every "default" learner the same order.
    """
    if question.kind == "triage":
        return question.options
    if question.kind == "myth_fact":
        return tuple(sorted(question.options, key=lambda o: o.id != "myth"))
    return tuple(sorted(question.options, key=lambda o: _shuffle_key(seed, question.id, o.id)))


@dataclass(frozen=True)
class QuizResult:
    """The outcome of one answer: right or not, feedback per option, and the explanation."""

    question: Question
    chosen: frozenset[str]
    correct: bool
    headline: str
    feedback: tuple[tuple[Option, bool], ...]
    explanation: str


def grade(question: Question, chosen: str | Iterable[str]) -> QuizResult:
    """Grade an answer: one option id (single, myth_fact, triage) or a set of ids (multiple)."""
    picked = frozenset([chosen] if isinstance(chosen, str) else chosen)
    for option_id in picked:
        question.option(option_id)
    if question.kind != "multiple" and len(picked) != 1:
        raise ValueError(f"question '{question.id}' takes exactly one answer, got {len(picked)}")
    if not picked:
        raise ValueError(f"question '{question.id}': choose at least one option")
    right = question.correct_ids
    correct = picked == right
    if correct:
        headline = "Right."
    elif question.kind == "multiple" and picked & right:
        headline = (
            f"Partly right: {len(picked & right)} of {len(right)} correct options chosen, "
            f"{len(picked - right)} wrong one{'s' if len(picked - right) != 1 else ''}."
        )
    else:
        headline = "Not quite."
    shown = tuple((o, o.id in picked) for o in question.options if o.id in picked or o.correct)
    return QuizResult(question, picked, correct, headline, shown, question.explanation)


@dataclass(frozen=True)
class ObjectiveScore:
    """How a learner stands on one objective: questions answered and answered right."""

    objective: Objective
    total: int
    answered: int
    right: int

    @property
    def done(self) -> bool:
        """True when every question for this objective has been answered right."""
        return self.right == self.total


def objective_summary(
    bank: QuestionBank, answers: Mapping[str, Mapping[str, object]]
) -> tuple[ObjectiveScore, ...]:
    """Per objective: how many of its questions have been answered and answered right.

    ``answers`` maps question ids to records with a boolean ``"correct"`` (as the progress store
    keeps them); unknown question ids are ignored, so old progress never breaks a summary.
    """
    scores = []
    for objective in bank.objectives.values():
        qs = [q for q in bank.questions.values() if q.objective == objective.id]
        answered = [answers[q.id] for q in qs if q.id in answers]
        right = sum(1 for a in answered if a.get("correct") is True)
        scores.append(ObjectiveScore(objective, len(qs), len(answered), right))
    return tuple(scores)
