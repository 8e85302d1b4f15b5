"""Tests for calflib.quiz_loader: question files load, and broken ones are reported clearly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.content_in_use import default_bank
from calflib.errors import ContentError
from calflib.model import Content, Level
from calflib.quiz_loader import load_questions
from calflib.trainer import assess_scenario

BANK = default_bank()
QUESTIONS = list(BANK.questions.values())


def test_triage_key_comes_from_the_engine(content: Content) -> None:
    """A triage question's right answer is the level the screening engine gives its scenario."""
    triage = [q for q in QUESTIONS if q.kind == "triage"]
    assert triage
    by_id = {s.id: s for s in content.scenarios}
    for q in triage:
        assert q.correct_ids == {assess_scenario(by_id[q.scenario]).level.key}
        assert [o.id for o in q.options] == [lv.key for lv in sorted(Level, reverse=True)]


def test_builtin_bank_is_parsed_once_per_process() -> None:
    """builtin_bank and default_bank, called again and again, share one parse of the files."""
    code = (
        "import calflib.quiz_loader as ql, calflib.content_in_use as ciu;"
        "calls = [];"
        "real = ql.load_questions;"
        "ql.load_questions = lambda *a, **k: calls.append(1) or real(*a, **k);"
        "banks = [ql.builtin_bank(), ql.builtin_bank(), ciu.default_bank(), ciu.default_bank()];"
        "print(len(calls), all(b is banks[0] for b in banks))"
    )
    env = {k: v for k, v in os.environ.items() if k != "CALFLIB_PACKS"}  # built-in bank only
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["1", "True"]


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A writable copy of questions.toml."""
    return copy_content(tmp_path, "questions.toml")


def _edit(folder: Path, old: str, new: str) -> None:
    edit(folder / "questions.toml", old, new)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'objective = "recognise-dvt-signs"\nkind',
            'objective = "recognise-dvt-sign"\nkind',
            r"question 'dvt-signs-pick-all': field 'objective': unknown objective "
            r"'recognise-dvt-sign' \(did you mean 'recognise-dvt-signs'\?\)",
        ),
        (
            'kind = "multiple"\nprompt',
            'kind = "multi"\nprompt',
            r"field 'kind': 'multi' is not one of .*did you mean 'multiple'",
        ),
        (
            'scenario = "long-haul-swollen-calf"',
            'scenario = "long-haul-swolen-calf"',
            r"unknown scenario 'long-haul-swolen-calf' \(did you mean",
        ),
        ('sources = ["S3", "S50b"]', 'sources = ["S3", "S50"]', r"unknown source key 'S50'"),
        (
            'id = "call-emergency"\ntext',
            'id = "call-emergency"\ncorect = true\ntext',
            r"option #1: field 'corect': unknown field \(did you mean 'correct'\?\)",
        ),
    ],
)
def test_broken_bank_names_file_entry_and_field(
    bank_dir: Path, old: str, new: str, message: str
) -> None:
    """Mistakes in a question file are reported with file, question, field and a hint."""
    _edit(bank_dir, old, new)
    with pytest.raises(ContentError, match=message):
        load_questions(bank_dir)


def test_single_question_needs_exactly_one_key(bank_dir: Path) -> None:
    """A single-choice question with two correct options is refused."""
    _edit(
        bank_dir,
        'resting until then"\ncorrect = false',  # option 'book-gp'
        'resting until then"\ncorrect = true',
    )
    with pytest.raises(ContentError, match="exactly one correct option, found 2"):
        load_questions(bank_dir)
