"""Claimed benefits of calf massage, graded against the evidence (chapter 03): model and loader.

Content comes from ``calflib/content/benefits.toml`` (validated: errors name file, entry and field,
with "did you mean" hints). :mod:`calflib.benefits_chart` draws the evidence chart and
:mod:`calflib.benefits_cards` writes the cards the explorer widget shows, so everything a widget
shows is decided by plain, testable functions.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._schema import EntryReader, entries, known_tables
from calflib.errors import ContentError, did_you_mean
from calflib.loader import builtin_content, builtin_folder, load_content, read_toml
from calflib.model import Source

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "BENEFITS_FILE",
    "Benefit",
    "BenefitCatalogue",
    "Grade",
    "GradeInfo",
    "GradeSplit",
    "Myth",
    "Study",
    "filter_by_grade",
    "load_benefits",
]

BENEFITS_FILE = "benefits.toml"


class Grade(IntEnum):
    """How well the evidence supports a claim, from "studies found the opposite" to "strong".

    Ordered by support: a contradicted claim is worse off than one nobody has tested (``NONE``),
    which is worse off than one with a little (``LIMITED``), some (``MODERATE``) or consistent
    (``STRONG``) support. The chart draws this order from left to right.
    """

    CONTRADICTED = 0
    NONE = 1
    LIMITED = 2
    MODERATE = 3
    STRONG = 4

    @property
    def key(self) -> str:
        """The lower-case name used in content files, e.g. ``"moderate"``."""
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str) -> Grade:
        """Parse a content-file name such as ``"limited"`` (case-insensitive), with a hint."""
        try:
            return cls[key.strip().upper()]
        except KeyError:
            keys = [grade.key for grade in cls]
            raise ValueError(
                f"unknown grade {key!r}; expected one of {', '.join(keys)}"
                f"{did_you_mean(key.strip().lower(), keys)}"
            ) from None


@dataclass(frozen=True)
class GradeInfo:
    """How a grade is shown: an icon (a shape, matching the chart), its words and meaning."""

    grade: Grade
    icon: str
    label: str
    meaning: str


@dataclass(frozen=True)
class Study:
    """What one study (or group of studies) measured, in plain words with its numbers."""

    name: str
    design: str
    found: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class GradeSplit:
    """A part of a claim whose grade differs from the claim's main grade."""

    label: str
    grade: Grade
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Benefit:
    """One claimed benefit: the claim, its proposed mechanism, what studies found and the grade."""

    id: str
    name: str
    from_article: bool
    claim: str
    mechanism: str
    studies: tuple[Study, ...]
    grade: Grade
    bottom_line: str
    worth_doing_for: str
    sources: tuple[str, ...]
    grade_note: str = ""
    splits: tuple[GradeSplit, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def all_sources(self) -> tuple[str, ...]:
        """Every source key cited by the benefit, its studies and its splits, in first-use order."""
        keys = [*self.sources]
        keys += [k for study in self.studies for k in study.sources]
        keys += [k for split in self.splits for k in split.sources]
        return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class Myth:
    """A popular claim the evidence does not support (fact sheet section 6)."""

    id: str
    claim: str
    verdict: str
    sources: tuple[str, ...]
    benefit: str | None = None


@dataclass(frozen=True)
class BenefitCatalogue:
    """The benefits, grade descriptions and myths, cross-checked against the bibliography."""

    benefits: tuple[Benefit, ...]
    grades: Mapping[Grade, GradeInfo]
    myths: tuple[Myth, ...]
    sources: Mapping[str, Source]

    @property
    def ids(self) -> tuple[str, ...]:
        """Benefit ids in file order."""
        return tuple(b.id for b in self.benefits)

    def get(self, benefit_id: str) -> Benefit:
        """The benefit with this id; an unknown id raises ValueError with a did-you-mean hint."""
        for benefit in self.benefits:
            if benefit.id == benefit_id:
                return benefit
        raise ValueError(
            f"unknown benefit {benefit_id!r}{did_you_mean(benefit_id, self.ids)}; "
            f"known benefits are {', '.join(self.ids)}"
        )

    def myths_for(self, benefit_id: str) -> tuple[Myth, ...]:
        """The unsupported popular claims that belong to one benefit."""
        return tuple(m for m in self.myths if m.benefit == benefit_id)


# --- Loading -------------------------------------------------------------------------------------

_GRADE_KEYS = tuple(grade.key for grade in Grade)


#: The fields each kind of entry may have; checked first, so a misspelt field is named as such.
_FIELDS = {
    "grade": ("id", "icon", "label", "meaning"),
    "benefit": (
        "id",
        "name",
        "from_article",
        "claim",
        "mechanism",
        "grade",
        "grade_note",
        "bottom_line",
        "worth_doing_for",
        "sources",
        "related",
        "study",
        "split",
    ),
    "study": ("name", "design", "found", "sources"),
    "split": ("label", "grade", "note", "sources"),
    "myth": ("id", "claim", "verdict", "benefit", "sources"),
}


def _reader(
    kind: str, data: Mapping[str, object], index: int = 0, *, entry: str | None = None
) -> EntryReader:
    return EntryReader(BENEFITS_FILE, kind, data, index, entry=entry, fields=_FIELDS[kind])


def _grade(r: EntryReader, field: str = "grade") -> Grade:
    return Grade.from_key(r.choice(field, _GRADE_KEYS))


def _grades(doc: Mapping[str, object]) -> dict[Grade, GradeInfo]:
    result: dict[Grade, GradeInfo] = {}
    for i, data in enumerate(entries(BENEFITS_FILE, doc, "grade")):
        r = _reader("grade", data, i)
        grade = _grade(r, "id")
        if grade in result:
            raise r.error("id", f"grade '{grade.key}' is described twice")
        result[grade] = GradeInfo(grade, r.text("icon"), r.text("label"), r.text("meaning"))
        r.finish()
    missing = [g.key for g in Grade if g not in result]
    if missing:
        raise ContentError(BENEFITS_FILE, f"no [[grade]] entry for {', '.join(missing)}")
    return result


def _nested(parent: EntryReader, field: str, index: int, data: Mapping[str, object]) -> EntryReader:
    return _reader(field, data, entry=f"{parent.entry} [[{field}]] #{index + 1}")


def _benefit(r: EntryReader, sources: Mapping[str, Source]) -> Benefit:
    ident = r.identifier()
    grade = _grade(r)
    studies = []
    for i, data in enumerate(r.tables("study", required=True)):
        s = _nested(r, "study", i, data)
        studies.append(
            Study(s.text("name"), s.text("design", ""), s.text("found"), s.source_keys(sources))
        )
        s.finish()
    splits = []
    for i, data in enumerate(r.tables("split", required=False)):
        s = _nested(r, "split", i, data)
        split = GradeSplit(s.text("label"), _grade(s), s.text("note", ""), s.source_keys(sources))
        if split.grade == grade:
            raise s.error("grade", f"is the same as the main grade '{grade.key}'; drop the split")
        splits.append(split)
        s.finish()
    return Benefit(
        id=ident,
        name=r.text("name"),
        from_article=r.flag("from_article", False),
        claim=r.text("claim"),
        mechanism=r.text("mechanism"),
        studies=tuple(studies),
        grade=grade,
        grade_note=r.text("grade_note", ""),
        splits=tuple(splits),
        bottom_line=r.text("bottom_line"),
        worth_doing_for=r.text("worth_doing_for"),
        sources=r.source_keys(sources),
        related=r.text_list("related", required=False),
    )


def _parse(doc: Mapping[str, object], sources: Mapping[str, Source]) -> BenefitCatalogue:
    known_tables(BENEFITS_FILE, doc, ("grade", "benefit", "myth"))
    grades = _grades(doc)
    benefits: list[Benefit] = []
    readers: list[EntryReader] = []
    for i, data in enumerate(entries(BENEFITS_FILE, doc, "benefit")):
        r = _reader("benefit", data, i)
        benefit = _benefit(r, sources)
        if any(b.id == benefit.id for b in benefits):
            raise r.error("id", f"'{benefit.id}' is used twice; ids must be unique")
        r.finish()
        benefits.append(benefit)
        readers.append(r)
    ids = [b.id for b in benefits]
    for r, benefit in zip(readers, benefits, strict=True):
        for ref in benefit.related:
            if ref == benefit.id:
                raise r.error("related", f"'{ref}' is this benefit itself; list other benefits")
            r.check_refs("related", [ref], ids, "benefit")
    myths: list[Myth] = []
    for i, data in enumerate(entries(BENEFITS_FILE, doc, "myth")):
        r = _reader("myth", data, i)
        myth = Myth(
            r.identifier(),
            r.text("claim"),
            r.text("verdict"),
            r.source_keys(sources),
            r.text("benefit", "") or None,
        )
        if myth.benefit is not None:
            r.check_refs("benefit", [myth.benefit], ids, "benefit")
        if any(m.id == myth.id for m in myths):
            raise r.error("id", f"'{myth.id}' is used twice; ids must be unique")
        r.finish()
        myths.append(myth)
    return BenefitCatalogue(tuple(benefits), grades, tuple(myths), sources)


@functools.cache
def _default_benefits() -> BenefitCatalogue:
    root = builtin_folder()
    return _parse(read_toml(root, BENEFITS_FILE), builtin_content().sources)


def load_benefits(folder: Traversable | Path | None = None) -> BenefitCatalogue:
    """Load ``benefits.toml`` from ``folder`` (default: the built-in content, cached).

    Source keys are checked against the bibliography of the same folder, so a folder must hold
    the whole content set (copy ``calflib/content`` to try changes).
    """
    if folder is None:
        return _default_benefits()
    return _parse(read_toml(folder, BENEFITS_FILE), load_content(folder).sources)


def filter_by_grade(
    benefits: Iterable[Benefit], grades: Iterable[Grade | str]
) -> tuple[Benefit, ...]:
    """The benefits whose main grade is one of ``grades`` (names such as "moderate" also work)."""
    wanted = {g if isinstance(g, Grade) else Grade.from_key(g) for g in grades}
    return tuple(b for b in benefits if b.grade in wanted)
