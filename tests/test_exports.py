"""Tests for calflib.exports: where exports go, their safe names, the download link, the list."""

from __future__ import annotations

import base64
import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.exports import (
    EXPORTS_FOLDER,
    download_link,
    export_file_name,
    export_slug,
    exports_folder,
    listed_exports,
)

_SAFE_NAME = re.compile(r"^calf-progress-[a-z0-9]+(-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}\.json$")


class _Links(HTMLParser):
    """Collect the attributes of every <a> element, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))


def _links(html: str) -> list[dict[str, str | None]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def test_exports_go_to_an_exports_folder_beside_the_notebooks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The folder is 'exports' in the kernel's folder (the notebook's), or below a given base."""
    monkeypatch.chdir(tmp_path)
    assert EXPORTS_FOLDER == "exports"
    assert exports_folder() == tmp_path / "exports"
    assert exports_folder(tmp_path / "course") == tmp_path / "course" / "exports"
    assert not (tmp_path / "exports").exists(), "naming the folder must not create it"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sam Jones", "calf-progress-sam-jones-2026-03-01.json"),
        (
            "02_when_not_to_massage.ipynb",
            "calf-progress-02-when-not-to-massage-ipynb-2026-03-01.json",
        ),
        ("../../etc/passwd", "calf-progress-etc-passwd-2026-03-01.json"),
        ("José Ñúñez", "calf-progress-jose-nunez-2026-03-01.json"),
        ("李雷", "calf-progress-learner-2026-03-01.json"),
        ("   ", "calf-progress-learner-2026-03-01.json"),
    ],
)
def test_file_names_are_built_from_the_name_and_the_date(name: str, expected: str) -> None:
    """Whatever the learner types, the file name is a safe calf-progress-<name>-<date>.json."""
    assert export_file_name(name, date(2026, 3, 1)) == expected


@given(st.text(max_size=200))
def test_every_name_gives_a_safe_json_file_name(name: str) -> None:
    """No typed name can reach another folder, a hidden file, a notebook or a non-.json file."""
    file_name = export_file_name(name, date(2026, 3, 1))
    assert _SAFE_NAME.match(file_name), file_name
    assert len(file_name) <= 80 and os.sep not in file_name and "/" not in file_name


def test_export_slug_is_short_and_plain() -> None:
    """A long name is cut at a word boundary-free 40 characters, with no trailing dash."""
    slug = export_slug("a" * 30 + " " + "b" * 30)
    assert len(slug) <= 40 and not slug.endswith("-") and slug.startswith("a" * 30)


def test_download_link_carries_the_file_itself() -> None:
    """The link holds the file's bytes (base64 data: address) and tells the browser its name."""
    data = b'{"learner": "Sam <b>&"}\n'
    html = download_link(data, "calf-progress-sam-2026-03-01.json")
    [link] = _links(html)
    assert link["download"] == "calf-progress-sam-2026-03-01.json"
    href = link["href"] or ""
    prefix = "data:application/json;base64,"
    assert href.startswith(prefix)
    assert base64.b64decode(href[len(prefix) :]) == data
    assert "<b>" not in html, "the file's text is never HTML in the page"
    assert "calf-progress-sam-2026-03-01.json" in html.split(">", 1)[1], "the link names the file"


def test_download_link_refuses_a_name_that_is_not_a_safe_json_name() -> None:
    """The download attribute is only ever a plain .json file name (no quotes, no folders)."""
    with pytest.raises(ValueError, match=r"safe \.json file name"):
        download_link(b"{}", '" onclick="alert(1).json')
    with pytest.raises(ValueError, match=r"safe \.json file name"):
        download_link(b"{}", "notes.ipynb")


def test_listed_exports_are_json_files_newest_first(tmp_path: Path) -> None:
    """The import list shows the exports folder's .json files, newest first, nothing else."""
    assert listed_exports(tmp_path / "missing") == ()
    folder = tmp_path / "exports"
    folder.mkdir()
    for i, name in enumerate(["old.json", "new.json", "notes.txt", ".hidden.json"]):
        path = folder / name
        path.write_text("{}", encoding="utf-8")
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
    (folder / "folder.json").mkdir()
    assert [p.name for p in listed_exports(folder)] == ["new.json", "old.json"]
