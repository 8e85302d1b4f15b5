"""The teacher's subcommands of ``calflib``: ``check``, ``answer-key`` and ``class-report``.

Heavy modules are imported inside the handlers, so ``calflib --help`` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_teacher_commands"]


def add_teacher_commands(subparsers: Any) -> None:
    """Register the teacher's subcommands on the ``calflib`` parser."""
    check = subparsers.add_parser(
        "check",
        help="check a content pack (your own scenarios and questions) for mistakes",
        description="Check one or more content packs: folders holding scenarios.toml, "
        "questions.toml or questions-*.toml and (optionally) sources.toml, written like the "
        "built-in files in calflib/content. Every problem is listed with its file, entry and "
        "field. Exit status 0 when every pack is fine, 1 when any has a problem.",
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
    key.add_argument(
        "--pack",
        action="append",
        type=Path,
        default=[],
        metavar="PACK_DIR",
        help="also include this content pack (may be repeated)",
    )
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
        "table with a row per learner and learning objective: learner, chapter, objective, "
        "answered, right, total, score. A learner who exported twice is counted once, with "
        "their newer answers.",
        epilog="Example: calflib class-report exports/*.json --csv class.csv",
    )
    report.add_argument(
        "exports", nargs="+", type=Path, metavar="EXPORT", help="exported progress files (.json)"
    )
    report.add_argument(
        "--csv", required=True, metavar="OUT", help="where to write the table ('-' for the screen)"
    )
    report.add_argument(
        "--pack",
        action="append",
        type=Path,
        default=[],
        metavar="PACK_DIR",
        help="include a content pack's questions (may be repeated)",
    )
    report.set_defaults(handler=_class_report)


def _check(args: argparse.Namespace) -> int:
    from calflib.packs import check_pack

    failed = False
    for pack in args.packs:
        problems = check_pack(pack)
        if problems:
            failed = True
            print(f"{pack}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"{pack}: OK")
    return 1 if failed else 0


def _use_packs(packs: list[Path]) -> str | None:
    """Load extra packs; return an error message instead of raising.

    A pack named in CALFLIB_PACKS that was left out for its problems is an error here too: a
    teacher's answer key or class report must never silently miss a pack's questions.
    """
    from calflib.errors import ContentError
    from calflib.packs import PACKS_ENV, load_pack, pack_problems

    for pack in packs:
        try:
            load_pack(pack)
        except ContentError as exc:
            return f"{pack} has problems; run 'calflib check {pack}' to list them ({exc})"
    problems = pack_problems()
    if problems:
        listed = "".join(f"\n  - {problem}" for problem in problems)
        return (
            f"a content pack named in {PACKS_ENV} has problems and was left out; fix it (run "
            f"'calflib check' on its folder) or remove it from {PACKS_ENV}:{listed}"
        )
    return None


def _answer_key(args: argparse.Namespace) -> int:
    from calflib.teacher import answer_key

    error = _use_packs(args.pack)
    if error:
        print(f"calflib: error: {error}", file=sys.stderr)
        return 1
    text = answer_key()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote the answer key to {args.out}")
    else:
        print(text)
    return 0


def _class_report(args: argparse.Namespace) -> int:
    from calflib.progress import ProgressError
    from calflib.teacher import class_report, report_csv

    error = _use_packs(args.pack)
    if error:
        print(f"calflib: error: {error}", file=sys.stderr)
        return 1
    try:
        rows = class_report(args.exports)
    except ProgressError as exc:
        print(f"calflib: error: {exc}", file=sys.stderr)
        return 1
    text = report_csv(rows)
    if args.csv == "-":
        # The screen is in text mode, which turns each "\n" into the platform's own line end.
        sys.stdout.write(text.replace("\r\n", "\n"))
        return 0
    # newline="": the CSV's own CRLF line ends, never translated (to CR CR LF on Windows).
    Path(args.csv).write_text(text, encoding="utf-8", newline="")
    learners = len({r.learner for r in rows})
    print(
        f"wrote {len(rows)} rows for {learners} learner{'s' if learners != 1 else ''} to {args.csv}"
    )
    return 0
