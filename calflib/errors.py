"""Domain errors that tell a teacher or learner exactly what to fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["ContentError", "ContentProblems", "ProblemCollector", "did_you_mean"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class ContentError(ValueError):
    """A content file (findings, scenarios, sources, ...) is malformed or inconsistent.

    The message always names the file, and where known the entry id and field, e.g.
    ``scenarios.toml: scenario 'late-flight': field 'present': unknown finding 'calf_swollen'
    (did you mean 'calf_swelling_one_side'?)``.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.entry = entry
        self.field = field
        self.problem = problem
        where = [file]
        if entry is not None:
            where.append(entry)
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(": ".join([*where, problem]))


class ContentProblems(ContentError):
    """Several content problems found in one pass; ``problems`` lists each one."""

    def __init__(self, problems: list[ContentError]) -> None:
        self.problems = tuple(problems)
        first = problems[0]
        super().__init__(first.file, first.problem, entry=first.entry, field=first.field)
        self.args = (f"{len(problems)} problems:\n" + "\n".join(f"- {p}" for p in problems),)

    def __str__(self) -> str:
        return str(self.args[0])


class ProblemCollector:
    """Collects ContentErrors entry by entry, so one run reports every broken entry."""

    def __init__(self) -> None:
        self.problems: list[ContentError] = []

    def add(self, problem: ContentError) -> None:
        """Record a problem (several problems from one ContentProblems are all kept)."""
        if isinstance(problem, ContentProblems):
            self.problems.extend(problem.problems)
        else:
            self.problems.append(problem)

    def check(self) -> None:
        """Raise what was collected: the single error itself, or ContentProblems for several."""
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise ContentProblems(self.problems)
