"""Tests for calflib.progress: saved progress survives restarts, crashes and bad files."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calflib.progress import (
    FORMAT_VERSION,
    ExportExistsError,
    NewerFormatError,
    ProgressError,
    ProgressStore,
    ProgressWarning,
    data_home,
    reset_times,
)


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    """A store in a temporary folder."""
    return ProgressStore("ada", tmp_path)


def test_empty_progress_when_nothing_saved(store: ProgressStore) -> None:
    """A new learner starts with empty progress and no file is created by reading."""
    progress = store.load()
    assert progress.learner == "ada" and not progress.quiz and not progress.chapters
    assert not store.path.exists()


def test_answers_survive_a_new_store_object(store: ProgressStore, tmp_path: Path) -> None:
    """What one store saves, a fresh store (as after a kernel restart) reads back."""
    store.record_quiz("q-dvt-signs", ["swelling", "warmth"], True)
    store.record_scenario("long-haul-swollen-calf", "refer", True)
    store.mark_chapter("02_when_not_to_massage")
    again = ProgressStore("ada", tmp_path).load()
    assert again.quiz["q-dvt-signs"]["answer"] == ["swelling", "warmth"]
    assert again.quiz["q-dvt-signs"]["correct"] is True
    assert again.scenarios["long-haul-swollen-calf"]["chosen"] == "refer"
    assert again.chapters["02_when_not_to_massage"]["completed"] is True


def test_two_stores_on_one_file_do_not_undo_each_other(
    store: ProgressStore, tmp_path: Path
) -> None:
    """Two notebooks (two stores) writing in turn keep both answers."""
    other = ProgressStore("ada", tmp_path)
    store.record_quiz("a", 1, True)
    other.record_quiz("b", 2, False)
    store.record_quiz("c", 3, True)
    assert set(ProgressStore("ada", tmp_path).load().quiz) == {"a", "b", "c"}


def test_corrupt_file_is_moved_aside_with_a_warning(store: ProgressStore) -> None:
    """An unreadable file is kept under a new name, never overwritten, and the learner is told."""
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json", encoding="utf-8")
    with pytest.warns(ProgressWarning, match="moved aside"):
        progress = store.load()
    assert not progress.quiz
    kept = list(store.folder.glob("progress-ada.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"


def test_wrong_shape_is_moved_aside_too(store: ProgressStore) -> None:
    """Valid JSON that is not a progress file is also kept aside, not overwritten."""
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.warns(ProgressWarning, match="not a calflib progress file"):
        store.record_quiz("q1", "a", True)
    assert list(store.folder.glob("progress-ada.json.corrupt-*"))
    assert set(store.load().quiz) == {"q1"}


def test_newer_format_is_refused_and_left_untouched(store: ProgressStore) -> None:
    """A file from a newer calflib raises a clear error and is not changed."""
    store.folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(
        {"format": "calflib-progress", "version": FORMAT_VERSION + 1, "learner": "ada"}
    )
    store.path.write_text(text, encoding="utf-8")
    with pytest.raises(ProgressError, match="newer calflib"):
        store.load()
    with pytest.raises(ProgressError, match="Update calflib"):
        store.record_quiz("q1", "a", True)
    assert store.path.read_text(encoding="utf-8") == text


def test_export_import_round_trip(store: ProgressStore, tmp_path: Path) -> None:
    """Export writes a JSON file; importing it into another learner's store merges it."""
    store.record_quiz("q1", "b", False)
    exported = store.export(tmp_path / "ada-export.json")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "calflib-progress" and data["quiz"]["q1"]["answer"] == "b"
    other = ProgressStore("bo", tmp_path)
    other.record_quiz("q2", "c", True)
    merged = other.import_file(exported)
    assert set(merged.quiz) == {"q1", "q2"}
    replaced = other.import_file(exported, replace=True)
    assert set(replaced.quiz) == {"q1"}


def test_import_of_a_bad_file_names_it(store: ProgressStore, tmp_path: Path) -> None:
    """Importing something that is not an export fails with the file name in the message."""
    bad = tmp_path / "notes.json"
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(ProgressError, match=r"notes\.json is not a progress file made by Export"):
        store.import_file(bad)


def test_reset_keeps_a_backup(store: ProgressStore) -> None:
    """Reset starts again but keeps the old answers in a dated backup."""
    store.record_quiz("q1", "a", True)
    backup = store.reset()
    assert backup is not None and backup.exists()
    assert not store.load().quiz


def test_every_reset_is_remembered_for_the_teacher(store: ProgressStore, tmp_path: Path) -> None:
    """After each reset the new file holds only the reset times (oldest first), with or without
    a backup, and an export carries them; the old answers and settings are in the backup."""
    store.record_quiz("q1", "a", True)
    store.save_setting("final_check_round", 2)
    first = store.reset()
    assert first is not None and "q1" in json.loads(first.read_text(encoding="utf-8"))["quiz"]
    after_one = store.load()
    assert not after_one.quiz and set(after_one.settings) == {"progress_resets"}
    assert len(reset_times(after_one.settings)) == 1
    store.record_quiz("q1", "b", False)
    assert store.reset(keep_backup=False) is None
    times = reset_times(store.load().settings)
    assert len(times) == 2 and times == sorted(times) and not store.load().quiz
    exported = json.loads(store.export(tmp_path / "out.json").read_text(encoding="utf-8"))
    assert reset_times(exported["settings"]) == times
    assert reset_times({"progress_resets": "yesterday"}) == []
    assert reset_times({"progress_resets": [1, "2026-12-01T10:00:00"]}) == ["2026-12-01T10:00:00"]


def test_a_broken_file_is_moved_aside_by_a_reset_too(store: ProgressStore) -> None:
    """A damaged progress file is kept aside (as on any read) and the reset still works."""
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{ not json", encoding="utf-8")
    with pytest.warns(ProgressWarning):
        assert store.reset() is None  # the damaged file itself is the copy kept
    assert len(reset_times(store.load().settings)) == 1
    (aside,) = store.path.parent.glob(store.path.name + ".corrupt-*")
    assert aside.read_text(encoding="utf-8") == "{ not json"


def test_reset_before_anything_was_saved(tmp_path: Path) -> None:
    """A learner who never saved anything can start again: nothing to back up, no error."""
    store = ProgressStore("new", tmp_path / "never-used")
    assert store.reset() is None
    assert store.reset(keep_backup=False) is None
    assert not store.load().quiz


def test_newer_format_has_its_own_error_class(store: ProgressStore) -> None:
    """A file from a newer calflib raises NewerFormatError (a ProgressError) naming the file."""
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text(
        json.dumps({"format": "calflib-progress", "version": FORMAT_VERSION + 1}), encoding="utf-8"
    )
    with pytest.raises(NewerFormatError) as caught:
        store.load()
    assert caught.value.where == str(store.path) and isinstance(caught.value, ProgressError)


def test_a_bad_file_is_moved_aside_whatever_its_folder_is_called(tmp_path: Path) -> None:
    """What happens to a bad file depends on the error's kind, never on words in its message:
    a folder whose name reads like the newer-format message changes nothing."""
    store = ProgressStore("ada", tmp_path / "written by a newer calflib")
    store.folder.mkdir(parents=True)
    store.path.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.warns(ProgressWarning, match="moved aside"):
        assert not store.load().quiz
    assert list(store.folder.glob("progress-ada.json.corrupt-*"))


@pytest.mark.parametrize(
    "data",
    [
        b'{"format": "calflib-progress", "version": 1, "lear',
        b"\xff\xfe not text",
        b"[]",
        b'{"format": "calflib-progress", "version": 1, "learner": "x", "quiz": []}',
    ],
)
def test_importing_a_bad_file_says_so_in_plain_words(store: ProgressStore, data: bytes) -> None:
    """A broken or foreign file is refused with its own name and plain words (no parser
    positions), and nothing is changed."""
    store.record_quiz("q1", "a", True)
    before = store.path.read_bytes()
    with pytest.raises(ProgressError) as caught:
        store.import_bytes(data, "mine.json")
    message = str(caught.value)
    assert message.startswith("mine.json is not a progress file made by Export")
    assert "Nothing was changed" in message and caught.value.where == "mine.json"
    assert not re.search(r"char \d|line \d|column \d|codec|byte 0x", message), message
    assert store.path.read_bytes() == before


def test_export_never_replaces_an_existing_file(store: ProgressStore, tmp_path: Path) -> None:
    """An export onto an existing file is refused (the file untouched) unless replace=True."""
    store.record_quiz("q1", "a", True)
    target = tmp_path / "calf-progress-ada.json"
    target.write_text("a teacher's file", encoding="utf-8")
    with pytest.raises(ExportExistsError) as caught:
        store.export(target)
    assert caught.value.path == target and "already" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "a teacher's file"
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"
    assert store.export(target, replace=True) == target
    assert json.loads(target.read_text(encoding="utf-8"))["quiz"]["q1"]["answer"] == "a"


@pytest.mark.parametrize("name", ["02_when_not_to_massage.ipynb", "progress", "notes.JSON.txt"])
def test_export_only_writes_json_files(store: ProgressStore, tmp_path: Path, name: str) -> None:
    """An export target that is not a .json file (a notebook, no extension) is refused."""
    target = tmp_path / name
    if name.endswith(".ipynb"):
        target.write_text("{the chapter}", encoding="utf-8")
    with pytest.raises(ValueError, match=r"\.json"):
        store.export(target, replace=True)
    assert not target.exists() or target.read_text(encoding="utf-8") == "{the chapter}"


def test_export_creates_its_folder(store: ProgressStore, tmp_path: Path) -> None:
    """Exporting into a folder that does not exist yet (the first export) creates it."""
    target = tmp_path / "exports" / "calf-progress-ada-2026-03-01.json"
    assert store.export(target, name="Ada") == target
    assert json.loads(target.read_text(encoding="utf-8"))["learner"] == "Ada"
    assert json.loads(store.export_bytes(name="Ada")) == json.loads(target.read_bytes())


def test_learner_names_are_checked(tmp_path: Path) -> None:
    """A learner name that could escape the folder is refused."""
    with pytest.raises(ValueError, match="not allowed"):
        ProgressStore("../evil", tmp_path)


def test_calflib_home_overrides_the_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """CALFLIB_HOME decides where progress is kept."""
    monkeypatch.setenv("CALFLIB_HOME", str(tmp_path / "here"))
    assert data_home() == tmp_path / "here"
    assert ProgressStore("ada").path == tmp_path / "here" / "progress-ada.json"


@settings(max_examples=40, deadline=None)
@given(
    ops=st.lists(
        st.tuples(
            st.sampled_from(["quiz", "scenario", "chapter"]), st.text(min_size=1, max_size=8)
        ),
        max_size=12,
    )
)
def test_every_saved_record_is_read_back(
    ops: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whatever sequence of saves, reading back gives the last record for every id."""
    store = ProgressStore("h", tmp_path_factory.mktemp("p"))
    expected: dict[str, set[str]] = {"quiz": set(), "scenario": set(), "chapter": set()}
    for kind, key in ops:
        if kind == "quiz":
            store.record_quiz(key, key, True)
        elif kind == "scenario":
            store.record_scenario(key, "clear", False)
        else:
            store.mark_chapter(key)
        expected[kind].add(key)
    progress = store.load()
    assert set(progress.quiz) == expected["quiz"]
    assert set(progress.scenarios) == expected["scenario"]
    assert set(progress.chapters) == expected["chapter"]


_WRITER = """
import sys
from calflib.progress import ProgressStore
store = ProgressStore("crash", sys.argv[1])
start = int(sys.argv[2])
for i in range(start, start + 100000):
    store.record_quiz(f"q{i}", i, True)
    print(i, flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_killing_a_writer_mid_save_never_loses_a_committed_answer(tmp_path: Path) -> None:
    """Kill a writer process at random moments, many times: the file always reads cleanly and
    every answer whose save had returned is still there."""
    rng = random.Random(20261126)
    committed: set[int] = set()
    next_start = 0
    kills = 0
    for _ in range(25):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(tmp_path), str(next_start)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is really writing
        assert first.strip(), "writer produced no output"
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate()
        kills += proc.returncode == -signal.SIGKILL
        done = [int(line) for line in [first, *rest.splitlines()] if line.strip()]
        committed.update(done)
        next_start = max(done) + 1
        saved = ProgressStore("crash", tmp_path).load()  # must not warn or raise
        missing = {f"q{i}" for i in committed} - set(saved.quiz)
        assert not missing, f"lost committed answers: {sorted(missing)[:5]}"
    assert kills >= 20
    assert len(committed) > 25
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_works_where_fcntl_has_no_flock(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the browser (Pyodide) fcntl exists without flock: saving still works, unlocked."""
    import types

    monkeypatch.setitem(sys.modules, "fcntl", types.ModuleType("fcntl"))
    store.record_quiz("q1", "a", True)
    assert store.load().quiz["q1"]["correct"] is True


def test_every_attempt_is_kept_and_the_first_never_changes(store: ProgressStore) -> None:
    """Trying again adds an attempt: the first (wrong) try stays, the latest is on top."""
    store.record_quiz("q1", "a", False)
    store.record_quiz("q1", "b", True)
    progress = ProgressStore("ada", store.folder).load()
    attempts = progress.attempts("q1")
    assert [(a["answer"], a["correct"]) for a in attempts] == [("a", False), ("b", True)]
    assert attempts[0]["at"] <= attempts[1]["at"]
    assert progress.quiz["q1"]["answer"] == "b" and progress.quiz["q1"]["correct"] is True
    store.record_scenario("s1", "refer", False)
    store.record_scenario("s1", "emergency", True)
    chosen = [a["chosen"] for a in store.load().scenarios["s1"]["attempts"]]
    assert chosen == ["refer", "emergency"]


def test_practice_reports_are_appended_with_their_time(store: ProgressStore) -> None:
    """Each self-report is added (never replacing the last) with its title, fields and time."""
    report = {"title": "Self-practice: find the landmarks", "pressure": 4, "note": "left calf"}
    store.record_practice("landmarks", report)
    progress = store.record_practice("landmarks", {**report, "pressure": 5, "note": ""})
    reports = ProgressStore("ada", store.folder).load().practice["landmarks"]
    assert (
        [r["pressure"] for r in reports]
        == [4, 5]
        == [r["pressure"] for r in progress.practice["landmarks"]]
    )
    assert reports[0]["title"] == "Self-practice: find the landmarks" and reports[0]["at"]
    assert [a for a, _ in progress.practice_log()] == ["landmarks", "landmarks"]


def test_a_practice_report_needs_a_title(store: ProgressStore) -> None:
    """A report without a title is refused before anything is written."""
    with pytest.raises(ValueError, match="title"):
        store.record_practice("landmarks", {"pressure": 3})
    assert not store.path.exists()


def test_settings_survive_a_restart(store: ProgressStore) -> None:
    """A saved setting (e.g. the final check's round) is read back by a fresh store."""
    store.save_setting("final_check_round", 3)
    store.save_setting("final_check_round", 4)
    store.save_setting("theme", {"dark": True})
    again = ProgressStore("ada", store.folder).load()
    assert again.settings == {"final_check_round": 4, "theme": {"dark": True}}


def test_a_setting_that_is_not_json_is_refused(store: ProgressStore) -> None:
    """A value that cannot be saved as JSON fails at once and nothing is written."""
    with pytest.raises(TypeError):
        store.save_setting("round", {1, 2})
    assert not store.path.exists()


def test_importing_keeps_every_attempt_of_both(store: ProgressStore, tmp_path: Path) -> None:
    """Merging an export keeps both devices' attempts once each, in time order; nothing is lost."""
    store.record_quiz("q1", "a", False)
    other = ProgressStore("bo", tmp_path)
    other.import_file(store.export(tmp_path / "ada.json"))
    other.record_quiz("q1", "b", True)
    other.record_practice("p", {"title": "Self-practice: pressure", "pressure": 3})
    other.save_setting("round", 2)
    store.save_setting("round", 1)
    merged = store.import_file(other.export(tmp_path / "bo.json"))
    merged = store.import_file(tmp_path / "bo.json")  # the same file twice changes nothing
    assert [a["answer"] for a in merged.attempts("q1")] == ["a", "b"]
    assert merged.quiz["q1"]["answer"] == "b"
    assert len(merged.practice["p"]) == 1 and merged.settings == {"round": 1}


def test_a_progress_file_with_a_byte_order_mark_is_read(store: ProgressStore) -> None:
    """(16) A saved file or an export with a byte-order mark (an editor added it) is read, never
    moved aside; importing it works too."""
    store.record_quiz("q1", "a", True)
    store.path.write_bytes(b"\xef\xbb\xbf" + store.path.read_bytes())
    assert store.load().quiz["q1"]["answer"] == "a"
    data = b"\xef\xbb\xbf" + store.export_bytes(name="Ada")
    other = ProgressStore("bo", store.folder)
    assert other.import_bytes(data, "ada.json").quiz["q1"]["answer"] == "a"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({1: "one"}, "every dict key must be text"),
        ([{"ok": {2: "x"}}], "every dict key must be text"),
        (float("nan"), "NaN and infinity cannot be saved"),
        ({"pressure": float("inf")}, "NaN and infinity cannot be saved"),
    ],
)
def test_a_setting_json_would_change_is_refused(
    store: ProgressStore, value: object, words: str
) -> None:
    """(21) A setting JSON cannot keep as it is (int keys become text, NaN is not JSON) is refused
    with a plain ValueError, and nothing is saved."""
    with pytest.raises(ValueError, match=words):
        store.save_setting("round", value)
    assert not store.path.exists()


def test_a_practice_report_that_is_not_a_mapping_is_refused(store: ProgressStore) -> None:
    """(21) record_practice with a list or text says what a report is, not AttributeError."""
    with pytest.raises(TypeError, match="a practice report must be a dict"):
        store.record_practice("walk", ["title", "pressure"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="NaN and infinity"):
        store.record_practice("walk", {"title": "Walk", "pressure": float("nan")})
