"""Helpers for the real-browser tests: private servers, failure artifacts and JupyterLab actions.

Imported by the browser tests and their conftest (pytest puts this folder on ``sys.path``), and
by the browser benchmark (benchmarks/browser_figures.py), which starts JupyterLab and Chromium the
same way. Everything here drives the page the way a learner does (menus, buttons) and reads what
the page shows; the notebook model is read only to know how many widgets the kernel displayed.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from calflib.handouts import CONTAINER_FLAGS

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
#: What ``make lab`` serves from the repository (its root is the repository, as on Binder).
WORKBOOK_SERVED = ("notebooks", "docs", "README.md")
#: The workbook's Jupyter server settings (saves of notebooks/ are stripped), as ``make lab`` and
#: the Binder image use them: the repository is a Jupyter config folder.
WORKBOOK_SERVER_ENV = {"JUPYTER_CONFIG_PATH": str(REPO / "jupyter-config")}
#: The pages that give learners and teachers addresses to open.
ADDRESS_PAGES = (REPO / "README.md", REPO / "docs" / "teachers-guide.md")
ARTIFACTS = REPO / "test-artifacts"
SERVER_START_TIMEOUT_S = 90.0
STOP_GRACE_S = 10.0
OPEN_TIMEOUT_MS = 60_000
RUN_ALL_TIMEOUT_MS = 120_000
WIDGET_TIMEOUT_MS = 15_000
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Seen to work with Debian's Chromium as root in a container (shared jupyter-stack notes); the
# handouts print with the same flags.
CHROMIUM_ARGS = list(CONTAINER_FLAGS)
# JupyterLab settings for a quiet, predictable page: no news or update pop-ups over the notebook.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}
#: calflib's widgets and the CSS class each adds to its outermost box (see calflib/widgets/*.py).
#: A notebook whose code calls one of these must show that class in an output.
CALFLIB_WIDGETS = {
    "ScreeningQuestionnaire": "calf-questionnaire",
    "ScenarioTrainer": "calf-trainer",
    "WellsExplorer": "calf-wells",
    "CheckYourself": "calf-check-yourself",
    "AnatomyExplorer": "calf-anatomy",
}


# --- failure artifacts ----------------------------------------------------------------------------


@dataclass
class Watch:
    """What to keep when a test fails: the open pages (with console logs) and server logs."""

    pages: dict[Page, list[str]] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)

    def save(self, test_id: str) -> Path | None:
        """Save a screenshot and console log per open page, and the server logs, in one folder.

        Returns the folder, or None when there was nothing to keep (e.g. no browser at all).
        """
        if not self.pages and not self.logs:
            return None
        folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", test_id).strip("_")
        folder.mkdir(parents=True, exist_ok=True)
        for number, (page, lines) in enumerate(list(self.pages.items()), start=1):
            (folder / f"page{number}-console.log").write_text(
                f"url: {_without_token(page)}\n" + "\n".join(lines) + "\n", encoding="utf-8"
            )
            try:
                page.screenshot(path=str(folder / f"page{number}.png"), full_page=True)
            except Exception as exc:  # a crashed page must not hide the real failure
                (folder / f"page{number}-no-screenshot.txt").write_text(repr(exc))
        for name, path in self.logs.items():
            if path.exists():
                shutil.copyfile(path, folder / f"{name}.log")
        return folder


def _without_token(page: Page) -> str:
    try:
        return re.sub(r"token=[^&]+", "token=...", page.url)
    except Exception:
        return "(closed)"


#: The one watch of this test session, filled by the fixtures and read by the report hook.
WATCH = Watch()


def console_errors(page: Page) -> list[str]:
    """Errors the page logged to the browser console, and uncaught JavaScript exceptions.

    Failed look-ups of internet host names are left out: this machine has no internet, and
    only the pages' web fonts are fetched from there.
    """
    return [
        line
        for line in WATCH.pages.get(page, [])
        if line.startswith(("[error]", "[pageerror]")) and "net::ERR_NAME_NOT_RESOLVED" not in line
    ]


def close_page(page: Page) -> None:
    """Close a page and its context, and stop watching it."""
    WATCH.pages.pop(page, None)
    with contextlib.suppress(Exception):  # already gone with the browser
        page.context.close()


# --- browser and servers --------------------------------------------------------------------------


@contextlib.contextmanager
def running_jupyter_lab(
    root: Path, home: Path, command: list[str], port: int, token: str, name: str
) -> Iterator[JupyterLabServer]:
    """Start JupyterLab (``command``, serving ``root``) with the workbook's server settings, wait
    until it answers, yield it; stop it afterwards. Its log is watched under ``name``."""
    log = home / "jupyterlab.log"
    process = start_server(command, cwd=root, home=home, log=log, extra_env=WORKBOOK_SERVER_ENV)
    WATCH.logs[name] = log
    try:
        server = JupyterLabServer(f"http://127.0.0.1:{port}/", token, root)
        wait_for_http(server.url("api/status"), process, log)
        yield server
    finally:
        stop_process(process)
        WATCH.logs.pop(name, None)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def private_jupyter_env(home: Path) -> dict[str, str]:
    """The environment with every Jupyter, IPython, matplotlib and calflib folder under ``home``.

    The venv's own share/jupyter (kernel spec, widget and Voila lab extensions) stays on the
    search path: it is found through sys.prefix, which none of these variables replace.
    """
    env = dict(os.environ)
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "IPYTHONDIR": "ipython",
        "MPLCONFIGDIR": "matplotlib",
        "CALFLIB_HOME": "calflib-home",
    }
    for variable, name in folders.items():
        (home / name).mkdir(parents=True, exist_ok=True)
        env[variable] = str(home / name)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start_server(
    command: list[str],
    *,
    cwd: Path,
    home: Path,
    log: Path,
    extra_env: Mapping[str, str | None] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a server in its own process group with the private environment, output to ``log``.

    ``extra_env`` sets more variables for the server and its kernels (None removes one).
    """
    env = private_jupyter_env(home)
    for variable, value in (extra_env or {}).items():
        if value is None:
            env.pop(variable, None)
        else:
            env[variable] = value
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server, kill it if it hangs, then kill anything left in its process group."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_GRACE_S)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def wait_for_http(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until ``url`` answers 200; fail early, with the server's log, if the server exits."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the server exited with status {process.returncode}:\n{_tail(log)}", pytrace=False
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"the server was not ready after {SERVER_START_TIMEOUT_S:.0f} s:\n{_tail(log)}")


def jupyter_lab_command(root: Path, app_settings: Path, port: int, token: str) -> list[str]:
    """The command for a private JupyterLab serving ``root`` on 127.0.0.1 with our overrides.

    Writes ``overrides.json`` (no news or update pop-ups) into ``app_settings``, the folder
    JupyterLab reads it from (by default inside the venv).
    """
    app_settings.mkdir(parents=True, exist_ok=True)
    (app_settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.terminals_enabled=False",
        f"--LabApp.app_settings_dir={app_settings}",
        # window.jupyterapp: lets a test read the notebook model, a benchmark run commands
        "--LabApp.expose_app_in_browser=True",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    return command


def copy_workbook(root: Path) -> None:
    """Copy what ``make lab`` serves (notebooks/, docs/, README.md) into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in WORKBOOK_SERVED:
        source = REPO / name
        if source.is_dir():
            ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy2(source, root / name)


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""


@dataclass
class JupyterLabServer:
    """A running private JupyterLab: its address, token and the temporary root it serves."""

    base_url: str
    token: str
    root: Path

    def url(self, path: str) -> str:
        """A browser URL for ``path`` (e.g. ``lab/tree/x.ipynb``), authenticated by the token."""
        joiner = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{joiner}token={self.token}"

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call the server's REST API (``path`` like ``api/sessions``) and decode the JSON reply.

        ``body``, if given, is sent as JSON.
        """
        headers = {"Authorization": f"token {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers=headers
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """End every session and kernel, so the next notebook opened gets a fresh kernel."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")


# --- JupyterLab, as a learner uses it ------------------------------------------------------------

_IDLE = re.compile(r"\|\s*Idle\s*$")
_ALL_EXECUTED = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return false;
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
}"""


def open_notebook(page: Page, lab: JupyterLabServer, name: str) -> None:
    """Open ``name`` (relative to the server root) in a fresh workspace and wait for its kernel."""
    page.goto(lab.url(f"lab/tree/{quote(name)}?reset"))
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=OPEN_TIMEOUT_MS)
    wait_for_kernel_idle(page)


def wait_for_kernel_idle(page: Page, timeout_ms: int = OPEN_TIMEOUT_MS) -> None:
    """Wait for the status bar to say '<kernel> | Idle'.

    Not the toolbar's execution indicator: it reads idle while the notebook still has no kernel.
    """
    idle = page.locator(".jp-StatusBar-TextItem").filter(has_text=_IDLE)
    idle.first.wait_for(timeout=timeout_ms)


def run_all_cells(page: Page) -> None:
    """Run > Run All Cells, then wait until every code cell shows ``[n]`` and the kernel is idle."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    wait_for_all_cells_run(page)


def wait_for_all_cells_run(page: Page, timeout_ms: int = RUN_ALL_TIMEOUT_MS) -> None:
    """Wait until every code cell of the open notebook shows ``[n]`` and the kernel is idle."""
    page.wait_for_function(_ALL_EXECUTED, timeout=timeout_ms)
    wait_for_kernel_idle(page, timeout_ms)


def notebook_model(page: Page) -> dict[str, Any]:
    """The open notebook as nbformat JSON, as the front end holds it (outputs included)."""
    model: dict[str, Any] = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.context.model.toJSON()"
    )
    return model


def error_outputs(page: Page) -> list[str]:
    """The text of every error or stderr output shown in the open notebook."""
    shown = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
        "[data-mime-type='application/vnd.jupyter.stderr']"
    )
    return [text.strip()[:2000] for text in shown.all_inner_texts()]


def widget_problems(
    page: Page, model: dict[str, Any], timeout_ms: int = WIDGET_TIMEOUT_MS
) -> list[str]:
    """What is wrong with the widgets in the open notebook, in words (empty when all rendered).

    Every widget the kernel displayed must be rendered by the widget manager (not left as a text
    fallback or an 'Error displaying widget' box), and every calflib widget the code calls must
    show its CSS class.
    """
    problems: list[str] = []
    code = [c for c in model["cells"] if c["cell_type"] == "code"]
    expected = sum(
        1 for c in code for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})
    )
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden) "
    # A rendered view is a widget root inside an output; without the widget manager the page
    # would show the text fallback ("VBox(children=...)") instead.
    rendered = f"{panel}.jp-OutputArea-output > .jupyter-widgets"
    with contextlib.suppress(PlaywrightTimeout):  # views render after their output arrives
        page.wait_for_function(
            "([selector, n]) => document.querySelectorAll(selector).length >= n",
            arg=[rendered, expected],
            timeout=timeout_ms,
        )
    shown = page.locator(rendered).count()
    if shown != expected:
        problems.append(f"the kernel displayed {expected} widgets, the page renders {shown}")
    broken = page.locator(panel + ".jp-OutputArea-output").filter(
        has_text="Error displaying widget"
    )
    if broken.count():
        problems.append("; ".join(broken.all_inner_texts())[:2000])
    source = "\n".join("".join(c["source"]) for c in code)
    for name, css in CALFLIB_WIDGETS.items():
        if re.search(rf"\b{name}\(", source):
            widget = page.locator(f"{panel}.jp-OutputArea .{css}").first
            try:
                widget.scroll_into_view_if_needed(timeout=timeout_ms)
                widget.wait_for(state="visible", timeout=timeout_ms)
            except PlaywrightTimeout:
                problems.append(f"{name} was called but no visible .{css} is on the page")
    return problems


# --- a static site (the offline JupyterLite build) ------------------------------------------------


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as any static web host would; requests go to the server's log file."""

    # The site's Pyodide is an ES module with a WebAssembly binary: serve both with their types.
    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain class attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }

    def log_message(self, format: str, *args: Any) -> None:
        server: Any = self.server
        with server.log_lock, server.log_path.open("a", encoding="utf-8") as log:
            log.write(f"{self.address_string()} {format % args}\n")


class _StaticServer(http.server.ThreadingHTTPServer):
    """A browser that closes a page mid-download (the benchmarks close each browser context
    as soon as a figure is measured) is not a server error: no traceback on stderr for it."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_static(folder: Path, log: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port from a thread; yields its base URL.

    The server is shut down and its socket closed afterwards, whatever happens.
    """
    handler = functools.partial(_StaticHandler, directory=str(folder))
    server = _StaticServer(("127.0.0.1", 0), handler)
    server.log_path = log  # type: ignore[attr-defined]
    server.log_lock = threading.Lock()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="static-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=STOP_GRACE_S)


# --- addresses the README and the teacher's guide give -------------------------------------------

# An address starts at a placeholder such as "<server address>" or at a scheme, or is a bare
# "urlpath=..." (the README's ending for an nbgitpuller link); it ends at a space or backtick.
_ADDRESS = re.compile(r"(?:<[^<>`\n]+>|https?://|(?<![&?\w])urlpath=)[^\s`<>)]*")
# The folder nbgitpuller makes on a hub, as the pages write it: a hub's server root holds it.
_CLONE_PLACEHOLDERS = ("REPO/", "REPOSITORY-FOLDER/")


@dataclass(frozen=True)
class DocumentedAddress:
    """An address a page tells people to open, and where that is on our private servers.

    ``server`` is "lab" for a Jupyter server rooted at the workbook's folder (``make lab``,
    Binder, a hub's clone folder) and "lite" for the offline site; ``path`` is relative to it.
    """

    page: str
    text: str
    server: Literal["lab", "lite"]
    path: str


def _lab_path(urlpath: str) -> str:
    """A Jupyter URL path with the hub's clone folder dropped (our server is rooted in it)."""
    path = unquote(urlpath).lstrip("/")
    for prefix in ("lab/tree/", "voila/render/"):
        for placeholder in _CLONE_PLACEHOLDERS:
            if path.startswith(prefix + placeholder):
                return prefix + path[len(prefix + placeholder) :]
    return path


def documented_addresses() -> list[DocumentedAddress]:
    """Every JupyterLab, Voila and offline-site address in the README and the teacher's guide.

    The address ``calflib app`` prints (with its own token) is left out: the Voila app test
    opens exactly what the command prints.
    """
    found: list[DocumentedAddress] = []
    for page in ADDRESS_PAGES:
        for match in _ADDRESS.finditer(page.read_text(encoding="utf-8")):
            text = match.group(0).rstrip(".,;")
            if "?token=" in text:
                continue
            server: Literal["lab", "lite"]
            if text.startswith("urlpath="):
                server, path = "lab", _lab_path(text.removeprefix("urlpath="))
            elif "urlpath=" in text:
                urlpath = parse_qs(urlsplit(text).query)["urlpath"][0]
                server, path = "lab", _lab_path(urlpath)
            elif "/lab/index.html" in text:
                server, path = "lite", text[text.index("/lab/index.html") + 1 :]
            elif "/lab/tree/" in text or "/voila/render/" in text:
                after_host = text.split(">", 1)[1] if text.startswith("<") else urlsplit(text).path
                server, path = "lab", _lab_path(after_host)
            else:
                continue
            found.append(DocumentedAddress(page.name, text, server, path))
    return found


# --- the questionnaire form (calflib/widgets/questionnaire_form.py), in any of the three hosts ---

#: The axe-core rule sets the questionnaire form must pass with no violation.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
#: The form's compact result, a polite live region that stays in view while answering.
RESULT_REGION = "[role='status'][aria-live='polite'].calf-qform-summary"


def accessibility_violations(page: Page, root: str) -> list[str]:
    """axe-core's WCAG 2.x A/AA violations inside the element ``root`` (a CSS selector), one
    line each (rule, impact, first element); empty when there are none."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    # JupyterLab's body is 0 px high (its shell is positioned absolutely), so axe would take every
    # output for clipped and skip the colour-contrast and target-size checks there.
    page.add_style_tag(content="body { min-height: 100vh; }")
    results = Axe().run(page, context={"include": [[root]]}, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in results.response["violations"]
    ]


def answer_with_keyboard_only(page: Page, questionnaire: Any, answers: int) -> None:
    """Answer ``answers`` questions "No" with the keyboard alone, from the form's first radio
    group ("Not sure" is checked at first): ArrowLeft checks "No", Tab goes to the next group the
    form shows (a group answered No folds its questions away)."""
    questionnaire.get_by_role("radiogroup").first.get_by_role(
        "radio", name="Not sure", exact=True
    ).focus()
    for index in range(answers):
        page.keyboard.press("ArrowLeft")  # Not sure -> No
        focused = page.evaluate("() => document.activeElement.value")
        assert focused == "No", f"answer {index + 1}: focus is on {focused!r}, not on 'No'"
        page.keyboard.press("Tab")
