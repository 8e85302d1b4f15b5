"""Jupyter server settings for the workbook: chapters are saved without outputs.

Why: JupyterLab saves a chapter (and autosaves it every two minutes) with its widget outputs.
Those widgets live in the kernel and die with it, so a chapter saved that way reopens with
"Error displaying widget: model not found" in every widget cell, and the file on disk differs
from the one shipped (``git pull`` and nbgitpuller conflict, ``make site`` would publish a
learner's outputs). So every notebook saved inside a ``notebooks`` folder is written as the
repository keeps it: no outputs, no execution counts, no widget state. What a learner types into
a cell is still saved; answers and progress are kept by calflib, not in the notebook. Notebooks
saved anywhere else (a learner's own) keep their outputs.

Used by ``make lab`` (through ``JUPYTER_CONFIG_PATH``), by the Binder/JupyterHub image
(``binder/postBuild`` installs this file into the environment's ``etc/jupyter``) and by the
browser tests. The file is self-contained (standard library only) so that it works wherever it
is copied. Pinned by ``tests/browser/test_lab_saving.py``.
"""

# No "from __future__" import: binder/postBuild may append this file to an existing one.
from pathlib import PurePath, PurePosixPath
from typing import Any

#: Notebooks inside a folder of this name (at any depth below the server's root) are the workbook's.
WORKBOOK_FOLDER = "notebooks"
# Cell metadata that only describes outputs (folded, scrolled) or a run (timings).
_RUN_METADATA = ("collapsed", "scrolled", "execution")


def is_workbook_notebook(path: str) -> bool:
    """Whether ``path`` (relative to the server root, with /) is one of the workbook notebooks."""
    parts = PurePosixPath(path.strip("/")).parts
    return bool(parts) and parts[-1].endswith(".ipynb") and WORKBOOK_FOLDER in parts[:-1]


def strip_notebook(notebook: dict[str, Any]) -> None:
    """Remove outputs, execution counts, widget state and run details from a notebook, in place."""
    metadata = notebook.setdefault("metadata", {})
    metadata.pop("widgets", None)
    language = metadata.get("language_info")
    if isinstance(language, dict) and "name" in language:
        # The kernel fills in its version and file types; the repository keeps the name only.
        metadata["language_info"] = {"name": language["name"]}
    for cell in notebook.get("cells", []):
        cell_metadata = cell.get("metadata", {})
        for key in _RUN_METADATA:
            cell_metadata.pop(key, None)
        jupyter = cell_metadata.get("jupyter")
        if isinstance(jupyter, dict):
            jupyter.pop("outputs_hidden", None)
            if not jupyter:
                del cell_metadata["jupyter"]
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


def strip_workbook_outputs(model: dict[str, Any], path: str, **_: Any) -> None:
    """``ContentsManager.pre_save_hook``: save the workbook's notebooks stripped."""
    if model.get("type") == "notebook" and is_workbook_notebook(path):
        content = model.get("content")
        if isinstance(content, dict):
            strip_notebook(content)


c = get_config()  # type: ignore[name-defined]  # noqa: F821 (provided by Jupyter's config loader)
c.ContentsManager.pre_save_hook = strip_workbook_outputs

# The workbook's style sheet, custom/custom.css beside this file (Binder's postBuild copies it
# there too): links in the chapters' text are underlined, not told apart by colour alone.
# Jupyter's config loader sets __file__ to this file's path. Why through tornado_settings:
# ServerApp.static_custom_path is not configurable (a setting of that name is silently ignored,
# and /custom/custom.css was a 404); the web application's settings, which the /custom/ handler
# reads, take tornado_settings last. update() keeps other files' tornado_settings.
c.LabApp.custom_css = True
c.ServerApp.tornado_settings.update(
    {"static_custom_path": [str(PurePath(__file__).parent / "custom")]}
)
