"""Shared fixtures: the built-in content, a writable copy of it for broken-content tests, and
strict widgets (a programming error in a widget callback fails the test)."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from checkout_guard import checkout_state
from content_files import copy_content
from hypothesis import HealthCheck, settings

from calflib.content_in_use import default_content
from calflib.loader import CONTENT_FILES
from calflib.model import Content

# CI runs on a busy 2-core machine: no per-example deadline, more examples than locally.
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_configure(config: pytest.Config) -> None:
    """Keep every saved progress file and cached parse of this run (unit tests and nbval
    kernels, which inherit the environment) in throw-away folders, never in the user's own."""
    # The parsed-content cache too (calflib/_toml_cache.py): never the user's own cache folder.
    for variable, prefix in (("CALFLIB_HOME", "home"), ("CALFLIB_CACHE", "cache")):
        folder = tempfile.mkdtemp(prefix=f"calflib-test-{prefix}-")
        os.environ[variable] = folder
        config.add_cleanup(functools.partial(shutil.rmtree, folder, ignore_errors=True))
    config.addinivalue_line(
        "markers",
        "calm_widgets: the test makes a widget callback fail unexpectedly on purpose; widgets "
        "show learners' calm message instead of raising (strict widget mode off)",
    )
    config.stash[_TREE_BEFORE] = checkout_state()


#: What `git status` showed when the run started (None outside a git checkout).
_TREE_BEFORE = pytest.StashKey[frozenset[str] | None]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if the tests changed the checkout: every test writes under a temporary
    folder, so after the full test command a clean checkout's `git status` is still empty."""
    before = session.config.stash.get(_TREE_BEFORE, None)
    after = checkout_state() if before is not None else None
    if before is None or after is None or not (after - before):
        return
    changed = "\n  ".join(sorted(after - before))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"The tests changed the checkout (git status), which they must never do:\n  {changed}",
            red=True,
        )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _strict_widgets(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[None]:
    """Programming errors in widget callbacks fail the test (learners see a calm message).

    CALFLIB_STRICT_WIDGETS=1 makes ``guarded`` re-raise them; a button's callback is run by
    ipywidgets, which swallows what it raises, so the error logged by ``guarded`` fails it too.
    """
    if request.node.get_closest_marker("calm_widgets"):
        monkeypatch.delenv("CALFLIB_STRICT_WIDGETS", raising=False)
        yield
        return
    monkeypatch.setenv("CALFLIB_STRICT_WIDGETS", "1")
    yield
    failures = [
        record
        for record in caplog.get_records("call")
        if record.name == "calflib.widgets" and record.levelno >= logging.ERROR
    ]
    if failures:
        pytest.fail(
            "a widget callback failed unexpectedly (mark the test calm_widgets if on purpose):\n"
            + "\n".join(caplog.handler.format(record) for record in failures),
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _private_progress_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test gets its own empty progress folder."""
    monkeypatch.setenv("CALFLIB_HOME", str(tmp_path / "calflib-home"))


@pytest.fixture(scope="session")
def content() -> Content:
    """The built-in content, loaded once."""
    return default_content()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A writable copy of the built-in content folder."""
    return copy_content(tmp_path / "content", *CONTENT_FILES)
