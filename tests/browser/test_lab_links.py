"""Every link in the workbook and every address the README gives, followed in real JupyterLab.

The private server is rooted as ``make lab`` roots it (the workbook's folder, as on Binder and a
hub's clone folder), so a link that leaves ``notebooks/`` (chapter 06's teacher's guide) and the
app's in-JupyterLab address must work there, as a learner clicks and types them. The offline
site's documented addresses are followed in ``test_lite_site.py``.
"""

from __future__ import annotations

import contextlib
import json
import re
from urllib.parse import quote, unquote, urlsplit

import pytest
from browser_support import (
    NOTEBOOKS,
    REPO,
    DocumentedAddress,
    JupyterLabServer,
    console_errors,
    documented_addresses,
    open_notebook,
)
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

#: Every notebook a learner opens, by its path in the workbook's folder.
NOTEBOOK_PATHS = sorted(p.relative_to(REPO).as_posix() for p in NOTEBOOKS.rglob("*.ipynb"))
LAB_ADDRESSES = [a for a in documented_addresses() if a.server == "lab"]
# A Markdown link whose target is not a web address (those are not followed here).
_LOCAL_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s]+)\)")
_CURRENT_PATH = "() => window.jupyterapp.shell.currentWidget?.context?.path ?? null"
_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
#: Files a click on a link has already opened in this session's JupyterLab (see below).
_OPENED_BY_A_CLICK: set[str] = set()


def _local_links(path: str) -> list[str]:
    cells = json.loads((REPO / path).read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return _LOCAL_LINK.findall(text)


def _render_every_cell(page: Page) -> None:
    """Scroll the notebook through, so JupyterLab renders every cell (it renders lazily)."""
    page.evaluate(
        """async () => {
            const outer = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) '
                                                  + '.jp-WindowedPanel-outer');
            if (!outer) return;
            for (let y = 0; y <= outer.scrollHeight; y += outer.clientHeight / 2) {
                outer.scrollTop = y;
                await new Promise(resolve => setTimeout(resolve, 50));
            }
            outer.scrollTop = 0;
        }"""
    )


def _no_dialog(page: Page) -> None:
    """JupyterLab reports a file it cannot open in a dialog: there must be none."""
    dialogs = page.locator(".jp-Dialog")
    if dialogs.count():
        pytest.fail("JupyterLab showed: " + " | ".join(dialogs.all_inner_texts()), pytrace=False)


@pytest.mark.parametrize("path", NOTEBOOK_PATHS)
def test_every_link_in_a_notebook_opens_its_target(
    lab_page: Page, jupyter_lab: JupyterLabServer, path: str
) -> None:
    """Each link in the notebook points at a file the server has and can be clicked, and a
    click on a link to each file opens it (once per file in the session)."""
    expected = _local_links(path)
    open_notebook(lab_page, jupyter_lab, path)
    _render_every_cell(lab_page)
    anchors = lab_page.locator(f"{_PANEL} .jp-RenderedMarkdown a[href]")
    # JupyterLab points a link to a file at the file's download address on the server
    # (files/<path from the root>), and opens the file itself when it is clicked; a link it
    # cannot resolve gets an empty address.
    files = jupyter_lab.base_url + "files/"
    local = [
        number
        for number, href in enumerate(anchors.evaluate_all("(links) => links.map(a => a.href)"))
        if not href.startswith(("http://", "https://")) or href.startswith(files)
    ]
    hrefs = anchors.evaluate_all("(links) => links.map(a => a.href)")
    assert len(local) == len(expected), f"{path}: {len(expected)} links written, {hrefs} shown"
    targets: dict[str, int] = {}
    missing = []
    for number in local:
        href = hrefs[number]
        if not href.startswith(files):
            missing.append(f"link {number + 1} (JupyterLab could not resolve it)")
            continue
        targets.setdefault(unquote(urlsplit(href).path.removeprefix("/files/")), number)
    for target in targets:
        reply = lab_page.request.get(jupyter_lab.url(f"api/contents/{quote(target)}?content=0"))
        if reply.status != 200:
            missing.append(f"{target} ({reply.status})")
    assert not missing, f"{path} links to files the server does not have: {missing}"

    # Every link above is checked: JupyterLab resolved it to a file the server has. A click is
    # followed once per target file in the session: JupyterLab opens a file the same way
    # whichever notebook the link is in, and each notebook opened starts a kernel (41 clicks
    # for 10 files otherwise, some 20 s of CI). A link to a file opened before is still tried
    # (visible, enabled, nothing over it), without the click. Run alone, a test clicks them all.
    chapter = lab_page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    for target, number in targets.items():
        if target == path:
            continue
        lab_page.evaluate("(id) => window.jupyterapp.shell.activateById(id)", chapter)
        anchor = anchors.nth(number)
        anchor.scroll_into_view_if_needed()
        if target in _OPENED_BY_A_CLICK:
            anchor.click(trial=True)
            continue
        anchor.click()
        lab_page.wait_for_function(f"() => ({_CURRENT_PATH})() === {json.dumps(target)}")
        _no_dialog(lab_page)
        _OPENED_BY_A_CLICK.add(target)
    assert console_errors(lab_page) == []


def _title(notebook: str) -> str:
    """The first line of a notebook's first Markdown cell, without its '#'."""
    cells = json.loads((REPO / notebook).read_text(encoding="utf-8"))["cells"]
    first = next(c for c in cells if c["cell_type"] == "markdown")
    return "".join(first["source"]).splitlines()[0].lstrip("# ").strip()


@pytest.mark.parametrize("address", LAB_ADDRESSES, ids=[a.text for a in LAB_ADDRESSES])
def test_a_documented_address_opens_in_jupyter(
    lab_page: Page, jupyter_lab: JupyterLabServer, address: DocumentedAddress
) -> None:
    """An address the README or the teacher's guide gives opens its page on a workbook server."""
    if address.path.startswith("voila/render/"):
        notebook = address.path.removeprefix("voila/render/")
        reply = lab_page.goto(jupyter_lab.url(address.path))
        assert reply is not None and reply.status == 200, (
            f"{address.text}: {reply and reply.status}"
        )
        expect(lab_page.locator("body")).to_contain_text(_title(notebook), timeout=90_000)
        expect(lab_page.locator("body")).not_to_contain_text("Traceback")
    else:
        assert address.path.startswith("lab/tree/"), address
        notebook = address.path.removeprefix("lab/tree/")
        lab_page.goto(jupyter_lab.url(address.path))
        lab_page.locator("#jp-main-dock-panel").wait_for()
        # The page may first restore the workspace of an earlier visit, then opens the notebook.
        with contextlib.suppress(PlaywrightTimeout):
            lab_page.wait_for_function(
                f"() => ({_CURRENT_PATH})() === {json.dumps(notebook)}"
                " || !!document.querySelector('.jp-Dialog')",
                timeout=30_000,
            )
        _no_dialog(lab_page)
        assert lab_page.evaluate(_CURRENT_PATH) == notebook
        expect(lab_page.locator(_PANEL)).to_contain_text(_title(notebook))
