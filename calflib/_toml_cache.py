"""A cache of parsed TOML, so a new kernel does not parse the same content files again.

Python's ``tomllib`` is pure Python: the built-in content takes 30-60 ms to parse, in every new
kernel, before a chapter's first widget can appear (more in the in-browser Pyodide kernel). Here the
parsed tables are kept as JSON, keyed by a hash of the file's exact bytes (and the Python version),
so any edit to a file is a new key and a stale parse can never be used. JSON, not pickle or
marshal: reading a cache file can only ever give back plain tables, never run code.

The cache is optional. Its folder is ``$CALFLIB_CACHE`` (``off`` switches it off), else the
platform's per-user cache folder. Any problem reading or writing it (read-only disk, a damaged
file, a table JSON cannot hold, such as a TOML date) means the file is simply parsed as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["cache_folder", "parse_toml"]

#: Bump when the cached form changes.
_FORMAT = "calflib-toml-cache-1"
_OFF = {"off", "0", "no", "false"}


def cache_folder() -> Path | None:
    """Where parsed TOML is kept: $CALFLIB_CACHE, else the per-user cache folder; None if off."""
    override = os.environ.get("CALFLIB_CACHE", "").strip()
    if override.lower() in _OFF:
        return None
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return base / "calflib" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "calflib"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "calflib"


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, from the cache when the same text was parsed before.

    ``origin`` names where the text came from (a path); it only groups a file's cache entries,
    so an edited file replaces its old entry instead of piling up new ones.
    """
    import tomllib  # here, not at the top: with a warm cache a kernel never needs the parser

    folder = cache_folder()
    if folder is None:
        return tomllib.loads(text)
    version = f"{_FORMAT}:{sys.version_info[0]}.{sys.version_info[1]}"
    digest = hashlib.sha256(f"{version}\n{text}".encode()).hexdigest()[:32]
    group = hashlib.sha256(origin.encode()).hexdigest()[:12]
    stem = Path(origin).stem[:40] or "file"
    entry = folder / f"{stem}-{group}-{digest}.json"
    cached = _read(entry)
    if cached is not None:
        return cached
    parsed = tomllib.loads(text)  # a syntax error propagates, as without the cache
    _write(folder, entry, f"{stem}-{group}-", parsed)
    return parsed


def _read(entry: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable or damaged: parse instead
        return None
    return data if isinstance(data, dict) else None


def _write(folder: Path, entry: Path, prefix: str, parsed: dict[str, Any]) -> None:
    try:
        # allow_nan=False and the round trip check: only tables JSON gives back unchanged.
        text = json.dumps(parsed, ensure_ascii=False, allow_nan=False)
        if json.loads(text) != parsed:
            return
    except (TypeError, ValueError):  # e.g. a TOML date or time, which JSON cannot hold
        return
    import tempfile  # only when writing, which a warm cache never does

    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{prefix}*.json"):
            if old != entry:
                old.unlink(missing_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temp, entry)  # atomic: another kernel never reads half a file
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:  # read-only or full disk: the cache is only a speed-up
        return
