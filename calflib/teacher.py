"""A teacher's tools: the answer key generated from the bank, and a class report from exports.

Both are pure functions over the question bank and learners' exported progress files; the
``calflib`` command-line tool (``answer-key``, ``class-report``) only wires them to files.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calflib.content_in_use import default_bank, default_content
from calflib.model import Content
from calflib.progress import ProgressError, parse_progress
from calflib.quiz import QuestionBank, objective_summary

__all__ = ["ReportRow", "answer_key", "class_report", "merge_exports", "report_csv"]

_KIND_NAMES = {
    "single": "single choice",
    "multiple": "multiple select",
    "myth_fact": "myth or fact",
    "triage": "triage (scenario)",
}


def answer_key(bank: QuestionBank | None = None, content: Content | None = None) -> str:
    """The answer key as Markdown, generated from the bank (never kept by hand).

    Every piece of teacher text goes through ``_markdown_text``, so a renderer shows it as typed.
    """
    bank = bank or default_bank()
    content = content or default_content()
    scenarios = {s.id: s for s in content.scenarios}
    lines = ["# Answer key", "", "Generated from the question bank by `calflib answer-key`.", ""]
    sections = [
        (c, bank.for_chapter(c)) for c in dict.fromkeys(q.chapter for q in bank.questions.values())
    ]
    sections.append(("Final check (07_final_check)", bank.final))
    for chapter, questions in sections:
        if not questions:
            continue
        lines += [f"## {_markdown_text(chapter)}", ""]
        for n, q in enumerate(questions, start=1):
            prompt = _markdown_text(q.prompt)
            if q.kind == "triage":
                prompt += f" Scenario: {_markdown_text(scenarios[q.scenario].title)}."
            right = "; ".join(_markdown_text(o.text) for o in q.options if o.correct)
            sources = ", ".join(_markdown_text(key) for key in q.sources)
            lines += [
                f"{n}. **{_markdown_text(q.id)}** ({_KIND_NAMES[q.kind]}; "
                f"objective {_code_span(q.objective)}): {prompt}",
                f"   - Answer: {right}",
                f"   - Why: {_markdown_text(q.explanation)} [{sources}]",
            ]
        lines.append("")
    return "\n".join(lines)


# Characters that start Markdown formatting inline: emphasis, code, links and images, strike-through
# (GitHub), maths (JupyterLab), tables, attribute lists (kramdown), headings, and the backslash
# itself. CommonMark lets a backslash escape any ASCII punctuation, and shows the character.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]{}~$|#!])")
# Bare addresses that GitHub-flavoured renderers turn into links by themselves.
_BARE_LINK = re.compile(r"(?<=[A-Za-z])(:)(?=//)|(?<=\bwww)(\.)|(@)", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\s*[\r\n]\s*")


def _markdown_text(text: str) -> str:
    """Teacher text as Markdown that any renderer shows as the text itself, on one line.

    HTML's special characters become entities (so no tag, autolink or entity of the teacher's
    runs), Markdown's punctuation is backslash-escaped, and a line break becomes a space (a new
    line could otherwise start a heading, a list or a link definition).
    """
    one_line = _LINE_BREAK.sub(" ", text)
    entities = html.escape(one_line, quote=False)
    return _BARE_LINK.sub(r"\\\1\2\3", _MARKDOWN_PUNCTUATION.sub(r"\\\1", entities))


def _code_span(text: str) -> str:
    """``text`` as a Markdown code span (shown literally), fenced past any backticks inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


@dataclass(frozen=True)
class ReportRow:
    """One line of the class report: a learner's standing on one objective."""

    learner: str
    chapter: str
    objective: str
    answered: int
    right: int
    total: int

    @property
    def score(self) -> float:
        """Share of the objective's questions answered right (0.0 to 1.0)."""
        return self.right / self.total if self.total else 0.0


def merge_exports(paths: Iterable[Path | str]) -> dict[str, dict[str, Mapping[str, Any]]]:
    """Read exported progress files; per learner, quiz records merged (newest record wins).

    Raises ProgressError naming every file that could not be used.
    """
    learners: dict[str, dict[str, Mapping[str, Any]]] = {}
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            progress = parse_progress(json.loads(path.read_text(encoding="utf-8")), str(path))
        except ProgressError as exc:
            problems.append(str(exc))
            continue
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{path}: cannot read ({exc})")
            continue
        # An export without a real name (the local store's "default") is told apart by its file.
        learner = path.stem if progress.learner == "default" else progress.learner
        quiz = learners.setdefault(learner, {})
        for qid, record in progress.quiz.items():
            mine = quiz.get(qid)
            if mine is None or str(record.get("at", "")) >= str(mine.get("at", "")):
                quiz[qid] = record
    if problems:
        raise ProgressError("; ".join(problems))
    return learners


def class_report(paths: Iterable[Path | str], bank: QuestionBank | None = None) -> list[ReportRow]:
    """One row per learner and objective, from learners' exported progress files."""
    bank = bank or default_bank()
    rows = []
    for learner, quiz in sorted(merge_exports(paths).items()):
        for score in objective_summary(bank, quiz):
            rows.append(
                ReportRow(
                    learner=learner,
                    chapter=score.objective.chapter,
                    objective=score.objective.id,
                    answered=score.answered,
                    right=score.right,
                    total=score.total,
                )
            )
    return rows


# OWASP's CSV-injection list: a cell starting with one of these is run as a formula by Excel,
# LibreOffice or Google Sheets (tab and carriage return because some of them skip those first).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: ``'`` put before a formula's first character.

    A cell that already starts with ``'`` gets one more, so ``=x`` (written ``'=x``) and a learner
    really called ``'=x`` (written ``''=x``) stay apart: drop one leading ``'`` to read the text.
    """
    return "'" + text if text.startswith((*_FORMULA_STARTS, "'")) else text


def report_csv(rows: Iterable[ReportRow]) -> str:
    """The class report as CSV: learner, chapter, objective, answered, right, total, score.

    Text cells go through ``_spreadsheet_text``, so a learner's name never runs as a formula.
    Lines end in CRLF (RFC 4180), which also makes the writer quote a line break inside a cell.
    """
    out = io.StringIO()
    # With "\n" as line end, Python's csv writer leaves a lone "\r" in a cell unquoted, and a
    # spreadsheet starts a new row there (whose first cell could then be a formula).
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["learner", "chapter", "objective", "answered", "right", "total", "score"])
    for row in rows:
        writer.writerow(
            [
                _spreadsheet_text(row.learner),
                _spreadsheet_text(row.chapter),
                _spreadsheet_text(row.objective),
                row.answered,
                row.right,
                row.total,
                f"{row.score:.2f}",
            ]
        )
    return out.getvalue()
