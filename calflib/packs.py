"""Teachers' content packs: their own scenarios, questions (and extra sources), as TOML files.

A pack is a folder holding any of ``scenarios.toml``, ``questions.toml`` / ``questions-*.toml``
and ``sources.toml`` (new source keys only), written exactly like the built-in files. Packs are
used alongside the built-in content when named in ``CALFLIB_PACKS`` (folders separated by
``os.pathsep``: ':' on Linux and macOS, ';' on Windows) or loaded with :func:`load_pack`.

Packs are checked with the same rules and clear errors as the built-in content, and more: every
scenario's ``expected`` level must be what the screening rules give, so a pack can never teach an
answer the questionnaire contradicts. Teacher text is data: it is read with ``tomllib`` only and
always shown escaped, never as HTML or script.

The rules for a pack in use (each pinned by a test in ``tests/test_packs.py``):

- A pack is used whole or not at all: one problem anywhere in it leaves the whole pack out.
- A broken pack never takes anything away from a class. It is left out, the built-in content and
  the packs that loaded are used, and :func:`pack_problems` lists its problems (file, entry and
  field) for the widgets that use packs (the scenario trainer and the self-checks) to show in a
  banner. Packs never change the screening's findings or rules, so the screening always runs.
- The teacher's tools stay strict: :func:`check_pack` (``calflib check``) and :func:`load_pack`
  report every problem, and a pack holding a file it would not read (``scenario.toml``) or a table
  it would not read (``[[senario]]``) is refused with a did-you-mean, never silently shortened.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace
from pathlib import Path

from calflib.errors import ContentError, ContentProblems, ProblemCollector, did_you_mean
from calflib.loader import builtin_content, parse_scenarios, parse_sources, read_toml
from calflib.model import Content, Scenario, Source
from calflib.quiz import QuestionBank
from calflib.quiz_loader import builtin_bank, load_questions, question_files
from calflib.trainer import assess_scenario

__all__ = [
    "PACKS_ENV",
    "Pack",
    "PacksInUse",
    "check_pack",
    "clear_packs",
    "load_pack",
    "pack_folders",
    "pack_problems",
    "packs_in_use",
]

PACKS_ENV = "CALFLIB_PACKS"
_registered: list[Path] = []
_PACK_FILES = ("scenarios.toml", "questions.toml", "questions-*.toml", "sources.toml")


@dataclass(frozen=True)
class Pack:
    """What one pack folder adds."""

    folder: Path
    sources: dict[str, Source]
    scenarios: tuple[Scenario, ...]
    bank: QuestionBank


def _read_pack(folder: Path, content: Content, bank: QuestionBank) -> Pack:
    """Read and check one pack against the content and questions loaded before it."""
    if not folder.is_dir():
        raise ContentError(str(folder), "is not a folder; a content pack is a folder of TOML files")
    label = f"{folder.name}/"
    collector = ProblemCollector()
    for problem in _unknown_files(folder, label):
        collector.add(problem)
    sources: dict[str, Source] = {}
    if (folder / "sources.toml").is_file():
        try:
            sources = parse_sources(
                read_toml(folder, "sources.toml", label), label + "sources.toml", content.sources
            )
        except ContentError as exc:
            collector.add(exc)
    all_sources = {**content.sources, **sources}
    scenarios: tuple[Scenario, ...] = ()
    if (folder / "scenarios.toml").is_file():
        try:
            scenarios = parse_scenarios(
                read_toml(folder, "scenarios.toml", label),
                all_sources,
                content.findings,
                label + "scenarios.toml",
                taken=(s.id for s in content.scenarios),
            )
        except ContentError as exc:
            collector.add(exc)
    for problem in _engine_disagreements(scenarios, content, label):
        collector.add(problem)
    merged = replace(content, sources=all_sources, scenarios=content.scenarios + scenarios)
    pack_bank = QuestionBank(objectives={}, questions={})
    if question_files(folder):
        try:
            pack_bank = load_questions(folder, content=merged, base=bank, label=label)
        except ContentError as exc:
            collector.add(exc)
    if not (sources or scenarios or question_files(folder)) and not collector.problems:
        collector.add(
            ContentError(
                str(folder),
                "holds no scenarios.toml, questions.toml or questions-*.toml; nothing to add",
            )
        )
    collector.check()
    return Pack(folder=folder, sources=sources, scenarios=scenarios, bank=pack_bank)


def _unknown_files(folder: Path, label: str) -> list[ContentError]:
    """A TOML file the pack would never read (``scenario.toml``, ``question.toml``) is named, so
    its entries are not silently left out."""
    known = {"scenarios.toml", "sources.toml", *question_files(folder)}
    return [
        ContentError(
            label + path.name,
            f"a pack does not read this file{did_you_mean(path.name, _PACK_FILES)}; "
            f"it reads {', '.join(_PACK_FILES)}",
        )
        for path in sorted(folder.glob("*.toml"))
        if path.name not in known
    ]


def _engine_disagreements(
    scenarios: tuple[Scenario, ...], content: Content, label: str
) -> list[ContentError]:
    problems = []
    for scenario in scenarios:
        level = assess_scenario(scenario, content).level
        if level != scenario.expected:
            problems.append(
                ContentError(
                    label + "scenarios.toml",
                    f"the screening rules give '{level.key}' for this story, not "
                    f"'{scenario.expected.key}'; check 'present' and 'not_sure', or change "
                    "'expected'",
                    entry=f"scenario '{scenario.id}'",
                    field="expected",
                )
            )
    return problems


def check_pack(folder: Path | str) -> list[ContentError]:
    """Every problem in a pack (empty when it is fine), for ``calflib check``."""
    try:
        _read_pack(Path(folder), builtin_content(), builtin_bank())
    except ContentProblems as exc:
        return list(exc.problems)
    except ContentError as exc:
        return [exc]
    return []


def pack_folders() -> tuple[Path, ...]:
    """Folders in use: those named in CALFLIB_PACKS, then those loaded with :func:`load_pack`."""
    named = [Path(p).expanduser() for p in os.environ.get(PACKS_ENV, "").split(os.pathsep) if p]
    return tuple(dict.fromkeys([*named, *_registered]))


@dataclass(frozen=True)
class PacksInUse:
    """The built-in content and questions with the packs that loaded, and the problems of the
    packs left out."""

    content: Content
    bank: QuestionBank
    problems: tuple[ContentError, ...]


@functools.cache
def packs_in_use(folders: tuple[Path, ...]) -> PacksInUse:
    """The built-in content and questions plus the packs in ``folders`` (see :func:`pack_folders`).

    Never raises for a broken pack: it is left out whole and its problems are listed. Cached per
    folders; :func:`load_pack` and :func:`clear_packs` clear the cache. The workbook reads this
    through :mod:`calflib.content_in_use`.
    """
    content, bank = builtin_content(), builtin_bank()
    problems: list[ContentError] = []
    for folder in folders:
        try:
            pack = _read_pack(folder, content, bank)
        except ContentError as exc:  # left out whole; pack_problems() says why
            problems.extend(exc.problems if isinstance(exc, ContentProblems) else (exc,))
            continue
        content = replace(
            content,
            sources={**content.sources, **pack.sources},
            scenarios=content.scenarios + pack.scenarios,
        )
        bank = QuestionBank(
            objectives={**bank.objectives, **pack.bank.objectives},
            questions={**bank.questions, **pack.bank.questions},
        )
    return PacksInUse(content, bank, tuple(problems))


def pack_problems() -> tuple[ContentError, ...]:
    """Every problem of the packs in use that were left out (empty when all of them loaded).

    Each names its file, entry and field; :func:`calflib.pack_cards.pack_problems_card` makes
    the banner the widgets show.
    """
    folders = pack_folders()
    return () if not folders else packs_in_use(folders).problems


def load_pack(folder: Path | str) -> Pack:
    """Check a pack and use it from now on (widgets created afterwards include it).

    Raises ContentError (ContentProblems listing each one when there are several) and then
    leaves the content in use unchanged.
    """
    path = Path(folder).expanduser().resolve()
    packs_in_use.cache_clear()  # the teacher may have just edited a pack in use
    # Checked against the other packs in use: a pack loaded again after an edit must not clash
    # with its own earlier version.
    others = packs_in_use(tuple(f for f in pack_folders() if f.resolve() != path))
    pack = _read_pack(path, others.content, others.bank)
    if path not in _registered:
        _registered.append(path)
    return pack


def clear_packs() -> None:
    """Forget the packs loaded with :func:`load_pack` (CALFLIB_PACKS still applies)."""
    _registered.clear()
    packs_in_use.cache_clear()
