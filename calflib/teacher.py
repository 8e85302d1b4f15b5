"""A teacher's tools: the answer key generated from the bank, and a class report from exports.

Both are pure functions over the question bank and learners' exported progress files; the
``calflib`` command-line tool (``answer-key``, ``class-report``) only wires them to files. The
class report gives, per learner and objective, the first-try score, the score now and whether the
objective is mastered (:mod:`calflib.mastery`); :mod:`calflib.grades` turns it into a grades CSV
for Moodle. Every CSV text cell goes through ``spreadsheet_text``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calflib.content_in_use import default_bank, default_content
from calflib.final_check import DRAW, final_story_key, is_round_key
from calflib.mastery import mastery
from calflib.model import Content, Scenario
from calflib.progress import ProgressError, parse_progress, reset_times
from calflib.progress_records import merge_sections
from calflib.quiz import QuestionBank
from calflib.trainer import level_label

__all__ = [
    "REPORT_COLUMNS",
    "ReportRow",
    "answer_key",
    "class_report",
    "csv_text",
    "merge_exports",
    "report_csv",
    "report_rows",
    "spreadsheet_text",
    "unknown_answers",
]

_KIND_NAMES = {
    "single": "single choice",
    "multiple": "multiple select",
    "myth_fact": "myth or fact",
    "triage": "triage (scenario)",
}


def answer_key(
    bank: QuestionBank | None = None,
    content: Content | None = None,
    stories: Sequence[Scenario] | None = None,
) -> str:
    """The answer key as Markdown, generated from the bank (never kept by hand).

    Every piece of teacher text goes through ``_markdown_text``, so a renderer shows it as typed.
    It ends with the final check's stories (default: the built-in pool), each with the call the
    screening gives it and its teaching point.
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
    return "\n".join(lines + _story_key(content, stories))


def _story_key(content: Content, stories: Sequence[Scenario] | None) -> list[str]:
    """The final check's stories in the answer key, emergency first (calflib.final_check)."""
    from calflib.final_stories import builtin_final_stories  # only the answer key needs them

    key = final_story_key(builtin_final_stories() if stories is None else stories)
    if not key:
        return []
    lines = [
        f"## {_markdown_text('Final check (07_final_check), part 1: the stories')}",
        "",
        f"Each round draws {sum(DRAW.values())} of these {len(key)} stories. A call more cautious "
        "than the one given here is safe; a less cautious one is the mistake to talk through.",
        "",
    ]
    for n, entry in enumerate(key, start=1):
        call = level_label(entry.expected, content)
        lines += [
            f"{n}. **{_markdown_text(entry.id)}**: {_markdown_text(entry.title)}",
            f"   - Answer: {_markdown_text(call)}",
            f"   - Why: {_markdown_text(entry.teaching_point)}",
        ]
    lines.append("")
    return lines


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
    """One line of the class report: a learner's standing on one objective.

    ``right`` counts questions whose latest answer is right; ``first_try_right`` those right at
    a real first try; ``first_try_unknown`` those answered before calflib kept first tries.
    """

    learner: str
    chapter: str
    objective: str
    answered: int
    right: int
    total: int
    first_try_right: int = 0
    first_try_unknown: int = 0
    mastered: bool = False

    @property
    def score(self) -> float:
        """Share of the objective's questions whose latest answer is right (0.0 to 1.0)."""
        return self.right / self.total if self.total else 0.0

    @property
    def first_try_score(self) -> float:
        """Share of the objective's questions right at the first try (0.0 to 1.0)."""
        return self.first_try_right / self.total if self.total else 0.0


def merge_exports(
    paths: Iterable[Path | str], notes: Callable[[str], None] | None = None
) -> dict[str, dict[str, Mapping[str, Any]]]:
    """Read exported progress files; per learner, quiz records merged: every attempt of every
    export kept once, in time order (the newest answer is the current one).

    Names differing only in case or outer spaces ("Ana", " ana") are one learner, as on the
    practical sheet, shown as first seen; ``notes`` is told each time that happens.
    Raises ProgressError naming every file that could not be used.
    """
    learners: dict[str, dict[str, Mapping[str, Any]]] = {}
    shown: dict[str, str] = {}  # casefolded name -> the name as first seen
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            # utf-8-sig: an export saved again by an editor may start with a byte-order mark
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            progress = parse_progress(data, str(path))
        except ProgressError as exc:
            problems.append(str(exc))
            continue
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{path}: cannot read ({exc})")
            continue
        # An export without a real name (the local store's "default") is told apart by its file.
        name = (path.stem if progress.learner == "default" else progress.learner).strip()
        learner = shown.setdefault(name.casefold(), name)
        if learner != name and notes is not None:
            notes(f"{path}: '{name}' is counted as the same learner as '{learner}'")
        quiz = learners.setdefault(learner, {})
        quiz.update(merge_sections("quiz", quiz, progress.to_json()["quiz"], replace=False))
        resets = reset_times(progress.settings)
        if resets and notes is not None:
            times = "time" if len(resets) == 1 else "times"
            notes(
                f"{path}: {learner} started their progress again ({len(resets)} {times}, last on "
                f"{resets[-1][:10]}): answers from before are not in this file, so a first try "
                "counted here may come after seeing the answer"
            )
    if problems:
        raise ProgressError("; ".join(problems))
    return learners


def class_report(paths: Iterable[Path | str], bank: QuestionBank | None = None) -> list[ReportRow]:
    """One row per learner and objective (a pack's in use too), from exported progress files."""
    return report_rows(merge_exports(paths), bank or default_bank())


def report_rows(
    learners: Mapping[str, Mapping[str, Mapping[str, Any]]], bank: QuestionBank
) -> list[ReportRow]:
    """The class report's rows from merged quiz records per learner (see ``merge_exports``)."""
    rows = []
    for learner, quiz in sorted(learners.items()):
        for m in mastery(bank, quiz):
            rows.append(
                ReportRow(
                    learner=learner,
                    chapter=m.objective.chapter,
                    objective=m.objective.id,
                    answered=m.answered,
                    right=m.right_now,
                    total=m.total,
                    first_try_right=m.first_try_right,
                    first_try_unknown=m.first_try_unknown,
                    mastered=m.mastered,
                )
            )
    return rows


def unknown_answers(
    learners: Mapping[str, Mapping[str, Mapping[str, Any]]], bank: QuestionBank
) -> list[str]:
    """Question ids learners answered that the bank lacks (e.g. a pack not loaded), sorted.

    The final check's story answers (saved as ``final-round-N-<story>``) are not bank questions
    and are left out: they are known, just not part of the per-objective table.
    """
    answered = {qid for quiz in learners.values() for qid in quiz if not is_round_key(qid)}
    return sorted(answered - set(bank.questions))


# OWASP's CSV-injection list: a cell starting with one of these is run as a formula by Excel,
# LibreOffice or Google Sheets (tab and carriage return because some of them skip those first).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: ``'`` put before a formula's first character.

    A cell that already starts with ``'`` gets one more, so ``=x`` (written ``'=x``) and a learner
    really called ``'=x`` (written ``''=x``) stay apart: drop one leading ``'`` to read the text.
    """
    return "'" + text if text.startswith((*_FORMULA_STARTS, "'")) else text


#: The class report's columns, in order.
REPORT_COLUMNS = (
    "learner",
    "chapter",
    "objective",
    "questions",
    "answered",
    "first_try_right",
    "first_try_score",
    "right_now",
    "current_score",
    "mastered",
    "answered_before_first_tries_were_kept",
)


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV for a spreadsheet: every text cell through ``spreadsheet_text``, numbers as they are.

    Lines end in CRLF (RFC 4180), which also makes the writer quote a line break inside a cell.
    """
    out = io.StringIO()
    # With "\n" as line end, Python's csv writer leaves a lone "\r" in a cell unquoted, and a
    # spreadsheet starts a new row there (whose first cell could then be a formula).
    writer = csv.writer(out, lineterminator="\r\n")
    for line in [header, *rows]:
        writer.writerow([spreadsheet_text(c) if isinstance(c, str) else c for c in line])
    return out.getvalue()


def report_csv(rows: Iterable[ReportRow]) -> str:
    """The class report as CSV (``REPORT_COLUMNS``): first-try and current scores, mastered.

    Text cells go through ``spreadsheet_text``, so a learner's name never runs as a formula.
    """
    return csv_text(
        REPORT_COLUMNS,
        (
            [
                row.learner,
                row.chapter,
                row.objective,
                row.total,
                row.answered,
                row.first_try_right,
                f"{row.first_try_score:.2f}",
                row.right,
                f"{row.score:.2f}",
                "yes" if row.mastered else "no",
                row.first_try_unknown,
            ]
            for row in rows
        ),
    )
