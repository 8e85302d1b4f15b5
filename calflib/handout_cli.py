"""The ``calflib handout`` subcommand: print the handouts (or one plan's session card) as PDF.

Heavy modules are imported inside the handler, so ``calflib --help`` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_handout_commands"]

_PAPERS = ("a4", "letter", "both")


def add_handout_commands(subparsers: Any) -> None:
    """Register ``calflib handout`` on the ``calflib`` parser."""
    from calflib.handouts import HANDOUTS

    names = ", ".join(HANDOUTS)
    handout = subparsers.add_parser(
        "handout",
        help="print handouts for paper (PDF): screening and stop rules cards, scenario cards, ...",
        description="Print handouts as PDF files for A4 or US Letter paper, with Chromium. "
        f"HANDOUT is 'all' (the default) or any of: {names}; or 'session' for one plan's "
        "session card (give --setting, --minutes, --goal and the screening's yes answers). "
        "A plan the screening blocks has no session card: the reasons are printed instead.",
        epilog="Examples: calflib handout --out build/handouts; calflib handout scenario-cards "
        "--pack my-class-pack/ --paper letter; calflib handout session --setting partner "
        "--minutes 10 --goal recovery --yes pregnancy",
    )
    handout.add_argument(
        "handouts", nargs="*", default=["all"], metavar="HANDOUT", help="what to print"
    )
    handout.add_argument(
        "--paper", choices=_PAPERS, default="both", help="paper size (default: both)"
    )
    handout.add_argument(
        "--out", type=Path, default=Path("handouts"), metavar="DIR", help="folder for the PDFs"
    )
    handout.add_argument(
        "--pack", type=Path, metavar="PACK_DIR", help="add a teacher's pack's stories and questions"
    )
    session = handout.add_argument_group("session card")
    session.add_argument("--setting", default="partner", help="partner, self, roller or device")
    session.add_argument("--minutes", type=int, default=10, help="3 to 45 (default: 10)")
    session.add_argument(
        "--goal", default="recovery", help="the session's goal (default: recovery)"
    )
    session.add_argument(
        "--yes",
        action="append",
        default=[],
        metavar="FINDING",
        help="a screening question answered yes, by id (may be repeated; the rest are no)",
    )
    handout.set_defaults(handler=_handout)


def _fail(message: str) -> int:
    print(f"calflib handout: {message}", file=sys.stderr)
    return 2


def _handout(args: argparse.Namespace) -> int:
    from calflib.handouts import HANDOUTS, ChromiumMissing, build_handouts
    from calflib.pack_cli import use_packs

    # The same packs as every teacher's command: --pack and CALFLIB_PACKS, a broken one refused.
    error = use_packs([args.pack] if args.pack else [])
    if error:
        return _fail(error)
    papers = ("a4", "letter") if args.paper == "both" else (args.paper,)
    wanted = list(dict.fromkeys(args.handouts))
    try:
        if wanted == ["session"]:
            return _session(args, papers)
        if "session" in wanted:
            return _fail("print 'session' on its own: it takes the plan's options")
        only = None if "all" in wanted else wanted
        unknown = [name for name in only or () if name not in HANDOUTS]
        if unknown:
            return _fail(
                f"unknown handout {unknown[0]!r}; choose from all, session, {', '.join(HANDOUTS)}"
            )
        made = build_handouts(args.out, papers=papers, only=only)
    except ChromiumMissing as exc:
        return _fail(str(exc))
    except RuntimeError as exc:
        return _fail(str(exc))
    for path in made:
        print(path)
    return 0


def _session(args: argparse.Namespace, papers: tuple[str, ...]) -> int:
    from calflib.handouts import print_pdfs, session_handout
    from calflib.loader import builtin_content
    from calflib.planner import plan_session
    from calflib.screening import answers_with, assess

    unknown = [f for f in args.yes if f not in builtin_content().findings]
    if unknown:
        return _fail(f"unknown screening question {unknown[0]!r}; see chapter 02 for the ids")
    try:
        plan = plan_session(args.setting, args.minutes, args.goal, assess(answers_with(*args.yes)))
    except ValueError as exc:
        return _fail(str(exc))
    documents = [(session_handout(plan, paper), paper) for paper in papers]
    if plan.blocked or any(html is None for html, _ in documents):
        print("No session card: this plan is blocked.", *plan.reasons, *plan.instead, sep="\n- ")
        return 1
    name = f"session-card-{plan.setting.value}-{plan.minutes}min"
    jobs = [(html, args.out / f"{name}-{paper}.pdf") for html, paper in documents if html]
    for path in print_pdfs(jobs):
        print(path)
    return 0
