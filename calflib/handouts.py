"""Printable handouts as PDF files: the cards' HTML printed by Chromium (``make handouts``).

Each handout is a page body from :mod:`calflib.print_cards` or :mod:`calflib.print_class`, put in
a printable document by :mod:`calflib.print_kit` and printed to PDF by headless Chromium, the
browser the workbook's browser tests use (``$CALFLIB_CHROMIUM`` or Debian's ``/usr/bin/chromium``).
Chromium is driven through its own command line (``--print-to-pdf``), so this module needs only
the standard library: ``calflib handout`` works in any workbook set-up that has a Chromium.
Chromium embeds the fonts it used (subsets), keeps the text selectable and searchable, and
writes a tagged PDF (headings, lists and tables for screen readers).

Rules, each pinned by a test: every handout comes in A4 and US Letter; a missing Chromium is a
:class:`ChromiumMissing` whose message says how to get one; a blocked plan gives no session card.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from calflib.content_in_use import default_bank, default_content
from calflib.errors import ContentProblems
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.packs import check_pack, packs_in_use
from calflib.planner import SessionPlan
from calflib.print_cards import screening_card, session_card, stop_rules_card
from calflib.print_class import (
    answer_key_sheet,
    glossary_sheet,
    rubric_sheet,
    scenario_answers,
    scenario_cards,
)
from calflib.print_kit import PAPERS, document
from calflib.quiz import QuestionBank
from calflib.stop_rules import load_stop_rules
from calflib.technique_loader import load_techniques

__all__ = [
    "CONTAINER_FLAGS",
    "DEFAULT_CHROMIUM",
    "HANDOUTS",
    "ChromiumMissing",
    "Handout",
    "build_handouts",
    "find_chromium",
    "handout_pages",
    "print_pdfs",
    "session_card_link",
    "session_handout",
]

DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: The handouts ``make handouts`` prints, by file name stem, with their titles.
HANDOUTS = {
    "screening-card": "Screening card",
    "stop-rules-card": "Stop rules card",
    "scenario-cards": "Scenario cards",
    "scenario-answers": "Scenario cards: the teacher's answers",
    "answer-key": "Answer key",
    "rubric": "Practical rubric",
    "glossary": "Glossary",
}
#: Chromium flags seen to work as root in a container, offline and quiet (the browser tests use
#: the same, tests/browser/browser_support.py).
CONTAINER_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
_FLAGS = (
    "--headless",
    *CONTAINER_FLAGS,
    "--no-pdf-header-footer",
    "--generate-pdf-document-outline",
)
#: The handouts that must fit on one page, printed with narrower margins and smaller type.
_DENSITY = {"screening-card": "compact", "stop-rules-card": "snug"}
_TIMEOUT_S = 180
_PARALLEL = 2  # two Chromium processes at once: the machines the tests run on have 2 cores


class ChromiumMissing(RuntimeError):
    """No Chromium to print with; the message says how to get one."""


@dataclass(frozen=True)
class Handout:
    """One handout ready to print: its file name stem, title and page body (trusted HTML)."""

    stem: str
    title: str
    body: str


def find_chromium() -> tuple[str, str | None]:
    """Where Chromium should be (``$CALFLIB_CHROMIUM`` or Debian's), and the path if it is there."""
    configured = os.environ.get("CALFLIB_CHROMIUM", "").strip()
    path = configured or DEFAULT_CHROMIUM
    where = f"CALFLIB_CHROMIUM={configured}" if configured else DEFAULT_CHROMIUM
    found = Path(path).is_file() and os.access(path, os.X_OK)
    return where, path if found else None


def _chromium() -> str:
    where, path = find_chromium()
    if path is None:
        raise ChromiumMissing(
            f"No Chromium at {where}, and the handouts are printed by Chromium. To get it: "
            "'make browser' (as root it installs Debian's chromium), or 'sudo apt-get install "
            "chromium' on Debian/Ubuntu, or set CALFLIB_CHROMIUM to a Chromium or Chrome binary."
        )
    return path


def _content_and_bank(pack: Path | None) -> tuple[Content, QuestionBank]:
    if pack is None:
        return default_content(), default_bank()
    problems = check_pack(pack)
    if problems:
        raise problems[0] if len(problems) == 1 else ContentProblems(problems)
    loaded = packs_in_use((Path(pack).expanduser().resolve(),))
    return loaded.content, loaded.bank


def handout_pages(pack: Path | None = None, only: Iterable[str] | None = None) -> list[Handout]:
    """Every class handout's page body, in ``HANDOUTS`` order (the glossary and rubric are left
    out while their modules are missing). ``pack`` adds a teacher's pack's stories and questions
    (a pack with problems raises ContentError naming them)."""
    content, bank = _content_and_bank(pack)
    bodies: dict[str, Callable[[], str | None]] = {
        "screening-card": lambda: screening_card(content),
        "stop-rules-card": lambda: stop_rules_card(load_stop_rules()),
        "scenario-cards": lambda: scenario_cards(content),
        "scenario-answers": lambda: scenario_answers(content),
        "answer-key": lambda: answer_key_sheet(bank, content),
        "rubric": rubric_sheet,
        "glossary": glossary_sheet,
    }
    wanted = set(HANDOUTS if only is None else only)
    made = ((stem, make()) for stem, make in bodies.items() if stem in wanted)
    return [Handout(stem, HANDOUTS[stem], body) for stem, body in made if body is not None]


def print_pdfs(jobs: Iterable[tuple[str, Path]]) -> list[Path]:
    """Print each (whole HTML document, PDF path) with Chromium, two at a time; returns the paths.

    Chromium prints to a temporary file, moved into place only when it printed: a failed print
    leaves the old PDF as it was. Raises ChromiumMissing without a Chromium, RuntimeError naming
    the file and why (Chromium's exit status and last lines) if printing failed.
    """
    chromium = _chromium()
    done: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="calflib-print-") as tmp:
        running: list[tuple[subprocess.Popen[bytes], Path, Path]] = []
        for n, (html, out) in enumerate(jobs):
            page = Path(tmp, f"page-{n}.html")
            page.write_text(html, encoding="utf-8")
            printed = Path(tmp, f"printed-{n}.pdf")
            command = [
                chromium,
                *_FLAGS,
                f"--user-data-dir={Path(tmp, f'profile-{n}')}",
                f"--print-to-pdf={printed}",
                page.as_uri(),
            ]
            running.append(
                (
                    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE),
                    printed,
                    out,
                )
            )
            if len(running) >= _PARALLEL:
                done.append(_finish(*running.pop(0)))
        done.extend(_finish(*job) for job in running)
    return done


def _finish(process: subprocess.Popen[bytes], printed: Path, out: Path) -> Path:
    try:
        _, err = process.communicate(timeout=_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RuntimeError(f"Chromium took over {_TIMEOUT_S} s printing {out.name}") from None
    if not printed.is_file() or printed.stat().st_size == 0:
        tail = err.decode(errors="replace").strip().splitlines()[-3:]
        said = " / ".join(tail) if tail else "nothing on its error output"
        raise RuntimeError(
            f"Chromium did not print {out.name} (exit status {process.returncode}; it said: "
            f"{said}); {out.name} was left as it was"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(printed, out)  # the temporary folder may be on another file system
    return out


def build_handouts(
    out_dir: Path,
    *,
    papers: Iterable[str] = tuple(PAPERS),
    only: Iterable[str] | None = None,
    pack: Path | None = None,
) -> list[Path]:
    """Print the class handouts (``only`` some stems) on each paper into ``out_dir``."""
    wanted = set(only) if only is not None else set(HANDOUTS)
    unknown = wanted - set(HANDOUTS)
    if unknown:
        raise ValueError(
            f"unknown handout {sorted(unknown)[0]!r}; use one of {', '.join(HANDOUTS)}"
        )
    papers = tuple(papers)
    for paper in papers:
        document("", "", paper)  # an unknown paper is refused before anything is printed
    jobs = [
        (
            document(
                h.title,
                h.body,
                paper,
                footer=f"{h.title}.",
                density=_DENSITY.get(h.stem, "standard"),
            ),
            out_dir / f"{h.stem}-{paper}.pdf",
        )
        for h in handout_pages(pack, wanted)
        for paper in papers
    ]
    return print_pdfs(jobs)


def session_handout(plan: SessionPlan, paper: str = "a4") -> str | None:
    """A plan's session card as a whole printable HTML document; None for a blocked plan."""
    body = session_card(plan, load_techniques(), builtin_content(), load_stop_rules())
    if body is None:
        return None
    return document("Session card", body, paper, footer="Session card.", density="snug")


def session_card_link(plan: SessionPlan | None, paper: str = "a4") -> str:
    """A link that saves the plan's session card (a printable page) on the learner's device;
    empty for no plan or a blocked plan, so a blocked plan can never be printed as a session.

    The page travels inside the link (base64): no server, no network, no Chromium needed. Opened
    in a browser it prints (or saves as PDF) with the handouts' print styles.
    """
    html = session_handout(plan, paper) if plan is not None else None
    if html is None or plan is None:
        return ""
    name = f"session-card-{plan.setting.value}-{plan.minutes}min.html"
    address = "data:text/html;charset=utf-8;base64," + base64.b64encode(html.encode()).decode()
    return (
        f'<p class="calf-session-card-download"><a download="{name}" href="{address}">'
        f"Download the session card</a> ({name}): open it in your browser and print it, or "
        "save it as PDF, to keep beside you while you massage.</p>"
    )
