"""Where the ``calflib`` commands write their files, and refusing the places they must not.

The rules (each pinned by a test in ``tests/test_output_files.py``):

- An output is never one of the command's input files, and a table is never written to a
  ``.json`` name: ``calflib class-report --csv exports/*.json`` would otherwise take the first
  export as the table's name and overwrite a learner's work.
- An existing file of another kind (not the output's own ending, e.g. not ``.csv``) is never
  replaced; nor is any existing file where the command says so (``replace=False``, e.g. a
  filled-in observation sheet, unless ``--force``).
- A file that cannot be written (no such folder, a folder, read-only) is an :class:`OutputError`
  whose message names the file and the reason, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["OutputError", "output_problem", "write_output"]


class OutputError(ValueError):
    """An output file that must not or cannot be written; the message says which and why."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def output_problem(
    out: str | Path, inputs: Iterable[Path | str] = (), *, ending: str = ".csv", option: str = ""
) -> str | None:
    """Why ``out`` must not be written (see the module's rules), or None when it may be.

    ``option`` (e.g. ``--csv``) is named in the message, so the teacher knows which to change.
    """
    if str(out) == "-":
        return None
    path = Path(out)
    named = f"{option} {out}" if option else str(out)
    if path.suffix.lower() == ".json":
        return (
            f"{named}: an output must not end in .json (that is what exports are called, and "
            f"one would be overwritten); give a {ending} file name, e.g. {option or 'OUT'} "
            f"class{ending}, and put the exports after it"
        )
    for source in inputs:
        if _same_file(path, Path(source)):
            return f"{named} is one of the files to read; give a new {ending} file name to write"
    if path.exists() and not path.is_dir() and path.suffix.lower() != ending:
        return (
            f"{named} already exists and is not a {ending} file, so it was left as it is; "
            f"give a {ending} file name"
        )
    return None


def write_output(
    path: Path | str, text: str, *, newline: str | None = "", replace: bool = True
) -> None:
    """Write ``text`` to ``path`` (UTF-8); OutputError naming the file and reason if it cannot be.

    With ``replace=False`` an existing file is left as it is (OutputError saying to add --force).
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"cannot write {target} (it is a folder); give a file name")
    try:
        with open(target, "w" if replace else "x", encoding="utf-8", newline=newline) as out:
            out.write(text)
    except FileExistsError:
        raise OutputError(
            f"{target} already exists and was left as it is; choose another name, or add "
            "--force to replace it"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot write {target} ({_reason(exc)})") from None


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such folder; create it first or choose another"
    return exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))
