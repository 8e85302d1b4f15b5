"""Learner-facing text never shows our internal working papers ("the fact sheet", "the sheet").

Learners see sources (S-keys with titles), not the team's working documents, so a phrase such as
"the fact sheet says" must never reach a card, a chart or a notebook. TOML comments and the
bibliography's teacher notes are not shown to learners and are not checked.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "calflib" / "content"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
INTERNAL = re.compile(
    r"fact[ -]?sheet|\bthe sheet\b|\bthe team's (?:clinical )?(?:fact|notes)", re.I
)
#: Fields that only teachers see (the bibliography's notes on where a copy came from).
TEACHER_ONLY = {("sources.toml", "note")}


def _strings(value: object, field: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)


def test_the_pattern_catches_internal_wording() -> None:
    """The check recognises the phrases it exists to keep out."""
    for text in ("The fact sheet says", "the team's clinical fact sheet", "as the sheet puts it"):
        assert INTERNAL.search(text), text
    assert not INTERNAL.search("a leaflet from the NHS; the sheets on the bed")


@pytest.mark.parametrize("path", sorted(CONTENT.glob("*.toml")), ids=lambda p: p.name)
def test_content_text_has_no_internal_wording(path: Path) -> None:
    """No string a card, chart or planner could show mentions the fact sheet."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    found = [
        (field, text)
        for field, text in _strings(doc)
        if (path.name, field) not in TEACHER_ONLY and INTERNAL.search(text)
    ]
    assert found == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_text_has_no_internal_wording(path: Path) -> None:
    """No markdown cell mentions the fact sheet."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert INTERNAL.findall(text) == []
