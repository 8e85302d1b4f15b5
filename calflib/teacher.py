"""A teacher's tools: the answer key generated from the bank, and a class report from exports.

Both are pure functions over the question bank and learners' exported progress files; the
``calflib`` command-line tool (``answer-key``, ``class-report``) only wires them to files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calflib.loader import default_content
from calflib.model import Content
from calflib.progress import ProgressError, parse_progress
from calflib.quiz import QuestionBank, objective_summary
from calflib.quiz_loader import default_bank

__all__ = ["ReportRow", "answer_key", "class_report", "merge_exports", "report_csv"]

_KIND_NAMES = {
    "single": "single choice",
    "multiple": "multiple select",
    "myth_fact": "myth or fact",
    "triage": "triage (scenario)",
}


def answer_key(bank: QuestionBank | None = None, content: Content | None = None) -> str:
    """The answer key as Markdown, generated from the bank (never kept by hand)."""
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
        lines += [f"## {chapter}", ""]
        for n, q in enumerate(questions, start=1):
            prompt = q.prompt
            if q.kind == "triage":
                prompt = f"{q.prompt} Scenario: {scenarios[q.scenario].title}."
            right = "; ".join(o.text for o in q.options if o.correct)
            lines += [
                f"{n}. **{q.id}** ({_KIND_NAMES[q.kind]}; objective `{q.objective}`): {prompt}",
                f"   - Answer: {right}",
                f"   - Why: {q.explanation} [{', '.join(q.sources)}]",
            ]
        lines.append("")
    return "\n".join(lines)


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


def report_csv(rows: Iterable[ReportRow]) -> str:
    """The class report as CSV: learner, chapter, objective, answered, right, total, score."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "chapter", "objective", "answered", "right", "total", "score"])
    for row in rows:
        writer.writerow(
            [
                row.learner,
                row.chapter,
                row.objective,
                row.answered,
                row.right,
                row.total,
                f"{row.score:.2f}",
            ]
        )
    return out.getvalue()
