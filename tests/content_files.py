"""Test helpers: writable copies of the built-in content files, and one-place edits to them.

Broken-content tests copy a file, change one thing in it and check the error names the file,
the entry and the field. Every such test uses these two helpers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from calflib.loader import builtin_folder


def copy_content(target: Path, *names: str) -> Path:
    """Copy the named built-in content files (every ``*.toml`` when none is named) into
    ``target`` (made if needed); returns ``target``."""
    source = builtin_folder()
    target.mkdir(parents=True, exist_ok=True)
    chosen = names or tuple(item.name for item in source.iterdir() if item.name.endswith(".toml"))
    for name in chosen:
        shutil.copyfile(str(source / name), target / name)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file with ``new``; the test's setup fails if ``old`` is
    not there (so an edit that misses can never pass as 'no error')."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
