"""A learner's progress that survives kernel restarts, crashes and two notebooks open at once.

One JSON file per learner, in a per-user data folder (``CALFLIB_HOME`` overrides it). What is
kept: every attempt at a question or scenario with its time (the first try is kept for good),
chapters marked done, practice self-reports (``record_practice``) and settings (``save_setting``);
:mod:`calflib.progress_format` defines the file and upgrades old versions. Rules:

* Every change is a locked read-modify-write: re-read the file, apply the change, write a temporary
  file, flush, fsync, then atomically rename it over the old one. A crash at any moment leaves
  either the old or the new file, never a half-written one, and two kernels never undo each other.
* A file that cannot be read is moved aside (``.corrupt-<time>``) with a clear warning; it is never
  silently overwritten.
* A file written by a newer calflib is refused with a clear error (``NewerFormatError``) and left
  untouched. What happens to a file is decided by the error's class, never by its words.
* An export is a ``.json`` file and never replaces an existing file unless told to
  (``ExportExistsError`` otherwise); ``calflib.exports`` says where exports go and what they are
  called. Importing a file that is not an export says so in plain words and changes nothing.
* Starting again (``reset``) works whether or not anything was ever saved.
* A file of an older format is upgraded when read; the first save after that keeps the old file as
  ``.v<N>-backup`` beside it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calflib._files import atomic_write, temporary_copy, temporary_files, user_folder
from calflib.progress_format import (
    FORMAT,
    FORMAT_VERSION,
    NewerFormatError,
    Progress,
    ProgressError,
    parse_progress,
)
from calflib.progress_records import (
    append_attempt,
    append_report,
    check_saveable,
    merge_sections,
    now,
)

#: What a learner may be called: the name is part of file names.
LEARNER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "LEARNER_NAME",
    "RESETS_SETTING",
    "ExportExistsError",
    "NewerFormatError",
    "Progress",
    "ProgressError",
    "ProgressStore",
    "ProgressWarning",
    "data_home",
    "parse_progress",
    "reset_times",
]

_SECTIONS = ("quiz", "scenarios", "chapters", "practice", "settings")


class ExportExistsError(ProgressError):
    """An export would replace an existing file, and replacing was not confirmed."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} already exists; it was left as it is. Export with replace=True to replace it.",
            where=str(path),
            reason="already exists",
        )
        self.path = path


class ProgressWarning(UserWarning):
    """Something about saved progress needs the learner's attention (e.g. a file moved aside)."""


def data_home() -> Path:
    """The folder for progress files: $CALFLIB_HOME, else the platform's per-user data folder."""
    override = os.environ.get("CALFLIB_HOME")
    if override:
        return Path(override).expanduser()
    return user_folder("data")


def _check_id(what: str, key: object) -> None:
    if not isinstance(key, str) or not key:
        raise ValueError(f"{what} id must be a non-empty string, got {key!r}")


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


def _write_new(path: Path, text: str) -> None:
    """Write a complete new file; FileExistsError, and nothing changed, if ``path`` exists."""
    tmp = temporary_copy(path, text)
    try:
        try:
            os.link(tmp, path)  # atomic, and refuses to replace: two kernels cannot race
        except FileExistsError:
            raise
        except (OSError, NotImplementedError):  # no hard links here (e.g. Pyodide): check, move
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class ProgressStore:
    """Reads and writes one learner's progress file safely."""

    def __init__(self, learner: str = "default", folder: Path | str | None = None) -> None:
        if not LEARNER_NAME.match(learner):
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
            # utf-8-sig: an editor may have saved the file with a byte-order mark
            data = json.loads(self.path.read_text(encoding="utf-8-sig"))
            progress = parse_progress(data, str(self.path))
        except NewerFormatError:
            raise  # left untouched: moving it aside would hide it from the newer calflib
        except ProgressError as exc:
            return self._move_aside(str(exc))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return self._move_aside(f"{self.path}: unreadable ({exc})")
        return progress

    def _remove_stale_temp_files(self) -> None:
        # Writers hold the lock while a temporary file exists, so any left now is from a crash.
        for stale in temporary_files(self.folder, self.path.name):
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

    def _change(self, change: Callable[[dict[str, Any]], None]) -> Progress:
        """Locked read-modify-write: re-read the file, apply ``change``, write it atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with _locked(self._lock):
            self._remove_stale_temp_files()
            saved = self._read_unlocked()
            if saved.source_version < FORMAT_VERSION and self.path.exists():
                # The first save after an upgrade keeps the old file as it was, just in case.
                old = self.path.with_name(f"{self.path.name}.v{saved.source_version}-backup")
                if not old.exists():
                    shutil.copy2(self.path, old)
            current = saved.to_json()
            change(current)
            current["updated"] = now()
            atomic_write(self.path, json.dumps(current, indent=1, sort_keys=True))
            return parse_progress(current, str(self.path))

    def record_quiz(self, question_id: str, answer: object, correct: bool) -> Progress:
        """Add an attempt at a quiz question (any JSON answer) and whether it was right.

        Every attempt is kept with its time; the first one is never replaced.
        """
        _check_id("quiz", question_id)
        return self._change(
            lambda data: append_attempt(data["quiz"], question_id, "answer", answer, correct)
        )

    def record_scenario(self, scenario_id: str, chosen: str, correct: bool) -> Progress:
        """Add an attempt at a scenario: the level a learner chose and whether it was right."""
        _check_id("scenario", scenario_id)
        return self._change(
            lambda data: append_attempt(data["scenarios"], scenario_id, "chosen", chosen, correct)
        )

    def mark_chapter(self, chapter_id: str, completed: bool = True) -> Progress:
        """Mark a chapter as completed (or not)."""
        _check_id("chapter", chapter_id)

        def change(data: dict[str, Any]) -> None:
            data["chapters"][chapter_id] = {"completed": bool(completed), "at": now()}

        return self._change(change)

    def record_practice(self, activity_id: str, report: Mapping[str, Any]) -> Progress:
        """Add a practice self-report (its ``title`` plus e.g. ``pressure`` 0-10 and a ``note``).

        Reports are appended with the time (``at``), never replaced; the dashboard lists them.
        """
        _check_id("practice activity", activity_id)
        if not isinstance(report, Mapping):
            raise TypeError(
                f"a practice report must be a dict such as {{'title': ..., 'pressure': 5}}, "
                f"got {type(report).__name__} {report!r}"
            )
        return self._change(lambda data: append_report(data["practice"], activity_id, report))

    def save_setting(self, key: str, value: Any) -> Progress:
        """Remember a setting (any JSON value, e.g. the final check's round) across restarts."""
        _check_id("setting", key)
        check_saveable("setting", key, value)  # fails here, before anything is written

        def change(data: dict[str, Any]) -> None:
            data["settings"][key] = value

        return self._change(change)

    def export_bytes(self, *, name: str | None = None) -> bytes:
        """The export's content: the saved progress as JSON, with ``name`` as the learner.

        ``name`` (e.g. the learner's real name) lets a class report tell learners apart even when
        everyone's local store is "default".
        """
        data = self.load().to_json()
        if name is not None:
            if not name.strip() or len(name) > 80:
                raise ValueError("the name for the export must be 1 to 80 characters")
            data["learner"] = name.strip()
        return json.dumps(data, indent=1, sort_keys=True).encode("utf-8")

    def export(self, target: Path | str, *, name: str | None = None, replace: bool = False) -> Path:
        """Write the progress to a .json file a teacher can collect; returns the path.

        An existing file is replaced only with ``replace=True`` (ExportExistsError otherwise);
        a target that is not a ``.json`` file (a notebook, a name without extension) is refused.
        """
        target = Path(target)
        if target.suffix.lower() != ".json":
            raise ValueError(
                f"an export must be a .json file (so it can be imported again), not {target.name!r}"
            )
        text = self.export_bytes(name=name).decode("utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        if replace:
            atomic_write(target, text)
        else:
            try:
                _write_new(target, text)
            except FileExistsError:
                raise ExportExistsError(target) from None
        return target

    def import_bytes(self, data: bytes, where: str, *, replace: bool = False) -> Progress:
        """Load an export's content: merge it in (every attempt and report of both is kept; the
        newest answer is the current one; settings already here stay), or replace everything.

        ``where`` names the file for messages (e.g. the name of an uploaded file). Anything that
        is not an export is refused in plain words, and nothing is changed.
        """
        try:
            incoming = parse_progress(json.loads(data.decode("utf-8-sig")), where)
        except NewerFormatError:
            raise
        except ProgressError as exc:
            raise _not_an_export(where, exc.reason) from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise _not_an_export(
                where, "it cannot be read as one; it may have been changed or cut short"
            ) from None
        new = incoming.to_json()

        def change(data: dict[str, Any]) -> None:
            for section in _SECTIONS:
                data[section] = merge_sections(section, data[section], new[section], replace)

        return self._change(change)

    def import_file(self, source: Path | str, *, replace: bool = False) -> Progress:
        """Load an exported file (see ``import_bytes``)."""
        source = Path(source)
        try:
            data = source.read_bytes()
        except OSError as exc:
            reason = f"it could not be read ({exc.strerror or exc})"
            raise ProgressError(f"{source}: {reason}", where=str(source), reason=reason) from None
        return self.import_bytes(data, str(source), replace=replace)

    def reset(self, *, keep_backup: bool = True) -> Path | None:
        """Start again: the old file is kept as a dated backup unless told otherwise.

        The new file holds only the time of this reset and of any before it (the setting
        ``RESETS_SETTING``), so an export still tells a teacher's class report that first tries
        from before are not in it. Returns the backup, or None when there was nothing to keep.
        """
        self.folder.mkdir(parents=True, exist_ok=True)  # the lock file lives there
        with _locked(self._lock):
            if not self.path.exists():
                return None
            earlier = reset_times(self._read_unlocked().settings)  # may move a broken file aside
            backup = None
            if self.path.exists() and not keep_backup:
                self.path.unlink()
            elif self.path.exists():
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
                name = f"{self.path.name}.reset-{stamp}-{time.monotonic_ns()}"
                backup = self.path.with_name(name)
                os.replace(self.path, backup)
            fresh = Progress(learner=self.learner, settings={RESETS_SETTING: [*earlier, now()]})
            data = fresh.to_json()
            data["updated"] = now()
            atomic_write(self.path, json.dumps(data, indent=1, sort_keys=True))
            return backup


#: The setting that lists when a learner's progress was started again (ISO times, oldest first).
RESETS_SETTING = "progress_resets"


def reset_times(settings: Mapping[str, Any]) -> list[str]:
    """The times a learner started again, from their settings (anything else there is ignored)."""
    value = settings.get(RESETS_SETTING)
    return [t for t in value if isinstance(t, str)] if isinstance(value, list) else []


def _not_an_export(where: str, reason: str) -> ProgressError:
    return ProgressError(
        f"{where} is not a progress file made by Export ({reason}). Nothing was changed; choose "
        "a file that Export made (its name starts with calf-progress- and ends with .json).",
        where=where,
        reason=reason,
    )
