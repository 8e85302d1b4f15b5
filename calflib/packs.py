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
- Packs are used in order, each checked against the ones before it; ``calflib check pa pb``
  (:func:`check_packs`) checks them the same way, and an id clash names the pack holding the id.
- A pack is known by its resolved folder: named twice (a relative path, a symlink, in
  ``CALFLIB_PACKS`` and with ``--pack``) it is used once.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from calflib.errors import ContentError, ContentProblems, ProblemCollector
from calflib.loader import builtin_content, parse_scenarios, parse_sources, read_toml
from calflib.model import Content, Scenario, Source
from calflib.pack_files import unknown_files
from calflib.quiz import QuestionBank
from calflib.quiz_loader import builtin_bank, load_questions, question_files
from calflib.trainer import assess_scenario

__all__ = [
    "PACKS_ENV",
    "Pack",
    "PacksInUse",
    "check_pack",
    "check_packs",
    "clear_packs",
    "load_pack",
    "pack_folders",
    "pack_problems",
    "packs_in_use",
]

PACKS_ENV = "CALFLIB_PACKS"
_registered: list[Path] = []


@dataclass(frozen=True)
class Pack:
    """What one pack folder adds."""

    folder: Path
    sources: dict[str, Source]
    scenarios: tuple[Scenario, ...]
    bank: QuestionBank


def _read_pack(
    folder: Path, content: Content, bank: QuestionBank, owners: Mapping[str, str] | None = None
) -> Pack:
    """Read and check one pack against the content and questions loaded before it.

    ``owners`` maps the ids of the packs read before this one to their folders, so an id used
    twice across packs names the pack that already holds it.
    """
    try:
        return _read_pack_unnamed(folder, content, bank)
    except ContentError as exc:
        if not owners:
            raise
        problems = exc.problems if isinstance(exc, ContentProblems) else (exc,)
        collector = ProblemCollector()
        for problem in problems:
            collector.add(_name_owner(problem, owners))
        collector.check()
        raise  # pragma: no cover - check() always raises here


_QUOTED_ID = re.compile(r"'([^']+)'$")


def _name_owner(problem: ContentError, owners: Mapping[str, str]) -> ContentError:
    """An id clash with an earlier pack, with that pack named (the loaders only know "used")."""
    found = _QUOTED_ID.search(problem.entry or "") if problem.field in ("id", "key") else None
    owner = owners.get(found.group(1)) if found else None
    if owner is None:
        return problem
    return ContentError(
        problem.file,
        f"{problem.problem} (pack {owner} already holds it; rename one of them)",
        entry=problem.entry,
        field=problem.field,
    )


def _read_pack_unnamed(folder: Path, content: Content, bank: QuestionBank) -> Pack:
    if not folder.is_dir():
        raise ContentError(str(folder), "is not a folder; a content pack is a folder of TOML files")
    label = f"{folder.name}/"
    collector = ProblemCollector()
    for problem in unknown_files(folder, label):
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


def check_packs(
    folders: Sequence[Path | str],
) -> list[tuple[Path, list[ContentError], Pack | None]]:
    """Check packs in order, each against the built-in content and the packs before it that
    were fine (as :func:`packs_in_use` uses them): per folder, its problems and what it adds."""
    content, bank = builtin_content(), builtin_bank()
    owners: dict[str, str] = {}
    result: list[tuple[Path, list[ContentError], Pack | None]] = []
    for raw in folders:
        folder = Path(raw)
        try:
            pack = _read_pack(folder, content, bank, owners)
        except ContentProblems as exc:
            result.append((folder, list(exc.problems), None))
            continue
        except ContentError as exc:
            result.append((folder, [exc], None))
            continue
        content, bank = _merged(content, bank, pack)
        ids = [s.id for s in pack.scenarios]
        ids += [*pack.bank.questions, *pack.bank.objectives, *pack.sources]
        owners.update((ident, f"'{folder}'") for ident in ids)
        result.append((folder, [], pack))
    return result


def _merged(content: Content, bank: QuestionBank, pack: Pack) -> tuple[Content, QuestionBank]:
    merged = replace(
        content,
        sources={**content.sources, **pack.sources},
        scenarios=content.scenarios + pack.scenarios,
    )
    return merged, QuestionBank(
        objectives={**bank.objectives, **pack.bank.objectives},
        questions={**bank.questions, **pack.bank.questions},
    )


def pack_folders(extra: Sequence[Path | str] = ()) -> tuple[Path, ...]:
    """Folders in use: those named in CALFLIB_PACKS, then those loaded with :func:`load_pack`,
    then ``extra`` (e.g. a command's --pack). Each is resolved first, so one pack named twice
    (a relative path, a symlink, both in the environment and with --pack) is used once."""
    named = [p for p in os.environ.get(PACKS_ENV, "").split(os.pathsep) if p]
    folders = [_resolved(p) for p in (*named, *_registered, *extra)]
    return tuple(dict.fromkeys(folders))


def _resolved(folder: Path | str) -> Path:
    path = Path(folder).expanduser()
    try:
        return path.resolve()
    except OSError:  # e.g. a symlink loop: left as written, and reported as not a folder
        return path


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
    for _folder, own, pack in check_packs(folders):
        problems.extend(own)  # a pack left out whole; pack_problems() says why
        if pack is not None:
            content, bank = _merged(content, bank, pack)
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
