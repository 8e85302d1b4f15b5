"""The practical-skills rubric: what an observer checks while a learner massages (pure functions).

This is the *hands-on* side of the workbook's reference material (the words a learner meets are in
:mod:`calflib.glossary`). Rules, each pinned by ``tests/test_rubric.py``:

1. The rubric has a fixed list of criteria (``[[criterion]]`` in ``rubric.toml``), each either
   SAFE (must pass: screening done, stop rules, pressure, no-go zones) or GOOD (quality: form,
   direction, timing). Every stroke is judged on the same criteria, so the observation sheet has
   the same columns for every row; a stroke may say what a criterion means for it
   (``[stroke.look_for]``), otherwise the criterion's own ``look_for`` applies.
2. Every stroke the workbook teaches (every ``[[technique]]`` in ``techniques.toml``) has exactly
   one ``[[stroke]]`` in the rubric, and the rubric names no other.
3. A stroke is *safe* only when every SAFE criterion was observed and ticked yes; one "no" makes it
   *not safe*, whatever the GOOD criteria say. Anything left empty is *not observed*, never a pass.

The observation sheet (``calflib rubric sheet``) and the teacher's filled-in copy are handled by
:mod:`calflib.rubric_sheet`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from calflib._schema import EntryReader, entries, known_tables, unique_ids
from calflib.errors import ContentError
from calflib.loader import builtin_content, builtin_folder, read_toml
from calflib.technique_loader import load_techniques

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["Criterion", "Rubric", "StrokeRubric", "load_rubric"]

_FILE = "rubric.toml"
_KINDS = ("safe", "good")
_CITATION = re.compile(r"\[(S\d+[a-z]?(?:,\s*S\d+[a-z]?)*)\]")


@dataclass(frozen=True)
class Criterion:
    """One thing the observer judges: SAFE (must pass, yes/no) or GOOD (yes/no/partly)."""

    id: str
    kind: Literal["safe", "good"]
    name: str
    look_for: str
    sources: tuple[str, ...] = ()

    @property
    def column(self) -> str:
        """The criterion's column in the observation sheet, e.g. ``safe_pressure``."""
        return f"{self.kind}_{self.id}"


@dataclass(frozen=True)
class StrokeRubric:
    """The rubric for one stroke (a technique from ``techniques.toml``)."""

    technique: str
    name: str
    pressures: tuple[str, ...]
    observe: tuple[str, ...]
    look_for: tuple[tuple[str, str], ...]
    sources: tuple[str, ...] = ()

    def check(self, criterion: Criterion) -> str:
        """What ``criterion`` means for this stroke (its own wording, or the criterion's)."""
        return dict(self.look_for).get(criterion.id, criterion.look_for)


@dataclass(frozen=True)
class Rubric:
    """The whole rubric: the criteria, and one entry per stroke the workbook teaches."""

    criteria: tuple[Criterion, ...]
    strokes: tuple[StrokeRubric, ...]

    @property
    def safe(self) -> tuple[Criterion, ...]:
        """The must-pass criteria."""
        return tuple(c for c in self.criteria if c.kind == "safe")

    @property
    def good(self) -> tuple[Criterion, ...]:
        """The quality criteria."""
        return tuple(c for c in self.criteria if c.kind == "good")

    def stroke(self, technique: str) -> StrokeRubric:
        """The rubric of one stroke, by technique id (KeyError when there is none)."""
        for stroke in self.strokes:
            if stroke.technique == technique:
                return stroke
        raise KeyError(technique)


def load_rubric(folder: Traversable | Path | None = None) -> Rubric:
    """Load and check ``rubric.toml`` (default: the built-in file, loaded once)."""
    if folder is None:
        return _builtin()
    return _load(folder)


@functools.cache
def _builtin() -> Rubric:
    return _load(builtin_folder())


def _load(folder: Traversable | Path) -> Rubric:
    doc = read_toml(folder, _FILE)
    known_tables(_FILE, doc, ("criterion", "stroke"))
    keys = list(builtin_content().sources)
    criteria = _criteria(doc, keys)
    strokes = _strokes(doc, keys, criteria)
    return Rubric(criteria=criteria, strokes=strokes)


def _criteria(doc: Mapping[str, object], keys: list[str]) -> tuple[Criterion, ...]:
    raw = entries(_FILE, doc, "criterion")
    unique_ids(_FILE, "criterion", [str(item.get("id", "")) for item in raw])
    result = []
    for i, data in enumerate(raw):
        r = EntryReader(
            _FILE, "criterion", data, i, fields=("id", "kind", "name", "look_for", "sources")
        )
        kind: Literal["safe", "good"] = "safe" if r.choice("kind", _KINDS) == "safe" else "good"
        criterion = Criterion(
            id=r.identifier(),
            kind=kind,
            name=r.text("name"),
            look_for=r.text("look_for"),
            sources=r.source_keys(keys, required=False),
        )
        _check_citations(r, [("look_for", criterion.look_for)], criterion.sources)
        result.append(criterion)
        r.finish()
    for needed in _KINDS:
        if not any(c.kind == needed for c in result):
            raise ContentError(_FILE, f"no criterion of kind '{needed}'; the rubric needs one")
    return tuple(result)


def _strokes(
    doc: Mapping[str, object], keys: list[str], criteria: tuple[Criterion, ...]
) -> tuple[StrokeRubric, ...]:
    techniques = load_techniques().techniques
    pressure_names = {p: info.name.lower() for p, info in load_techniques().pressures.items()}
    criterion_ids = [c.id for c in criteria]
    result: list[StrokeRubric] = []
    seen: set[str] = set()
    fields = ("technique", "observe", "look_for", "sources")
    for i, data in enumerate(entries(_FILE, doc, "stroke")):
        r = EntryReader(_FILE, "stroke", data, i, fields=fields)
        ident = r.choice("technique", list(techniques))
        r.entry = f"stroke '{ident}'"
        if ident in seen:
            raise r.error("technique", f"'{ident}' already has a [[stroke]]; keep one per stroke")
        seen.add(ident)
        look_for = r.table("look_for") or {}
        r.check_refs("look_for", list(look_for), criterion_ids, "criterion")
        texts = []
        for cid, text in look_for.items():
            if not isinstance(text, str) or not text.strip():
                raise r.error("look_for", f"'{cid}' must be non-empty text in quotes")
            texts.append((cid, text.strip()))
        technique = techniques[ident]
        stroke = StrokeRubric(
            technique=ident,
            name=technique.name,
            pressures=tuple(pressure_names[p] for p in technique.pressure),
            observe=r.text_list("observe"),
            look_for=tuple(texts),
            sources=r.source_keys(keys, required=False),
        )
        cited = [("observe", text) for text in stroke.observe] + [("look_for", t) for _, t in texts]
        _check_citations(r, cited, stroke.sources)
        result.append(stroke)
        r.finish()
    missing = [t for t in techniques if t not in seen]
    if missing:
        raise ContentError(
            _FILE,
            f"every stroke the workbook teaches needs a [[stroke]]; missing: {', '.join(missing)}",
            entry="stroke",
        )
    return tuple(result)


def _check_citations(
    r: EntryReader, texts: Iterable[tuple[str, str]], sources: Iterable[str]
) -> None:
    """Every key a text cites in square brackets, e.g. [S27], must be in the entry's sources."""
    listed = set(sources)
    for field, text in texts:
        for group in _CITATION.findall(text):
            for key in (k.strip() for k in group.split(",")):
                if key not in listed:
                    raise r.error("sources", f"must list '{key}', which field '{field}' cites")
