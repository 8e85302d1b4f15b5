"""Guided self-practice on the learner's own calf, and the self-report it saves (chapters 01, 04).

The activities are content in ``content/practice.toml``; :func:`load_practice` reads and checks
them, :func:`practice_report` turns a learner's answers into the report saved with
``ProgressStore.record_practice(activity_id, report)``. The rules, each pinned by a test:

* Every activity opens with its ``safety`` line, which must send the learner to the screening in
  chapter 02 first ("chapter 02" in the text), and has at least one stop rule.
* A step's ``structures`` are ids from ``anatomy.toml``; its ``technique`` is one the on-your-own
  setting uses (self-practice is self-massage); every cited ``[S..]`` key is in the activity's
  ``sources``, and every source key is in ``sources.toml``. Each problem is a ContentError naming
  file, entry and field.
* A report holds a human ``title`` (the dashboard lists it), the chapter, and for each step whether
  it was done, the 0 to 10 discomfort rating (for activities that ask) and the learner's note.
  A rating outside 0 to 10, or a note over :data:`MAX_NOTE` characters, is a ValueError that names
  the step and says what to do.
  The report also carries ``pressure`` (the highest rating, or None) and ``note`` (the notes
  joined), the two fields the progress dashboard shows for any practice report.
* :func:`practice_advice` says what each rating above the comfortable band means, in the words of
  the discomfort bands in ``stop_rules.toml`` (4 to 6: lighten at once; 7 to 10: stop work on that
  spot); nothing done yet, it says so. It never reassures: no advice is not an all-clear, and the
  widget shows the stop rules with it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calflib._schema import EntryReader, entries, known_tables, unique_ids
from calflib.anatomy import load_anatomy
from calflib.course import load_chapters
from calflib.errors import ContentError, ProblemCollector
from calflib.loader import builtin_content, builtin_folder, load_content, read_toml
from calflib.stop_rules import load_stop_rules
from calflib.technique_loader import load_techniques
from calflib.techniques import Setting

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "CEILING",
    "MAX_NOTE",
    "PracticeActivity",
    "PracticeStep",
    "StepAnswer",
    "load_practice",
    "practice_advice",
    "practice_report",
]

_FILE = "practice.toml"
_ACTIVITY_FIELDS = (
    "id",
    "chapter",
    "title",
    "intro",
    "safety",
    "stop_rules",
    "sources",
    "rate_discomfort",
)
_STEP_FIELDS = ("activity", "id", "title", "do", "structures", "technique", "count", "felt_prompt")
_CITATION = re.compile(r"\[(S\d+[a-z]?(?:,\s*S\d+[a-z]?)*)\]")
#: The longest note a learner can save for one step.
MAX_NOTE = 1000
#: Above this on the 0 to 10 discomfort scale, lighten at once (a teaching convention).
CEILING = 3


@dataclass(frozen=True)
class PracticeStep:
    """One step of a self-practice: what to do, what it is about, and what to note."""

    id: str
    title: str
    do: str
    structures: tuple[str, ...] = ()
    technique: str = ""
    count: int = 0
    felt_prompt: str = "What did you feel?"


@dataclass(frozen=True)
class PracticeActivity:
    """A guided self-practice: the safety line and stop rules first, then the steps."""

    id: str
    chapter: str
    title: str
    intro: str
    safety: str
    stop_rules: tuple[str, ...]
    steps: tuple[PracticeStep, ...]
    sources: tuple[str, ...]
    rate_discomfort: bool = False


@dataclass(frozen=True)
class StepAnswer:
    """A learner's answer for one step: done or not, a 0 to 10 rating (or None) and a note."""

    done: bool = False
    rating: int | None = None
    felt: str = ""


def load_practice(folder: Traversable | Path | None = None) -> Mapping[str, PracticeActivity]:
    """Load and check ``practice.toml`` (default: the built-in file, cached), by activity id."""
    if folder is None:
        return _builtin()
    return _load(folder, load_content(folder))


@functools.cache
def _builtin() -> Mapping[str, PracticeActivity]:
    return _load(builtin_folder(), builtin_content())


def _cited(r: EntryReader, field: str, text: str, cited: dict[str, str]) -> str:
    for group in _CITATION.findall(text):
        for key in group.split(","):
            cited.setdefault(key.strip(), field)
    return text


def _load(root: Traversable | Path, content: Any) -> Mapping[str, PracticeActivity]:
    doc = read_toml(root, _FILE)
    known_tables(_FILE, doc, ("activity", "step"))
    structures = {s.id for s in load_anatomy(root).structures}
    chapters = {c.id for c in load_chapters(root)}
    self_massage = {t.id for t in load_techniques(root, content=content).used_in(Setting.ALONE)}
    found: dict[str, PracticeActivity] = {}
    collector = ProblemCollector()
    raw = entries(_FILE, doc, "activity")
    unique_ids(_FILE, "activity", (str(a.get("id", "")) for a in raw))
    raw_steps = entries(_FILE, doc, "step")
    known = [str(a.get("id", "")) for a in raw]
    for j, data in enumerate(raw_steps):
        r = EntryReader(_FILE, "step", data, j, fields=_STEP_FIELDS)
        r.choice("activity", known)
    for i, data in enumerate(raw):
        try:
            r = EntryReader(_FILE, "activity", data, i, fields=_ACTIVITY_FIELDS)
            cited: dict[str, str] = {}
            ident = r.identifier()
            safety = _cited(r, "safety", r.text("safety"), cited)
            if "chapter 02" not in safety:
                raise r.error("safety", "must send the learner to the screening in 'chapter 02'")
            rules = tuple(_cited(r, "stop_rules", t, cited) for t in r.text_list("stop_rules"))
            steps = tuple(
                _step(j, step, structures, self_massage, cited)
                for j, step in enumerate(raw_steps)
                if step.get("activity") == ident
            )
            if not steps:
                raise r.error("id", f'no [[step]] has activity = "{ident}"; add its steps')
            unique_ids(_FILE, f"activity '{ident}' step", (s.id for s in steps))
            activity = PracticeActivity(
                id=ident,
                chapter=r.choice("chapter", sorted(chapters)),
                title=r.text("title"),
                intro=_cited(r, "intro", r.text("intro"), cited),
                safety=safety,
                stop_rules=rules,
                steps=steps,
                sources=r.source_keys(content.sources),
                rate_discomfort=r.flag("rate_discomfort", False),
            )
            for key, field in cited.items():
                if key not in activity.sources:
                    raise r.error("sources", f"must list '{key}', which field '{field}' cites")
            r.finish()
            found[ident] = activity
        except ContentError as exc:
            collector.add(exc)
    collector.check()
    return found


def _step(
    index: int,
    data: Mapping[str, object],
    structures: set[str],
    self_massage: set[str],
    cited: dict[str, str],
) -> PracticeStep:
    entry = f"activity '{data.get('activity')}' step '{data.get('id', index + 1)}'"
    r = EntryReader(_FILE, "step", data, index, entry=entry, fields=_STEP_FIELDS)
    r.text("activity")
    technique = r.text("technique", "")
    if technique and technique not in self_massage:
        raise r.error(
            "technique",
            f"'{technique}' is not a technique of the on-your-own setting; use one of "
            f"{', '.join(sorted(self_massage))}",
        )
    step = PracticeStep(
        id=r.identifier(),
        title=r.text("title"),
        do=_cited(r, "do", r.text("do"), cited),
        structures=r.refs("structures", structures, "structure id", required=False),
        technique=technique,
        count=r.integer("count", minimum=1, default=0) if "count" in r.data else 0,
        felt_prompt=r.text("felt_prompt", "What did you feel?"),
    )
    r.finish()
    return step


def _check(activity: PracticeActivity, answers: Mapping[str, StepAnswer]) -> None:
    steps = {s.id: s for s in activity.steps}
    for step_id, answer in answers.items():
        step = steps.get(step_id)
        if step is None:
            raise ValueError(f"'{activity.title}' has no step '{step_id}'")
        if answer.rating is not None:
            if not activity.rate_discomfort:
                raise ValueError(f"'{step.title}' asks for no rating")
            if isinstance(answer.rating, bool) or not 0 <= answer.rating <= 10:
                raise ValueError(
                    f"'{step.title}': the rating must be a whole number from 0 (no discomfort) "
                    f"to 10 (the worst you can imagine), got {answer.rating!r}"
                )
        if len(answer.felt) > MAX_NOTE:
            raise ValueError(
                f"'{step.title}': your note is {len(answer.felt)} characters long; keep it "
                f"under {MAX_NOTE} (shorten it and save again)"
            )


def practice_report(
    activity: PracticeActivity, answers: Mapping[str, StepAnswer]
) -> dict[str, Any]:
    """The self-report to save: a human title, the chapter, and each step's answer (JSON)."""
    _check(activity, answers)
    steps = {}
    for step in activity.steps:
        answer = answers.get(step.id, StepAnswer())
        record: dict[str, Any] = {"title": step.title, "done": answer.done}
        if activity.rate_discomfort:
            record["rating"] = answer.rating
        record["felt"] = answer.felt.strip()
        steps[step.id] = record
    done = sum(1 for s in steps.values() if s["done"])
    ratings = [s["rating"] for s in steps.values() if s.get("rating") is not None]
    notes = [f"{s['title']}: {s['felt']}" for s in steps.values() if s["felt"]]
    return {
        "title": activity.title,
        "chapter": activity.chapter,
        "steps_done": done,
        "steps_total": len(activity.steps),
        "pressure": max(ratings, default=None),
        "note": " | ".join(notes),
        "steps": steps,
    }


def practice_advice(activity: PracticeActivity, answers: Mapping[str, StepAnswer]) -> list[str]:
    """What the answers mean, in plain words (the stop rules always come with it)."""
    _check(activity, answers)
    advice = []
    if not any(a.done for a in answers.values()):
        advice.append("Nothing is ticked as done yet: tick each step when you have done it.")
    bands = load_stop_rules().bands
    for step in activity.steps:
        answer = answers.get(step.id)
        if answer is None or answer.rating is None or answer.rating <= CEILING:
            continue
        band = next(b for b in bands if b.low <= answer.rating <= b.high)
        advice.append(
            f"{step.title}: you rated it {answer.rating} out of 10 ({band.label.lower()}). "
            f"{band.do}"
        )
    return advice
