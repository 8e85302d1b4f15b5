"""Tests for calflib.output_files: outputs never overwrite inputs or other files, and a file
that cannot be written is a plain message."""

from __future__ import annotations

from pathlib import Path

import pytest

from calflib.output_files import OutputError, output_problem, write_output


def test_an_output_named_like_an_export_or_an_input_is_refused(tmp_path: Path) -> None:
    """A .json output, or one of the inputs (by another spelling of its path), is refused."""
    export = tmp_path / "ana.json"
    export.write_text("{}", encoding="utf-8")
    assert "must not end in .json" in (output_problem(export, [export], option="--csv") or "")
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,email\n", encoding="utf-8")
    same = tmp_path / "." / "roster.csv"
    assert "one of the files to read" in (output_problem(same, [roster]) or "")
    assert output_problem(tmp_path / "class.csv", [export, roster]) is None
    assert output_problem("-", [export]) is None


def test_an_existing_file_of_another_kind_is_never_replaced(tmp_path: Path) -> None:
    """An existing .txt is not a table to replace; an existing .csv may be."""
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "old.csv").write_text("a,b", encoding="utf-8")
    assert "is not a .csv file" in (output_problem(tmp_path / "notes.txt") or "")
    assert output_problem(tmp_path / "old.csv") is None


def test_write_output_names_the_file_and_the_reason(tmp_path: Path) -> None:
    """A missing folder, a folder, or an existing file without replace: OutputError, and the
    folder is never told to add --force."""
    with pytest.raises(OutputError, match=r"cannot write .*x\.csv \(no such folder"):
        write_output(tmp_path / "no" / "x.csv", "t")
    with pytest.raises(OutputError, match=r"cannot write .* \(it is a folder\)") as folder:
        write_output(tmp_path, "t", replace=False)
    assert "--force" not in str(folder.value)
    write_output(tmp_path / "x.csv", "first")
    with pytest.raises(OutputError, match=r"already exists .* add --force"):
        write_output(tmp_path / "x.csv", "second", replace=False)
    assert (tmp_path / "x.csv").read_text(encoding="utf-8") == "first"
