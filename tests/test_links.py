"""Every relative link in the notebooks and docs points at a file that exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
PAGES = [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "README.md"]
PAGES += sorted((ROOT / "docs").glob("*.md"))


def _text(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_relative_links_resolve(page: Path) -> None:
    """No link to a missing notebook or file (web addresses are not followed)."""
    targets = [
        t for t in LINK.findall(_text(page)) if "://" not in t and not t.startswith("mailto:")
    ]
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert not missing, f"{page.name} links to missing {missing}"
