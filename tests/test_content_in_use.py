"""Tests for calflib.content_in_use: the built-in content plus the packs in use, on top."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from calflib.content_in_use import default_bank, default_content
from calflib.loader import builtin_content
from calflib.packs import PACKS_ENV
from calflib.quiz_loader import builtin_bank


def test_without_packs_the_content_in_use_is_the_builtin_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no pack in use, the content and questions in use are the built-in ones themselves."""
    monkeypatch.delenv(PACKS_ENV, raising=False)
    assert default_content() is builtin_content()
    assert default_bank() is builtin_bank()


def test_the_content_in_use_does_not_read_the_questions_without_packs() -> None:
    """default_content() alone never parses the question bank (a chapter without self-checks
    should not pay for it)."""
    code = (
        "import calflib.quiz_loader as ql, calflib.content_in_use as ciu;"
        "calls = [];"
        "ql.load_questions = lambda *a, **k: calls.append(1);"
        "ciu.default_content();"
        "print(len(calls))"
    )
    env = {k: v for k, v in os.environ.items() if k != PACKS_ENV}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "0"
