"""Tests for calflib._files: per-user folders and atomic writes, shared by every stored file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from calflib._files import atomic_write, temporary_files, user_folder


@pytest.mark.parametrize("durable", [True, False])
def test_atomic_write_replaces_the_file_whole_and_leaves_no_temporary_file(
    tmp_path: Path, durable: bool
) -> None:
    """The new text replaces the old; nothing else is left in the folder."""
    target = tmp_path / "progress-default.json"
    target.write_text("old", encoding="utf-8")
    atomic_write(target, "new text", durable=durable)
    assert target.read_text(encoding="utf-8") == "new text"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    if os.name == "posix":
        assert target.stat().st_mode & 0o077 == 0, "readable by its owner only"


def test_a_failed_write_keeps_the_old_file_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rename fails, the old file is untouched and the temporary file removed."""
    target = tmp_path / "screening-default.json"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert temporary_files(tmp_path) == []


def test_temporary_files_finds_what_a_killed_writer_left(tmp_path: Path) -> None:
    """A temporary file named like atomic_write's is found, per target name or for all."""
    left = tmp_path / ".progress-default.json.abc123.tmp"
    left.write_text("half", encoding="utf-8")
    (tmp_path / "progress-default.json").write_text("{}", encoding="utf-8")
    assert temporary_files(tmp_path) == [left]
    assert temporary_files(tmp_path, "progress-default.json") == [left]
    assert temporary_files(tmp_path, "other.json") == []


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG folders are Linux's")
def test_user_folders_follow_the_xdg_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data goes to $XDG_DATA_HOME/calflib, the cache to $XDG_CACHE_HOME/calflib; unset or
    empty, the usual folders under the home folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert user_folder("data") == tmp_path / "data" / "calflib"
    assert user_folder("cache") == tmp_path / "cache" / "calflib"
    monkeypatch.setenv("XDG_DATA_HOME", "")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", staticmethod(lambda: tmp_path))
    assert user_folder("data") == tmp_path / ".local" / "share" / "calflib"
    assert user_folder("cache") == tmp_path / ".cache" / "calflib"
