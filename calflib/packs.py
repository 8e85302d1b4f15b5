"""Teachers' content packs: their own scenarios, questions (and extra sources), as TOML files.

A pack is a folder holding any of ``scenarios.toml``, ``questions.toml`` / ``questions-*.toml``
and ``sources.toml`` (new source keys only), written exactly like the built-in files. Packs are
used alongside the built-in content when named in ``CALFLIB_PACKS`` (folders separated by
``os.pathsep``: ':' on Linux and macOS, ';' on Windows) or loaded with :func:`load_pack`.

Packs are checked with the same rules and clear errors as the built-in content, and more: every
scenario's ``expected`` level must be what the screening rules give, so a pack can never teach an
answer the questionnaire contradicts. Teacher text is data: it is read with ``tomllib`` only and
always shown escaped, never as HTML or script.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace
from pathlib import Path

from calflib.errors import ContentError, ContentProblems, ProblemCollector
from calflib.loader import builtin_content, parse_scenarios, parse_sources, read_toml
from calflib.model import Content, Scenario, Source
from calflib.quiz import QuestionBank
from calflib.quiz_loader import builtin_bank, load_questions, question_files

__all__ = [
    "PACKS_ENV",
    "Pack",
    "bank_with_packs",
    "check_pack",
    "clear_packs",
    "content_with_packs",
    "load_pack",
    "pack_folders",
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


def _read_pack(folder: Path, content: Content, bank: QuestionBank) -> Pack:
    """Read and check one pack against the content and questions loaded before it."""
    if not folder.is_dir():
        raise ContentError(str(folder), "is not a folder; a content pack is a folder of TOML files")
    label = f"{folder.name}/"
    collector = ProblemCollector()
    sources: dict[str, Source] = {}
    if (folder / "sources.toml").is_file():
        try:
            sources = parse_sources(
                read_toml(folder, "sources.toml"), label + "sources.toml", content.sources
            )
        except ContentError as exc:
            collector.add(exc)
    all_sources = {**content.sources, **sources}
    scenarios: tuple[Scenario, ...] = ()
    if (folder / "scenarios.toml").is_file():
        try:
            scenarios = parse_scenarios(
                read_toml(folder, "scenarios.toml"),
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
    from calflib.screening import assess  # local: screening imports the loader

    problems = []
    for scenario in scenarios:
        answers = scenario.answers(content.finding_ids)
        level = assess(answers, scenario.days_since_injury, content=content).level
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


@functools.cache
def _with_packs(folders: tuple[Path, ...]) -> tuple[Content, QuestionBank]:
    content, bank = builtin_content(), builtin_bank()
    for folder in folders:
        pack = _read_pack(folder, content, bank)
        content = replace(
            content,
            sources={**content.sources, **pack.sources},
            scenarios=content.scenarios + pack.scenarios,
        )
        bank = QuestionBank(
            objectives={**bank.objectives, **pack.bank.objectives},
            questions={**bank.questions, **pack.bank.questions},
        )
    return content, bank


def content_with_packs() -> Content:
    """The built-in content plus the scenarios and sources of every pack in use."""
    folders = pack_folders()
    return builtin_content() if not folders else _with_packs(folders)[0]


def bank_with_packs() -> QuestionBank:
    """The built-in questions plus those of every pack in use."""
    folders = pack_folders()
    return builtin_bank() if not folders else _with_packs(folders)[1]


def load_pack(folder: Path | str) -> Pack:
    """Check a pack and use it from now on (widgets created afterwards include it).

    Raises ContentError (ContentProblems listing each one when there are several) and then
    leaves the content in use unchanged.
    """
    path = Path(folder).expanduser().resolve()
    _with_packs.cache_clear()  # the teacher may have just edited a pack in use
    content, bank = _with_packs(pack_folders())
    pack = _read_pack(path, content, bank)
    if path not in _registered:
        _registered.append(path)
    return pack


def clear_packs() -> None:
    """Forget the packs loaded with :func:`load_pack` (CALFLIB_PACKS still applies)."""
    _registered.clear()
    _with_packs.cache_clear()
