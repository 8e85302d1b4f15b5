"""Tests for calflib.progress_format: the file's versions and the upgrade from version 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from calflib.progress import ProgressStore
from calflib.progress_format import (
    FORMAT_VERSION,
    NewerFormatError,
    ProgressError,
    parse_progress,
)

OLD = Path(__file__).parent / "data" / "progress-v1.json"


def test_the_format_is_version_2() -> None:
    """This calflib writes progress format 2 (every attempt kept)."""
    assert FORMAT_VERSION == 2


def test_a_version_1_file_is_upgraded_with_nothing_lost() -> None:
    """Each old answer becomes one attempt, marked as upgraded, with its answer, result and time."""
    old = json.loads(OLD.read_text(encoding="utf-8"))
    progress = parse_progress(old, "old.json")
    for qid, record in old["quiz"].items():
        (attempt,) = progress.attempts(qid)
        assert attempt["answer"] == record["answer"] and attempt["correct"] is record["correct"]
        assert attempt["at"] == record["at"] and attempt["upgraded"] is True
        assert progress.quiz[qid]["answer"] == record["answer"]
    (trial,) = progress.scenarios["long-haul-swollen-calf"]["attempts"]
    assert trial == {
        "chosen": "refer",
        "correct": True,
        "at": "2026-03-02T10:10:00+00:00",
        "upgraded": True,
    }
    assert progress.chapters == old["chapters"] and progress.learner == "Ada Lovelace"
    assert progress.practice == {} and progress.settings == {}


def test_an_old_saved_file_is_rewritten_in_the_new_format(tmp_path: Path) -> None:
    """A learner's version-1 file loads, and the next save writes version 2 keeping the old answer
    as the first attempt."""
    store = ProgressStore("ada", tmp_path)
    shutil.copy(OLD, store.path)
    store.record_quiz("q-legacy-wrong", ["a"], True)
    saved = json.loads(store.path.read_text(encoding="utf-8"))
    assert saved["version"] == 2
    attempts = saved["quiz"]["q-legacy-wrong"]["attempts"]
    assert [a["answer"] for a in attempts] == [["a", "c"], ["a"]]
    assert attempts[0]["upgraded"] is True and "upgraded" not in attempts[1]
    assert saved["chapters"]["02_when_not_to_massage"]["completed"] is True
    backup = store.path.with_name("progress-ada.json.v1-backup")
    assert backup.read_bytes() == OLD.read_bytes(), "the old file is kept as it was"
    store.record_quiz("q-legacy-right", "b", True)
    assert backup.read_bytes() == OLD.read_bytes()
    assert len(list(tmp_path.glob("*backup*"))) == 1, "only the first save after upgrading"


def test_an_old_export_still_imports(tmp_path: Path) -> None:
    """An export made by the version-1 calflib merges in, its answers as upgraded attempts."""
    store = ProgressStore("bo", tmp_path)
    store.record_quiz("q-legacy-right", "a", False)
    merged = store.import_file(OLD)
    assert [a["answer"] for a in merged.attempts("q-legacy-right")] == ["b", "a"]
    assert merged.quiz["q-legacy-right"]["answer"] == "a", "the newer answer stays current"
    assert set(merged.scenarios) == {"long-haul-swollen-calf"}


def test_a_newer_version_is_refused() -> None:
    """A version this calflib does not know is refused with NewerFormatError, not guessed at."""
    with pytest.raises(NewerFormatError, match="newer calflib"):
        parse_progress(
            {"format": "calflib-progress", "version": FORMAT_VERSION + 1, "learner": "a"}, "x"
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"version": 0}, "'version'"),
        ({"quiz": {"q": {"attempts": "many"}}}, "'quiz'"),
        ({"practice": {"p": {"title": "x"}}}, "'practice'"),
        ({"settings": ["round"]}, "'settings'"),
    ],
)
def test_a_damaged_version_2_file_is_refused_naming_the_part(
    change: dict[str, object], field: str
) -> None:
    """A version-2 document with a wrong part is refused, and the reason names that part."""
    data = {"format": "calflib-progress", "version": 2, "learner": "a", **change}
    with pytest.raises(ProgressError) as caught:
        parse_progress(data, "mine.json")
    assert field in caught.value.reason and caught.value.where == "mine.json"
