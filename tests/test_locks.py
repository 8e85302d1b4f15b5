"""The lock files in requirements/ that `make lab`, `make test` and the Binder image install from:
exact versions with hashes, inside pyproject.toml's ranges, and the lab lock free of test tools."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "requirements"
LAB, TEST, BINDER = LOCKS / "lab.txt", LOCKS / "test.txt", LOCKS / "binder.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
TEST_TOOLS = ("pytest", "nbval", "hypothesis", "ruff", "mypy", "playwright")
# One entry of a uv lock: `name==version[ ; marker]`, continued over `\`-ended lines (its hashes).
_ENTRY = re.compile(r"^(?P<line>[^\s#-][^\n]*?)(?P<rest>(?:\\\n[^\n]*)*)$", re.MULTILINE)


def _entries(lock: Path) -> list[tuple[str, str]]:
    """Each requirement of a lock file: (its first line without the `\\`, the whole entry)."""
    text = lock.read_text(encoding="utf-8")
    return [(m["line"].rstrip(" \\"), m["line"] + m["rest"]) for m in _ENTRY.finditer(text)]


def _pins(lock: Path) -> dict[str, set[tuple[str, str]]]:
    """Package name -> every (version, marker) the lock pins it at (a universal lock may pin a
    package at two versions for two Pythons)."""
    pins: dict[str, set[tuple[str, str]]] = {}
    for line, _ in _entries(lock):
        requirement, _, marker = line.partition(";")
        name, sep, version = requirement.strip().partition("==")
        assert sep and version, f"{lock.name}: not an exact pin: {line!r}"
        pins.setdefault(canonicalize_name(name), set()).add((version, marker.strip()))
    return pins


def _declared(*extras: str) -> list[Requirement]:
    """pyproject.toml's dependencies, with those of the given extras."""
    lines = list(PYPROJECT["dependencies"])
    for extra in extras:
        lines += PYPROJECT["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize("lock", [LAB, TEST, BINDER, LOCKS / "uv.txt"], ids=lambda p: p.name)
def test_every_entry_is_an_exact_version_with_hashes(lock: Path) -> None:
    """Each lock pins every package with == and the sha256 of its files, and says how it is
    refreshed (`make lock`)."""
    entries = _entries(lock)
    assert entries, f"{lock.name} pins nothing"
    _pins(lock)  # asserts == on every entry
    unhashed = [line for line, entry in entries if "--hash=sha256:" not in entry]
    assert not unhashed, f"{lock.name}: entries without hashes: {unhashed}"
    assert "#    make lock\n" in lock.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["jupyterlab", "ipywidgets", "voila"])
def test_the_lab_lock_pins_the_jupyter_stack_inside_pyprojects_ranges(name: str) -> None:
    """JupyterLab, ipywidgets and Voila have one exact version, which pyproject.toml allows."""
    (pin,) = _pins(LAB)[name]
    (declared,) = [r for r in _declared() if canonicalize_name(r.name) == name]
    assert Version(pin[0]) in declared.specifier, f"{name}=={pin[0]} is outside {declared}"


@pytest.mark.parametrize(
    ("lock", "extras"), [(LAB, ()), (TEST, ("test",)), (BINDER, ())], ids=["lab", "test", "binder"]
)
def test_every_declared_dependency_is_locked_inside_its_range(
    lock: Path, extras: tuple[str, ...]
) -> None:
    """A lock covers every dependency pyproject.toml declares for it at a version the range
    allows: after editing pyproject.toml, this fails until `make lock` is run."""
    pins = _pins(lock)
    for requirement in _declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} does not pin {name} (run `make lock`)"
        outside = [v for v, _ in pins[name] if Version(v) not in requirement.specifier]
        assert not outside, f"{lock.name}: {name}=={outside} is outside {requirement} (make lock)"


@pytest.mark.parametrize("lock", [TEST, BINDER], ids=lambda p: p.name)
def test_the_test_and_binder_locks_contain_the_lab_locks_pins(lock: Path) -> None:
    """What `make test` passed with and what Binder installs are the versions `make lab`
    installs: every pin of the lab lock is in the test and Binder locks, unchanged."""
    pins = _pins(lock)
    differ = {name: want for name, want in _pins(LAB).items() if pins.get(name) != want}
    assert not differ, f"{lock.name} differs from lab.txt on {differ}"


def test_the_lab_lock_has_no_test_tools() -> None:
    """`make lab` installs what the workbook needs, not pytest, nbval, ruff, mypy or Playwright."""
    assert not set(TEST_TOOLS) & set(_pins(LAB))
    assert set(TEST_TOOLS) <= set(_pins(TEST))


def _dry_run(target: str) -> str:
    """The commands `make TARGET` runs from scratch (make -n -B prints them, runs nothing)."""
    done = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_installs_from_the_locks() -> None:
    """`make install` (what `make lab` needs) installs the lab lock and calflib without its
    dependencies; the test install syncs the venv to the test lock; both check hashes."""
    lab = _dry_run("install")
    assert "--require-hashes -r requirements/lab.txt" in lab
    assert "--no-deps -e ." in lab
    assert "test.txt" not in lab and "[test]" not in lab
    test = _dry_run(".venv/.installed-test")
    assert "pip sync --python .venv/bin/python --compile-bytecode --quiet --require-hashes " in test
    assert "requirements/test.txt" in test


def test_the_readme_documents_the_refresh_command_the_makefile_has() -> None:
    """The README's refresh command exists as a make target."""
    assert "make lock" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^lock:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)


def test_the_offline_site_runs_the_locked_widget_stack() -> None:
    """The offline site's kernel gets ipywidgets, comm and jupyterlab_widgets at the lab lock's
    versions (scripts/build_site.py reads them from it)."""
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "scripts" / "build_site.py")
    assert spec is not None and spec.loader is not None
    build_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_site)
    pins = _pins(LAB)
    for name, version in build_site.KERNEL_WHEELS.items():
        assert pins[canonicalize_name(name)] == {(version, "")}, name
