"""Tests for calflib.screening_memory: answers kept for chapter 05, private, moved on in time."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from calflib.progress import ProgressStore
from calflib.screening_memory import (
    MAX_DAYS,
    forget_screening,
    load_screening,
    save_screening,
)


def test_answers_come_back_as_given(tmp_path: Path) -> None:
    """Lead-ins, questions and days come back exactly, with the day they were saved."""
    save_screening(
        {"clot": "No"},
        {"recent_strain": "Yes", "pregnancy": "Not sure"},
        1,
        folder=tmp_path,
        today=date(2026, 12, 1),
    )
    saved = load_screening(folder=tmp_path, today=date(2026, 12, 1))
    assert saved is not None
    assert saved.groups == {"clot": "No"}
    assert saved.findings == {"recent_strain": "Yes", "pregnancy": "Not sure"}
    assert saved.days_since_injury == 1 and saved.saved_on == date(2026, 12, 1)


@pytest.mark.parametrize(("later", "days"), [(0, 1), (2, 3), (30, MAX_DAYS)])
def test_days_since_an_injury_move_on_with_the_calendar(
    tmp_path: Path, later: int, days: int
) -> None:
    """A strain saved as 'yesterday' is two days old tomorrow, never past 'more than 2 weeks'."""
    save_screening({}, {"recent_strain": "Yes"}, 1, folder=tmp_path, today=date(2026, 12, 1))
    saved = load_screening(
        folder=tmp_path, today=date.fromordinal(date(2026, 12, 1).toordinal() + later)
    )
    assert saved is not None and saved.days_since_injury == days


def test_answers_to_questions_no_longer_asked_are_dropped(tmp_path: Path) -> None:
    """An answer to a question the workbook no longer asks is left out (it becomes not sure)."""
    save_screening(
        {"old_group": "No"}, {"old_question": "No", "pregnancy": "Yes"}, None, folder=tmp_path
    )
    saved = load_screening(folder=tmp_path, groups={"history"}, findings={"pregnancy"})
    assert saved is not None and saved.groups == {} and saved.findings == {"pregnancy": "Yes"}


@pytest.mark.parametrize(
    "text", ["{not json", "[]", '{"format": "other"}', '{"format": "calflib-screening"}']
)
def test_an_unreadable_file_is_no_offer(tmp_path: Path, text: str) -> None:
    """A broken or foreign file gives no offer (None), never an error or a guessed answer."""
    (tmp_path / "screening-default.json").write_text(text, encoding="utf-8")
    assert load_screening(folder=tmp_path) is None


def test_forget_deletes_the_answers(tmp_path: Path) -> None:
    """Forgetting removes the file; forgetting twice is harmless."""
    save_screening({}, {"pregnancy": "No"}, None, folder=tmp_path)
    assert forget_screening(folder=tmp_path) is True
    assert load_screening(folder=tmp_path) is None
    assert forget_screening(folder=tmp_path) is False


def test_screening_answers_are_never_in_a_progress_export(tmp_path: Path) -> None:
    """Health answers stay private: the progress file and its export do not contain them."""
    save_screening({}, {"pregnancy": "Yes"}, None, folder=tmp_path)
    store = ProgressStore(folder=tmp_path)
    store.mark_chapter("02_when_not_to_massage")
    exported = store.export(tmp_path / "export.json", name="Sam")
    text = exported.read_text(encoding="utf-8")
    assert "pregnancy" not in text and "screening" not in json.loads(text)


def test_bad_answers_and_learner_names_are_refused(tmp_path: Path) -> None:
    """Only Yes / No / Not sure are kept, and learner names follow the progress store's rule."""
    with pytest.raises(ValueError, match="must be one of"):
        save_screening({}, {"pregnancy": "yes"}, None, folder=tmp_path)
    with pytest.raises(ValueError, match="not allowed"):
        save_screening({}, {}, None, folder=tmp_path, learner="../x")
