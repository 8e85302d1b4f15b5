"""The parsed-TOML cache: same bytes give the same tables, and any problem falls back to parsing."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from calflib._toml_cache import cache_folder, parse_toml
from calflib.errors import ContentError
from calflib.loader import load_content, read_toml

TEXT = 'title = "Calf"\n[[finding]]\nid = "a"\nlevel = 2\nweight = 1.5\nred = true\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CALFLIB_CACHE", str(folder))
    return folder


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_text: str) -> dict[str, object]:
        raise AssertionError("parsed again instead of read from the cache")

    monkeypatch.setattr(tomllib, "loads", refuse)


def test_a_second_read_comes_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = parse_toml(TEXT, "/x/findings.toml")
    assert first == tomllib.loads(TEXT)
    assert len(list(cache.glob("findings-*.json"))) == 1
    _no_parsing(monkeypatch)
    again = parse_toml(TEXT, "/x/findings.toml")
    assert again == first
    assert isinstance(again["finding"][0]["level"], int)
    assert isinstance(again["finding"][0]["weight"], float)


def test_an_edited_file_is_parsed_and_replaces_its_old_entry(cache: Path) -> None:
    parse_toml(TEXT, "/x/findings.toml")
    parse_toml('title = "Other"\n', "/y/findings.toml")  # another file with the same name
    edited = TEXT.replace("Calf", "Calf muscles")
    assert parse_toml(edited, "/x/findings.toml")["title"] == "Calf muscles"
    entries = sorted(cache.glob("findings-*.json"))
    assert len(entries) == 2  # the edited file's new entry and the other file's
    assert {json.loads(e.read_text())["title"] for e in entries} == {"Calf muscles", "Other"}


def test_a_damaged_entry_is_parsed_again(cache: Path) -> None:
    parse_toml(TEXT, "/x/findings.toml")
    (entry,) = cache.glob("findings-*.json")
    entry.write_text('{"title": "trun', encoding="utf-8")
    assert parse_toml(TEXT, "/x/findings.toml") == tomllib.loads(TEXT)
    entry.write_text("[1, 2]", encoding="utf-8")  # valid JSON, but not a table
    assert parse_toml(TEXT, "/x/findings.toml") == tomllib.loads(TEXT)


def test_dates_are_not_cached_but_still_parsed(cache: Path) -> None:
    text = "reviewed = 2026-11-26\n"
    assert parse_toml(text, "/x/dates.toml") == tomllib.loads(text)
    assert list(cache.glob("dates-*.json")) == []


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALFLIB_CACHE", "off")
    assert cache_folder() is None
    assert parse_toml(TEXT, "/x/findings.toml") == tomllib.loads(TEXT)


def test_an_unwritable_cache_folder_still_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("CALFLIB_CACHE", str(blocker))
    assert parse_toml(TEXT, "/x/findings.toml") == tomllib.loads(TEXT)


def test_a_syntax_error_is_still_a_content_error(cache: Path, tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text('title = "unclosed\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"broken\.toml.*not valid TOML"):
        read_toml(tmp_path, "broken.toml")
    assert list(cache.glob("broken-*.json")) == []


def test_the_content_is_the_same_with_and_without_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_content()  # fills the cache
    warm = load_content()  # read from it
    monkeypatch.setenv("CALFLIB_CACHE", "off")
    assert cold == warm == load_content()
    assert len(list(cache.glob("*.json"))) >= 5
