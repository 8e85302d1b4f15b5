"""Load and check the question files into a :class:`~calflib.quiz.QuestionBank`.

The files are ``questions.toml`` then ``questions-*.toml``, in ``calflib/content`` or in a
teacher's content pack (see :mod:`calflib.packs`). Every objective and question is checked: ids
unique, objectives and source keys known, options right for the kind, and each triage question's
options and answer key built from its scenario by the screening engine. Every problem is a
:class:`~calflib.errors.ContentError` naming the file, the entry and the field, with a "did you
mean" hint for unknown ids.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._schema import EntryReader, entries, known_tables
from calflib.course import chapters
from calflib.errors import ContentError, ProblemCollector, did_you_mean
from calflib.loader import builtin_content, builtin_folder, read_toml
from calflib.model import Content
from calflib.quiz import KINDS, Objective, Option, Question, QuestionBank
from calflib.trainer import level_options

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["builtin_bank", "load_questions", "question_files"]

_MYTH_FACT = ("myth", "fact")
_OBJECTIVE_FIELDS = ("id", "chapter", "text")
_QUESTION_FIELDS = (
    "id",
    "objective",
    "chapter",
    "kind",
    "prompt",
    "option",
    "scenario",
    "explanation",
    "sources",
    "final",
)
_OPTION_FIELDS = ("id", "text", "correct", "feedback")
# A chapter id this close to a real one is a typo, not a pack's own new chapter (which would be
# hidden from every chapter's self-check, as no notebook shows it).
_CHAPTER_TYPO_CUTOFF = 0.85


def _triage_options(r: EntryReader, scenario_id: str, content: Content) -> tuple[Option, ...]:
    by_id = {s.id: s for s in content.scenarios}
    if scenario_id not in by_id:
        raise r.error(
            "scenario", f"unknown scenario '{scenario_id}'{did_you_mean(scenario_id, by_id)}"
        )
    return level_options(by_id[scenario_id], content)


def _choice_options(r: EntryReader, kind: str) -> tuple[Option, ...]:
    options: list[Option] = []
    for i, data in enumerate(r.tables("option")):
        o = EntryReader(
            r.file, "option", data, i, entry=f"{r.entry} option #{i + 1}", fields=_OPTION_FIELDS
        )
        ident = o.choice("id", _MYTH_FACT) if kind == "myth_fact" else o.identifier()
        default_text = ident.capitalize() if kind == "myth_fact" else None
        options.append(
            Option(
                id=ident,
                text=o.text("text", default_text),
                correct=o.flag("correct", False),
                feedback=o.text("feedback"),
            )
        )
        o.finish()
    ids = [o.id for o in options]
    n_correct = sum(o.correct for o in options)
    if len(options) < 2:
        raise r.error("option", "give at least two [[question.option]] tables")
    if len(set(ids)) != len(ids):
        raise r.error("option", f"option ids must be unique, got {', '.join(ids)}")
    if kind == "myth_fact" and sorted(ids) != sorted(_MYTH_FACT):
        raise r.error("option", "a myth_fact question has exactly two options: 'myth' and 'fact'")
    if kind in ("single", "myth_fact") and n_correct != 1:
        raise r.error(
            "option", f"a {kind} question needs exactly one correct option, found {n_correct}"
        )
    if kind == "multiple" and n_correct < 1:
        raise r.error("option", "a multiple question needs at least one correct option")
    return tuple(options)


def question_files(folder: Traversable | Path) -> list[str]:
    """Names of the question files in a folder: ``questions.toml`` then ``questions-*.toml``."""
    names = sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
        and (entry.name == "questions.toml" or entry.name.startswith("questions-"))
    )
    return sorted(names, key=lambda name: name != "questions.toml")


def load_questions(
    folder: Traversable | Path | None = None,
    *,
    content: Content | None = None,
    base: QuestionBank | None = None,
    label: str = "",
) -> QuestionBank:
    """Load the question files of ``folder`` (default: built-in) and cross-check them.

    With ``base`` (the built-in bank, for a teacher's pack) questions may use its objectives,
    and their ids must not clash with it; the result holds only the folder's own entries.
    Every broken entry is reported (ContentProblems when there are several). ``content``
    (default: the built-in content) holds the scenarios, findings and sources questions may use.
    """
    content = content or builtin_content()
    root: Traversable | Path = folder if folder is not None else builtin_folder()
    names = question_files(root)
    if not names:
        raise ContentError(f"{label}questions.toml", f"no question files found in {root}")
    docs = [(f"{label}{name}", read_toml(root, name, label)) for name in names]
    collector = ProblemCollector()
    objectives: dict[str, Objective] = {}
    known_objectives: dict[str, Objective] = dict(base.objectives) if base else {}
    for file, doc in docs:
        try:
            known_tables(file, doc, ("objective", "question"))
            if not doc:
                raise ContentError(
                    file,
                    "holds no [[objective]] or [[question]] entries; write at least one "
                    "[[question]] (see calflib/content/questions.toml), or delete the file",
                )
        except ContentError as exc:
            collector.add(exc)
    for file, doc in docs:
        raw = doc.get("objective", [])
        if not raw:
            continue
        for i, data in enumerate(entries(file, doc, "objective")):
            try:
                r = EntryReader(file, "objective", data, i, fields=_OBJECTIVE_FIELDS)
                obj = Objective(id=r.identifier(), chapter=_chapter(r), text=r.text("text"))
                if obj.id in objectives or obj.id in known_objectives:
                    raise r.error("id", f"objective '{obj.id}' is used twice; ids must be unique")
                r.finish()
                objectives[obj.id] = obj
            except ContentError as exc:
                collector.add(exc)
    known_objectives.update(objectives)
    questions: dict[str, Question] = {}
    taken = set(base.questions) if base else set()
    for file, doc in docs:
        if "question" not in doc:
            continue
        for i, data in enumerate(entries(file, doc, "question")):
            try:
                r = EntryReader(file, "question", data, i, fields=_QUESTION_FIELDS)
                question = _question(r, content, known_objectives)
                if question.id in questions or question.id in taken:
                    raise r.error(
                        "id", f"question '{question.id}' is used twice; ids must be unique"
                    )
                questions[question.id] = question
            except ContentError as exc:
                collector.add(exc)
    unused = [o for o in objectives if not any(q.objective == o for q in questions.values())]
    if unused and not collector.problems:
        collector.add(ContentError(docs[0][0], f"objectives with no question: {', '.join(unused)}"))
    collector.check()
    return QuestionBank(objectives=objectives, questions=questions)


def _question(r: EntryReader, content: Content, objectives: Mapping[str, Objective]) -> Question:
    qid = r.identifier()
    objective = r.text("objective")
    if objective not in objectives:
        hint = did_you_mean(objective, objectives)
        raise r.error("objective", f"unknown objective '{objective}'{hint}")
    chapter = r.text("chapter", objectives[objective].chapter)
    if chapter != objectives[objective].chapter:
        raise r.error(
            "chapter",
            f"'{chapter}' differs from objective '{objective}' chapter "
            f"'{objectives[objective].chapter}'",
        )
    kind = r.choice("kind", KINDS)
    sources = r.source_keys(content.sources)
    scenario = r.text("scenario") if kind == "triage" else ""
    final = r.flag("final", False)
    if kind == "triage":
        _check_triage(r, final)
    options = (
        _triage_options(r, scenario, content) if kind == "triage" else _choice_options(r, kind)
    )
    question = Question(
        id=qid,
        chapter=chapter,
        objective=objective,
        kind=kind,
        prompt=r.text("prompt") if kind != "triage" else r.text("prompt", _TRIAGE_PROMPT),
        explanation=r.text("explanation"),
        sources=sources,
        options=options,
        scenario=scenario,
        final=final,
    )
    r.finish()
    return question


_TRIAGE_PROMPT = "Read the story. What should happen?"


def _check_triage(r: EntryReader, final: bool) -> None:
    """What a triage question must not say: its options, or that it is in the final check."""
    if "option" in r.data:
        raise r.error(
            "option",
            "a triage question's options are the screening levels, and its answer comes from "
            "the screening rules; delete its [[question.option]] tables",
        )
    if final:
        raise r.error(
            "final",
            "a triage question cannot be in the final check: the final check's stories are "
            "built in (kept new for every learner); delete 'final = true' to use it in the "
            "chapter's self-check",
        )


def _chapter(r: EntryReader) -> str:
    """An objective's chapter: a chapter of the workbook, or a pack's own new one, never a typo
    of a workbook chapter (which would make a chapter no notebook shows)."""
    chapter = r.text("chapter")
    ids = [c.id for c in chapters()]
    close = difflib.get_close_matches(chapter, ids, n=1, cutoff=_CHAPTER_TYPO_CUTOFF)
    if chapter not in ids and close:
        raise r.error(
            "chapter",
            f"unknown chapter '{chapter}' (did you mean '{close[0]}'?); the chapters are in "
            "calflib/content/chapters.toml",
        )
    return chapter


@functools.cache
def builtin_bank() -> QuestionBank:
    """The built-in question bank, loaded once per process."""
    return load_questions(content=builtin_content())
