"""Domain errors that tell a teacher or learner exactly what to fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["ContentError", "did_you_mean"]


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
