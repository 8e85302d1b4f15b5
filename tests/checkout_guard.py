"""Test helper: what `git status` lists for a checkout, so a run can prove it changed nothing.

tests/conftest.py records it when the run starts and fails the run if the tests changed it (every
test writes under a temporary folder).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]


def checkout_state(root: Path = _ROOT) -> frozenset[str] | None:
    """The checkout's changed and untracked paths as `git status` lists them (ignored files are
    not listed), or None when ``root`` is not a git checkout or git is missing."""
    if not (root / ".git").exists() or shutil.which("git") is None:
        return None
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return frozenset(done.stdout.splitlines()) if done.returncode == 0 else None
