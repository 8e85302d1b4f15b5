"""Which files in a teacher's pack folder are read, and naming those that would be missed.

A pack reads ``scenarios.toml``, ``questions.toml``, ``questions-*.toml`` and ``sources.toml``
(see :mod:`calflib.packs`). A file that looks meant for the pack but would not be read
(``scenario.toml``, ``questions.toml.txt``, ``questions-2.TOML``) is a problem with a
did-you-mean, never silently ignored: its entries would be lost without a word.
"""

from __future__ import annotations

from pathlib import Path

from calflib.errors import ContentError, did_you_mean
from calflib.quiz_loader import question_files

__all__ = ["PACK_FILES", "unknown_files"]

#: The files a pack reads.
PACK_FILES = ("scenarios.toml", "questions.toml", "questions-*.toml", "sources.toml")
_NO_FINAL_STORIES = (
    "packs cannot add final-check stories (they are kept new for every learner); put trainer "
    "stories in scenarios.toml"
)
_PACK_STEMS = ("question", "scenario", "source")


def unknown_files(folder: Path, label: str) -> list[ContentError]:
    """Problems for files the pack would never read (``scenario.toml``, ``questions.toml.txt``,
    ``questions-2.TOML``) is named with a did-you-mean, so its entries are not silently left out.

    Looked at: every ``.toml`` file, and any file whose name starts like a pack file's
    (``questions``, ``scenario``, ``source``) or holds ``.toml`` in any case.
    """
    known = {"scenarios.toml", "sources.toml", *question_files(folder)}
    problems = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        lower = path.name.lower()
        looks_like_pack_file = ".toml" in lower or lower.startswith(_PACK_STEMS)
        if path.name in known or not looks_like_pack_file:
            continue
        if lower.startswith("final_stor"):
            problems.append(ContentError(label + path.name, _NO_FINAL_STORIES))
            continue
        problems.append(
            ContentError(
                label + path.name,
                f"a pack does not read this file{_file_hint(path.name)}; "
                f"it reads {', '.join(PACK_FILES)} (names in lower case, ending in .toml)",
            )
        )
    return problems


def _file_hint(name: str) -> str:
    """' (did you mean 'x'?)' for a misnamed pack file: case and extra endings first."""
    lower = name.lower()
    base = lower[: lower.index(".toml") + 5] if ".toml" in lower else lower
    named = base in ("scenarios.toml", "questions.toml", "sources.toml")
    if base != name and (named or (base.startswith("questions-") and base.endswith(".toml"))):
        return f" (did you mean '{base}'?)"
    return did_you_mean(name, PACK_FILES)
