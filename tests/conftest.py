"""Shared fixtures: the built-in content, and a writable copy of it for broken-content tests."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from content_files import copy_content
from hypothesis import HealthCheck, settings

from calflib.loader import CONTENT_FILES, default_content
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
