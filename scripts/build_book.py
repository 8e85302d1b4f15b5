"""Build the rendered edition of the workbook (``make book``): a static website in build/book/.

Every chapter in notebooks/ is run (nbclient, the kernel JupyterLab uses) and exported with its
outputs by nbconvert's "basic" template (the cells only: no JavaScript, no CDN, no MathJax), inside
this script's own page with ``book.css``. Why this builder: nbconvert is already installed with
JupyterLab (nothing new to lock), works offline, and its "basic" output is plain HTML we can wrap;
Jupyter Book / MyST would add a Node or Sphinx tool chain and theme assets for a few pages.

What changes on the way:

* Code is hidden (readers are not programmers); outputs stay: figures, cards, printed plans.
* A live widget cannot run without a kernel: its output is replaced by its static equivalent from
  :func:`calflib.book_static.static_widget` (questions with answers folded, stories with worked
  answers, the questionnaire as a list, the plan as a table), with a pointer to the live workbook.
* Links between chapters (``02_when_not_to_massage.ipynb#Five-levels``) point at the pages; the
  teacher's guide (docs/teachers-guide.md) is a page too; printed handouts found in
  build/handouts/ are copied in and listed on handouts.html.

Learner data never mixes with the build: the chapters run with ``CALFLIB_HOME`` in a temporary
folder. Usage: ``python scripts/build_book.py [--out build/book] [--handouts build/handouts]``.
"""

from __future__ import annotations

import argparse
import ast
import html
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
GUIDE = REPO / "docs" / "teachers-guide.md"
CSS = Path(__file__).with_name("book.css")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TITLE = "Calf Massage Workbook"
URGENT = (
    '<aside class="book-urgent" aria-label="Urgent help"><strong>Urgent help: 999 (UK), '
    "112 (EU), 911 (US).</strong> Sudden breathlessness, chest pain or coughing up blood: call "
    "now and do not drive yourself. A swollen, warm or painful calf: no massage; get a medical "
    "check today.</aside>"
)


def chapters() -> list[Path]:
    """The chapters in order (00_start_here.ipynb ...), without the app's notebook."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _widget_calls(source: str) -> list[tuple[str, list[str]]]:
    """The calflib widgets a cell calls, with their arguments as text (literals as themselves)."""
    from calflib.widgets import __all__ as widget_names

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in widget_names
        ):
            args = [
                str(a.value) if isinstance(a, ast.Constant) else ast.unparse(a) for a in node.args
            ]
            calls.append((node.func.id, args))
    return calls


def make_static(nb: Any) -> int:
    """Replace every widget output with its static equivalent; returns how many were replaced."""
    from nbformat.v4 import new_output

    from calflib.book_static import static_widget

    replaced = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if not any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", [])):
            continue
        calls = _widget_calls(cell.source) or [("widget", [])]
        kept = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]
        static = "".join(static_widget(name, args) for name, args in calls)
        cell.outputs = [*kept, new_output("display_data", data={"text/html": static})]
        replaced += len(calls)
    nb.metadata.pop("widgets", None)
    return replaced


def run(path: Path) -> Any:
    """The chapter, run top to bottom in a fresh kernel from the notebooks folder."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warning per chapter
    )
    client.execute()
    return nb


_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="[^"]*">[^<]*</a>')
_HREF = re.compile(r'href="([^"#:]*?)(\.ipynb|\.md)(#[^"]*)?"')


def _page_name(target: str, suffix: str) -> str | None:
    name = target.rsplit("/", 1)[-1]
    if suffix == ".ipynb" and re.fullmatch(r"\d\d_[\w-]+", name):
        return f"{name}.html"
    if name == "teachers-guide":
        return "teachers-guide.html"
    if name == "README":
        return "index.html"
    return None


def fix_links(body: str) -> str:
    """Links to chapters and the guide point at their pages; heading anchor marks are dropped."""

    def swap(match: re.Match[str]) -> str:
        page = _page_name(match.group(1), match.group(2))
        # JupyterLab's "#heading=Title" opens a heading; on a page it is the plain anchor
        fragment = (match.group(3) or "").replace("#heading=", "#")
        return match.group(0) if page is None else f'href="{page}{fragment}"'

    return _HREF.sub(swap, _ANCHOR_LINK.sub("", body))


def export(nb: Any) -> str:
    """The chapter's cells as HTML (outputs only, no prompts, no scripts)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return fix_links(body)


def page(title: str, body: str, *, nav: str = "", live: str = "") -> str:
    """A whole page of the edition: header, the urgent-help box, the body, the footer."""
    note = (
        f'<p class="book-note">The rendered edition: read it here; to use the tools, open '
        f"<code>{html.escape(live)}</code> in the live workbook (JupyterLab or the offline site)."
        "</p>"
        if live
        else ""
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{html.escape(title)}: {TITLE}</title>"
        '<link rel="stylesheet" href="book.css"></head><body>'
        '<a class="book-skip" href="#main">Skip to the content</a>'
        f'<header class="book-header"><a href="index.html">{TITLE}</a>'
        "<span> &middot; rendered edition</span></header>"
        f'<main id="main">{note}{URGENT}{body}</main>'
        f'<footer class="book-footer">{nav}<p>Education, not diagnosis. This workbook cannot '
        "examine you: if you are worried about your leg, see a clinician.</p></footer>"
        "</body></html>\n"
    )


def _title(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _nav(names: list[tuple[str, str]], i: int) -> str:
    links = []
    if i > 0:
        links.append(
            f'<a rel="prev" href="{names[i - 1][0]}">Previous: {html.escape(names[i - 1][1])}</a>'
        )
    links.append('<a href="index.html">Contents</a>')
    if i + 1 < len(names):
        links.append(
            f'<a rel="next" href="{names[i + 1][0]}">Next: {html.escape(names[i + 1][1])}</a>'
        )
    return f'<nav class="book-nav" aria-label="Chapters">{" ".join(links)}</nav>'


def _slug(text: str) -> str:
    """A heading's anchor as GitHub makes it (the guide's own links use these)."""
    words = re.sub(r"<[^>]+>", "", html.unescape(text)).strip().lower()
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", words))


def guide_page() -> str:
    """The teacher's guide as HTML, headings with GitHub's anchors so its own links work."""
    import mistune

    body = str(mistune.create_markdown(plugins=["table"], escape=False)(GUIDE.read_text("utf-8")))
    body = re.sub(
        r"<h([1-6])>(.*?)</h\1>",
        lambda m: f'<h{m[1]} id="{_slug(m[2])}">{m[2]}</h{m[1]}>',
        body,
    )
    return fix_links(body)


def handouts_page(found: list[Path]) -> str:
    """The printable handouts (PDF), one line per handout with its papers, or how to build them."""
    from calflib.handouts import HANDOUTS

    if not found:
        return (
            "<h1>Printable handouts</h1><p>No handouts were built with this edition. Run "
            "<code>make handouts</code> (it needs Chromium), then <code>make book</code>.</p>"
        )
    papers = {"a4": "A4", "letter": "US Letter"}
    by_stem: dict[str, list[Path]] = {}
    for pdf in found:
        stem, _, paper = pdf.stem.rpartition("-")
        by_stem.setdefault(stem if paper in papers else pdf.stem, []).append(pdf)
    order = [s for s in HANDOUTS if s in by_stem] + sorted(set(by_stem) - set(HANDOUTS))
    items = []
    for stem in order:
        title = HANDOUTS.get(stem, stem.replace("-", " ").capitalize())
        links = ", ".join(
            f'<a href="handouts/{p.name}" type="application/pdf" '
            f'aria-label="{html.escape(title)}, {papers.get(p.stem.rpartition("-")[2], "PDF")} '
            f'(PDF)">{papers.get(p.stem.rpartition("-")[2], p.name)}</a> '
            f"({max(1, round(p.stat().st_size / 1024))} KB)"
            for p in by_stem[stem]
        )
        items.append(f"<li><strong>{html.escape(title)}</strong>: {links}</li>")
    return (
        "<h1>Printable handouts</h1><p>Cards and sheets for paper, as PDF files for A4 and US "
        "Letter: the screening card and the stop rules card for every massage table, scenario "
        "cards to cut out with the teacher's answers on a separate sheet, the answer key, the "
        "practical rubric and the glossary. A session card for the plan on screen is printed from "
        "the planner in chapter 05 of the live workbook.</p>"
        f'<ul class="book-handouts">{"".join(items)}</ul>'
    )


def build(out: Path, handouts: Path | None) -> dict[str, float]:
    """Build the edition into ``out`` (replaced whole); returns seconds per step."""
    timings: dict[str, float] = {}
    staging = Path(tempfile.mkdtemp(prefix="calflib-book-"))
    os.environ["CALFLIB_HOME"] = str(staging / "calflib-home")
    os.environ.setdefault("MPLCONFIGDIR", str(staging / "mpl"))
    site = staging / "book"
    site.mkdir()
    done: list[tuple[str, str, str]] = []
    for path in chapters():
        start = time.perf_counter()
        nb = run(path)
        make_static(nb)
        done.append((f"{path.stem}.html", _title(nb, path.stem), export(nb)))
        timings[path.name] = time.perf_counter() - start
    names = [(name, title) for name, title, _ in done]
    for i, (name, title, body) in enumerate(done):
        live = f"notebooks/{name.removesuffix('.html')}.ipynb"
        (site / name).write_text(page(title, body, nav=_nav(names, i), live=live), "utf-8")
    (site / "teachers-guide.html").write_text(page("Teacher's guide", guide_page()), "utf-8")
    found = sorted(handouts.glob("*.pdf")) if handouts and handouts.is_dir() else []
    if found:
        (site / "handouts").mkdir()
        for pdf in found:
            shutil.copy2(pdf, site / "handouts" / pdf.name)
    (site / "handouts.html").write_text(page("Printable handouts", handouts_page(found)), "utf-8")
    contents = "".join(f'<li><a href="{n}">{html.escape(t)}</a></li>' for n, t in names)
    index = (
        f"<h1>{TITLE}: the rendered edition</h1><p>Every chapter with its figures, cards and "
        "self-check questions (answers folded under each), for reading without running anything: "
        "on a phone, at home, or when a kernel will not start. The tools themselves (the "
        "questionnaire, the planner, the practice player) run in the live workbook.</p>"
        f'<h2>Chapters</h2><ul class="book-contents">{contents}</ul>'
        '<h2>For teachers</h2><ul><li><a href="teachers-guide.html">Teacher\'s guide</a></li>'
        '<li><a href="handouts.html">Printable handouts</a></li></ul>'
    )
    (site / "index.html").write_text(page("Contents", index), "utf-8")
    shutil.copy2(CSS, site / "book.css")
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(site), out)
    shutil.rmtree(staging, ignore_errors=True)
    return timings


def main(argv: list[str] | None = None) -> int:
    """Build the edition; print where it is and how long each chapter took."""
    parser = argparse.ArgumentParser(description="Build the rendered edition (make book).")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "book")
    parser.add_argument("--handouts", type=Path, default=REPO / "build" / "handouts")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    timings = build(args.out.resolve(), args.handouts)
    for name, seconds in timings.items():
        print(f"  {name}: {seconds:.1f} s")
    print(
        f"The rendered edition is in {args.out} ({time.perf_counter() - start:.1f} s); "
        f"open {args.out / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
