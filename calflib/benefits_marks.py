"""How each evidence grade is drawn: a colour, a bar pattern and a marker shape (SVG pieces).

Grades never differ by colour alone: strong is a solid bar and a circle, moderate stripes and a
diamond, limited dots and a triangle, none no bar and an open circle, contradicted cross-hatching
and a cross. :mod:`calflib.benefits_chart` draws with these; the benefit card borrows the colour.
"""

from __future__ import annotations

from calflib.benefits import Grade
from calflib.palette import THEME
from calflib.svg import Element, fmt

__all__ = ["GRADE_COLOUR", "PATTERN", "SHAPE", "grade_bar", "grade_marker"]

#: Each grade's theme colour (the chart's bars and markers, and the benefit card's border).
GRADE_COLOUR = {
    Grade.STRONG: THEME["success"],
    Grade.MODERATE: THEME["brand"],
    Grade.LIMITED: THEME["warn"],
    Grade.NONE: THEME["muted"],
    Grade.CONTRADICTED: THEME["error"],
}
#: Each grade's bar pattern, in words (the chart's key says it).
PATTERN = {
    Grade.STRONG: "solid fill",
    Grade.MODERATE: "diagonal stripes",
    Grade.LIMITED: "dots",
    Grade.NONE: "no bar",
    Grade.CONTRADICTED: "cross-hatching",
}
#: Each grade's marker shape, in words.
SHAPE = {
    Grade.STRONG: "circle",
    Grade.MODERATE: "diamond",
    Grade.LIMITED: "triangle",
    Grade.NONE: "open circle",
    Grade.CONTRADICTED: "cross",
}


def grade_marker(grade: Grade, cx: float, cy: float, r: float, *, hollow: bool = False) -> Element:
    """The grade's marker shape (circle, diamond, triangle, open circle or cross)."""
    colour = GRADE_COLOUR[grade]
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


def grade_bar(
    grade: Grade, x: float, y: float, w: float, h: float, outline: float = 1
) -> list[Element]:
    """A bar with the grade's pattern: solid, stripes, dots or cross-hatching (not colour alone)."""
    colour = GRADE_COLOUR[grade]
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
