"""Fixtures for the real-browser tests: Chromium through Playwright, and a private JupyterLab.

Chromium is ``$CALFLIB_CHROMIUM`` or Debian's ``/usr/bin/chromium`` (``make test`` installs it when
run as root; Playwright's own browser download cannot work on these machines). Without a browser
the browser tests FAIL under CI (``CI=true``) and are SKIPPED elsewhere, with a message saying how
to enable them; they never pass silently.

Servers bind to 127.0.0.1 on a free port with a random token, keep every Jupyter, IPython and
calflib folder in a temporary directory, serve a temporary copy of the workbook's folder as
``make lab`` serves the repository (so tests never write into the repository), and are stopped
afterwards whatever happens (terminate, then kill).
When a browser test fails, a screenshot and the console log of every open page, and the servers'
logs, are kept under ``test-artifacts/<test id>/``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    WATCH,
    JupyterLabServer,
    close_page,
    copy_workbook,
    free_port,
    jupyter_lab_command,
    running_jupyter_lab,
)
from playwright.sync_api import Browser, Page, expect, sync_playwright

from calflib.handouts import find_chromium  # one rule for the browser tests and the handouts

# What a learner sees can lag on a busy 2-core CI machine: wait up to 15 s (Playwright's: 5 s).
expect.set_options(timeout=15_000)


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep screenshots, console logs and server logs when a browser test fails."""
    report = yield
    if report.failed and report.when in ("setup", "call") and "browser" in item.keywords:
        folder = WATCH.save(item.nodeid)
        if folder is not None:
            report.sections.append(("browser test artifacts", f"kept in {folder}"))
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The Chromium binary; fails under CI and skips elsewhere, saying how to enable, if missing."""
    where, path = find_chromium()
    if path is not None:
        return path
    message = (
        f"no Chromium at {where}, so the real-browser tests cannot run. To enable them, install "
        "Debian's Chromium (sudo apt-get install chromium; 'make test' does this itself when run "
        "as root) or set CALFLIB_CHROMIUM to a Chromium binary."
    )
    if _on_ci():
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """Headless Chromium driven by Playwright, one for the whole session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def open_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Open a fresh page in its own context (no shared storage), with its console recorded."""
    opened: list[Page] = []

    def _open() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        lines: list[str] = []
        page.on("console", lambda message: lines.append(f"[{message.type}] {message.text}"))
        page.on("pageerror", lambda error: lines.append(f"[pageerror] {error}"))
        WATCH.pages[page] = lines
        opened.append(page)
        return page

    yield _open
    for page in opened:
        close_page(page)


@pytest.fixture(scope="session")
def jupyter_lab(
    chromium_path: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JupyterLabServer]:
    """Real JupyterLab on 127.0.0.1 set up as ``make lab`` sets it up: one per session.

    It serves a temporary copy of the workbook's folder (notebooks/, docs/, README.md) from its
    root and reads the workbook's server settings (jupyter-config/jupyter_server_config.py).
    """
    del chromium_path  # without a browser, skip (or fail) before paying for a server
    home = tmp_path_factory.mktemp("jupyter-home")
    root = home / "root"
    copy_workbook(root)
    port, token = free_port(), secrets.token_hex(24)
    command = jupyter_lab_command(root, home / "lab-app-settings", port, token)
    with running_jupyter_lab(root, home, command, port, token, "jupyterlab") as server:
        yield server
        with contextlib.suppress(OSError):  # stopping the server ends them too
            server.shut_down_kernels()


@pytest.fixture
def lab_page(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """A new browser page for JupyterLab; afterwards it is closed and every kernel shut down."""
    page = open_page()
    yield page
    close_page(page)
    jupyter_lab.shut_down_kernels()
