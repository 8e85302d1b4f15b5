"""Build the offline in-browser workbook: a static JupyterLite site in build/site/.

Run by ``make site`` (and by ``make test`` before the browser tests) with the project's venv:
``.venv/bin/python scripts/build_site.py [--force]``. Standard library only; it calls npm, pip and
uv as child processes.

The site runs every notebook in the browser with Pyodide and needs no network once it is served
from any static host. The pieces (see ../shared/reference/jupyter-stack-notes.md, "JupyterLite
offline"):

1. build/lite-venv: jupyterlite-core and jupyterlite-pyodide-kernel at pinned versions, plus the
   ipywidgets front end (jupyterlab_widgets). A venv of its own: JupyterLab and jupyterlite in one
   venv give "Shared module ... doesn't exist" errors in the page.
2. Pyodide itself, from npm's ``pyodide`` package at the exact version the kernel expects, in
   static/pyodide/.
3. The wheels the kernel loads from Pyodide's lock file (micropip, ipython, jedi and everything
   they depend on), from PyPI at the lock's exact versions, beside the lock. The lock is rewritten:
   their sha256 become the downloaded files' hashes, entries for packages that are not bundled
   are dropped (so nothing tries a CDN), and entries for ipywidgets, comm, jupyterlab_widgets,
   anywidget (with psygnal and typing_extensions) and calflib are added, so a plain
   ``import calflib`` loads what it needs with no ``%pip`` cell. calflib's entry depends on
   ipywidgets only: its one-model widgets speak anywidget's protocol without importing anywidget
   (calflib/widgets/_anymodel.py), so the kernel never fetches anywidget, psygnal or
   typing_extensions; they stay in the lock and in pypi/ for a learner's own ``%pip install``.
4. The same wheels in pypi/ (piplite's index), with the PyPI fallback switched off.
5. notebooks/*.ipynb with kernel name ``python`` (the repository's copies keep ``python3``) and
   docs/*.md, as the site's files; CALFLIB_HOME points at /drive, which the browser keeps.
6. site/clean-save.js as a prebuilt front-end extension: it stores every notebook saved inside a
   ``notebooks`` folder without outputs (autosave and Ctrl+S alike), as
   jupyter-config/jupyter_server_config.py does on a Jupyter server, so a chapter reopens clean
   instead of with dead widget views.

Downloads are cached in build/lite-cache/. The site is rebuilt only when an input changes: a
hash of every input (this script, pyproject.toml, requirements/lab.txt, calflib, notebooks, docs,
site/) is kept in build/site/.inputs-sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "build"
SITE = BUILD / "site"
LITE_VENV = BUILD / "lite-venv"
CACHE = BUILD / "lite-cache"
STAGE = BUILD / "lite-src"
STAMP_NAME = ".inputs-sha256"

# Pinned on purpose: 0.8.6 of both, with Pyodide 314.0.6, is what was seen to work offline here
# (tests/browser/test_lite_site.py). PyPI also serves jupyterlite-pyodide-kernel 0.8.7, but it needs
# jupyterlite-core>=0.8.7, which PyPI does not have. Pyodide's version is read from the installed
# kernel, so the two can never disagree.
LITE_PINS = (
    "jupyterlite-core==0.8.6",
    "jupyterlite-pyodide-kernel==0.8.6",
    "jupyter-server==2.21.1",  # jupyter lite build needs it to index the notebooks
)
# The lock file `make lab` installs from; the kernel's widget stack is read from it (KERNEL_WHEELS).
LAB_LOCK = REPO / "requirements" / "lab.txt"
# What these import and depend on once loaded from the lock (names as in pyodide-lock.json).
LOCK_EXTRAS = {
    "comm": ("comm", ()),
    "jupyterlab-widgets": ("jupyterlab_widgets", ()),
    "ipywidgets": ("ipywidgets", ("comm", "ipython", "traitlets", "jupyterlab-widgets")),
    # anywidget's Python side, for a learner's own code: calflib does not import it.
    "typing-extensions": ("typing_extensions", ()),
    "psygnal": ("psygnal", ()),
    "anywidget": ("anywidget", ("ipywidgets", "psygnal", "typing-extensions")),
    "calflib": ("calflib", ("ipywidgets",)),
}
# Loaded by the Pyodide kernel at start-up from the lock (see its worker: micropip first, then
# piplite installs ipython and jedi); everything they depend on in the lock comes along.
KERNEL_LOCK_ROOTS = ("micropip", "ipython", "jedi")
# Only what Pyodide needs at run time: no source maps, type stubs, demo consoles or README.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "pyodide.js",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# Progress in the browser: Pyodide's home (/home/pyodide) is in memory and is gone after a reload;
# /drive is JupyterLite's file system kept in the browser's storage (IndexedDB), where the
# notebooks are. A hidden folder there keeps the learner's progress across reloads.
BROWSER_CALFLIB_HOME = "/drive/.calflib"
# calflib's parsed-content cache would live in Pyodide's in-memory home, which each page load
# starts empty: it could never be read back, so the in-browser kernel does not write it.
BROWSER_ENV = {"CALFLIB_HOME": BROWSER_CALFLIB_HOME, "CALFLIB_CACHE": "off"}
LITE_KERNEL = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
# The site's own front-end extension (one hand-written script, no bundler; see its header).
CLEAN_SAVE_SOURCE = REPO / "site" / "clean-save.js"
CLEAN_SAVE_NAME = "calf-workbook-clean-save"
LAB_EXTENSIONS = "extensions"  # where the built site keeps its front-end extensions


class SiteError(RuntimeError):
    """The site cannot be built; the message says what is missing and what to do."""


def _log(message: str) -> None:
    print(f"site: {message}", flush=True)


def _run(command: Sequence[str | Path], *, cwd: Path | None = None) -> str:
    """Run a command quietly; on failure raise SiteError with its output."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        shown = " ".join(str(part) for part in command)
        raise SiteError(f"'{shown}' failed ({result.returncode}):\n{result.stdout[-4000:]}")
    return result.stdout


def _normal(name: str) -> str:
    """A package name as pyodide-lock.json keys it (PEP 503, with '-')."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(names: Sequence[str], lock: Path = LAB_LOCK) -> dict[str, str]:
    """The exact versions a uv lock file (``name==version``, hashes below) pins for ``names``."""
    found = dict(re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", lock.read_text(), re.MULTILINE))
    pins = {_normal(name): version for name, version in found.items()}
    missing = [name for name in names if _normal(name) not in pins]
    if missing:
        raise SiteError(f"{lock.relative_to(REPO)} pins no version of {', '.join(missing)}")
    return {name: pins[_normal(name)] for name in names}


# The widget stack inside the browser kernel; the same jupyterlab_widgets goes into the lite venv
# for the page's side of ipywidgets. Read from the lab lock, so the offline site runs the
# versions `make lab` installs and `make test` passed with, and `make lock` moves both.
KERNEL_WHEELS = locked_versions(
    ("ipywidgets", "comm", "jupyterlab-widgets", "anywidget", "psygnal", "typing-extensions")
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- inputs and the stamp -------------------------------------------------------------------------


def _inputs() -> list[Path]:
    """Every file the site is built from, in a stable order."""
    # README.md is in the list because it is calflib's long description inside the wheel.
    files = [Path(__file__).resolve(), REPO / "pyproject.toml", REPO / "README.md", LAB_LOCK]
    files += sorted(
        p
        for p in (REPO / "calflib").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    files += sorted((REPO / "notebooks").glob("*.ipynb"))
    files += sorted((REPO / "docs").glob("*.md"))
    files += sorted(p for p in (REPO / "site").rglob("*") if p.is_file())
    return files


def inputs_hash() -> str:
    """One hash over the inputs' paths and contents."""
    digest = hashlib.sha256()
    for path in _inputs():
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


# --- 1. the lite venv -----------------------------------------------------------------------------


def _lite_python() -> Path:
    return LITE_VENV / "bin" / "python"


def ensure_lite_venv() -> None:
    """Create build/lite-venv with the pinned jupyterlite packages (again if the pins changed)."""
    # anywidget for its front-end extension, which jupyter lite build copies into the site.
    pins = [
        *LITE_PINS,
        f"jupyterlab-widgets=={KERNEL_WHEELS['jupyterlab-widgets']}",
        f"anywidget=={KERNEL_WHEELS['anywidget']}",
    ]
    marker = LITE_VENV / ".pins"
    if marker.exists() and marker.read_text() == "\n".join(pins) and _lite_python().exists():
        return
    started = time.monotonic()
    shutil.rmtree(LITE_VENV, ignore_errors=True)
    _run([sys.executable, "-m", "venv", "--without-pip", LITE_VENV])
    _run(
        [sys.executable, "-m", "uv", "pip", "install", "--quiet", "--python", _lite_python(), *pins]
    )
    marker.write_text("\n".join(pins))
    _log(f"jupyterlite installed in build/lite-venv ({time.monotonic() - started:.1f} s)")


def expected_pyodide_version() -> str:
    """The Pyodide version the installed kernel was built for."""
    code = "from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION as v; print(v)"
    return _run([_lite_python(), "-c", code]).strip()


# --- 2. Pyodide from npm --------------------------------------------------------------------------


def pyodide_tarball(version: str) -> Path:
    """npm's pyodide package at ``version``, downloaded once into the cache."""
    tarball = CACHE / f"pyodide-{version}.tgz"
    if tarball.exists():
        return tarball
    if shutil.which("npm") is None:
        raise SiteError(
            "npm is needed to fetch Pyodide for the in-browser site and was not found. "
            "Install Node.js with npm (Debian: apt-get install npm), then run 'make site' again."
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        _run(["npm", "pack", f"pyodide@{version}", "--silent", "--pack-destination", tmp])
        os.replace(Path(tmp) / tarball.name, tarball)
    return tarball


def unpack_pyodide(tarball: Path, target: Path) -> dict[str, object]:
    """Put Pyodide's run-time files in ``target``; returns its lock file, parsed."""
    target.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        for name in PYODIDE_FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise SiteError(f"{tarball.name} has no {name}")
            (target / name).write_bytes(member.read())
    lock: dict[str, object] = json.loads((target / "pyodide-lock.json").read_text())
    return lock


# --- 3. and 4. wheels -----------------------------------------------------------------------------


def lock_closure(packages: dict[str, dict[str, object]], roots: Iterable[str]) -> list[str]:
    """The lock keys of ``roots`` and of everything they depend on."""
    keys = {_normal(key): key for key in packages}
    seen: list[str] = []
    todo = [_normal(root) for root in roots]
    while todo:
        name = todo.pop()
        if name not in keys:
            raise SiteError(f"pyodide-lock.json has no package {name!r}")
        key = keys[name]
        if key in seen:
            continue
        seen.append(key)
        todo += [_normal(str(dep)) for dep in packages[key]["depends"]]  # type: ignore[attr-defined]
    return sorted(seen)


def _wheel_in(folder: Path, name: str, version: str) -> Path | None:
    for wheel in folder.glob("*.whl"):
        dist, wheel_version = wheel.name.split("-")[:2]
        if _normal(dist) == _normal(name) and wheel_version == version:
            return wheel
    return None


def download_wheels(wanted: dict[str, str]) -> dict[str, Path]:
    """Pure-Python wheels for Python 3.14 (Pyodide's) at exact versions, cached; name -> file."""
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    missing = [f"{n}=={v}" for n, v in wanted.items() if _wheel_in(folder, n, v) is None]
    if missing:
        started = time.monotonic()
        _run(
            [
                sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                "--only-binary=:all:", "--python-version", "3.14", "--implementation", "py",
                "--abi", "none", "--platform", "any", "--dest", folder, *missing,
            ]
        )  # fmt: skip
        _log(f"downloaded {len(missing)} wheels from PyPI ({time.monotonic() - started:.1f} s)")
    found = {name: _wheel_in(folder, name, version) for name, version in wanted.items()}
    lost = [name for name, wheel in found.items() if wheel is None]
    if lost:
        raise SiteError(f"pip download gave no pure-Python wheel for: {', '.join(lost)}")
    return {name: wheel for name, wheel in found.items() if wheel is not None}


def build_calflib_wheel(target: Path) -> Path:
    """calflib's wheel, built from a clean copy of the sources (no stale build/lib)."""
    with tempfile.TemporaryDirectory(dir=BUILD) as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(REPO / name, source / name)
        shutil.copytree(
            REPO / "calflib", source / "calflib", ignore=shutil.ignore_patterns("__pycache__")
        )
        _run(
            [sys.executable, "-m", "uv", "build", "--quiet", "--wheel", "--out-dir", target, source]
        )
    wheels = sorted(target.glob("calflib-*.whl"))
    if len(wheels) != 1:
        raise SiteError(f"expected one calflib wheel in {target}, found {wheels}")
    return wheels[0]


def rewrite_lock(
    lock: dict[str, object], bundled: dict[str, Path], extras: dict[str, Path]
) -> dict[str, object]:
    """Keep only bundled entries with the files' own hashes; add entries for ``extras``.

    ``bundled`` maps lock keys to wheels beside the lock; ``extras`` maps LOCK_EXTRAS names to
    wheels in the site's pypi/ folder (two levels up from static/pyodide/).
    """
    old = lock["packages"]
    assert isinstance(old, dict)
    packages: dict[str, dict[str, object]] = {}
    for key, wheel in bundled.items():
        packages[key] = {**old[key], "file_name": wheel.name, "sha256": _sha256(wheel)}
    for name, wheel in extras.items():
        module, depends = LOCK_EXTRAS[name]
        packages[name] = {
            "name": name,
            "version": wheel.name.split("-")[1],
            "file_name": f"../../pypi/{wheel.name}",
            "install_dir": "site",
            "sha256": _sha256(wheel),
            "package_type": "package",
            "imports": [module],
            "depends": list(depends),
            "unvendored_tests": False,
        }
    return {**lock, "packages": dict(sorted(packages.items()))}


# --- 5. contents and configuration ----------------------------------------------------------------


def stage_files(target: Path) -> list[str]:
    """Copy the notebooks (with the in-browser kernel's name) and the docs into ``target``."""
    names = []
    (target / "notebooks").mkdir(parents=True)
    for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
        data = json.loads(notebook.read_text(encoding="utf-8"))
        data.setdefault("metadata", {})["kernelspec"] = dict(LITE_KERNEL)
        (target / "notebooks" / notebook.name).write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        names.append(f"notebooks/{notebook.name}")
    docs = sorted((REPO / "docs").glob("*.md"))
    if docs:
        (target / "docs").mkdir()
        for doc in docs:
            shutil.copy2(doc, target / "docs" / doc.name)
    return names


def lite_config() -> dict[str, object]:
    """jupyter-lite.json for the staged lite folder."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Calf Massage Workbook",
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"env": BROWSER_ENV},
                }
            },
        },
    }


def stage_clean_save(lite_dir: Path) -> Path:
    """Stage site/clean-save.js as a prebuilt extension in the lite folder; its folder.

    jupyter lite build copies it into the site because jupyter_lite_config.json (lite_config)
    lists it in ``federated_extensions``.

    The script's file name carries its hash (as webpack's remoteEntry files do), so a browser
    never keeps an old copy from its cache after the site is updated.
    """
    folder = lite_dir / "site-extensions" / CLEAN_SAVE_NAME
    (folder / "static").mkdir(parents=True)
    entry = f"static/remoteEntry.{_sha256(CLEAN_SAVE_SOURCE)[:16]}.js"
    shutil.copy2(CLEAN_SAVE_SOURCE, folder / entry)
    package = {
        "name": CLEAN_SAVE_NAME,
        "version": "1.0.0",
        "description": "The workbook's chapters are stored without outputs (site/clean-save.js).",
        "private": True,
        "jupyterlab": {
            "extension": True,
            "_build": {"load": entry, "extension": "./extension"},
        },
    }
    (folder / "package.json").write_text(json.dumps(package, indent=2) + "\n")
    return folder


# --- the build ------------------------------------------------------------------------------------


def build(output: Path) -> None:
    """Build the whole site into ``output`` (which must not exist)."""
    started = time.monotonic()
    ensure_lite_venv()
    version = expected_pyodide_version()
    shutil.rmtree(STAGE, ignore_errors=True)
    pyodide_dir = STAGE / "static" / "pyodide"
    lock = unpack_pyodide(pyodide_tarball(version), pyodide_dir)
    packages = lock["packages"]
    assert isinstance(packages, dict)
    keys = lock_closure(packages, KERNEL_LOCK_ROOTS)
    lock_wheels = download_wheels({key: str(packages[key]["version"]) for key in keys})
    for wheel in lock_wheels.values():
        shutil.copy2(wheel, pyodide_dir / wheel.name)

    pypi = STAGE / "pypi"
    pypi.mkdir()
    extras = dict(download_wheels(KERNEL_WHEELS))
    extras["calflib"] = build_calflib_wheel(pypi)
    for name, wheel in extras.items():
        if wheel.parent != pypi:
            extras[name] = Path(shutil.copy2(wheel, pypi / wheel.name))
    new_lock = rewrite_lock(lock, lock_wheels, extras)
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(new_lock, indent=1) + "\n")

    notebooks = stage_files(STAGE / "files")
    clean_save = stage_clean_save(STAGE)
    build_config = {
        "LiteBuildConfig": {"federated_extensions": [clean_save.relative_to(STAGE).as_posix()]}
    }
    (STAGE / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=2) + "\n")
    (STAGE / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=2) + "\n")
    lite_started = time.monotonic()
    _run(
        [
            LITE_VENV / "bin" / "jupyter", "lite", "build", "--lite-dir", STAGE,
            "--output-dir", output, "--no-sourcemaps",
        ],
        cwd=STAGE,
    )  # fmt: skip
    _log(f"jupyter lite build ({time.monotonic() - lite_started:.1f} s)")
    _check(output, notebooks)
    _log(
        f"built Pyodide {version}, {len(lock_wheels)} kernel wheels, {len(extras)} packages "
        f"and {len(notebooks)} notebooks ({time.monotonic() - started:.1f} s)"
    )


def _check(output: Path, notebooks: list[str]) -> None:
    """Fail if a file the page will ask for is not in the site, or the config is not offline."""
    pyodide_dir = output / "static" / "pyodide"
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text())
    for entry in lock["packages"].values():
        wheel = (pyodide_dir / entry["file_name"]).resolve()
        if not wheel.is_file() or _sha256(wheel) != entry["sha256"]:
            raise SiteError(f"the site's lock names {entry['file_name']}, missing or changed")
    config = json.loads((output / "jupyter-lite.json").read_text())
    settings = config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    if settings.get("disablePyPIFallback") is not True or not str(
        settings.get("pyodideUrl", "")
    ).startswith("./"):
        raise SiteError(f"jupyter-lite.json does not point at the bundled Pyodide: {settings}")
    loaded = {
        extension["name"]: extension["load"]
        for extension in config["jupyter-config-data"].get("federated_extensions", [])
    }
    if (
        CLEAN_SAVE_NAME not in loaded
        or not (output / LAB_EXTENSIONS / CLEAN_SAVE_NAME / loaded[CLEAN_SAVE_NAME]).is_file()
    ):
        raise SiteError(f"the site does not load {CLEAN_SAVE_NAME} (chapters would save outputs)")
    for name in notebooks:
        if not (output / "files" / name).is_file():
            raise SiteError(f"{name} is missing from the site")


def ship_book(site: Path) -> list[str]:
    """Copy the rendered edition (build/book, from `make book`) and the printed handouts
    (build/handouts, from `make handouts`) into the site as book/ and handouts/, replacing older
    copies; returns what was shipped. Done on every run, even when the site is up to date,
    because neither is an input of the site's hash."""
    shipped = []
    for name in ("book", "handouts"):
        source, target = BUILD / name, site / name
        shutil.rmtree(target, ignore_errors=True)
        if source.is_dir():
            shutil.copytree(source, target)
            shipped.append(name)
    if shipped:
        _log(f"shipped {' and '.join(shipped)} in {site.relative_to(REPO)}/")
    return shipped


def main(argv: Sequence[str] | None = None) -> int:
    """Build build/site/ unless it is already built from the same inputs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    args = parser.parse_args(argv)
    wanted = inputs_hash()
    stamp = SITE / STAMP_NAME
    if not args.force and stamp.exists() and stamp.read_text().strip() == wanted:
        _log(f"{SITE.relative_to(REPO)} is up to date")
        ship_book(SITE)
        return 0
    BUILD.mkdir(exist_ok=True)
    partial = BUILD / "site.partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        build(partial)
    except SiteError as exc:
        print(f"site: ERROR: {exc}", file=sys.stderr)
        return 1
    (partial / STAMP_NAME).write_text(wanted + "\n")
    shutil.rmtree(SITE, ignore_errors=True)
    os.replace(partial, SITE)
    shutil.rmtree(STAGE, ignore_errors=True)  # the staged copy is rebuilt every time
    ship_book(SITE)
    _log(f"ready in {SITE.relative_to(REPO)}/ (open lab/index.html from any static web server)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
