"""The offline site's build script (scripts/build_site.py), without network or browser.

The built site itself is tested in a real browser by tests/browser/test_lite_site.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_site.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_site", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_site = _load()


def _entry(name: str, *depends: str) -> dict[str, object]:
    return {
        "name": name,
        "version": "1.0",
        "file_name": f"{name}-1.0-py3-none-any.whl",
        "sha256": "from-the-cdn",
        "depends": list(depends),
        "imports": [name],
        "install_dir": "site",
        "package_type": "package",
    }


LOCK = {
    "info": {"python": "3.14.2"},
    "packages": {
        "ipython": _entry("ipython", "prompt_toolkit", "traitlets"),
        "prompt-toolkit": _entry("prompt_toolkit", "wcwidth"),
        "wcwidth": _entry("wcwidth"),
        "traitlets": _entry("traitlets"),
        "numpy": _entry("numpy"),
    },
}


def test_lock_closure_follows_dependencies_whatever_the_name_spelling() -> None:
    """The kernel's packages come with everything they depend on, and nothing else."""
    assert build_site.lock_closure(LOCK["packages"], ["ipython"]) == [
        "ipython",
        "prompt-toolkit",
        "traitlets",
        "wcwidth",
    ]
    with pytest.raises(build_site.SiteError, match="no package 'jedi'"):
        build_site.lock_closure(LOCK["packages"], ["jedi"])


def test_rewritten_lock_names_only_bundled_wheels_with_their_own_hashes(tmp_path: Path) -> None:
    """Entries not bundled are dropped, hashes are the files', and calflib's entry is added."""
    bundled = {}
    for key in ("traitlets", "wcwidth"):
        wheel = tmp_path / f"{key}-1.0-py3-none-any.whl"
        wheel.write_bytes(f"wheel {key}".encode())
        bundled[key] = wheel
    calflib = tmp_path / "calflib-0.1.0-py3-none-any.whl"
    calflib.write_bytes(b"calflib wheel")

    packages = build_site.rewrite_lock(LOCK, bundled, {"calflib": calflib})["packages"]

    assert sorted(packages) == ["calflib", "traitlets", "wcwidth"]
    assert packages["wcwidth"]["sha256"] == hashlib.sha256(b"wheel wcwidth").hexdigest()
    assert packages["calflib"]["sha256"] == hashlib.sha256(b"calflib wheel").hexdigest()
    assert packages["calflib"]["file_name"] == "../../pypi/calflib-0.1.0-py3-none-any.whl"
    assert packages["calflib"]["imports"] == ["calflib"]
    assert "ipywidgets" in packages["calflib"]["depends"]


def test_site_notebooks_use_the_in_browser_kernel_and_the_repo_keeps_python3(
    tmp_path: Path,
) -> None:
    """The site's copies say kernel 'python'; the repository's notebooks stay 'python3'."""
    repo_notebooks = sorted((build_site.REPO / "notebooks").glob("*.ipynb"))
    before = [p.read_bytes() for p in repo_notebooks]

    staged = build_site.stage_files(tmp_path)

    assert staged == [f"notebooks/{p.name}" for p in repo_notebooks]
    for name in staged:
        kernel = json.loads((tmp_path / name).read_text(encoding="utf-8"))["metadata"]
        assert kernel["kernelspec"]["name"] == "python"
    assert [p.read_bytes() for p in repo_notebooks] == before
    for path in repo_notebooks:
        assert json.loads(path.read_text())["metadata"]["kernelspec"]["name"] == "python3"


def test_site_config_never_falls_back_to_pypi_and_keeps_progress_in_the_browser() -> None:
    """jupyter-lite.json switches the PyPI fallback off, points CALFLIB_HOME at /drive and
    switches off the parse cache (Pyodide's home is emptied on every page load)."""
    data = build_site.lite_config()["jupyter-config-data"]
    settings = data["litePluginSettings"][build_site.KERNEL_PLUGIN]
    assert settings["disablePyPIFallback"] is True
    assert settings["loadPyodideOptions"]["env"]["CALFLIB_HOME"].startswith("/drive/")
    assert settings["loadPyodideOptions"]["env"]["CALFLIB_CACHE"] == "off"
