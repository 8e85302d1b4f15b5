"""A learner's progress that survives kernel restarts, crashes and two notebooks open at once.

One JSON file per learner, in a per-user data folder (``CALFLIB_HOME`` overrides it). Rules:

* Every change is a locked read-modify-write: re-read the file, apply the change, write a temporary
  file, flush, fsync, then atomically rename it over the old one. A crash at any moment leaves
  either the old or the new file, never a half-written one, and two kernels never undo each other.
* A file that cannot be read is moved aside (``.corrupt-<time>``) with a clear warning; it is never
  silently overwritten.
* A file written by a newer calflib is refused with a clear error and left untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Progress",
    "ProgressError",
    "ProgressStore",
    "ProgressWarning",
    "data_home",
    "parse_progress",
]

FORMAT = "calflib-progress"
FORMAT_VERSION = 1
_SECTIONS = ("quiz", "scenarios", "chapters")
_LEARNER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class ProgressError(RuntimeError):
    """Progress cannot be read or written; the message says why and what to do."""


class ProgressWarning(UserWarning):
    """Something about saved progress needs the learner's attention (e.g. a file moved aside)."""


def data_home() -> Path:
    """The folder for progress files: $CALFLIB_HOME, else the platform's per-user data folder."""
    override = os.environ.get("CALFLIB_HOME")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / "calflib"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "calflib"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "calflib"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Progress:
    """A snapshot of one learner's progress: quiz answers, scenario results, chapters done."""

    learner: str
    quiz: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    scenarios: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    chapters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    updated: str = ""

    def to_json(self) -> dict[str, Any]:
        """The on-disk and export form."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "learner": self.learner,
            "updated": self.updated,
            "quiz": dict(self.quiz),
            "scenarios": dict(self.scenarios),
            "chapters": dict(self.chapters),
        }


def parse_progress(data: object, where: str) -> Progress:
    """Check a decoded progress document and build a Progress (ProgressError when it is wrong)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressError(f'{where}: not a calflib progress file (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProgressError(f"{where}: 'version' must be a whole number, got {version!r}")
    if version > FORMAT_VERSION:
        raise ProgressError(
            f"{where}: written by a newer calflib (progress format {version}; this one reads up "
            f"to {FORMAT_VERSION}). Update calflib (run the set-up again); the file is left as is."
        )
    sections: dict[str, dict[str, dict[str, Any]]] = {}
    for name in _SECTIONS:
        section = data.get(name, {})
        if not isinstance(section, dict) or not all(
            isinstance(k, str) and isinstance(v, dict) for k, v in section.items()
        ):
            raise ProgressError(f"{where}: '{name}' must map ids to records")
        sections[name] = section
    learner = data.get("learner")
    if not isinstance(learner, str) or not learner:
        raise ProgressError(f"{where}: 'learner' must be a non-empty name")
    updated = data.get("updated", "")
    return Progress(
        learner=learner,
        quiz=sections["quiz"],
        scenarios=sections["scenarios"],
        chapters=sections["chapters"],
        updated=updated if isinstance(updated, str) else "",
    )


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """An exclusive lock between processes where the platform has one (POSIX); else no-op."""
    try:
        from fcntl import LOCK_EX, LOCK_UN, flock
    except ImportError:  # Windows; Pyodide (its fcntl has no flock): one process per learner
        yield
        return
    with open(lock_path, "a+b") as handle:
        try:
            flock(handle, LOCK_EX)
        except OSError:  # e.g. a file system without locks (Emscripten)
            yield
            return
        try:
            yield
        finally:
            flock(handle, LOCK_UN)


def _atomic_write(path: Path, text: str) -> None:
    """Write text so that a crash leaves either the old file or the complete new one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError, AttributeError):  # directory fsync: POSIX only
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class ProgressStore:
    """Reads and writes one learner's progress file safely."""

    def __init__(self, learner: str = "default", folder: Path | str | None = None) -> None:
        if not _LEARNER.match(learner):
            raise ValueError(
                f"learner name {learner!r} is not allowed; use 1-64 letters, digits, '.', '_' "
                "or '-', starting with a letter or digit"
            )
        self.learner = learner
        self.folder = Path(folder) if folder is not None else data_home()
        self.path = self.folder / f"progress-{learner}.json"
        self._lock = self.folder / f".progress-{learner}.lock"

    def __repr__(self) -> str:
        return f"ProgressStore(learner={self.learner!r}, path='{self.path}')"

    def _read_unlocked(self) -> Progress:
        if not self.path.exists():
            return Progress(learner=self.learner)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            progress = parse_progress(data, str(self.path))
        except ProgressError as exc:
            if "newer calflib" in str(exc):
                raise
            return self._move_aside(str(exc))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return self._move_aside(f"{self.path}: unreadable ({exc})")
        return progress

    def _remove_stale_temp_files(self) -> None:
        # Writers hold the lock while a temporary file exists, so any left now is from a crash.
        for stale in self.folder.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _move_aside(self, reason: str) -> Progress:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{time.monotonic_ns()}")
        os.replace(self.path, target)
        warnings.warn(
            f"Saved progress could not be read and was moved aside to {target} ({reason}). "
            "Starting with empty progress; the old file was kept so nothing is lost.",
            ProgressWarning,
            stacklevel=3,
        )
        return Progress(learner=self.learner)

    def load(self) -> Progress:
        """The saved progress (empty if there is none yet)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with _locked(self._lock):
            return self._read_unlocked()

    def _update(self, section: str, key: str, record: Mapping[str, Any] | None) -> Progress:
        if not isinstance(key, str) or not key:
            raise ValueError(f"{section} id must be a non-empty string, got {key!r}")
        self.folder.mkdir(parents=True, exist_ok=True)
        with _locked(self._lock):
            self._remove_stale_temp_files()
            current = self._read_unlocked().to_json()
            if record is None:
                current[section].pop(key, None)
            else:
                current[section][key] = {**record, "at": _now()}
            current["updated"] = _now()
            _atomic_write(self.path, json.dumps(current, indent=1, sort_keys=True))
            return parse_progress(current, str(self.path))

    def record_quiz(self, question_id: str, answer: object, correct: bool) -> Progress:
        """Save a quiz answer (any JSON value) and whether it was right."""
        return self._update("quiz", question_id, {"answer": answer, "correct": bool(correct)})

    def record_scenario(self, scenario_id: str, chosen: str, correct: bool) -> Progress:
        """Save the level a learner chose for a scenario and whether it was right."""
        return self._update("scenarios", scenario_id, {"chosen": chosen, "correct": bool(correct)})

    def mark_chapter(self, chapter_id: str, completed: bool = True) -> Progress:
        """Mark a chapter as completed (or not)."""
        return self._update("chapters", chapter_id, {"completed": bool(completed)})

    def export(self, target: Path | str, *, name: str | None = None) -> Path:
        """Write the progress to a JSON file a teacher can collect; returns the path.

        ``name`` (e.g. the learner's real name) is written as the learner in the export, so a
        class report can tell learners apart even when everyone's local store is "default".
        """
        target = Path(target)
        data = self.load().to_json()
        if name is not None:
            if not name.strip() or len(name) > 80:
                raise ValueError("the name for the export must be 1 to 80 characters")
            data["learner"] = name.strip()
        _atomic_write(target, json.dumps(data, indent=1, sort_keys=True))
        return target

    def import_file(self, source: Path | str, *, replace: bool = False) -> Progress:
        """Load an exported file: merge it in (newest record wins), or replace everything."""
        source = Path(source)
        try:
            incoming = parse_progress(json.loads(source.read_text(encoding="utf-8")), str(source))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ProgressError(f"{source}: cannot import ({exc})") from None
        self.folder.mkdir(parents=True, exist_ok=True)
        with _locked(self._lock):
            current = self._read_unlocked().to_json()
            new = incoming.to_json()
            for name in _SECTIONS:
                if replace:
                    current[name] = new[name]
                    continue
                for key, record in new[name].items():
                    mine = current[name].get(key)
                    if mine is None or str(record.get("at", "")) >= str(mine.get("at", "")):
                        current[name][key] = record
            current["updated"] = _now()
            _atomic_write(self.path, json.dumps(current, indent=1, sort_keys=True))
            return parse_progress(current, str(self.path))

    def reset(self, *, keep_backup: bool = True) -> Path | None:
        """Start again: the old file is kept as a dated backup unless told otherwise."""
        with _locked(self._lock):
            if not self.path.exists():
                return None
            if not keep_backup:
                self.path.unlink()
                return None
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            backup = self.path.with_name(f"{self.path.name}.reset-{stamp}-{time.monotonic_ns()}")
            os.replace(self.path, backup)
            return backup
