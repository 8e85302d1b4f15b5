"""Where a learner's progress exports go, what they are called, and how a browser downloads one.

Rules, each pinned by ``tests/test_exports.py`` (and the store's by ``tests/test_progress.py``):

* Exports go to an ``exports`` folder beside the notebooks (the kernel's working folder, which is
  the notebook's own folder in JupyterLab, on a hub, on Binder, in Voila and on the offline site).
  That is a folder a learner sees in JupyterLab's file browser, next to the chapters, and can
  right-click > Download. The per-user data folder that holds the progress itself is hidden there
  (``~/.local/share/calflib`` on a hub, ``/drive/.calflib`` on the offline site), so it is no place
  for a file the learner has to find.
* The file name is never typed: it is ``calf-progress-<name>-<date>.json``, made from the learner's
  name (lower-case ASCII letters, digits and dashes) and the date. It always ends in ``.json``, so
  the import list finds it again, and it can never be a chapter, a hidden file or another folder.
* An existing file is never replaced without an explicit confirmation
  (``ProgressStore.export(..., replace=True)``; the widget asks with a tick box).
* The same file is offered as a browser download: a link holding the file itself (a ``data:``
  address with the ``download`` attribute). Clicking it asks nothing of the server, so it works
  where the kernel's files are out of reach or short-lived (a hub, Binder, the offline site, Voila).
* The import list shows the exports folder's ``.json`` files, newest first.

Standard library only, so it runs in the in-browser kernel (Pyodide) too.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from datetime import date
from html import escape
from pathlib import Path

__all__ = [
    "EXPORTS_FOLDER",
    "download_link",
    "export_file_name",
    "export_slug",
    "exports_folder",
    "listed_exports",
]

#: The folder, beside the notebooks, where exports are written.
EXPORTS_FOLDER = "exports"
_PREFIX = "calf-progress-"
_SLUG_LENGTH = 40
# What a download name may be: a plain file name (no folder, no quote, not hidden) ending in .json.
_SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json$")


def exports_folder(base: Path | str | None = None) -> Path:
    """The exports folder: ``exports`` in ``base``, else in the kernel's (the notebook's) folder.

    Naming the folder does not create it; the first export does.
    """
    return (Path(base) if base is not None else Path.cwd()) / EXPORTS_FOLDER


def export_slug(name: str) -> str:
    """A file-name-safe version of a learner's name: 'Sam Jones' -> 'sam-jones', 'José' -> 'jose'.

    ASCII letters and digits only (accents dropped), at most 40 characters; 'learner' when
    nothing is left.
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.split(r"[^a-z0-9]+", plain.lower())
    slug = "-".join(word for word in words if word)[:_SLUG_LENGTH].strip("-")
    return slug or "learner"


def export_file_name(name: str, on: date) -> str:
    """The file name for a learner's name and a day: calf-progress-sam-jones-2026-03-01.json."""
    return f"{_PREFIX}{export_slug(name)}-{on.isoformat()}.json"


def download_link(data: bytes, file_name: str) -> str:
    """An HTML link that saves ``data`` on the learner's device as ``file_name`` when clicked.

    The file travels inside the link (base64), so the download needs no server and no network.
    """
    if not _SAFE_FILE_NAME.match(file_name):
        raise ValueError(f"{file_name!r} is not a safe .json file name for a download")
    address = "data:application/json;base64," + base64.b64encode(data).decode("ascii")
    name = escape(file_name)
    return (
        f'<p class="calf-download"><a download="{name}" href="{address}">'
        f"Download {name}</a> to save a copy on this device.</p>"
    )


def listed_exports(folder: Path | str) -> tuple[Path, ...]:
    """The ``.json`` files in an exports folder, newest first (none when there is no folder)."""
    try:
        files = [
            (path.stat().st_mtime, path)
            for path in Path(folder).iterdir()
            if path.suffix.lower() == ".json" and not path.name.startswith(".") and path.is_file()
        ]
    except OSError:
        return ()
    return tuple(path for _mtime, path in sorted(files, key=lambda item: (-item[0], item[1].name)))
