"""The ``calflib`` command: tools around the workbook, one subcommand each.

``calflib app`` serves the screening questionnaire and the scenario trainer as a page with no code
(through Voila), for learners who should not see code. The teacher's commands (``check``,
``answer-key``, ``class-report``, ``gift``) live in :mod:`calflib.teacher_cli`. Only the standard
library is imported at module level, so ``calflib --help`` is quick and works anywhere; Voila
runs as a child process.

New subcommands go in ``build_parser`` as another ``subparsers.add_parser(...)`` with a
``handler`` default: a function that takes the parsed arguments and returns the exit status.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from calflib.handout_cli import add_handout_commands
from calflib.rubric_cli import add_rubric_commands
from calflib.teacher_cli import add_teacher_commands

__all__ = ["APP_NOTEBOOK", "APP_NOTEBOOK_PATH", "DEFAULT_PORT", "build_parser", "main"]

#: The app's notebook (narrative and two widget calls), kept with the chapters in the repository.
APP_NOTEBOOK_PATH = Path("notebooks", "app", "scenario_app.ipynb")
#: Where it is in the clone calflib runs from (an editable install, as ``make`` sets up).
APP_NOTEBOOK = Path(__file__).resolve().parents[1] / APP_NOTEBOOK_PATH
#: Voila's own default port.
DEFAULT_PORT = 8866
_HOST = "127.0.0.1"  # this machine only: the app is for the learner sitting at it
#: The app's page template (Voila's lab template with one main landmark), beside the notebook
#: in <notebook folder>/page/voila/templates/<name>; Voila finds it through JUPYTER_PATH.
_APP_TEMPLATE = "calflib-app"
_STOP_GRACE_S = 10.0


class _Stop(Exception):
    """Raised in the main thread on SIGTERM, so the app stops Voila as it does on Ctrl+C."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``calflib`` and all its subcommands."""
    parser = argparse.ArgumentParser(
        prog="calflib",
        description="Tools for the Calf Massage Workbook (education, not diagnosis).",
        epilog="Run 'calflib COMMAND --help' for a command's options. "
        "The workbook itself opens with 'make lab'.",
    )
    subparsers = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )
    app = subparsers.add_parser(
        "app",
        help="serve the screening questionnaire and scenario trainer as a page with no code",
        description="Serve the screening questionnaire and the scenario trainer as one web page "
        f"with no code cells (through Voila), on this computer only ({_HOST}). "
        "The page opens in your web browser; press Ctrl+C here to stop it.",
        epilog="Example: calflib app --port 8900 --no-browser, then open the address it prints. "
        f"The page is built from {APP_NOTEBOOK_PATH.as_posix()} in the workbook's folder.",
    )
    app.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to serve on (default: {DEFAULT_PORT}); pick another if it is in use",
    )
    app.add_argument(
        "--no-browser",
        action="store_true",
        help="do not open a web browser; just print the address to open",
    )
    app.set_defaults(handler=_run_app)
    add_teacher_commands(subparsers)
    add_rubric_commands(subparsers)
    add_handout_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``calflib`` command line and return its exit status."""
    from calflib.output_files import OutputError

    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except OutputError as exc:
        print(f"calflib: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file a command writes (or reads) that the system refused
        where = exc.filename if exc.filename is not None else "a file"
        print(f"calflib: error: cannot write {where} ({exc.strerror or exc})", file=sys.stderr)
        return 1
    return status


def _fail(message: str) -> int:
    print(f"calflib: error: {message}", file=sys.stderr)
    return 2


def _find_app_notebook() -> Path | None:
    # calflib's own clone first; else the current folder, for a non-editable install run from
    # a clone (as on a JupyterHub image, where the clone is pulled into the learner's home).
    for candidate in (APP_NOTEBOOK, Path.cwd() / APP_NOTEBOOK_PATH):
        if candidate.is_file():
            return candidate
    return None


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((_HOST, port))
        except OSError:
            return False
    return True


def _voila_command(notebook: Path, port: int, token: str, open_browser: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={_HOST}",
        "--Voila.port_retries=0",  # the address we print must be the one served
        f"--Voila.token={token}",
    ]
    if _template_root(notebook) is not None:
        command.append(f"--template={_APP_TEMPLATE}")
    if not open_browser:
        command.append("--no-browser")
    return command


def _template_root(notebook: Path) -> Path | None:
    """The folder to add to JUPYTER_PATH for the app's page template, if it is there."""
    root = notebook.parent / "page"
    return root if (root / "voila" / "templates" / _APP_TEMPLATE).is_dir() else None


def _voila_env(notebook: Path) -> dict[str, str]:
    """The environment for Voila: JUPYTER_PATH also holds the app's page template."""
    env = dict(os.environ)
    root = _template_root(notebook)
    if root is not None:
        env["JUPYTER_PATH"] = os.pathsep.join(
            p for p in (str(root), env.get("JUPYTER_PATH", "")) if p
        )
    return env


def _raise_stop(_signum: int, _frame: FrameType | None) -> None:
    raise _Stop


def _run_app(args: argparse.Namespace) -> int:
    notebook = _find_app_notebook()
    if notebook is None:
        return _fail(
            f"the app's notebook ({APP_NOTEBOOK_PATH.as_posix()}) is neither in "
            f"{APP_NOTEBOOK.parents[2]} nor in the current folder. Run 'calflib app' in a clone of "
            "the workbook's repository (set up with 'make lab')."
        )
    if importlib.util.find_spec("voila") is None:
        return _fail(
            "Voila is not installed in this Python environment. Run 'make app' (or 'make lab') "
            "from the workbook's folder, which installs everything into ./.venv."
        )
    if not _port_is_free(args.port):
        return _fail(f"port {args.port} is already in use; choose another with --port")
    token = secrets.token_urlsafe(16)
    url = f"http://{_HOST}:{args.port}/?token={token}"
    print(
        f"Serving the scenario app at {url}\n"
        "(this computer only; press Ctrl+C to stop. Education, not diagnosis.)",
        flush=True,
    )
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    voila = subprocess.Popen(
        _voila_command(notebook, args.port, token, not args.no_browser), env=_voila_env(notebook)
    )
    try:
        return voila.wait()
    except (KeyboardInterrupt, _Stop):
        voila.terminate()
        try:
            voila.wait(timeout=_STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            voila.kill()
            voila.wait()
        print("The scenario app has stopped.", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())
