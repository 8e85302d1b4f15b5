"""The teacher's subcommands of ``calflib``: ``check``, ``answer-key``, ``class-report``, ``gift``.

Heavy modules are imported inside the handlers, so ``calflib --help`` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from calflib.pack_cli import use_packs

__all__ = ["add_teacher_commands"]


def add_teacher_commands(subparsers: Any) -> None:
    """Register the teacher's subcommands on the ``calflib`` parser."""
    check = subparsers.add_parser(
        "check",
        help="check a content pack (your own scenarios and questions) for mistakes",
        description="Check one or more content packs: folders holding scenarios.toml, "
        "questions.toml or questions-*.toml and (optionally) sources.toml, written like the "
        "built-in files in calflib/content. Every problem is listed with its file, entry and "
        "field. Answer patterns in a pack's questions (the right answer nearly always in the "
        "same place, nearly every statement a myth, the longest option nearly always right) "
        "are printed as warnings, with the figures; they do not fail the check. "
        "Exit status 0 when every pack is fine, 1 when any has a problem.",
        epilog="Example: calflib check my-class-pack/",
    )
    check.add_argument("packs", nargs="+", type=Path, metavar="PACK_DIR", help="pack folder(s)")
    check.set_defaults(handler=_check)

    key = subparsers.add_parser(
        "answer-key",
        help="print the answer key, generated from the question bank",
        description="Print the answer key for every self-check and final-check question, "
        "generated from the question bank (so it is never out of date). Packs named in "
        "CALFLIB_PACKS or with --pack are included.",
        epilog="Example: calflib answer-key --pack my-class-pack/ --out key.md",
    )
    _add_pack_option(key)
    key.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the key (Markdown) to FILE instead of the screen",
    )
    key.set_defaults(handler=_answer_key)

    report = subparsers.add_parser(
        "class-report",
        help="merge learners' exported progress into one class table (CSV)",
        description="Read the progress files learners exported from chapter 07 and write one "
        "table with a row per learner and learning objective: questions, answered, right at the "
        "first try, right now, and mastered (yes/no; the rule is in docs/teachers-guide.md). A "
        "learner who exported twice is counted once, with every attempt of both. A pack's own "
        "chapters are included when the pack is in use (--pack or CALFLIB_PACKS). With --grades, "
        "also write a grades CSV that Moodle's gradebook imports (Grades > Import > CSV file).",
        epilog="Example: calflib class-report exports/*.json --csv class.csv "
        "--grades moodle-grades.csv --roster roster.csv",
    )
    report.add_argument(
        "exports", nargs="+", type=Path, metavar="EXPORT", help="exported progress files (.json)"
    )
    report.add_argument(
        "--csv", required=True, metavar="OUT", help="where to write the table ('-' for the screen)"
    )
    _add_pack_option(report)
    # --- practical-skills rubric (issue 11; all logic in calflib/rubric_sheet.py) ---
    report.add_argument(
        "--practical",
        type=Path,
        metavar="OBS.csv",
        help="add each learner's practical results from a filled-in observation sheet "
        "(made by 'calflib rubric sheet') beside the quiz scores",
    )
    report.add_argument(
        "--grades",
        metavar="OUT",
        help="also write a grades CSV for Moodle's gradebook import (first-try %% per chapter)",
    )
    report.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help="a CSV with columns learner,email (or learner,username) matching each exported name "
        "to the Moodle user; without it the exported name is the identifier",
    )
    report.set_defaults(handler=_class_report)

    gift = subparsers.add_parser(
        "gift",
        help="write the question bank as a Moodle GIFT file (Question bank > Import)",
        description="Write every self-check and final-check question (with each option's "
        "feedback and the explanation) in Moodle's GIFT format, one category per chapter. "
        "Triage questions carry their story, and their answers come from the screening rules. "
        "An existing file is never replaced unless --force is given.",
        epilog="Example: calflib gift calf-questions.gift --pack my-class-pack/",
    )
    gift.add_argument("out", type=Path, metavar="OUT", help="the file to write (.gift or .txt)")
    gift.add_argument("--force", action="store_true", help="replace OUT if it already exists")
    _add_pack_option(gift)
    gift.set_defaults(handler=_gift)


def _add_pack_option(parser: argparse.ArgumentParser) -> None:
    """``--pack PACK_DIR`` (repeatable): the teacher commands' one way to name content packs."""
    parser.add_argument(
        "--pack",
        action="append",
        type=Path,
        default=[],
        metavar="PACK_DIR",
        help="also include this content pack's questions and stories (may be repeated)",
    )


def _check(args: argparse.Namespace) -> int:
    from calflib.packs import check_packs

    failed = False
    # In order, each against the ones before it, as they are used together (CALFLIB_PACKS).
    for pack, problems, loaded in check_packs(args.packs):
        if problems or loaded is None:
            failed = True
            print(f"{pack}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"{pack}: OK: {_found(loaded)}")
            for warning in _pattern_warnings(loaded.bank.questions.values()):
                print(f"  WARNING: {warning}")
    return 1 if failed else 0


def _found(pack: Any) -> str:
    """What a good pack adds, counted ("1 scenario, 2 questions, 3 sources")."""
    counts = (
        (len(pack.scenarios), "scenario"),
        (len(pack.bank.questions), "question"),
        (len(pack.sources), "source"),
    )
    return ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts)


def _pattern_warnings(own: Any) -> tuple[str, ...]:
    """Answer patterns in a good pack's own questions, and questions Moodle's GIFT import would
    not take (warnings: the pack is still used in the workbook)."""
    from calflib.gift import gift_problems
    from calflib.quiz_patterns import answer_patterns

    questions = list(own)
    gift = tuple(f"{p} ('calflib gift' cannot write it)" for p in gift_problems(questions))
    return answer_patterns(questions).warnings() + gift


def _answer_key(args: argparse.Namespace) -> int:
    from calflib.teacher import answer_key

    error = use_packs(args.pack)
    if error:
        print(f"calflib: error: {error}", file=sys.stderr)
        return 1
    text = answer_key()
    if args.out:
        from calflib.output_files import write_output

        write_output(args.out, text, newline=None)
        print(f"wrote the answer key to {args.out}")
    else:
        print(text)
    return 0


def _class_report(args: argparse.Namespace) -> int:
    from calflib.class_report_cli import class_report

    return class_report(args)


def _gift(args: argparse.Namespace) -> int:
    from calflib.content_in_use import default_bank, default_content
    from calflib.gift import gift_text
    from calflib.output_files import write_output

    if args.out.suffix.lower() not in (".gift", ".txt"):
        print(f"calflib: error: {args.out} must end in .gift or .txt", file=sys.stderr)
        return 1
    error = use_packs(args.pack)
    if error:
        print(f"calflib: error: {error}", file=sys.stderr)
        return 1
    bank = default_bank()
    try:
        text = gift_text(bank, default_content())
    except ValueError as exc:  # a question Moodle's GIFT import cannot take
        print(f"calflib: error: {exc}; nothing was written", file=sys.stderr)
        return 1
    write_output(args.out, text, newline="\n", replace=args.force)
    print(f"wrote {len(bank.questions)} questions to {args.out}")
    return 0
