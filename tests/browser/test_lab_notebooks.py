"""Every chapter in real JupyterLab in Chromium: it runs without errors and its widgets render.

Chapters are found in notebooks/*.ipynb, so new chapters are covered without editing this file.
"""

from __future__ import annotations

import json

import pytest
from browser_support import (
    NOTEBOOKS,
    REPO,
    JupyterLabServer,
    console_errors,
    error_outputs,
    notebook_model,
    open_notebook,
    run_all_cells,
    widget_problems,
)
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: The chapters, by their path in the workbook's folder (the server's root, as with ``make lab``).
CHAPTERS = sorted(p.relative_to(REPO).as_posix() for p in NOTEBOOKS.glob("*.ipynb"))


def test_the_private_server_is_quiet_isolated_and_finds_the_venv(
    jupyter_lab: JupyterLabServer,
) -> None:
    """The server serves a temporary copy of the workbook's folder, reads our overrides.json
    (no news pop-up) and still offers the python3 kernel with JUPYTER_DATA_DIR moved away (the
    widget checks below prove that the venv's kernel and widget extension are the ones used)."""
    assert not jupyter_lab.root.is_relative_to(REPO)
    assert set(CHAPTERS) <= {
        p.relative_to(jupyter_lab.root).as_posix()
        for p in (jupyter_lab.root / "notebooks").glob("*.ipynb")
    }
    notification = jupyter_lab.api(
        "GET", "lab/api/settings/@jupyterlab/apputils-extension:notification"
    )
    assert notification["schema"]["properties"]["fetchNews"]["default"] == "false"
    specs = jupyter_lab.api("GET", "api/kernelspecs")
    assert specs["default"] == "python3" and "python3" in specs["kernelspecs"]


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_runs_in_jupyterlab_and_its_widgets_render(
    lab_page: Page, jupyter_lab: JupyterLabServer, name: str
) -> None:
    """Run > Run All Cells executes every code cell ([n] shown), with no error on the page or in
    the browser console, and every widget the kernel displayed rendered."""
    open_notebook(lab_page, jupyter_lab, name)
    run_all_cells(lab_page)
    model = notebook_model(lab_page)
    code_cells = [c for c in model["cells"] if c["cell_type"] == "code"]
    assert code_cells and all(c["execution_count"] for c in code_cells)
    assert error_outputs(lab_page) == []
    assert widget_problems(lab_page, model) == []
    assert console_errors(lab_page) == []


CANARY = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "widget",
            "metadata": {},
            "outputs": [],
            "source": "from calflib.widgets import ScenarioTrainer\n\nScenarioTrainer()",
        },
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "missing-model",
            "metadata": {},
            "outputs": [],
            "source": (
                "from IPython.display import display\n\n"
                "view = {'model_id': 'no-such-model', 'version_major': 2, 'version_minor': 0}\n"
                "display({'application/vnd.jupyter.widget-view+json': view}, raw=True)"
            ),
        },
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "error",
            "metadata": {},
            "outputs": [],
            "source": "1 / 0",
        },
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_the_checks_see_an_error_and_a_widget_that_did_not_render(
    lab_page: Page, jupyter_lab: JupyterLabServer
) -> None:
    """A notebook with a traceback and a broken widget view fails both checks (they can fail)."""
    (jupyter_lab.root / "zz_canary.ipynb").write_text(json.dumps(CANARY), encoding="utf-8")
    open_notebook(lab_page, jupyter_lab, "zz_canary.ipynb")
    lab_page.get_by_role("menuitem", name="Run", exact=True).click()
    lab_page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    errors = lab_page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    )
    errors.first.wait_for()
    shown = error_outputs(lab_page)
    assert any("ZeroDivisionError" in text for text in shown), shown
    problems = widget_problems(lab_page, notebook_model(lab_page), timeout_ms=3000)
    assert "the kernel displayed 2 widgets, the page renders 1" in problems, problems
    assert any("Error displaying widget" in p for p in problems), problems
    assert not any("ScenarioTrainer" in p for p in problems), problems
