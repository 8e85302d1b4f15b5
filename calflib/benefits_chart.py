"""The evidence chart of chapter 03: every claimed benefit's grade on one scale (SVG).

One row per benefit, a bar from "none" towards "strong" (or towards "contradicted"), the grade
written beside it in words, and a key. Grades differ in colour, bar pattern and marker shape, so
colour is never the only signal; the figure's ``<desc>`` lists every grade in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calflib.benefits import Benefit, BenefitCatalogue, Grade, load_benefits
from calflib.benefits_marks import PATTERN, SHAPE, grade_bar, grade_marker
from calflib.palette import THEME
from calflib.svg import Element, Figure, fmt, svg_figure

__all__ = ["evidence_chart"]

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


def _row_summary(benefit: Benefit) -> str:
    splits = "; ".join(f"{s.label}: {s.grade.key}" for s in benefit.splits)
    return f"{benefit.name}: {benefit.grade.key}" + (f" ({splits})" if splits else "")


def _describe(benefits: Sequence[Benefit], chosen: Benefit | None) -> str:
    text = (
        f"A horizontal chart with one row for each of {len(benefits)} claimed benefits of calf "
        "massage, placing its evidence grade on a five-step scale: contradicted (studies found "
        "the opposite), none (not shown: untested, or no change found), limited, moderate and "
        "strong. Bars to the left of 'none' mean evidence against the claim; bars to the right "
        "mean support, longer for stronger support. Each grade is also written as text beside "
        "the bar. Grades: "
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
            grade_marker(grade, cx, lay.top - 32, 5),
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
            *grade_bar(
                benefit.grade, min(zero, end), mid - 7, abs(end - zero), 14, 3 if chosen else 1
            )
        )
    row.add(grade_marker(benefit.grade, end, mid, 8 if chosen else 6.5))
    label = cat.grades[benefit.grade].label + (" (selected)" if chosen else "")
    row.add(_text(lay.text_x, mid + 4.5, label, _FONT, bold=True, css_class="calf-grade-text"))
    for split in benefit.splits[:1]:  # one line of room per row; the card lists every split
        row.add(
            grade_marker(split.grade, lay.col(split.grade), mid + 14, 4.2, hollow=True),
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
        text = f"{cat.grades[grade].label} ({SHAPE[grade]}, {PATTERN[grade]})"
        item_w = 40 + _text_width(text, 11)
        if x + item_w > width - _PAD:
            x, line_y = _PAD + 36, line_y + 22
        if grade != Grade.NONE:
            legend.add(*grade_bar(grade, x, line_y - 10, 26, 12))
        legend.add(grade_marker(grade, x + 26, line_y - 4, 5), _text(x + 38, line_y, text, 11))
        x += item_w + 18
    line_y += 24
    legend.add(
        grade_marker(Grade.LIMITED, _PAD + 49, line_y - 4, 4.2, hollow=True),
        _text(
            _PAD + 62,
            line_y,
            "Small open shape on a second line: a part of the claim with a "
            "different grade, written out beside it.",
            11,
        ),
    )
    return legend, line_y - y
