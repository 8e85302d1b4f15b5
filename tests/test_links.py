"""Every relative link in the notebooks and docs, and every documented address, names a file that
exists; `make lab` serves the folder those addresses are relative to."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

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


def _make_lab_recipe() -> str:
    """The commands `make lab` runs (printed by make -n, the venv taken as installed)."""
    done = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "lab"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_serves_the_workbook_folder_with_its_settings() -> None:
    """`make lab` roots JupyterLab at the workbook's folder, as Binder and a hub's clone folder
    do, so links out of notebooks/ (the teacher's guide) and the documented addresses
    (`<server>/voila/render/notebooks/app/...`) work; and it reads the server settings in
    jupyter-config/jupyter_server_config.py."""
    recipe = _make_lab_recipe()
    assert f'--ServerApp.root_dir="{ROOT}"' in recipe, recipe
    assert f'JUPYTER_CONFIG_PATH="{ROOT / "jupyter-config"}' in recipe, recipe
    assert (ROOT / "jupyter-config" / "jupyter_server_config.py").is_file()


_ADDRESS_PATH = re.compile(r"(?:lab/tree|voila/render)/([^\s`&?)]+)|\?path=([^\s`&)]+)")
_CLONE_FOLDER = re.compile(r"^(?:REPO|REPOSITORY-FOLDER)/")


@pytest.mark.parametrize("page", [ROOT / "README.md", ROOT / "docs" / "teachers-guide.md"])
def test_documented_addresses_name_files_in_the_workbook_folder(page: Path) -> None:
    """Every JupyterLab, Voila and offline-site address names a file of the workbook's folder
    (the root of `make lab`, Binder and the site; a hub's clone folder). Followed in a real
    browser by tests/browser/test_lab_links.py and test_lite_site.py."""
    text = unquote(page.read_text(encoding="utf-8"))  # nbgitpuller's urlpath is encoded
    found = [_CLONE_FOLDER.sub("", a or b) for a, b in _ADDRESS_PATH.findall(text)]
    assert found, f"no addresses found in {page.name}: the pattern no longer fits"
    missing = [path for path in found if not (ROOT / path).is_file()]
    assert not missing, f"{page.name} gives addresses of missing files: {missing}"
