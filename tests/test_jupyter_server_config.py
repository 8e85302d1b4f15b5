"""Tests for jupyter-config/jupyter_server_config.py: the workbook's notebooks are saved
stripped, others not.

The real save, through JupyterLab in a browser, is tested in tests/browser/test_lab_saving.py.
"""

from __future__ import annotations

import copy
import json
import runpy
from pathlib import Path
from typing import Any

import pytest
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").rglob("*.ipynb"))


def _config() -> tuple[dict[str, Any], Any]:
    """The config file's names, and the config object it filled in."""
    config = Config()  # as Jupyter's loader gives it: unset settings merge lazily
    names = runpy.run_path(
        str(ROOT / "jupyter-config" / "jupyter_server_config.py"),
        init_globals={"get_config": lambda: config},
    )
    return names, config


def _as_run(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook as JupyterLab sends it after Run All: outputs, counts, widget state."""
    ran = copy.deepcopy(notebook)
    ran["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    ran["metadata"]["language_info"] = {"name": "python", "version": "3.11.2", "mimetype": "x"}
    for number, cell in enumerate(c for c in ran["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = number + 1
        cell["metadata"]["scrolled"] = True
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x\n"}]
    return ran


def test_the_config_sets_the_pre_save_hook() -> None:
    """Loading the file sets ContentsManager.pre_save_hook to the stripping hook."""
    names, config = _config()
    assert config.ContentsManager.pre_save_hook is names["strip_workbook_outputs"]


def test_the_config_serves_the_workbook_style_sheet() -> None:
    """custom_css is on and the web app's custom folder (a tornado setting: the ServerApp
    trait of that name is not configurable) is the one beside the config file, holding the
    link underline rule."""
    _, config = _config()
    assert config.LabApp.custom_css is True
    (folder,) = config.ServerApp.tornado_settings.get_value({})["static_custom_path"]
    css = (Path(folder) / "custom.css").read_text(encoding="utf-8")
    assert Path(folder) == ROOT / "jupyter-config" / "custom"
    assert ".jp-RenderedHTMLCommon a:any-link" in css and "text-decoration: underline" in css


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_a_run_chapter_is_saved_as_shipped(chapter: Path) -> None:
    """A chapter saved after a run is exactly the repository's notebook again."""
    names, _ = _config()
    shipped = json.loads(chapter.read_text(encoding="utf-8"))
    model = {"type": "notebook", "content": _as_run(shipped)}
    path = chapter.relative_to(ROOT).as_posix()
    names["strip_workbook_outputs"](model=model, path=path, contents_manager=None)
    assert model["content"] == shipped


@pytest.mark.parametrize(
    ("path", "stripped"),
    [
        ("notebooks/02_when_not_to_massage.ipynb", True),
        ("notebooks/app/scenario_app.ipynb", True),
        ("calf-workbook/notebooks/01_the_calf.ipynb", True),  # a hub's clone folder
        ("my_notes.ipynb", False),
        ("projects/notebooks.ipynb", False),
        ("notebooks/readme.md", False),
    ],
)
def test_only_notebooks_in_a_notebooks_folder_are_stripped(path: str, stripped: bool) -> None:
    """The workbook's notebooks lose their outputs; a learner's own keep them."""
    names, _ = _config()
    assert names["is_workbook_notebook"](path) is stripped
