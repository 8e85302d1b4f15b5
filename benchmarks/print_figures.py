"""Figure 8: what `make book` and `make handouts` cost (time and size), reported, not budgeted.

Both are built into temporary folders, ``repeat`` times at most twice (the book runs every chapter,
about 20 s a build): the median time, the size on disk and the page counts go in the table. The
handouts need Chromium; without it their rows say so.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from benchmarks.harness import Figure, median, python, run_command

__all__ = ["print_figures"]

ROOT = Path(__file__).resolve().parents[1]
_CLI = "import sys; from calflib.cli import main; sys.exit(main(sys.argv[1:]))"


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _pdf_pages(path: Path) -> int:
    """Pages in a PDF from Chromium, counted from its page objects (no PDF library needed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def print_figures(repeat: int, quick: bool) -> list[Figure]:
    """Time and size of the rendered edition and of the handouts."""
    if quick:
        return []
    from calflib.handouts import find_chromium

    runs = max(1, min(repeat, 2))
    tmp = Path(tempfile.mkdtemp(prefix="calflib-bench-print-"))
    try:
        book_times = [
            run_command(
                [python(), "scripts/build_book.py", "--out", str(tmp / "book"), "--handouts", "-"],
                cwd=ROOT,
            )
            for _ in range(runs)
        ]
        pages = len(list((tmp / "book").glob("*.html")))
        figures = [
            Figure("8a. make book: run and render every chapter", "s", median(book_times), None,
                   None, "(reported)", None, f"median of {runs}; {pages} pages"),
            Figure("8b. size of the rendered edition", "MB", _size_mb(tmp / "book"), None, None,
                   "(reported)", None),
        ]  # fmt: skip
        where, chromium = find_chromium()
        if chromium is None:
            note = f"skipped: no Chromium at {where}"
            return [
                *figures,
                Figure("8c. make handouts: print every handout", "s", None, None, None,
                       "(reported)", None, note),
            ]  # fmt: skip
        print_times = []
        for _ in range(runs):
            shutil.rmtree(tmp / "handouts", ignore_errors=True)
            print_times.append(
                run_command([python(), "-c", _CLI, "handout", "--out", str(tmp / "handouts")])
            )
        pdfs = sorted((tmp / "handouts").glob("*.pdf"))
        counts = ", ".join(f"{p.stem} {_pdf_pages(p)}" for p in pdfs)
        return [
            *figures,
            Figure("8c. make handouts: print every handout", "s", median(print_times), None, None,
                   "(reported)", None, f"median of {runs}; {len(pdfs)} PDFs"),
            Figure("8d. size of the handouts", "MB", _size_mb(tmp / "handouts"), None, None,
                   "(reported)", None, f"pages: {counts}"),
        ]  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
