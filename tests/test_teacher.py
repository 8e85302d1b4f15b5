"""Tests for calflib.teacher: the generated answer key and the class report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from calflib.progress import ProgressError, ProgressStore
from calflib.quiz_loader import default_bank
from calflib.teacher import answer_key, class_report, report_csv


def test_answer_key_lists_every_question_with_its_answer() -> None:
    """Every question id appears with the text of its correct option(s) and its sources."""
    key = answer_key()
    bank = default_bank()
    for q in bank.questions.values():
        assert f"**{q.id}**" in key
        for option in q.options:
            if option.correct:
                assert option.text in key
    assert "- Answer: Call the emergency number (999 / 112 / 911) now" in key


def test_triage_answers_come_from_the_rules() -> None:
    """The key's triage answer is the level the engine gives (here REFER for a swollen calf)."""
    key = answer_key()
    line = key.split("**triage-long-haul**", 1)[1].split("\n")[1]
    assert "REFER" in line


def _export(tmp_path: Path, learner: str, answers: dict[str, bool]) -> Path:
    store = ProgressStore(learner, tmp_path / learner)
    for qid, correct in answers.items():
        store.record_quiz(qid, "x", correct)
    return store.export(tmp_path / f"{learner}.json")


def test_class_report_rows_per_learner_and_objective(tmp_path: Path) -> None:
    """Two learners' exports give one row per learner per objective with right/total counts."""
    ada = _export(tmp_path, "ada", {"pe-what-to-do": True, "dvt-signs-pick-all": True})
    bo = _export(tmp_path, "bo", {"pe-what-to-do": False})
    rows = class_report([ada, bo])
    n_objectives = len(default_bank().objectives)
    assert len(rows) == 2 * n_objectives
    total = sum(q.objective == "recognise-dvt-signs" for q in default_bank().questions.values())
    assert total >= 3
    ada_dvt = next(r for r in rows if r.learner == "ada" and r.objective == "recognise-dvt-signs")
    assert (ada_dvt.answered, ada_dvt.right, ada_dvt.total) == (2, 2, total)
    assert ada_dvt.score == pytest.approx(2 / total)
    bo_dvt = next(r for r in rows if r.learner == "bo" and r.objective == "recognise-dvt-signs")
    assert (bo_dvt.answered, bo_dvt.right) == (1, 0)
    table = list(csv.DictReader(io.StringIO(report_csv(rows))))
    assert table[0].keys() == {
        "learner",
        "chapter",
        "objective",
        "answered",
        "right",
        "total",
        "score",
    }
    assert {r["learner"] for r in table} == {"ada", "bo"}


def test_two_exports_of_one_learner_are_merged(tmp_path: Path) -> None:
    """A learner who exported twice is counted once, with the newer answer."""
    first = _export(tmp_path, "ada", {"pe-what-to-do": False})
    data = json.loads(first.read_text(encoding="utf-8"))
    data["quiz"]["pe-what-to-do"] = {
        "answer": "x",
        "correct": True,
        "at": "2999-01-01T00:00:00+00:00",
    }
    second = tmp_path / "ada-later.json"
    second.write_text(json.dumps(data), encoding="utf-8")
    rows = [r for r in class_report([first, second]) if r.objective == "recognise-dvt-signs"]
    assert len(rows) == 1 and rows[0].right == 1


def test_bad_export_files_are_all_named(tmp_path: Path) -> None:
    """Every unusable file is named in one error."""
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ProgressError, match=r"a\.json: not a calflib progress file.*missing\.json"):
        class_report([tmp_path / "a.json", tmp_path / "missing.json"])


def test_unnamed_exports_are_told_apart_by_file_name(tmp_path: Path) -> None:
    """Two exports that both say 'default' count as two learners, named by their files."""
    one = ProgressStore("default", tmp_path / "one").export(tmp_path / "sam.json")
    ProgressStore("default", tmp_path / "two").record_quiz("pe-what-to-do", "x", True)
    two = ProgressStore("default", tmp_path / "two").export(tmp_path / "kim.json")
    learners = {r.learner for r in class_report([one, two])}
    assert learners == {"sam", "kim"}


def test_named_export_uses_the_name(tmp_path: Path) -> None:
    """An export made with a name carries it into the report."""
    store = ProgressStore("default", tmp_path / "s")
    path = store.export(tmp_path / "x.json", name="Sam Jones")
    assert {r.learner for r in class_report([path])} == {"Sam Jones"}
    with pytest.raises(ValueError, match="1 to 80 characters"):
        store.export(tmp_path / "y.json", name="  ")
