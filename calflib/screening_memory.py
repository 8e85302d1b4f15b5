"""The learner's own screening answers, kept so that chapter 05's planner can offer them back.

Rules, each pinned by ``tests/test_screening_memory.py``:

* One small JSON file per learner (``screening-<learner>.json``) beside the progress file, written
  the same crash-safe way. It is **never** part of a progress export or a class report: these are
  health answers, and they stay on the learner's computer.
* The answers come back exactly as they were given ("Not sure" stays "Not sure"). Days since an
  injury move on with the calendar: a strain entered as "1 day ago" yesterday comes back as
  "2 days ago" today (capped at :data:`MAX_DAYS`, "more than 2 weeks").
* A file that cannot be read, or that names questions the workbook no longer asks, gives
  ``None`` or drops those answers (they become "not sure" again): a remembered answer is only ever
  an offer, shown and changeable, and never a reason to skip a question.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from calflib._files import atomic_write
from calflib.progress import LEARNER_NAME, data_home
from calflib.screening import ANSWER_CHOICES, check_choice

__all__ = ["MAX_DAYS", "SavedScreening", "forget_screening", "load_screening", "save_screening"]

#: The largest day count the questionnaire offers ("more than 2 weeks ago").
MAX_DAYS = 15
_FORMAT = "calflib-screening"


@dataclass(frozen=True)
class SavedScreening:
    """Remembered answers: lead-in and question choices, days since an injury, and when."""

    groups: Mapping[str, str]
    findings: Mapping[str, str]
    days_since_injury: int | None
    saved_on: date


def _path(learner: str, folder: Path | str | None) -> Path:
    if not LEARNER_NAME.match(learner):
        raise ValueError(f"learner name {learner!r} is not allowed")
    return Path(folder if folder is not None else data_home()) / f"screening-{learner}.json"


def save_screening(
    groups: Mapping[str, str],
    findings: Mapping[str, str],
    days_since_injury: int | None,
    *,
    learner: str = "default",
    folder: Path | str | None = None,
    today: date | None = None,
) -> Path:
    """Remember a learner's questionnaire answers (crash-safe; replaces the previous ones)."""
    for what, choices in (("group", groups), ("finding", findings)):
        for key, choice in choices.items():
            check_choice(key, choice, what)
    path = _path(learner, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "format": _FORMAT,
        "groups": dict(groups),
        "findings": dict(findings),
        "days_since_injury": days_since_injury,
        "saved_on": (today or date.today()).isoformat(),
    }
    atomic_write(path, json.dumps(record, indent=1, sort_keys=True))
    return path


def _choices(raw: object, known: set[str] | None) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {
        str(k): v for k, v in raw.items() if v in ANSWER_CHOICES and (known is None or k in known)
    }


def load_screening(
    *,
    learner: str = "default",
    folder: Path | str | None = None,
    today: date | None = None,
    groups: set[str] | None = None,
    findings: set[str] | None = None,
) -> SavedScreening | None:
    """The remembered answers, with days moved on to today; None if there are none (or unreadable).

    ``groups`` and ``findings`` (the ids the workbook asks now) drop answers to old questions.
    """
    path = _path(learner, folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        saved_on = date.fromisoformat(data["saved_on"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return None
    days = data.get("days_since_injury")
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        days = None
    else:
        elapsed = max(0, ((today or date.today()) - saved_on).days)
        days = min(MAX_DAYS, days + elapsed)
    return SavedScreening(
        groups=_choices(data.get("groups"), groups),
        findings=_choices(data.get("findings"), findings),
        days_since_injury=days,
        saved_on=saved_on,
    )


def forget_screening(*, learner: str = "default", folder: Path | str | None = None) -> bool:
    """Delete the remembered answers; True if there were any."""
    path = _path(learner, folder)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
