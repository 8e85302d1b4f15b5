"""Tests for calflib.widgets.progress and calflib.course: dashboard, export/import/reset, final."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from calflib.course import chapter_status, chapters
from calflib.progress import ProgressStore
from calflib.quiz_loader import default_bank
from calflib.widgets import CheckYourself, ScenarioTrainer
from calflib.widgets.progress import FinalCheck, ProgressDashboard, ProgressManager


def test_chapters_are_listed_in_order() -> None:
    """The course lists the eight chapters from 00 to 07."""
    ids = [c.id for c in chapters()]
    assert ids[0] == "00_start_here" and ids[-1] == "07_final_check" and len(ids) == 8


def test_fresh_learner_has_nothing_started() -> None:
    """With no saved progress every chapter reads 'not started'."""
    statuses = chapter_status(default_bank(), ProgressStore("default").load())
    assert {s.state for s in statuses} == {"not started"}


def test_dashboard_follows_answers_and_scenarios() -> None:
    """Answering questions and scenarios shows up per chapter and per objective after refresh."""
    dashboard = ProgressDashboard()
    assert "not started" in dashboard.table.value and "<caption" in dashboard.table.value
    check = CheckYourself("02_when_not_to_massage")
    for widget in check.questions:
        if widget.choice is not None:
            widget.choice.value = next(iter(widget.question.correct_ids))
        else:
            for ident, box in widget.boxes.items():
                box.value = ident in widget.question.correct_ids
        widget.check_button.click()
    trainer = ScenarioTrainer()
    trainer.choice.value = trainer.scenario.expected
    trainer.check_button.click()
    dashboard.refresh_button.click()
    html = dashboard.table.value
    assert "scenarios: 1 of 1 right" in html
    status = next(
        s
        for s in chapter_status(default_bank(), ProgressStore("default").load())
        if s.chapter.id == "02_when_not_to_massage"
    )
    assert status.state == "done" and status.marked_done
    assert "done" in html


def test_export_import_and_reset_from_the_widget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export writes a file, import adds one back, reset needs confirmation and keeps a backup."""
    monkeypatch.chdir(tmp_path)
    ProgressStore("default").record_quiz("pe-what-to-do", ["call-emergency"], True)
    manager = ProgressManager()
    manager.export_button.click()
    assert "type your name first" in manager.status.value
    manager.learner_name.value = "Sam Jones"
    manager.export_button.click()
    exported = tmp_path / "calf-progress-sam-jones.json"
    assert json.loads(exported.read_text(encoding="utf-8"))["learner"] == "Sam Jones"
    assert json.loads(exported.read_text(encoding="utf-8"))["quiz"]["pe-what-to-do"]["correct"]
    assert "Exported" in manager.status.value
    manager.reset_button.click()
    assert "tick" in manager.status.value and ProgressStore("default").load().quiz
    manager.confirm_reset.value = True
    manager.reset_button.click()
    assert "Started again" in manager.status.value and not ProgressStore("default").load().quiz
    manager.upload.value = (
        {
            "name": "mine.json",
            "type": "application/json",
            "size": 1,
            "content": exported.read_bytes(),
            "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        },
    )
    manager.import_button.click()
    assert "Imported" in manager.status.value
    assert ProgressStore("default").load().quiz["pe-what-to-do"]["correct"] is True


def test_import_problems_are_messages(tmp_path: Path) -> None:
    """Importing nothing, or a file that is not an export, gives a message, not a traceback."""
    manager = ProgressManager()
    manager.import_button.click()
    assert "choose an exported .json file first" in manager.status.value
    manager.upload.value = (
        {
            "name": "x.json",
            "type": "application/json",
            "size": 1,
            "content": b"[]",
            "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        },
    )
    manager.import_button.click()
    assert "not a calflib progress file" in manager.status.value
    assert "Traceback" not in manager.status.value


def test_final_check_mixes_chapters_and_updates_the_summary() -> None:
    """The final check asks the final questions and its summary refreshes after each answer."""
    final = FinalCheck()
    bank = default_bank()
    assert [w.question.id for w in final.check.questions] == [q.id for q in bank.final]
    assert all(q.final for q in bank.final) and len(bank.final) >= 5
    widget = final.check.questions[0]
    assert widget.choice is not None
    widget.choice.value = next(iter(widget.question.correct_ids))
    widget.check_button.click()
    assert "1 of" in final.dashboard.table.value
    assert os.environ["CALFLIB_HOME"] in str(ProgressStore("default").path)
