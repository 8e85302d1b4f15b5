"""The progress file's format: its versions, the upgrade from each old version, and checking it.

Rules (each pinned by a test in ``tests/test_progress_format.py``):

* A progress document says ``"format": "calflib-progress"`` and a whole-number ``"version"``.
  A newer version than this calflib knows is refused (``NewerFormatError``), never guessed at.
* An older version is upgraded one step at a time (``_upgrade_v1_to_v2``, ...), in memory; the
  file is rewritten in the new format the next time something is saved. Nothing is dropped.
* Version 2 keeps every attempt. A quiz or scenario record keeps its latest answer at the top
  (``answer``/``chosen``, ``correct``, ``at``: what version 1 readers looked at) and every attempt,
  oldest first, under ``attempts``; the first attempt is kept for good.
* Version 1 kept only the latest answer, so it is not known whether that answer was a first try.
  Upgrading makes it one attempt marked ``"upgraded": true``; the mastery rule
  (:mod:`calflib.mastery`) never counts such an attempt as a first try.
* Version 2 adds ``practice`` (activity id -> the learner's self-reports, oldest first, each with
  a ``title`` and ``at``) and ``settings`` (name -> any JSON value, e.g. the final check's round,
  or ``progress_resets``: when the learner started again).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ATTEMPT_SECTIONS",
    "FORMAT",
    "FORMAT_VERSION",
    "NewerFormatError",
    "Progress",
    "ProgressError",
    "parse_progress",
    "upgrade",
]

FORMAT = "calflib-progress"
FORMAT_VERSION = 2
#: Sections whose records keep every attempt, and the field that holds the answer in each.
ATTEMPT_SECTIONS = {"quiz": "answer", "scenarios": "chosen"}
_RECORD_SECTIONS = ("quiz", "scenarios", "chapters")


class ProgressError(RuntimeError):
    """Progress cannot be read or written; the message says why and what to do.

    ``where`` is the file (or the name a learner gave it), ``reason`` what is wrong with it.
    """

    def __init__(self, message: str, *, where: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.where = where
        self.reason = reason or message


class NewerFormatError(ProgressError):
    """The file was written by a newer calflib; it is refused and left as it is."""


@dataclass(frozen=True)
class Progress:
    """A snapshot of one learner's progress.

    ``quiz`` and ``scenarios`` map ids to the latest answer plus ``attempts`` (oldest first);
    ``chapters`` to ``completed``; ``practice`` maps activity ids to self-reports (oldest first);
    ``settings`` maps names to JSON values.
    """

    learner: str
    quiz: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    scenarios: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    chapters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    practice: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    updated: str = ""
    #: The format version the file was written in (it is upgraded on reading; never saved).
    source_version: int = FORMAT_VERSION

    def attempts(self, question_id: str) -> tuple[Mapping[str, Any], ...]:
        """Every saved attempt at a quiz question, oldest first (empty if never answered)."""
        record = self.quiz.get(question_id)
        return tuple(record.get("attempts", ())) if record else ()

    def practice_log(self) -> tuple[tuple[str, Mapping[str, Any]], ...]:
        """Every practice self-report as (activity id, report), oldest first."""
        pairs = [(a, r) for a, reports in self.practice.items() for r in reports]
        return tuple(sorted(pairs, key=lambda pair: str(pair[1].get("at", ""))))

    def to_json(self) -> dict[str, Any]:
        """The on-disk and export form (always the current version)."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "learner": self.learner,
            "updated": self.updated,
            "quiz": {k: dict(v) for k, v in self.quiz.items()},
            "scenarios": {k: dict(v) for k, v in self.scenarios.items()},
            "chapters": {k: dict(v) for k, v in self.chapters.items()},
            "practice": {k: [dict(r) for r in v] for k, v in self.practice.items()},
            "settings": dict(self.settings),
        }


def _refuse(where: str, reason: str) -> ProgressError:
    return ProgressError(f"{where}: {reason}", where=where, reason=reason)


def _upgrade_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept the latest answer only: it becomes one attempt, marked as upgraded."""
    new = _with_attempts(data)
    new.setdefault("practice", {})
    new.setdefault("settings", {})
    new["version"] = 2
    return new


def _with_attempts(data: dict[str, Any]) -> dict[str, Any]:
    """Every quiz and scenario record with ``attempts``: one without (version 1, or edited by
    hand) gets its answer as its one attempt, marked ``upgraded``."""
    new = dict(data)
    for section, answer_field in ATTEMPT_SECTIONS.items():
        records = data.get(section, {})
        if not isinstance(records, dict):
            continue  # left for the checks below to refuse with a clear reason
        upgraded: dict[str, Any] = {}
        for key, record in records.items():
            if isinstance(record, dict) and "attempts" not in record:
                attempt = {
                    answer_field: record.get(answer_field),
                    "correct": record.get("correct") is True,
                    "at": str(record.get("at", "")),
                    "upgraded": True,
                }
                record = {**record, "attempts": [attempt]}
            upgraded[key] = record
        new[section] = upgraded
    return new


#: One step per version: the function that turns version N into N + 1.
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _upgrade_v1_to_v2}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a decoded document of an older version up to :data:`FORMAT_VERSION`, step by step."""
    while (version := data["version"]) < FORMAT_VERSION:
        data = _UPGRADES[version](data)
    return data


def _is_attempt_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(a, dict) for a in value)


def parse_progress(data: object, where: str) -> Progress:
    """Check a decoded progress document (any known version) and build a Progress.

    Raises ProgressError when it is wrong, NewerFormatError when a newer calflib wrote it.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        reason = f'no "format": "{FORMAT}"'
        raise ProgressError(
            f"{where}: not a calflib progress file ({reason})", where=where, reason=reason
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(where, f"'version' must be a whole number from 1, got {version!r}")
    if version > FORMAT_VERSION:
        reason = (
            f"written by a newer calflib (progress format {version}; this one reads up to "
            f"{FORMAT_VERSION})"
        )
        raise NewerFormatError(
            f"{where}: {reason}. Update calflib (run the set-up again); the file is left as is.",
            where=where,
            reason=reason,
        )
    data = _with_attempts(upgrade(data))
    sections: dict[str, dict[str, dict[str, Any]]] = {}
    for name in _RECORD_SECTIONS:
        section = data.get(name, {})
        if not isinstance(section, dict) or not all(
            isinstance(k, str) and isinstance(v, dict) for k, v in section.items()
        ):
            raise _refuse(where, f"'{name}' must map ids to records")
        if name in ATTEMPT_SECTIONS and not all(
            _is_attempt_list(v.get("attempts", [])) for v in section.values()
        ):
            raise _refuse(where, f"'{name}': every 'attempts' must be a list of records")
        sections[name] = section
    practice = data.get("practice", {})
    if not isinstance(practice, dict) or not all(
        isinstance(k, str) and _is_attempt_list(v) for k, v in practice.items()
    ):
        raise _refuse(where, "'practice' must map activity ids to lists of reports")
    settings = data.get("settings", {})
    if not isinstance(settings, dict) or not all(isinstance(k, str) for k in settings):
        raise _refuse(where, "'settings' must map names to values")
    learner = data.get("learner")
    if not isinstance(learner, str) or not learner:
        raise _refuse(where, "'learner' must be a non-empty name")
    updated = data.get("updated", "")
    return Progress(
        learner=learner,
        quiz=sections["quiz"],
        scenarios=sections["scenarios"],
        chapters=sections["chapters"],
        practice=practice,
        settings=settings,
        updated=updated if isinstance(updated, str) else "",
        source_version=version,
    )
