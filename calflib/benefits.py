"""Claimed benefits of calf massage, graded against the evidence (chapter 03).

Content comes from ``calflib/content/benefits.toml`` (validated: errors name file, entry and field,
with "did you mean" hints). This module also draws the evidence chart (SVG, through
:mod:`calflib.svg`) and writes the benefit cards (HTML) that the explorer widget shows, so
everything a widget shows is decided by plain, testable functions.

It is longer than most calflib modules because the model, its loader, the chart and the card are
one topic that changes together; the chart and card helpers are private and grouped at the end.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from html import escape
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from calflib._schema import EntryReader, entries
from calflib.errors import ContentError, did_you_mean
from calflib.loader import default_content, load_content, read_toml
from calflib.model import Source
from calflib.svg import THEME, Element, Figure, fmt, svg_figure

__all__ = [
    "BENEFITS_FILE",
    "Benefit",
    "BenefitCatalogue",
    "Grade",
    "GradeInfo",
    "GradeSplit",
    "Myth",
    "Study",
    "benefit_card",
    "empty_filter_card",
    "evidence_chart",
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


class _Reader(EntryReader):
    """An EntryReader that also reads grades and checks source keys against the bibliography."""

    def __init__(
        self,
        file: str,
        kind: str,
        data: Mapping[str, object],
        index: int = 0,
        *,
        entry: str | None = None,
    ) -> None:
        super().__init__(file, kind, data, index, entry=entry)
        known = _FIELDS[kind]
        for field in data:
            if field not in known:
                raise self.error(
                    field,
                    f"unknown field{did_you_mean(field, known)}; "
                    f"known fields are {', '.join(sorted(known))}",
                )

    def grade(self, field: str = "grade") -> Grade:
        return Grade.from_key(self.choice(field, _GRADE_KEYS))

    def source_keys(self, known: Mapping[str, Source]) -> tuple[str, ...]:
        keys = self.text_list("sources")
        for key in keys:
            if key not in known:
                raise self.error("sources", f"unknown source key '{key}'{did_you_mean(key, known)}")
        return keys


def _grades(doc: Mapping[str, object]) -> dict[Grade, GradeInfo]:
    result: dict[Grade, GradeInfo] = {}
    for i, data in enumerate(entries(BENEFITS_FILE, doc, "grade")):
        r = _Reader(BENEFITS_FILE, "grade", data, i)
        grade = r.grade("id")
        if grade in result:
            raise r.error("id", f"grade '{grade.key}' is described twice")
        result[grade] = GradeInfo(grade, r.text("icon"), r.text("label"), r.text("meaning"))
        r.finish()
    missing = [g.key for g in Grade if g not in result]
    if missing:
        raise ContentError(BENEFITS_FILE, f"no [[grade]] entry for {', '.join(missing)}")
    return result


def _nested(parent: _Reader, field: str, index: int, data: Mapping[str, object]) -> _Reader:
    return _Reader(parent.file, field, data, entry=f"{parent.entry} [[{field}]] #{index + 1}")


def _benefit(r: _Reader, sources: Mapping[str, Source]) -> Benefit:
    ident = r.identifier()
    grade = r.grade()
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
        split = GradeSplit(s.text("label"), s.grade(), s.text("note", ""), s.source_keys(sources))
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
    grades = _grades(doc)
    benefits: list[Benefit] = []
    readers: list[_Reader] = []
    for i, data in enumerate(entries(BENEFITS_FILE, doc, "benefit")):
        r = _Reader(BENEFITS_FILE, "benefit", data, i)
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
            if ref not in ids:
                raise r.error("related", f"unknown benefit '{ref}'{did_you_mean(ref, ids)}")
    myths: list[Myth] = []
    for i, data in enumerate(entries(BENEFITS_FILE, doc, "myth")):
        r = _Reader(BENEFITS_FILE, "myth", data, i)
        myth = Myth(
            r.identifier(),
            r.text("claim"),
            r.text("verdict"),
            r.source_keys(sources),
            r.text("benefit", "") or None,
        )
        if myth.benefit is not None and myth.benefit not in ids:
            raise r.error(
                "benefit", f"unknown benefit '{myth.benefit}'{did_you_mean(myth.benefit, ids)}"
            )
        if any(m.id == myth.id for m in myths):
            raise r.error("id", f"'{myth.id}' is used twice; ids must be unique")
        r.finish()
        myths.append(myth)
    return BenefitCatalogue(tuple(benefits), grades, tuple(myths), sources)


@functools.cache
def _default_benefits() -> BenefitCatalogue:
    root = resources.files("calflib.content")
    return _parse(read_toml(root, BENEFITS_FILE), default_content().sources)


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


# --- Chart and cards -----------------------------------------------------------------------------

_COLOUR = {
    Grade.STRONG: THEME["success"],
    Grade.MODERATE: THEME["brand"],
    Grade.LIMITED: THEME["warn"],
    Grade.NONE: THEME["muted"],
    Grade.CONTRADICTED: THEME["error"],
}
_PATTERN = {
    Grade.STRONG: "solid fill",
    Grade.MODERATE: "diagonal stripes",
    Grade.LIMITED: "dots",
    Grade.NONE: "no bar",
    Grade.CONTRADICTED: "cross-hatching",
}
_SHAPE = {
    Grade.STRONG: "circle",
    Grade.MODERATE: "diamond",
    Grade.LIMITED: "triangle",
    Grade.NONE: "open circle",
    Grade.CONTRADICTED: "cross",
}
_FONT, _SMALL, _ROW, _COL, _PAD = 13.0, 11.5, 42.0, 88.0, 14.0


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of rendered text width, so labels are never cut off."""
    narrow, wide = set("iljtf.,:;'!|() "), set("mwMW—")
    units = sum(
        0.3 if c in narrow else 0.86 if c in wide else 0.68 if c.isupper() else 0.57 for c in text
    )
    return units * size * (1.08 if bold else 1.0)


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    anchor: str = "start",
    css_class: str | None = None,
) -> Element:
    """A text element in the theme's text colour."""
    style = f"fill:currentColor;font-size:{fmt(size)}px;text-anchor:{anchor}"
    attrs = {"class": css_class} if css_class else {}
    return Element(
        "text", attrs, x=x, y=y, style=style + (";font-weight:bold" if bold else ""), text=text
    )


def _marker(grade: Grade, cx: float, cy: float, r: float, *, hollow: bool = False) -> Element:
    """The grade's marker shape (circle, diamond, triangle, open circle or cross)."""
    colour = _COLOUR[grade]
    css = {"class": "calf-marker-split" if hollow else "calf-marker"}
    if grade == Grade.CONTRADICTED:
        d = (
            f"M{fmt(cx - r)} {fmt(cy - r)} L{fmt(cx + r)} {fmt(cy + r)} "
            f"M{fmt(cx - r)} {fmt(cy + r)} L{fmt(cx + r)} {fmt(cy - r)}"
        )
        width = 2 if hollow else 3.2
        return Element(
            "path",
            css,
            d=d,
            style=f"stroke:{colour};stroke-width:{width};stroke-linecap:round;fill:none",
        )
    fill = THEME["paper"] if hollow or grade == Grade.NONE else colour
    stroke = colour if hollow else "currentColor"
    width = 1.8 if hollow else 2.2 if grade == Grade.NONE else 1.2
    style = f"fill:{fill};stroke:{stroke};stroke-width:{width}"
    if grade in (Grade.STRONG, Grade.NONE):
        return Element("circle", css, cx=cx, cy=cy, r=r, style=style)
    if grade == Grade.MODERATE:
        points = [(cx, cy - r * 1.2), (cx + r * 1.2, cy), (cx, cy + r * 1.2), (cx - r * 1.2, cy)]
    else:
        points = [(cx, cy - r * 1.1), (cx + r * 1.15, cy + r * 0.9), (cx - r * 1.15, cy + r * 0.9)]
    return Element(
        "polygon", css, points=" ".join(f"{fmt(x)},{fmt(y)}" for x, y in points), style=style
    )


def _lines(x: float, y: float, w: float, h: float, step: float, rising: bool) -> str:
    """Path data for parallel 45-degree lines clipped to a rectangle (hatching without <defs>)."""
    parts = []
    c = step / 2
    while c < w + h:
        # Line number c meets the rectangle between x + max(0, c - h) and x + min(w, c).
        x1, x2 = max(0.0, c - h), min(w, c)
        if x1 < x2:
            ya, yb = (h - (c - x1), h - (c - x2)) if rising else (c - x1, c - x2)
            parts.append(f"M{fmt(x + x1)} {fmt(y + ya)} L{fmt(x + x2)} {fmt(y + yb)}")
        c += step
    return " ".join(parts)


def _bar(grade: Grade, x: float, y: float, w: float, h: float, outline: float = 1) -> list[Element]:
    """A bar with the grade's pattern: solid, stripes, dots or cross-hatching (not colour alone)."""
    colour = _COLOUR[grade]
    line = f"stroke:{colour};stroke-width:1.6;fill:none"
    fill: list[Element] = []
    if grade == Grade.STRONG:
        fill = [Element("rect", x=x, y=y, width=w, height=h, style=f"fill:{colour}")]
    elif grade == Grade.MODERATE:
        fill = [Element("path", d=_lines(x, y, w, h, 5.0, True), style=line)]
    elif grade == Grade.CONTRADICTED:
        d = _lines(x, y, w, h, 7.0, True) + " " + _lines(x, y, w, h, 7.0, False)
        fill = [Element("path", d=d, style=line)]
    elif grade == Grade.LIMITED:
        dots = Element("g", {"style": f"fill:{colour}"})
        for row in range(int(h // 5)):
            cx = x + (2.5 if row % 2 else 5.0)
            while cx < x + w - 1.5:
                dots.add(Element("circle", cx=cx, cy=y + 2.5 + row * 5, r=1.3))
                cx += 5.0
        fill = [dots]
    return [
        Element("rect", x=x, y=y, width=w, height=h, style=f"fill:{THEME['paper']}"),
        *fill,
        Element(
            "rect",
            {"class": "calf-bar"},
            x=x,
            y=y,
            width=w,
            height=h,
            style=f"fill:none;stroke:currentColor;stroke-width:{fmt(outline)}",
        ),
    ]


def _row_summary(benefit: Benefit) -> str:
    splits = "; ".join(f"{s.label}: {s.grade.key}" for s in benefit.splits)
    return f"{benefit.name}: {benefit.grade.key}" + (f" ({splits})" if splits else "")


def _describe(benefits: Sequence[Benefit], chosen: Benefit | None) -> str:
    text = (
        f"A horizontal chart with one row for each of {len(benefits)} claimed benefits of calf "
        "massage, placing its evidence grade on a five-step scale: contradicted (studies found "
        "the opposite), none (no controlled studies), limited, moderate and strong. Bars to the "
        "left of 'none' mean evidence against the claim; bars to the right mean support, longer "
        "for stronger support. Each grade is also written as text beside the bar. Grades: "
        f"{'; '.join(_row_summary(b) for b in benefits)}."
    )
    if chosen is not None:
        text += f" Highlighted: {chosen.name}, graded {chosen.grade.key}."
    return text


@dataclass(frozen=True)
class _Layout:
    x0: float  # left edge of the grade scale
    text_x: float  # left edge of the "grade in words" column
    width: float
    top: float  # top of the first row

    def col(self, grade: Grade) -> float:
        return self.x0 + (int(grade) + 0.5) * _COL


def _layout(cat: BenefitCatalogue, chosen: Benefit | None) -> _Layout:
    label_w = max(_text_width(b.name, _FONT, bold=True) for b in cat.benefits) + 24
    texts = [
        _text_width(cat.grades[b.grade].label + " (selected)", _FONT, bold=True)
        for b in cat.benefits
    ]
    texts += [
        _text_width(f"{s.label}: {s.grade.key}", _SMALL) for b in cat.benefits for s in b.splits
    ]
    x0 = _PAD + label_w
    text_x = x0 + 5 * _COL + 16
    return _Layout(x0, text_x, text_x + max(texts) + _PAD, 78.0 + (20 if chosen else 0))


def evidence_chart(
    highlight: str | None = None, *, catalogue: BenefitCatalogue | None = None
) -> Figure:
    """A horizontal chart of every benefit's evidence grade; ``highlight`` emphasises one id."""
    cat = catalogue or load_benefits()
    chosen = cat.get(highlight) if highlight is not None else None
    lay = _layout(cat, chosen)
    bottom = lay.top + _ROW * len(cat.benefits)
    parts = [_text(_PAD, 22, "How well does the evidence support each claim?", 16, bold=True)]
    if chosen is not None:
        parts.append(
            _text(
                _PAD,
                44,
                f"▶ Selected: {chosen.name}, graded {chosen.grade.key}",
                _FONT,
                css_class="calf-chart-selected",
            )
        )
    for grade in Grade:
        cx = lay.col(grade)
        parts += [
            _marker(grade, cx, lay.top - 32, 5),
            _text(cx, lay.top - 10, cat.grades[grade].label, 12, bold=True, anchor="middle"),
        ]
        if grade != Grade.CONTRADICTED:
            x = lay.x0 + int(grade) * _COL
            parts.append(
                Element(
                    "line",
                    x1=x,
                    y1=lay.top,
                    x2=x,
                    y2=bottom,
                    style=f"stroke:{THEME['line']};stroke-dasharray:2 4",
                )
            )
    parts.append(_text(lay.text_x, lay.top - 10, "Grade in words", 12, bold=True))
    parts += [
        _row(b, cat, lay, lay.top + i * _ROW, b is chosen) for i, b in enumerate(cat.benefits)
    ]
    zero = lay.col(Grade.NONE)
    parts += [
        Element(
            "line",
            x1=zero,
            y1=lay.top - 4,
            x2=zero,
            y2=bottom + 4,
            style="stroke:currentColor;stroke-width:1.5",
        ),
        _text(zero - 10, bottom + 18, "◀ evidence against", 11, anchor="end"),
        _text(zero + 10, bottom + 18, "evidence for ▶", 11),
    ]
    legend, legend_h = _legend(cat, bottom + 46, lay.width)
    height = bottom + 46 + legend_h + 14
    return svg_figure(
        lay.width,
        height,
        "Evidence grades for the claimed benefits of calf massage",
        _describe(cat.benefits, chosen),
        *parts,
        legend,
        figure_id="calf-benefits-chart" + (f"-{chosen.id}" if chosen else ""),
        css_class="calf-benefits-chart",
    )


def _row(benefit: Benefit, cat: BenefitCatalogue, lay: _Layout, y: float, chosen: bool) -> Element:
    mid = y + 15
    attrs: dict[str, object] = {
        "data-benefit": benefit.id,
        "data-grade": benefit.grade.key,
        "class": "calf-benefit-row" + (" calf-highlighted" if chosen else ""),
    }
    if chosen:
        attrs["data-highlighted"] = "true"
    row = Element("g", attrs, Element("title", text=_row_summary(benefit)))
    if chosen:
        row.add(
            Element(
                "rect",
                x=4,
                y=y + 1,
                width=lay.width - 8,
                height=_ROW - 2,
                rx=4,
                style=f"fill:{THEME['brand_soft']};fill-opacity:0.45;"
                f"stroke:{THEME['brand']};stroke-width:2",
            ),
            Element(
                "polygon",
                {"class": "calf-highlight-marker"},
                points=f"{fmt(_PAD - 6)},{fmt(mid - 6)} {fmt(_PAD + 4)},{fmt(mid)} "
                f"{fmt(_PAD - 6)},{fmt(mid + 6)}",
                style=f"fill:{THEME['brand']};stroke:currentColor",
            ),
        )
    else:
        row.add(
            Element(
                "line",
                x1=_PAD,
                y1=y + _ROW,
                x2=lay.width - _PAD,
                y2=y + _ROW,
                style=f"stroke:{THEME['line']};stroke-opacity:0.5",
            )
        )
    row.add(_text(_PAD + 10, mid + 4.5, benefit.name, _FONT, bold=chosen, css_class="calf-label"))
    zero, end = lay.col(Grade.NONE), lay.col(benefit.grade)
    if benefit.grade != Grade.NONE:
        row.add(
            *_bar(benefit.grade, min(zero, end), mid - 7, abs(end - zero), 14, 3 if chosen else 1)
        )
    row.add(_marker(benefit.grade, end, mid, 8 if chosen else 6.5))
    label = cat.grades[benefit.grade].label + (" (selected)" if chosen else "")
    row.add(_text(lay.text_x, mid + 4.5, label, _FONT, bold=True, css_class="calf-grade-text"))
    for split in benefit.splits[:1]:  # one line of room per row; the card lists every split
        row.add(
            _marker(split.grade, lay.col(split.grade), mid + 14, 4.2, hollow=True),
            _text(
                lay.text_x,
                mid + 18,
                f"{split.label}: {split.grade.key}",
                _SMALL,
                css_class="calf-split-text",
            ),
        )
    return row


def _legend(cat: BenefitCatalogue, y: float, width: float) -> tuple[Element, float]:
    """The key (each grade's bar pattern, marker shape and name) and its height."""
    legend = Element("g", {"class": "calf-chart-legend"}, _text(_PAD, y, "Key", 12, bold=True))
    x, line_y = _PAD + 36, y
    for grade in Grade:
        text = f"{cat.grades[grade].label} ({_SHAPE[grade]}, {_PATTERN[grade]})"
        item_w = 40 + _text_width(text, 11)
        if x + item_w > width - _PAD:
            x, line_y = _PAD + 36, line_y + 22
        if grade != Grade.NONE:
            legend.add(*_bar(grade, x, line_y - 10, 26, 12))
        legend.add(_marker(grade, x + 26, line_y - 4, 5), _text(x + 38, line_y, text, 11))
        x += item_w + 18
    line_y += 24
    legend.add(
        _marker(Grade.LIMITED, _PAD + 49, line_y - 4, 4.2, hollow=True),
        _text(
            _PAD + 62,
            line_y,
            "Small open shape on a second line: a part of the claim with a "
            "different grade, written out beside it.",
            11,
        ),
    )
    return legend, line_y - y


_BOX = (
    "border:1px solid var(--jp-border-color1, #bdbdbd);border-left:6px solid {accent};"
    "border-radius:4px;padding:0.6em 0.9em;margin:0.4em 0;"
    "color:var(--jp-ui-font-color1, inherit);background:var(--jp-layout-color1, transparent);"
    "font-size:var(--jp-content-font-size1, 14px);line-height:1.5"
)
_MUTED = "font-size:0.9em;color:var(--jp-ui-font-color2, inherit)"


def _keys(keys: Iterable[str]) -> str:
    return f' <span style="{_MUTED}">[{escape(", ".join(keys))}]</span>'


def _grade_words(info: GradeInfo) -> str:
    return (
        f'<span aria-hidden="true">{escape(info.icon)}</span> '
        f"<strong>Evidence: {escape(info.label)}</strong>. {escape(info.meaning)}"
    )


def _section(title: str, text: str) -> str:
    return f"<p><strong>{escape(title)}:</strong> {escape(text)}</p>"


def _grade_section(benefit: Benefit, cat: BenefitCatalogue) -> str:
    html = _section("Why this grade", benefit.grade_note) if benefit.grade_note else ""
    if benefit.splits:
        items = "".join(
            f'<li><span aria-hidden="true">{escape(cat.grades[s.grade].icon)}</span> '
            f"{escape(s.label)}: <strong>{escape(cat.grades[s.grade].label)}</strong>"
            f"{'. ' + escape(s.note) if s.note else ''}{_keys(s.sources)}</li>"
            for s in benefit.splits
        )
        html += f"<p><strong>Parts graded differently:</strong></p><ul>{items}</ul>"
    return html


def benefit_card(benefit: Benefit, catalogue: BenefitCatalogue | None = None) -> str:
    """An HTML card: grade in words and icon, bottom line, claim, mechanism, studies, sources."""
    cat = catalogue or load_benefits()
    article = " (made in the source article)" if benefit.from_article else ""
    studies = "".join(
        f"<li><strong>{escape(s.name)}</strong>"
        f"{' (' + escape(s.design) + ')' if s.design else ''}: {escape(s.found)}"
        f"{_keys(s.sources)}</li>"
        for s in benefit.studies
    )
    body = [
        f'<div style="font-size:1.15em"><strong>{escape(benefit.name)}</strong></div>',
        f'<div class="calf-grade">{_grade_words(cat.grades[benefit.grade])}</div>',
        _section("Bottom line", benefit.bottom_line),
        _section(f"The claim{article}", benefit.claim),
        _section("How it is supposed to work", benefit.mechanism),
        f"<p><strong>What studies measured:</strong></p><ul>{studies}</ul>",
        _grade_section(benefit, cat),
    ]
    for myth in cat.myths_for(benefit.id):
        body.append(
            f"<p><strong>Popular claim not supported:</strong> &ldquo;{escape(myth.claim)}"
            f"&rdquo; {escape(myth.verdict)}{_keys(myth.sources)}</p>"
        )
    body.append(_section("Still worth doing for", benefit.worth_doing_for))
    if benefit.related:
        names = ", ".join(escape(cat.get(ref).name) for ref in benefit.related)
        body.append(f'<p style="{_MUTED}">See also: {names}</p>')
    items = "".join(
        f"<li><strong>{escape(key)}</strong> "
        f"{escape(cat.sources[key].title) if key in cat.sources else '(not in the bibliography)'}"
        "</li>"
        for key in benefit.all_sources
    )
    body.append(f'<details style="{_MUTED}"><summary>Sources</summary><ul>{items}</ul></details>')
    style = _BOX.format(accent=_COLOUR[benefit.grade])
    return (
        f'<div class="calf-card calf-benefit-card calf-grade-{benefit.grade.key}" role="status" '
        f'aria-live="polite" style="{style}">{"".join(body)}</div>'
    )


def empty_filter_card(grades: Iterable[Grade], catalogue: BenefitCatalogue | None = None) -> str:
    """What to show when no benefit has the chosen grade(s), in words, with any matching parts."""
    cat = catalogue or load_benefits()
    wanted = sorted(set(grades), reverse=True)
    names = " or ".join(cat.grades[g].label.lower() for g in wanted) or "the chosen grade"
    body = [f"<p><strong>No claimed benefit is graded {escape(names)} as a whole.</strong></p>"]
    parts = [(b, s) for b in cat.benefits for s in b.splits if s.grade in wanted]
    if parts:
        items = "".join(
            f"<li>{escape(b.name)}: {escape(s.label)} ({escape(s.grade.key)})</li>"
            for b, s in parts
        )
        body.append(f"<p>Parts of claims with this grade:</p><ul>{items}</ul>")
    body.append("<p>Choose another grade, or All, to see the benefits again.</p>")
    style = _BOX.format(accent=THEME["muted"])
    return (
        f'<div class="calf-card calf-benefit-empty" role="status" aria-live="polite" '
        f'style="{style}">{"".join(body)}</div>'
    )
