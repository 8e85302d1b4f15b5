"""Tests for calflib.cli: argument parsing, help texts and the app's start-up checks (no server)."""

from __future__ import annotations

import ast
import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calflib import cli

SCRIPT = Path(sys.executable).with_name("calflib")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_console_script_help_lists_the_app_command() -> None:
    """`calflib --help` (the installed console script) exits 0 and lists `app`."""
    done = _run("--help")
    assert done.returncode == 0, done.stderr
    assert "usage: calflib" in done.stdout
    assert "app" in done.stdout and "no code" in done.stdout


def test_app_help_names_its_options() -> None:
    """`calflib app --help` explains --port (with its default) and --no-browser."""
    done = _run("app", "--help")
    assert done.returncode == 0, done.stderr
    assert "--port PORT" in done.stdout and "8866" in done.stdout
    assert "--no-browser" in done.stdout
    assert "127.0.0.1" in done.stdout


def test_no_command_is_a_usage_error() -> None:
    """`calflib` alone exits 2 and says a command is needed."""
    done = _run()
    assert done.returncode == 2
    assert "COMMAND" in done.stderr and "required" in done.stderr


def test_app_defaults() -> None:
    """`app` serves on port 8866 and opens a browser unless told not to."""
    args = cli.build_parser().parse_args(["app"])
    assert (args.command, args.port, args.no_browser) == ("app", 8866, False)


def test_app_options() -> None:
    """--port and --no-browser are read."""
    args = cli.build_parser().parse_args(["app", "--port", "9001", "--no-browser"])
    assert (args.port, args.no_browser) == (9001, True)


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_app_rejects_a_port_that_is_not_one(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A port outside 1..65535 or not a number is a usage error naming the argument."""
    with pytest.raises(SystemExit) as exit_info:
        cli.build_parser().parse_args(["app", "--port", port])
    assert exit_info.value.code == 2
    assert "argument --port" in capsys.readouterr().err


def test_app_refuses_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    """A busy port is reported before Voila starts, suggesting --port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli.main(["app", "--no-browser", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"port {port} is already in use" in err and "--port" in err


def test_app_reports_a_missing_notebook(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Outside a clone (no app notebook beside calflib or in the current folder) it says why."""
    monkeypatch.setattr(cli, "APP_NOTEBOOK", tmp_path / "elsewhere" / cli.APP_NOTEBOOK_PATH)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["app", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "notebooks/app/scenario_app.ipynb" in err and "clone of the workbook" in err


def test_the_app_notebook_exists_and_is_stripped() -> None:
    """The app's notebook is in the repository, committed without outputs, kernel python3."""
    nb = json.loads(cli.APP_NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    source = "".join("".join(c["source"]) for c in code)
    assert "ScreeningQuestionnaire(" in source and "ScenarioTrainer(" in source


def _app_widgets() -> list[Any]:
    """Run the app notebook's code cells as Voila does; the value each cell shows."""
    nb = json.loads(cli.APP_NOTEBOOK.read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {}
    shown = []
    for cell in (c for c in nb["cells"] if c["cell_type"] == "code"):
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop()
        assert isinstance(last, ast.Expr), "each app cell ends with the widget it shows"
        exec(compile(tree, "<app cell>", "exec"), namespace)
        shown.append(eval(compile(ast.Expression(last.value), "<app cell>", "eval"), namespace))
    return shown


def test_the_app_keeps_nothing_between_visits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A visitor's screening answers and trainer results are neither saved nor shown to the next
    visitor: every visit builds the app's widgets afresh, and they write no file."""
    from calflib.widgets import ScenarioTrainer, ScreeningQuestionnaire

    home = tmp_path / "calflib-home"
    monkeypatch.setenv("CALFLIB_HOME", str(home))
    first = _app_widgets()
    questionnaire = next(w for w in first if isinstance(w, ScreeningQuestionnaire))
    trainer = next(w for w in first if isinstance(w, ScenarioTrainer))
    next(iter(questionnaire.questions.values())).value = "Yes"
    trainer.choice.value = trainer.scenario.expected
    assert trainer.check() is not None
    assert not home.exists() or list(home.rglob("*")) == []

    second = _app_widgets()
    trainer = next(w for w in second if isinstance(w, ScenarioTrainer))
    assert trainer.results == {} and trainer.choice.value is None
    questionnaire = next(w for w in second if isinstance(w, ScreeningQuestionnaire))
    assert all(t.value == "Not sure" for t in questionnaire.questions.values())


def test_cli_imports_only_the_standard_library_at_start() -> None:
    """Importing calflib.cli (what `calflib --help` does) loads neither Voila nor Jupyter."""
    code = (
        "import sys, calflib.cli;"
        "print(','.join(m for m in ('voila', 'jupyter_server', 'ipywidgets') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
