"""The run-wide guard (tests/conftest.py): tests never change the checkout's `git status`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from checkout_guard import checkout_state


def test_checkout_state_sees_a_file_written_into_the_checkout(tmp_path: Path) -> None:
    """The guard behind the whole test run (conftest's pytest_sessionfinish) notices a file that
    a test writes into a git checkout, and nothing when nothing changed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    before = checkout_state(tmp_path)
    assert before == frozenset()
    (tmp_path / "a learner's typing").write_text("x", encoding="utf-8")
    after = checkout_state(tmp_path)
    assert after is not None and len(after - before) == 1
    assert checkout_state(tmp_path / "not-a-checkout") is None
