"""The parsed-TOML cache: same text gives the same tables, and any problem falls back to parsing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from calflib import _toml_cache
from calflib._toml_cache import cache_folder, parse_toml
from calflib.errors import ContentError
from calflib.loader import load_content, read_toml

TEXT = 'title = "Calf"\n[[finding]]\nid = "a"\nlevel = 2\nweight = 1.5\nred = true\n'
ORIGIN = "/x/findings.toml"


@pytest.fixture(autouse=True)
def _fresh_privacy_checks() -> Iterator[None]:
    _toml_cache._private.cache_clear()
    yield
    _toml_cache._private.cache_clear()


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
    """The same text is parsed once; afterwards the tables come from the cache, types intact."""
    first = parse_toml(TEXT, ORIGIN)
    assert first == tomllib.loads(TEXT)
    assert len(list(cache.glob("findings-*.json"))) == 1
    _no_parsing(monkeypatch)
    again = parse_toml(TEXT, ORIGIN)
    assert again == first
    assert isinstance(again["finding"][0]["level"], int)
    assert isinstance(again["finding"][0]["weight"], float)
    assert again["finding"][0]["red"] is True


def test_every_toml_shape_comes_back_the_same(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nested tables, arrays of tables, inline tables, empty tables and arrays, and the int /
    float / bool distinction survive the round trip through the cache."""
    text = (
        "empty_list = []\nmixed = [1, 2.0, true, 'x']\n[empty]\n[a.b.c]\nd = 1\n"
        "[[row]]\nx = { y = [1, 2], z = {} }\n[[row]]\nx = 0.0\n"
    )
    expected = json.dumps(tomllib.loads(text), sort_keys=True)
    parse_toml(text, "/x/shapes.toml")
    _no_parsing(monkeypatch)
    cached = parse_toml(text, "/x/shapes.toml")
    assert json.dumps(cached, sort_keys=True) == expected
    assert [type(v) for v in cached["mixed"]] == [int, float, bool, str]
    assert cached["empty"] == {} and cached["row"][1]["x"] == 0.0


def test_an_edited_file_is_parsed_and_replaces_its_old_entry(cache: Path) -> None:
    """An edit is a new key: the new text is parsed and the file's old entry is removed."""
    parse_toml(TEXT, ORIGIN)
    parse_toml('title = "Other"\n', "/y/findings.toml")  # another file with the same name
    edited = TEXT.replace("Calf", "Calf muscles")
    assert parse_toml(edited, ORIGIN)["title"] == "Calf muscles"
    entries = sorted(cache.glob("findings-*.json"))
    assert len(entries) == 2  # the edited file's new entry and the other file's
    titles = {json.loads(e.read_text())["tables"]["title"] for e in entries}
    assert titles == {"Calf muscles", "Other"}


def test_file_names_with_glob_characters_replace_their_entries(cache: Path) -> None:
    """A teacher's file named like 'questions-[week1].toml' does not pile up old entries."""
    parse_toml(TEXT, "/p/questions-[week1].toml")
    parse_toml(TEXT + "# edited\n", "/p/questions-[week1].toml")
    assert len(list(cache.glob("*.json"))) == 1


def test_a_damaged_or_foreign_entry_is_parsed_again(cache: Path) -> None:
    """Half-written JSON, JSON that is not an entry, or an entry for other text are not used."""
    parse_toml(TEXT, ORIGIN)
    (entry,) = cache.glob("findings-*.json")
    for bad in ('{"key": "trun', "[1, 2]", json.dumps({"key": "other", "tables": {"t": 1}})):
        entry.write_text(bad, encoding="utf-8")
        assert parse_toml(TEXT, ORIGIN) == tomllib.loads(TEXT)


def test_dates_and_non_finite_numbers_are_not_cached_but_still_parsed(cache: Path) -> None:
    """Values JSON cannot hold unchanged are never cached; the file is parsed each time."""
    for name, text in (("dates", "reviewed = 2026-11-26\n"), ("nan", "x = nan\ny = inf\n")):
        assert str(parse_toml(text, f"/x/{name}.toml")) == str(tomllib.loads(text))
        assert list(cache.glob(f"{name}-*.json")) == []


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CALFLIB_CACHE=off: parsed as before, and not even the default cache folder is made."""
    monkeypatch.setenv("CALFLIB_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() is None
    assert parse_toml(TEXT, ORIGIN) == tomllib.loads(TEXT)
    assert not (tmp_path / "xdg").exists()


def test_the_default_folder_is_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without CALFLIB_CACHE the per-user cache folder is used (XDG_CACHE_HOME on Linux)."""
    monkeypatch.delenv("CALFLIB_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform not in ("win32", "darwin"):
        assert cache_folder() == tmp_path / "xdg" / "calflib"
        parse_toml(TEXT, ORIGIN)
        assert len(list((tmp_path / "xdg" / "calflib").glob("findings-*.json"))) == 1


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no home folder can be found, content still loads: it is parsed, not cached."""
    monkeypatch.delenv("CALFLIB_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache_folder() is None
    assert parse_toml(TEXT, ORIGIN) == tomllib.loads(TEXT)


def test_an_unwritable_cache_folder_still_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder that cannot be made (here a file is in the way) only costs the speed-up."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("CALFLIB_CACHE", str(blocker))
    assert parse_toml(TEXT, ORIGIN) == tomllib.loads(TEXT)


@pytest.mark.skipif(os.name != "posix", reason="folder ownership and modes are POSIX")
def test_a_folder_others_can_write_to_is_not_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached tables feed the clinical content, so a shared, writable folder is never read:
    an entry planted there with other tables is ignored and nothing is written."""
    parse_toml(TEXT, ORIGIN)
    (entry,) = cache.glob("findings-*.json")
    planted = json.loads(entry.read_text())
    planted["tables"]["title"] = "planted"
    entry.write_text(json.dumps(planted))
    assert parse_toml(TEXT, ORIGIN)["title"] == "planted"  # a private folder is trusted
    _toml_cache._private.cache_clear()
    cache.chmod(0o777)
    assert parse_toml(TEXT, ORIGIN)["title"] == "Calf"
    _toml_cache._private.cache_clear()
    cache.chmod(0o700)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache).st_uid + 1)  # someone else's
    assert parse_toml(TEXT, ORIGIN)["title"] == "Calf"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_entries_are_readable_by_their_owner_only(cache: Path) -> None:
    """The folder is made 0700 and each entry 0600."""
    parse_toml(TEXT, ORIGIN)
    (entry,) = cache.glob("findings-*.json")
    assert cache.stat().st_mode & 0o777 == 0o700
    assert entry.stat().st_mode & 0o777 == 0o600


def test_a_syntax_error_is_still_a_content_error(cache: Path, tmp_path: Path) -> None:
    """Broken TOML is reported as before (file named), and nothing is cached for it."""
    (tmp_path / "broken.toml").write_text('title = "unclosed\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"broken\.toml.*not valid TOML"):
        read_toml(tmp_path, "broken.toml")
    assert list(cache.glob("broken-*.json")) == []


def test_the_content_is_the_same_with_and_without_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The built-in content loaded cold, then wholly from the cache, then with the cache off,
    is the same content."""
    cold = load_content()  # fills the cache
    with monkeypatch.context() as patched:
        _no_parsing(patched)
        warm = load_content()  # every file from the cache
    monkeypatch.setenv("CALFLIB_CACHE", "off")
    assert cold == warm == load_content()
    assert len(list(cache.glob("*.json"))) >= 5


def test_a_warm_cache_never_imports_the_parser(cache: Path) -> None:
    """In a new interpreter with the cache filled, loading the content leaves tomllib unloaded."""
    code = "import sys; from calflib.loader import load_content; load_content(); "
    check = code + "print('tomllib' in sys.modules)"
    env = {**os.environ, "CALFLIB_CACHE": str(cache)}
    run = [sys.executable, "-c", check]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert (first.stdout.strip(), second.stdout.strip()) == ("True", "False")


def _bottom(tables: object) -> object:
    """The value at the bottom of a chain of one-key tables (found without recursion)."""
    while isinstance(tables, dict):
        (tables,) = tables.values()
    return tables


def test_tables_too_deep_for_json_are_not_cached_but_still_parsed(cache: Path) -> None:
    """A header 1200 tables deep parses (tomllib reads headers without recursion) but is too deep
    for the JSON encoder: it is parsed as before, not cached, and never a RecursionError."""
    text = "[" + ".".join(["deep"] * 1200) + "]\nx = 1\n"
    assert _bottom(parse_toml(text, "/x/deep.toml")) == 1
    assert list(cache.glob("deep-*.json")) == []


def test_a_cache_entry_too_deep_to_read_is_parsed_again(cache: Path) -> None:
    """An entry nested too deeply for the JSON decoder is treated as damaged: parsed again."""
    parse_toml(TEXT, ORIGIN)
    (entry,) = cache.glob("findings-*.json")
    digest = entry.stem.rsplit("-", 1)[1]
    deep = "[" * 100_000 + "]" * 100_000
    entry.write_text(f'{{"key": "{digest}", "tables": {deep}}}', encoding="utf-8")
    assert parse_toml(TEXT, ORIGIN) == tomllib.loads(TEXT)
