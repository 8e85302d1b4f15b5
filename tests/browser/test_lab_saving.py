"""A chapter run and saved in real JupyterLab reopens clean, and its file is left as shipped.

JupyterLab saves (and autosaves) a notebook with its widget outputs; the widgets' models die with
the kernel, so such a chapter reopens with "Error displaying widget: model not found", and its
file differs from the repository's. The workbook's server settings
(jupyter-config/jupyter_server_config.py, used by ``make lab``, the Binder/hub image and these
tests) save notebooks/ stripped.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable

import pytest
from browser_support import (
    REPO,
    WIDGET_VIEW,
    JupyterLabServer,
    close_page,
    notebook_model,
    open_notebook,
    run_all_cells,
)
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

#: A chapter with widgets (the anatomy explorer and a self-check), quick to run.
CHAPTER = "01_the_calf.ipynb"
_SAVE = "() => window.jupyterapp.commands.execute('docmanager:save')"
_DIRTY = "() => window.jupyterapp.shell.currentWidget.context.model.dirty"


def _served(lab: JupyterLabServer, name: str) -> str:
    """The chapter's path on the server, wherever in the served folder it is."""
    return next(lab.root.rglob(name)).relative_to(lab.root).as_posix()


def test_a_chapter_run_and_saved_reopens_clean_and_unchanged_on_disk(
    jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]
) -> None:
    """Run every cell, save (as autosave does), reopen with a new kernel: no output, no
    'model not found', and the file on disk is byte for byte the repository's."""
    path = _served(jupyter_lab, CHAPTER)
    page = open_page()
    open_notebook(page, jupyter_lab, path)
    run_all_cells(page)
    shown = notebook_model(page)
    assert any(
        WIDGET_VIEW in output.get("data", {})
        for cell in shown["cells"]
        for output in cell.get("outputs", [])
    ), "the chapter showed no widget, so this test would prove nothing"
    page.evaluate(_SAVE)
    page.wait_for_function(f"() => !({_DIRTY})()")
    # What the learner sees in the open chapter is unchanged by saving.
    assert page.locator(".jp-OutputArea-output > .jupyter-widgets").count() > 0
    close_page(page)
    jupyter_lab.shut_down_kernels()

    page = open_page()
    open_notebook(page, jupyter_lab, path)
    outputs = page.locator(".jp-NotebookPanel .jp-OutputArea-output")
    if outputs.count():  # give old widget views the time to fail, to report what a learner sees
        with contextlib.suppress(PlaywrightTimeout):
            outputs.filter(has_text="Error displaying widget").first.wait_for(timeout=10_000)
    seen = [text.strip() for text in outputs.all_text_contents()]
    close_page(page)
    jupyter_lab.shut_down_kernels()
    saved = (jupyter_lab.root / path).read_bytes()
    shipped = (REPO / "notebooks" / CHAPTER).read_bytes()

    assert not any("model not found" in text for text in seen), seen
    assert seen == [], f"the reopened chapter shows old outputs: {seen[:3]}"
    assert saved == shipped, "the saved chapter differs from the repository's file"


def _notebook_with_output() -> dict[str, object]:
    output = {"output_type": "stream", "name": "stdout", "text": "4\n"}
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "sum",
        "metadata": {},
        "outputs": [output],
        "source": "print(2 + 2)",
    }
    metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    return {"cells": [cell], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def test_only_the_workbooks_notebooks_are_saved_stripped(jupyter_lab: JupyterLabServer) -> None:
    """Saved in notebooks/, a notebook loses its outputs; a learner's own elsewhere keeps them."""
    body = {"type": "notebook", "format": "json", "content": _notebook_with_output()}
    kept: dict[str, tuple[object, object]] = {}
    for path in ("notebooks/zz_learner_copy.ipynb", "my_own_notes.ipynb"):
        jupyter_lab.api("PUT", f"api/contents/{path}", body)
        on_disk = json.loads((jupyter_lab.root / path).read_text(encoding="utf-8"))
        kept[path] = on_disk["cells"][0]["outputs"], on_disk["cells"][0]["execution_count"]
        (jupyter_lab.root / path).unlink()
    assert kept["notebooks/zz_learner_copy.ipynb"] == ([], None)
    outputs, count = kept["my_own_notes.ipynb"]
    assert count == 1 and isinstance(outputs, list)
    assert ["".join(o["text"]) for o in outputs] == ["4\n"]
