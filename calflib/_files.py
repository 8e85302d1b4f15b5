"""Files calflib writes for a learner: the per-user folders, and writing a file atomically.

One place for both, used by the progress store, the remembered screening answers and the parse
cache, so they agree on where a user's files live and on how a file is replaced:

* :func:`user_folder` is the platform's per-user folder for calflib's data (progress) or cache
  (parsed content); the callers apply their own override variables first.
* :func:`atomic_write` writes a complete temporary file beside the target, then renames it over
  the target: a crash at any moment leaves either the old file or the complete new one, and
  another kernel never reads half a file. Temporary files are named ``.<name>.<random>.tmp``
  (:func:`temporary_files` finds those a killed process left).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Literal

__all__ = ["atomic_write", "temporary_copy", "temporary_files", "user_folder"]


def user_folder(kind: Literal["data", "cache"]) -> Path:
    """The platform's per-user folder for calflib's ``data`` (kept) or ``cache`` (rebuildable).

    Raises RuntimeError or KeyError where no home folder can be found.
    """
    home = Path.home()
    data = kind == "data"
    if sys.platform == "win32":
        variable, default = ("APPDATA", "Roaming") if data else ("LOCALAPPDATA", "Local")
        base = Path(os.environ.get(variable) or home / "AppData" / default) / "calflib"
        return base if data else base / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / ("Application Support" if data else "Caches") / "calflib"
    if data:
        return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "calflib"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "calflib"


def temporary_copy(path: Path, text: str, *, durable: bool = True) -> str:
    """A complete temporary file beside ``path`` holding ``text`` (readable by its owner only);
    returns its name. ``durable`` flushes it to the disk (fsync) before returning."""
    import tempfile  # here: a kernel that writes nothing never pays for it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old file or the complete new one.

    ``durable`` (for a learner's data) also makes the new file and its name survive a power cut;
    a cache, which can always be rebuilt, skips that cost.
    """
    tmp = temporary_copy(path, text, durable=durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    with contextlib.suppress(OSError, AttributeError):  # directory fsync: POSIX only
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def temporary_files(folder: Path, name: str = "*") -> list[Path]:
    """Temporary files :func:`atomic_write` left in ``folder`` (for files called ``name``)."""
    return sorted(folder.glob(f".{name}.*.tmp"))
