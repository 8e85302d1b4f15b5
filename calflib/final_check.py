"""The final check's rules: which stories a learner meets, and what counts as a pass.

Pure functions, each rule pinned by ``tests/test_final_check.py``:

* **The draw.** Each round shows ``sum(DRAW.values())`` (12) stories from the final check's own
  pool (``final_stories.toml``), ``DRAW[level]`` at each screening level, so every set covers every
  level. Per level, the stories are put in one order fixed by the learner's seed (a seeded
  shuffle; the widget passes :func:`calflib.learner_seed.ensure_seed`, kept with the progress);
  round ``r`` takes the next ``DRAW[level]`` stories in that order, wrapping round. So the same
  learner and round always give the same set (a restart shows it again), and a retake
  meets stories not seen in the round before; the built-in pool holds at least three times each
  level's quota, so three rounds in a row never repeat a story. The stories of a round are then
  shown in a mixed order, so their position hints at nothing.
* **Part 2 is drawn too.** Each round also asks ``QUESTIONS_PER_ROUND`` (6) of the final
  questions (``final = true``), one per chapter first (then a second per chapter, and so on),
  each chapter's questions taken in a seeded order that moves on one place per round: a retake
  meets other questions wherever a chapter has more than one.
* **The round number only goes up.** A new set is the next round; the widget never goes back to
  a round it has shown, even after "Start again" clears the progress (it reads the kept backups).
* **Marked at the end.** Every item stays open until the learner presses "Finish and see my
  result"; only then are the answers marked, saved (one attempt per item: the first answer is
  kept for good) and the feedback and the answer key shown, so a round cannot be learnt item by
  item.
* **The pass mark.** Passing must mean "safe to screen": a learner passes when every item is
  answered, at least ``PASS_SHARE`` (80%) of the answers are right on the first try, AND no story
  whose answer is emergency or refer was given a lower level. Sending someone with a red flag to a
  massage is the one mistake a score cannot average away; a too-cautious answer only costs a point.
* **Feedback by band.** Passed; not passed for safety (any such under-triage, whatever the score);
  nearly (60% to under 80%); not yet (under 60%). Every band except "passed" names the chapters of
  the objectives that were missed, with the screening chapter first when a story was missed.
* **For the teacher.** :func:`final_rounds` reads a learner's saved answers back into one result
  per round, and :func:`final_story_key` lists every final story with its level and teaching
  point (the answer key).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from calflib.model import Content, Level, Scenario
from calflib.quiz import Question
from calflib.trainer import level_options

__all__ = [
    "DRAW",
    "NEARLY_SHARE",
    "PASS_SHARE",
    "QUESTIONS_PER_ROUND",
    "ROUND_PREFIX",
    "ROUND_SIZE",
    "STORY_CHAPTER",
    "STORY_OBJECTIVE",
    "Band",
    "FinalAnswer",
    "FinalRound",
    "FinalVerdict",
    "StoryKey",
    "draw_questions",
    "draw_stories",
    "final_rounds",
    "final_story_key",
    "is_round_key",
    "judge",
    "parse_round_key",
    "round_key",
    "story_question",
]

#: Stories per level in each round of the final check: 12 in all. Refer and modify get one more
#: each: they are the commonest real answers, and refer is where under-triage hurts most.
DRAW: Mapping[Level, int] = {
    Level.EMERGENCY: 2,
    Level.REFER: 3,
    Level.WAIT: 2,
    Level.MODIFY: 3,
    Level.CLEAR: 2,
}
#: Part 2: how many of the final questions (``final = true``) each round asks.
QUESTIONS_PER_ROUND = 6
#: Items in a full built-in round: the stories plus the part 2 questions (18).
ROUND_SIZE = sum(DRAW.values()) + QUESTIONS_PER_ROUND
PASS_SHARE = 0.8
NEARLY_SHARE = 0.6
#: Where a missed story sends the learner: the screening chapter and its "five levels" objective.
STORY_CHAPTER = "02_when_not_to_massage"
STORY_OBJECTIVE = "grade-five-levels"
_STORY_PROMPT = "A new person. Read their story: what should happen?"


def _seeded(*parts: object) -> random.Random:
    # A str seed is hashed with SHA-512 (seed version 2): the same on every run and platform,
    # unlike hash(), which changes with PYTHONHASHSEED.
    return random.Random("|".join(str(p) for p in parts))


def draw_stories(
    stories: Sequence[Scenario], learner: str, round_number: int
) -> tuple[Scenario, ...]:
    """One round's stories: ``DRAW[level]`` per level, the same for the same learner and round.

    A level with fewer stories than its quota gives all it has (the loader refuses such a file
    for the built-in pool).
    """
    if round_number < 0:
        raise ValueError(f"round_number must be 0 or more, got {round_number}")
    chosen: list[Scenario] = []
    for level, quota in DRAW.items():
        pool = sorted((s for s in stories if s.expected == level), key=lambda s: s.id)
        if not pool:
            continue
        _seeded("final-check", learner, level.key).shuffle(pool)
        count = min(quota, len(pool))
        start = round_number * quota
        chosen.extend(pool[(start + i) % len(pool)] for i in range(count))
    _seeded("final-check-order", learner, round_number).shuffle(chosen)
    return tuple(chosen)


#: Saved answers whose id starts with this are final-check rounds, not question-bank questions.
ROUND_PREFIX = "final-round-"


def round_key(round_number: int, item_id: str) -> str:
    """The id a round's answer is saved under, e.g. ``"final-round-2-final-rose-bush-scratch"``."""
    return f"{ROUND_PREFIX}{round_number}-{item_id}"


def is_round_key(saved_id: str) -> bool:
    """True for a saved answer of a final-check round (a report can leave these out)."""
    return saved_id.startswith(ROUND_PREFIX)


_ROUND_KEY = re.compile(rf"{re.escape(ROUND_PREFIX)}(\d+)-(.+)")


def parse_round_key(saved_id: str) -> tuple[int, str] | None:
    """``(round, item id)`` for a saved final-check answer, None for any other id."""
    match = _ROUND_KEY.fullmatch(saved_id)
    return (int(match.group(1)), match.group(2)) if match else None


def draw_questions(
    questions: Sequence[Question], learner: str, round_number: int
) -> tuple[Question, ...]:
    """Part 2 of one round: ``QUESTIONS_PER_ROUND`` final questions, spread over the chapters.

    Each chapter's questions are put in an order fixed by the learner's name and moved on one
    place per round; the round takes the first question of every chapter (chapters in a seeded
    order), then the second, until it has enough. Same learner and round, same questions.
    """
    if round_number < 0:
        raise ValueError(f"round_number must be 0 or more, got {round_number}")
    by_chapter: dict[str, list[Question]] = {}
    for question in sorted(questions, key=lambda q: q.id):
        by_chapter.setdefault(question.chapter, []).append(question)
    turns: list[list[Question]] = []
    for chapter, pool in sorted(by_chapter.items()):
        _seeded("final-questions", learner, chapter).shuffle(pool)
        turns.append([pool[(round_number + i) % len(pool)] for i in range(len(pool))])
    _seeded("final-questions-chapters", learner, round_number).shuffle(turns)
    depth = max((len(t) for t in turns), default=0)
    layered = [t[i] for i in range(depth) for t in turns if i < len(t)]
    chosen = layered[:QUESTIONS_PER_ROUND]
    order = {q.id: n for n, q in enumerate(questions)}
    return tuple(sorted(chosen, key=lambda q: (q.chapter, order[q.id])))


def story_question(story: Scenario, content: Content) -> Question:
    """A final story as a triage question: five level options, the answer key from the engine."""
    return Question(
        id=story.id,
        chapter=STORY_CHAPTER,
        objective=STORY_OBJECTIVE,
        kind="triage",
        prompt=_STORY_PROMPT,
        explanation=story.teaching_point,
        sources=story.sources,
        options=level_options(story, content),
        scenario=story.id,
        final=True,
    )


@dataclass(frozen=True)
class FinalAnswer:
    """One first answer in a round: right or not; for a story, its title and the levels."""

    question: Question
    correct: bool
    expected: Level | None = None
    chosen: Level | None = None
    title: str = ""

    @property
    def under_triage(self) -> bool:
        """True for an emergency or refer story answered with a lower, less safe level."""
        return (
            self.expected is not None
            and self.chosen is not None
            and self.expected >= Level.REFER
            and self.chosen < self.expected
        )


class Band(Enum):
    """Where a finished (or unfinished) final check stands, in the learner's words."""

    NOT_FINISHED = "not finished"
    PASSED = "passed"
    UNSAFE = "not passed: a red flag was missed"
    NEARLY = "nearly there"
    NOT_YET = "not yet"


@dataclass(frozen=True)
class FinalVerdict:
    """The outcome of a round: band, score, the titles of red-flag stories answered too low, and
    the chapters to go back to (chapter id, objective texts), in order."""

    band: Band
    right: int
    answered: int
    total: int
    missed_red_flags: tuple[str, ...]
    revisit: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def passed(self) -> bool:
        """True only for the passing band."""
        return self.band is Band.PASSED

    @property
    def share(self) -> float:
        """Right answers as a share of all items (0 when there are none)."""
        return self.right / self.total if self.total else 0.0


def judge(
    answers: Sequence[FinalAnswer], total: int, objectives: Mapping[str, str] | None = None
) -> FinalVerdict:
    """Apply the pass rule to a round's first answers (``total`` items in the round).

    ``objectives`` maps objective ids to the text a learner reads (default: the ids).
    """
    if total < 1 or len(answers) > total:
        raise ValueError(f"need 1 or more items and at most that many answers, got {total}")
    right = sum(1 for a in answers if a.correct)
    missed = tuple(a.title or a.question.id for a in answers if a.under_triage)
    if len(answers) < total:
        band = Band.NOT_FINISHED
    elif missed:
        band = Band.UNSAFE
    elif right >= PASS_SHARE * total:
        band = Band.PASSED
    elif right >= NEARLY_SHARE * total:
        band = Band.NEARLY
    else:
        band = Band.NOT_YET
    return FinalVerdict(band, right, len(answers), total, missed, _revisit(answers, objectives))


def _revisit(
    answers: Sequence[FinalAnswer], objectives: Mapping[str, str] | None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Chapters of the missed answers' objectives: the screening chapter first, then in order."""
    texts = objectives or {}
    by_chapter: dict[str, list[str]] = {}
    for answer in answers:
        if answer.correct:
            continue
        q = answer.question
        goals = by_chapter.setdefault(q.chapter, [])
        text = texts.get(q.objective, q.objective)
        if text not in goals:
            goals.append(text)
    order = sorted(by_chapter, key=lambda c: (c != STORY_CHAPTER, c))
    return tuple((chapter, tuple(by_chapter[chapter])) for chapter in order)


@dataclass(frozen=True)
class FinalRound:
    """One round of a learner's final check, as saved: for the teacher's class report."""

    round_number: int
    answered: int
    right: int
    total: int
    band: Band
    missed_red_flags: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True only when the round was finished and passed."""
        return self.band is Band.PASSED

    @property
    def score(self) -> float:
        """Right answers as a share of the round's items (0 when there are none)."""
        return self.right / self.total if self.total else 0.0


def _first_attempt(record: Any) -> tuple[object, bool] | None:
    """The first saved answer and whether it was right (None for a record that is not one)."""
    if not isinstance(record, Mapping):
        return None
    attempts = record.get("attempts")
    first = attempts[0] if isinstance(attempts, list) and attempts else record
    if not isinstance(first, Mapping) or not isinstance(first.get("correct"), bool):
        return None
    return first.get("answer"), first["correct"]


def _level(key: object) -> Level | None:
    try:
        return Level.from_key(key) if isinstance(key, str) else None
    except ValueError:  # an answer saved by an edited story: not a level
        return None


def final_rounds(
    quiz: Mapping[str, Any],
    stories: Sequence[Scenario],
    questions: Iterable[Question] = (),
    *,
    round_size: int = ROUND_SIZE,
) -> tuple[FinalRound, ...]:
    """Each final-check round a learner took, from their saved quiz records, oldest round first.

    ``quiz`` is the ``quiz`` section of a progress file or export: ids ``"final-round-N-<item>"``
    are read, every other id is left out. Each item counts its FIRST saved attempt. ``stories``
    are the final stories (pass ``builtin_final_stories()``), so a story's answer can be
    checked for a missed red flag; ``questions`` (e.g. ``bank.final``) are optional and only
    name part 2's chapters. A round counts as ``round_size`` items (the built-in round: 18),
    or as many as were saved if more; a round with fewer saved answers is
    ``Band.NOT_FINISHED`` (the widget saves a round's answers all at once, when it is finished,
    so only older files have those).
    The pass rule is :func:`judge`'s: every item answered, 80% right at the first try, and no
    emergency or refer story given a lower level.
    """
    by_story = {s.id: s for s in stories}
    by_question = {q.id: q for q in questions}
    items: dict[int, list[FinalAnswer]] = {}
    for saved_id, record in sorted(quiz.items()):
        parsed = parse_round_key(saved_id)
        first = _first_attempt(record)
        if parsed is None or first is None:
            continue
        number, item = parsed
        answer, correct = first
        story = by_story.get(item)
        if story is not None:
            picked = answer[0] if isinstance(answer, list) and answer else answer
            chosen = _level(picked)
            question = Question(item, STORY_CHAPTER, STORY_OBJECTIVE, "triage", "", "", (), ())
            entry = FinalAnswer(question, correct, story.expected, chosen, story.title)
        else:
            question = by_question.get(item) or Question(item, "", "", "single", "", "", (), ())
            entry = FinalAnswer(question, correct)
        items.setdefault(number, []).append(entry)
    rounds = []
    for number, answers in sorted(items.items()):
        verdict = judge(answers, max(round_size, len(answers)))
        rounds.append(
            FinalRound(
                number,
                verdict.answered,
                verdict.right,
                verdict.total,
                verdict.band,
                verdict.missed_red_flags,
            )
        )
    return tuple(rounds)


@dataclass(frozen=True)
class StoryKey:
    """One final story in the answer key: what a screener should conclude, and why."""

    id: str
    title: str
    expected: Level
    teaching_point: str


def final_story_key(stories: Sequence[Scenario]) -> tuple[StoryKey, ...]:
    """The answer key of the final check's stories (pass ``builtin_final_stories()``): every
    story, by level (emergency first) and then title, with its expected level and teaching
    point. The loader has already checked that the screening engine gives each story's level."""
    ordered = sorted(stories, key=lambda s: (-int(s.expected), s.title.lower()))
    return tuple(StoryKey(s.id, s.title, s.expected, s.teaching_point) for s in ordered)
