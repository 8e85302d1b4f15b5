"""Changing progress records: adding an attempt or a self-report, and merging two progress files.

Rules (pinned in ``tests/test_progress.py``):

* An attempt is appended with its time; earlier attempts, the first above all, are never changed.
  The record's top fields (answer, ``correct``, ``at``) always repeat its latest attempt.
* Merging an export into saved progress keeps every attempt and every self-report of both, once
  each (the same attempt imported twice is kept once), in time order. Chapters: the newer record
  wins. Settings: those already saved stay; the export adds the ones missing.
* With ``replace`` the export's section replaces the saved one (the learner asked for that).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from calflib.progress_format import ATTEMPT_SECTIONS

__all__ = ["append_attempt", "append_report", "check_saveable", "merge_sections", "now"]


def now() -> str:
    """The time to store with a change: UTC, ISO 8601, to the microsecond (attempts are ordered)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def check_saveable(what: str, key: str, value: object) -> None:
    """Refuse (ValueError) a value JSON would not keep as it is: NaN or infinity, a dict key
    that is not text. ``what`` and ``key`` name it in the message."""

    def keys_are_text(item: object) -> bool:
        if isinstance(item, Mapping):
            return all(isinstance(k, str) and keys_are_text(v) for k, v in item.items())
        if isinstance(item, list | tuple):
            return all(keys_are_text(v) for v in item)
        return True

    if not keys_are_text(value):
        raise ValueError(
            f"{what} {key!r}: every dict key must be text (JSON would turn 1 into '1'); "
            "use string keys"
        )
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        raise ValueError(
            f"{what} {key!r}: NaN and infinity cannot be saved (JSON has no such numbers); "
            "save a finite number, or None"
        ) from None


def _latest(attempts: list[dict[str, Any]], answer_field: str) -> dict[str, Any]:
    last = attempts[-1]
    return {
        answer_field: last.get(answer_field),
        "correct": last.get("correct") is True,
        "at": last.get("at", ""),
        "attempts": attempts,
    }


def append_attempt(
    section: dict[str, Any], key: str, answer_field: str, answer: object, correct: bool
) -> None:
    """Add one attempt at ``key`` to a decoded section (``answer_field``: answer or chosen)."""
    json.dumps(answer)  # an answer that cannot be saved fails here, before anything is written
    record = section.get(key, {})
    attempts = [*record.get("attempts", []), {answer_field: answer, "correct": bool(correct)}]
    attempts[-1]["at"] = now()
    section[key] = _latest(attempts, answer_field)


def append_report(section: dict[str, Any], activity_id: str, report: Mapping[str, Any]) -> None:
    """Add one practice self-report (it must have a non-empty ``title``) with the time."""
    title = report.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError(
            f"practice report for {activity_id!r} needs a 'title' a learner can read, "
            'e.g. "Self-practice: find the landmarks"'
        )
    entry = {**report, "at": now()}
    check_saveable("practice report", activity_id, entry)  # fails before anything is written
    section[activity_id] = [*section.get(activity_id, []), entry]


def _union(mine: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Both lists, each entry once, oldest first (a stable sort keeps same-time order)."""
    seen: set[str] = set()
    result = []
    for entry in [*mine, *theirs]:
        fingerprint = json.dumps(entry, sort_keys=True)
        if fingerprint not in seen:
            seen.add(fingerprint)
            result.append(entry)
    return sorted(result, key=lambda e: _instant(str(e.get("at", ""))))


def _instant(at: str) -> datetime:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def merge_sections(name: str, mine: Any, theirs: Any, replace: bool) -> Any:
    """One section of saved progress after importing an export's section (see module rules)."""
    if replace:
        return theirs
    if name == "settings":
        return {**theirs, **mine}
    merged = dict(mine)
    for key, record in theirs.items():
        current = merged.get(key)
        if current is None:
            merged[key] = record
        elif name == "practice":
            merged[key] = _union(current, record)
        elif name in ATTEMPT_SECTIONS:
            attempts = _union(current.get("attempts", []), record.get("attempts", []))
            merged[key] = _latest(attempts, ATTEMPT_SECTIONS[name]) if attempts else current
        elif _instant(str(record.get("at", ""))) >= _instant(str(current.get("at", ""))):
            merged[key] = record
    return merged
