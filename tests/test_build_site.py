"""The offline site's build script (scripts/build_site.py), without network or browser.

The built site itself is tested in a real browser by tests/browser/test_lite_site.py.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

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


# --- the site's clean save (site/clean-save.js) -----------------------------------------------

CHAPTERS = sorted((build_site.REPO / "notebooks").rglob("*.ipynb"))
# Loads the script as JupyterLite does (the container's init and get), activates its plugin with
# a stand-in contents manager and saves each case read from stdin; prints what reached the drive.
_HARNESS = r"""
const fs = require('fs');
const vm = require('vm');
(async () => {
  const sandbox = {};
  vm.runInNewContext(fs.readFileSync(process.argv[1], 'utf8'), sandbox);
  const container = sandbox._JUPYTERLAB[process.argv[2]];
  await container.init({});
  const module = (await container.get('./extension'))();
  const stored = [];
  const save = (path, options) => { stored.push(options); return Promise.resolve({ path }); };
  const contents = { save };
  const plugins = module.default;
  plugins.forEach(plugin => plugin.autoStart && plugin.activate({ serviceManager: { contents } }));
  const results = [];
  for (const [path, options] of JSON.parse(fs.readFileSync(0, 'utf8'))) {
    const before = JSON.stringify(options);
    await contents.save(path, options);
    results.push({ stored: stored.pop(), untouched: JSON.stringify(options) === before });
  }
  process.stdout.write(JSON.stringify({ ids: plugins.map(plugin => plugin.id), results }));
})().catch(error => { console.error(error); process.exit(1); });
"""


def _clean_save(cases: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Run site/clean-save.js in Node on (path, save options) cases."""
    node = shutil.which("node")
    if node is None:
        message = "Node.js is not installed (make site needs it too)"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    result = subprocess.run(
        [node, "-e", _HARNESS, str(build_site.CLEAN_SAVE_SOURCE), build_site.CLEAN_SAVE_NAME],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _as_run(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook as JupyterLab saves it after Run All: outputs, counts, widget state."""
    ran = copy.deepcopy(notebook)
    ran["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    ran["metadata"]["language_info"] = {"name": "python", "version": "3.14.2", "mimetype": "x"}
    for number, cell in enumerate(c for c in ran["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = number + 1
        cell["metadata"]["scrolled"] = True
        cell["metadata"]["jupyter"] = {"outputs_hidden": True}
        cell["outputs"] = [
            {
                "output_type": "display_data",
                "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "ab12"}},
                "metadata": {},
            }
        ]
    return ran


def test_the_site_stores_a_run_chapter_as_shipped_and_leaves_the_rest() -> None:
    """Every chapter saved after a run reaches the browser's storage exactly as the repository
    keeps it, while the open notebook's own copy keeps its outputs; other notebooks and files
    are saved as they are."""
    shipped = [json.loads(p.read_text(encoding="utf-8")) for p in CHAPTERS]
    run = [_as_run(notebook) for notebook in shipped]
    own = _as_run(shipped[0])
    cases = [
        (p.relative_to(build_site.REPO).as_posix(), {"type": "notebook", "content": n})
        for p, n in zip(CHAPTERS, run, strict=True)
    ]
    cases += [
        ("my_notes.ipynb", {"type": "notebook", "content": own}),
        ("projects/notebooks.ipynb", {"type": "notebook", "content": own}),
        ("notebooks/exports/progress.json", {"type": "file", "format": "text", "content": "{}"}),
    ]

    data = _clean_save(cases)

    assert data["ids"] == [
        f"{build_site.CLEAN_SAVE_NAME}:plugin",
        f"{build_site.CLEAN_SAVE_NAME}:link-style",
    ]
    results = data["results"]
    assert all(result["untouched"] for result in results), "the open notebook was changed"
    for chapter, notebook, result in zip(CHAPTERS, shipped, results, strict=False):
        assert result["stored"]["content"] == notebook, chapter.name
    assert [result["stored"] for result in results[len(CHAPTERS) :]] == [
        options for _, options in cases[len(CHAPTERS) :]
    ]


def test_the_clean_save_is_staged_as_a_prebuilt_extension(tmp_path: Path) -> None:
    """The staged extension names its script, whose file name carries the script's hash."""
    folder = build_site.stage_clean_save(tmp_path)
    package = json.loads((folder / "package.json").read_text())
    assert package["name"] == build_site.CLEAN_SAVE_NAME == folder.name
    load = package["jupyterlab"]["_build"]["load"]
    source = build_site.CLEAN_SAVE_SOURCE.read_bytes()
    assert (folder / load).read_bytes() == source
    assert hashlib.sha256(source).hexdigest()[:16] in load
    assert build_site.CLEAN_SAVE_SOURCE in build_site._inputs()


def test_the_site_underlines_links_like_the_server_style_sheet() -> None:
    """The site's extension adds the same link rule as jupyter-config/custom/custom.css, so links
    are underlined on the offline site too (not told apart by colour alone)."""
    root = Path(__file__).resolve().parents[1]
    script = (root / "site" / "clean-save.js").read_text(encoding="utf-8")
    css = (root / "jupyter-config" / "custom" / "custom.css").read_text(encoding="utf-8")
    selector = "body .jp-RenderedHTMLCommon a:any-link"  # beats JupyterLab's own a:link rule
    assert selector in script and selector in css
    assert "text-decoration: underline" in script and "text-decoration: underline" in css
    assert "default: [plugin, linkStyle]" in script
