"""What the progress dashboard shows, as HTML built from progress (pure functions, no widgets).

Three accessible tables under the mastery rule in plain words: chapters (including a teacher's
pack's own chapters, by the pack's title when it gives one), learning objectives (first-try
score, score now, and mastered or not, in words with an icon that repeats them) and the learner's
practice self-reports (date, activity, steps done of total, highest discomfort 0-10, note). A
chapter is "done" when all its objectives are mastered (:mod:`calflib.course`); one without
questions is "reference". Every piece of saved or teacher text is escaped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from calflib.card_kit import SMALL_TEXT, card, table
from calflib.course import FINAL_CHAPTER, ChapterStatus
from calflib.mastery import RULE_IN_WORDS, ObjectiveMastery

__all__ = ["PackChapter", "dashboard_html", "objective_rows", "other_chapters", "practice_rows"]

_ICON = {
    "reference": "\N{OPEN BOOK}",
    "done": "\N{HEAVY CHECK MARK}",
    "mastered": "\N{HEAVY CHECK MARK}",
    "in progress": "\N{HORIZONTAL ELLIPSIS}",
    "not yet mastered": "\N{HORIZONTAL ELLIPSIS}",
    "not started": "\N{WHITE CIRCLE}",
}


def _state(state: str) -> str:
    return f'<span aria-hidden="true">{_ICON[state]}</span> {escape(state)}'


def _score(right: int, total: int) -> str:
    return f"{right} of {total} right" if total else "no questions"


def objective_rows(
    scores: Sequence[ObjectiveMastery], titles: Mapping[str, str]
) -> list[list[str]]:
    """Rows of the objectives table: chapter, objective, first try, now, mastered (escaped)."""
    rows = []
    for s in scores:
        first = _score(s.first_try_right, s.total)
        if s.first_try_unknown:
            first += f" ({s.first_try_unknown} answered before first tries were kept)"
        rows.append(
            [
                escape(titles.get(s.objective.chapter, s.objective.chapter)),
                escape(s.objective.text),
                escape(first),
                escape(_score(s.right_now, s.total)),
                _state(s.status),
            ]
        )
    return rows


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else "not given"


#: The self-practice table's columns. "Discomfort", not "Pressure": the saved ``pressure`` is
#: the highest 0-10 discomfort rating the learner gave, not how firmly they pressed.
PRACTICE_COLUMNS = ("Date", "Activity", "Steps done", "Discomfort (0-10)", "Note")


def _steps(report: Mapping[str, Any]) -> str:
    done, total = report.get("steps_done"), report.get("steps_total")
    if isinstance(done, int) and isinstance(total, int) and total > 0:
        return f"{done} of {total}"
    return "not given"


def practice_rows(log: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[str]]:
    """Rows of the self-practice table, newest first: one cell per ``PRACTICE_COLUMNS``, escaped."""
    rows = []
    for activity, report in reversed(log):
        pressure = report.get("pressure")
        rows.append(
            [
                escape(str(report.get("at", ""))[:10] or "unknown"),
                escape(_one_line(report.get("title") or activity)),
                escape(_steps(report)),
                escape(f"highest {pressure} of 10" if pressure not in (None, "") else "not rated"),
                escape(_one_line(report.get("note"))),
            ]
        )
    return rows


@dataclass(frozen=True)
class PackChapter:
    """A chapter only a teacher's pack has: its objectives' mastery, summed."""

    id: str
    title: str  # the pack's title for it, or the id when the pack gives none
    answered: int
    right_now: int
    questions: int
    mastered: int
    objectives: int

    @property
    def state(self) -> str:
        """'done' when every objective is mastered (as for a built-in chapter), else as started."""
        if self.objectives and self.mastered == self.objectives:
            return "done"
        return "in progress" if self.answered else "not started"

    @property
    def label(self) -> str:
        """The chapter's name on the dashboard, marked as the teacher's pack's own."""
        return f"{self.title} (teacher's pack)"


def other_chapters(
    scores: Sequence[ObjectiveMastery],
    known: Collection[str],
    titles: Mapping[str, str] | None = None,
) -> list[PackChapter]:
    """Chapters not in the course's list (a teacher's pack's own), with their pack ``titles``."""
    own: dict[str, list[ObjectiveMastery]] = {}
    for m in scores:
        if m.objective.chapter not in known:
            own.setdefault(m.objective.chapter, []).append(m)
    return [
        PackChapter(
            id=chapter,
            title=(titles or {}).get(chapter) or chapter,
            answered=sum(m.answered for m in ms),
            right_now=sum(m.right_now for m in ms),
            questions=sum(m.total for m in ms),
            mastered=sum(1 for m in ms if m.mastered),
            objectives=len(ms),
        )
        for chapter, ms in sorted(own.items())
    ]


def _mastered(mastered: int, objectives: int) -> str:
    return f"; {mastered} of {objectives} objectives mastered" if objectives else ""


def _checks(s: ChapterStatus) -> str:
    if s.state == "reference":
        return "reference: nothing to answer"
    checks = _score(s.right, s.questions) + " now"
    if s.chapter.id == FINAL_CHAPTER:
        checks += "; final check passed" if s.state == "done" else "; final check not passed yet"
    else:
        checks += _mastered(s.mastered, len(s.mastery))
    if s.scenarios_checked:
        checks += f"; scenarios: {s.scenarios_right} of {s.scenarios_checked} right"
    return checks


def _chapter_rows(
    statuses: Sequence[ChapterStatus], pack_chapters: Sequence[PackChapter]
) -> list[list[str]]:
    rows = [[escape(s.chapter.title), _state(s.state), escape(_checks(s))] for s in statuses]
    for p in pack_chapters:
        checks = _score(p.right_now, p.questions) + " now" + _mastered(p.mastered, p.objectives)
        rows.append([escape(p.label), _state(p.state), escape(checks)])
    return rows


def dashboard_html(
    learner: str,
    statuses: Sequence[ChapterStatus],
    scores: Sequence[ObjectiveMastery],
    practice_log: Sequence[tuple[str, Mapping[str, Any]]],
    pack_chapters: Sequence[PackChapter] = (),
) -> str:
    """The whole dashboard card.

    ``pack_chapters`` (from :func:`other_chapters`): chapters that only a teacher's pack has, so
    they are listed too.
    """
    titles = {s.chapter.id: s.chapter.title for s in statuses}
    titles.update({p.id: p.label for p in pack_chapters})
    practice = practice_rows(practice_log)
    practice_html = (
        table("Your self-practice (newest first)", list(PRACTICE_COLUMNS), practice)
        if practice
        else f'<p style="{SMALL_TEXT}">No self-practice reported yet.</p>'
    )
    body = (
        f"<div><strong>Progress for {escape(learner)}</strong></div>"
        + table(
            "Chapters", ["Chapter", "State", "Self-checks"], _chapter_rows(statuses, pack_chapters)
        )
        + f"<p>{escape(RULE_IN_WORDS)}</p>"
        + table(
            "Learning objectives",
            ["Chapter", "Objective", "First try", "Now", "Mastered?"],
            objective_rows(scores, titles),
        )
        + practice_html
    )
    return card(body, "calf-dashboard", live=False)
