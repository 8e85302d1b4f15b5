"""A cache of parsed TOML, so a new kernel does not parse the same content files again.

Python's ``tomllib`` is pure Python: the built-in content takes 30-60 ms to parse, in every new
kernel, before a chapter's first widget can appear (more in the in-browser Pyodide kernel). Here the
parsed tables are kept as JSON, keyed by a hash of the file's text (and the exact Python version),
so any edit to a file is a new key and a stale parse is never used. JSON, not pickle or marshal:
reading a cache file can only ever give back plain tables, never run code.

The cached tables are what the content checks then read, so the folder must be private: on POSIX
systems a folder owned by someone else, or one that others may write to, is not used (files are
written readable by the owner only). The folder is ``$CALFLIB_CACHE`` (``off`` switches the cache
off), else the platform's per-user cache folder.

The cache is only a speed-up: any problem finding, reading or writing it (no home folder, a
read-only disk, a damaged or foreign file, a table JSON cannot hold, such as a TOML date, or tables
nested too deeply to write as JSON) means the file is simply parsed as before.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from calflib._files import atomic_write, temporary_files, user_folder

__all__ = ["cache_folder", "parse_toml"]

#: Bump when the cached form changes.
_FORMAT = "calflib-toml-cache-2"
_OFF = {"off", "0", "no", "false"}
_STALE_TEMP_S = 24 * 3600  # a temporary file this old was left by a process that was killed


def cache_folder() -> Path | None:
    """Where parsed TOML is kept: $CALFLIB_CACHE, else the per-user cache folder; None if off
    (or if no folder can be worked out, e.g. there is no home folder)."""
    override = os.environ.get("CALFLIB_CACHE", "").strip()
    if override.lower() in _OFF:
        return None
    try:
        if override:
            return Path(override).expanduser().absolute()
        return user_folder("cache")
    except (RuntimeError, OSError, KeyError):  # no home folder to be found
        return None


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, from the cache when the same text was parsed before.

    ``origin`` names where the text came from (a path); it groups a file's cache entries, so an
    edited file replaces its old entry instead of piling up new ones.
    """
    folder = cache_folder()
    if folder is None or not _private(folder):
        return _parse(text)
    digest = hashlib.sha256(f"{_FORMAT}\n{sys.version}\n{text}".encode()).hexdigest()[:32]
    group = hashlib.sha256(origin.encode()).hexdigest()[:12]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(origin).stem[:40])
    prefix = f"{stem or 'file'}-{group}-"
    entry = folder / f"{prefix}{digest}.json"
    cached = _read(entry, digest)
    if cached is not None:
        return cached
    parsed = _parse(text)  # a syntax error propagates, as without the cache
    _write(folder, entry, prefix, digest, parsed)
    return parsed


def _parse(text: str) -> dict[str, Any]:
    import tomllib  # here: with a warm cache a kernel never needs the parser (about 10 ms)

    return tomllib.loads(text)


@functools.cache
def _private(folder: Path) -> bool:
    """True unless (on POSIX) the folder exists and is another user's or writable by others."""
    if os.name != "posix":
        return True
    try:
        info = folder.stat()
    except FileNotFoundError:
        return True  # made below, by and for this user only
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _read(entry: Path, digest: str) -> dict[str, Any] | None:
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # missing, unreadable, damaged: parse instead
        return None
    if not isinstance(data, dict) or data.get("key") != digest:
        return None  # not an entry written for this text
    tables = data.get("tables")
    return tables if isinstance(tables, dict) else None


def _write(folder: Path, entry: Path, prefix: str, digest: str, parsed: dict[str, Any]) -> None:
    try:
        # Only tables JSON gives back as they were: no NaN or infinity (allow_nan=False), no
        # dates or times (a TypeError). Integers, floats, booleans, strings, arrays and nested
        # tables keep their types in JSON. Tables nested too deeply for the JSON encoder (a
        # RecursionError) are not kept either: the loader refuses them anyway (loader.MAX_DEPTH).
        text = json.dumps({"key": digest, "tables": parsed}, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _tidy(folder, entry, prefix)
        # Atomic (another kernel never reads half a file), the file private (mode 0o600), and
        # not durable: a cache entry lost in a power cut is simply parsed again.
        atomic_write(entry, text, durable=False)
    except OSError:  # read-only or full disk: the cache is only a speed-up
        return


def _tidy(folder: Path, entry: Path, prefix: str) -> None:
    """Remove this file's older entries and temporary files left by killed processes."""
    now = time.time()
    old_entries = [p for p in folder.glob(f"{glob.escape(prefix)}*.json") if p != entry]
    for path in [*old_entries, *temporary_files(folder)]:
        try:
            if path.suffix == ".tmp" and now - path.stat().st_mtime < _STALE_TEMP_S:
                continue  # another kernel may be writing it right now
            path.unlink(missing_ok=True)
        except OSError:  # e.g. open in another process on Windows: try again next time
            continue
