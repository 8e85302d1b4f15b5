"""Points and numbers as figures write them: shared by the content checks and the SVG builder.

Kept apart from :mod:`calflib.svg` so that checking content geometry does not import the whole
SVG builder (and ``html``) when a kernel only needs the screening rules.
"""

from __future__ import annotations

__all__ = ["Point", "fmt"]

#: A point (x, y) in a figure's coordinate system.
Point = tuple[float, float]


def fmt(value: float) -> str:
    """A number written compactly for SVG: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
