"""The handler of ``calflib class-report`` (registered in :mod:`calflib.teacher_cli`).

It merges the exports, writes the class table (a file, or the screen with ``--csv -``) and, with
``--grades``, the Moodle grades CSV. Outputs are checked before anything is read: never an
export's name, an input, or a ``.json`` (:mod:`calflib.output_files`). With ``--csv -`` every
status line goes to stderr, so the screen holds only the CSV and can be piped to a file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calflib.pack_cli import use_packs

if TYPE_CHECKING:
    from calflib.quiz import QuestionBank

__all__ = ["class_report", "final_check_lines"]


def class_report(args: argparse.Namespace) -> int:
    """Run ``calflib class-report`` with the parsed arguments; returns the exit status."""
    from calflib.content_in_use import default_bank
    from calflib.progress import ProgressError
    from calflib.teacher import merge_exports, report_csv, report_rows, unknown_answers

    problem = _output_problem(args)
    if problem:
        print(f"calflib: error: {problem}", file=sys.stderr)
        return 1
    # A table on the screen (--csv -) is piped to a file: every other line goes to stderr.
    status = sys.stderr if args.csv == "-" else sys.stdout
    error = use_packs(args.pack)
    if error:
        print(f"calflib: error: {error}", file=sys.stderr)
        return 1
    try:
        learners = merge_exports(args.exports, notes=_notes)
    except ProgressError as exc:
        print(f"calflib: error: {exc}", file=sys.stderr)
        return 1
    bank = default_bank()
    rows = report_rows(learners, bank)
    missing = unknown_answers(learners, bank)
    if missing:  # e.g. a pack's questions, with the pack not named: say so, never drop silently
        print(
            f"calflib: note: {len(missing)} answered question(s) are not in the question bank "
            f"(a content pack not loaded? add --pack): {', '.join(missing[:5])}",
            file=sys.stderr,
        )
    final = _final_rounds(learners, bank)
    if args.grades and _write_grades(args, rows, status, final):
        return 1
    text = report_csv(rows)
    if args.practical:  # practical-skills rubric: calflib/rubric_cli.py
        from calflib.rubric_cli import practical_report

        text, problem = practical_report(text, args.practical)
        if problem:
            print(f"calflib: error: {problem}", file=sys.stderr)
            return 1
    if args.csv == "-":
        # The screen is in text mode, which turns each "\n" into the platform's own line end.
        sys.stdout.write(text.replace("\r\n", "\n"))
        return 0
    from calflib.output_files import write_output

    # newline="": the CSV's own CRLF line ends, never translated (to CR CR LF on Windows).
    write_output(args.csv, text, newline="")
    people = len({r.learner for r in rows})
    print(
        f"wrote {len(rows)} rows for {people} learner{'s' if people != 1 else ''} to {args.csv}",
        file=status,
    )
    for line in final_check_lines(final):
        print(line, file=status)
    return 0


def _final_rounds(
    learners: Mapping[str, Mapping[str, Mapping[str, Any]]], bank: QuestionBank
) -> dict[str, Any]:
    """Each learner's final-check rounds (:func:`calflib.final_check.final_rounds`)."""
    from calflib.final_check import final_rounds
    from calflib.final_stories import builtin_final_stories

    stories = builtin_final_stories()
    return {learner: final_rounds(quiz, stories, bank.final) for learner, quiz in learners.items()}


def final_check_lines(final: Mapping[str, Sequence[Any]]) -> list[str]:
    """The final check per learner, one line each: rounds taken, the latest round's score and
    band, and any red-flag story answered too low (``final``: each learner's rounds, from
    :func:`calflib.final_check.final_rounds`)."""
    lines = []
    for learner, rounds in final.items():
        if not rounds:
            lines.append(f"final check: {learner}: not taken")
            continue
        last = rounds[-1]
        passed = sum(1 for r in rounds if r.passed)
        line = (
            f"final check: {learner}: {len(rounds)} round{'s' if len(rounds) != 1 else ''} "
            f"({passed} passed); latest, round {last.round_number + 1}: {last.right} of "
            f"{last.total} right at the first try, {last.band.value}"
        )
        if last.missed_red_flags:
            line += f"; red flags answered too low: {'; '.join(last.missed_red_flags)}"
        lines.append(line)
    return lines


def _notes(message: str) -> None:
    print(f"calflib: note: {message}", file=sys.stderr)


def _output_problem(args: argparse.Namespace) -> str | None:
    """Why --csv or --grades must not be written (an export's name, a .json, ...), or None."""
    from calflib.output_files import output_problem

    inputs = [*args.exports, *(p for p in (args.roster, args.practical) if p)]
    if args.grades == "-":
        return "--grades must name a file (e.g. --grades grades.csv); only --csv can be '-'"
    if args.grades and args.csv != "-" and Path(args.grades).resolve() == Path(args.csv).resolve():
        return f"--csv and --grades both name {args.csv}; give each its own file"
    for option, out in (("--csv", args.csv), ("--grades", args.grades)):
        problem = out and output_problem(out, inputs, option=option)
        if problem:
            return problem
    return None


def _write_grades(
    args: argparse.Namespace, rows: list[Any], status: Any, final: Mapping[str, Any]
) -> bool:
    """Write the Moodle grades CSV; True (after a message) when it could not be written."""
    from calflib.grades import grades_table, read_roster
    from calflib.output_files import write_output

    roster, identifier = None, "email"
    if args.roster:
        try:
            identifier, roster = read_roster(
                args.roster.read_text(encoding="utf-8-sig"), str(args.roster)
            )
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            print(f"calflib: error: roster {args.roster}: {exc}", file=sys.stderr)
            return True
    table = grades_table(rows, roster, identifier, final)
    write_output(args.grades, table.text, newline="")
    print(
        f"wrote grades for {table.learners} learner(s) to {args.grades} (by {identifier})",
        file=status,
    )
    if table.unmatched:
        print(
            f"calflib: note: not in the roster, so left out of {args.grades}: "
            + ", ".join(table.unmatched),
            file=sys.stderr,
        )
    return False
