"""The ``calflib rubric`` subcommand: the practical-skills observation sheet for a class.

``calflib rubric sheet --learners names.txt -o obs.csv`` writes the blank sheet a teacher fills in
during a practical; ``calflib class-report ... --practical obs.csv`` reads it back (see
:mod:`calflib.rubric_sheet`). Heavy modules are imported inside the handler, so ``calflib --help``
stays quick.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_rubric_commands", "practical_report"]


def add_rubric_commands(subparsers: Any) -> None:
    """Register ``calflib rubric`` (with its ``sheet`` command) on the ``calflib`` parser."""
    rubric = subparsers.add_parser(
        "rubric",
        help="the practical-skills rubric: a blank observation sheet for a class",
        description="Tools for the practical-skills rubric (calflib/content/rubric.toml): what an "
        "observer checks, stroke by stroke, while a learner massages.",
        epilog="Example: calflib rubric sheet --learners names.txt -o obs.csv",
    )
    commands = rubric.add_subparsers(
        title="commands", dest="rubric_command", metavar="COMMAND", required=True
    )
    sheet = commands.add_parser(
        "sheet",
        help="write a blank observation sheet (CSV) with a row per learner and stroke",
        description="Write a blank observation sheet to fill in during a practical: one row per "
        "learner and stroke, a column per criterion. In safe_ columns write yes or no (every "
        "one must be yes for the stroke to count as safe); in good_ columns write yes, no or "
        "partly; leave a cell empty if you did not see it. Then add the sheet to the class "
        "report with: calflib class-report EXPORTS --csv class.csv --practical obs.csv",
        epilog="Example: calflib rubric sheet --learners names.txt -o obs.csv "
        "(names.txt: one learner's name a line, as they typed it when exporting)",
    )
    sheet.add_argument(
        "--learners",
        required=True,
        type=Path,
        metavar="NAMES.txt",
        help="a text file with one learner's name a line",
    )
    sheet.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="OUT.csv",
        help="where to write the sheet ('-' for the screen)",
    )
    sheet.add_argument(
        "--force",
        action="store_true",
        help="replace OUT if it already exists (a filled-in sheet is otherwise never replaced)",
    )
    sheet.set_defaults(handler=_sheet)


def _sheet(args: argparse.Namespace) -> int:
    from calflib.output_files import output_problem, write_output
    from calflib.rubric import load_rubric
    from calflib.rubric_sheet import ObservationError, blank_sheet, read_learners

    problem = output_problem(args.out, [args.learners], option="-o")
    if problem:
        print(f"calflib: error: {problem}", file=sys.stderr)
        return 1

    try:
        learners = read_learners(args.learners)
    except ObservationError as exc:
        print(f"calflib: error: {exc}", file=sys.stderr)
        return 1
    rubric = load_rubric()
    text = blank_sheet(learners, rubric)
    if args.out == "-":
        sys.stdout.write(text.replace("\r\n", "\n"))
        return 0
    write_output(args.out, text, newline="", replace=args.force)
    rows = len(learners) * len(rubric.strokes)
    print(
        f"wrote a blank observation sheet for {len(learners)} learner"
        f"{'s' if len(learners) != 1 else ''} and {len(rubric.strokes)} strokes ({rows} rows) "
        f"to {args.out}"
    )
    return 0


def practical_report(report: str, sheet: Path) -> tuple[str, str | None]:
    """The class report with the practical columns of ``sheet`` added, or an error message."""
    from calflib.rubric_sheet import (
        ObservationError,
        add_practical,
        read_observations,
        unmatched_learners,
    )

    try:
        observations = read_observations(sheet)
    except ObservationError as exc:
        return report, str(exc)
    unmatched = unmatched_learners(report, observations)
    if unmatched:  # a typo in a name, or a learner who did not export: never silently apart
        print(
            f"calflib: note: {sheet}: no export for {', '.join(unmatched)}; their practical "
            "results are on rows of their own (check the spelling against the exported names)",
            file=sys.stderr,
        )
    return add_practical(report, observations), None
