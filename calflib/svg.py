"""A tiny SVG builder: figures that work in JupyterLab, Voila, the in-browser site and print.

No plotting dependency: figures are plain SVG text, built from :class:`Element` trees. Every figure
is a :class:`Figure` with a ``<title>`` and ``<desc>`` (its text alternative) and colours taken from
the palette (:mod:`calflib.palette`: JupyterLab theme variables) or ``currentColor``, so light and
dark themes both work. Figures display inline as HTML in a notebook (``_repr_html_``), which lets
the theme's CSS reach them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from calflib._geometry import Point, fmt
from calflib.palette import THEME

__all__ = [
    "CaptionedFigure",
    "Element",
    "Figure",
    "Point",
    "arrow_marker",
    "captioned",
    "figure_html",
    "fmt",
    "path_data",
    "svg_figure",
    "text_lines",
    "wrap_words",
]

_NAME = re.compile(r"^[A-Za-z_][-A-Za-z0-9_:.]*$")
_SVG_NS = "http://www.w3.org/2000/svg"


def path_data(points: Iterable[Point], *, closed: bool = False) -> str:
    """SVG path data through the points with straight segments: 'M x y L x y ... [Z]'."""
    pts = list(points)
    if len(pts) < 2:
        raise ValueError(f"a path needs at least 2 points, got {len(pts)}")
    parts = [f"M{fmt(pts[0][0])} {fmt(pts[0][1])}"]
    parts += [f"L{fmt(x)} {fmt(y)}" for x, y in pts[1:]]
    return " ".join(parts) + (" Z" if closed else "")


def wrap_words(text: str, width: int) -> list[str]:
    """Break text between words into lines of at most ``width`` characters (a longer word keeps
    a line of its own), for labels SVG cannot wrap by itself."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


class Element:
    """One SVG element with attributes, children and optional text (escaped when rendered)."""

    def __init__(
        self,
        tag: str,
        attrs: Mapping[str, object] | None = None,
        *children: Element,
        text: str | None = None,
        **more: object,
    ) -> None:
        if not _NAME.match(tag):
            raise ValueError(f"invalid SVG tag name {tag!r}")
        merged = {**(attrs or {}), **{k.rstrip("_").replace("_", "-"): v for k, v in more.items()}}
        for name in merged:
            if not _NAME.match(name):
                raise ValueError(f"invalid SVG attribute name {name!r} on <{tag}>")
        self.tag = tag
        self.attrs: dict[str, object] = merged
        self.children: list[Element] = list(children)
        self.text = text

    def add(self, *children: Element) -> Element:
        """Append children and return self, so calls can be chained."""
        self.children.extend(children)
        return self

    def find_all(self, tag: str) -> list[Element]:
        """Every descendant (and self) with the given tag, in document order."""
        found = [self] if self.tag == tag else []
        for child in self.children:
            found += child.find_all(tag)
        return found

    def render(self) -> str:
        """The element as SVG text."""
        attrs = "".join(
            f' {name}="{escape(fmt(v) if isinstance(v, float) else str(v), quote=True)}"'
            for name, v in self.attrs.items()
            if v is not None
        )
        inner = escape(self.text, quote=False) if self.text is not None else ""
        inner += "".join(child.render() for child in self.children)
        if not inner:
            return f"<{self.tag}{attrs}/>"
        return f"<{self.tag}{attrs}>{inner}</{self.tag}>"


def text_lines(
    x: float,
    y: float,
    lines: Iterable[str],
    line_height: float,
    attrs: Mapping[str, object] | None = None,
    *,
    style: str,
) -> Element:
    """A ``<text>`` at (x, y) with one ``<tspan>`` per line, each ``line_height`` below the last."""
    node = Element("text", {"x": x, "y": y, **(attrs or {}), "style": style})
    for i, line in enumerate(lines):
        node.add(Element("tspan", {"x": x, "dy": 0 if i == 0 else line_height}, text=line))
    return node


def arrow_marker(marker_id: str, colour: str) -> Element:
    """A ``<marker>`` arrow head for stroke paths (use ``marker-end="url(#id)"``)."""
    return Element(
        "marker",
        {
            "id": marker_id,
            "viewBox": "0 0 10 10",
            "refX": 8,
            "refY": 5,
            "markerWidth": 6,
            "markerHeight": 6,
            "orient": "auto-start-reverse",
        },
        Element("path", {"d": "M0 0 L10 5 L0 10 Z", "style": f"fill:{colour}"}),
    )


@dataclass(frozen=True)
class Figure:
    """A finished figure: SVG text plus its text alternative (title and description)."""

    svg: str
    title: str
    description: str

    @property
    def alt(self) -> str:
        """The text alternative: title and description in one string."""
        return f"{self.title}. {self.description}"

    def _repr_html_(self) -> str:
        return f'<figure class="calf-figure" style="margin:0.5em 0">{self.svg}</figure>'

    def save(self, path: str) -> None:
        """Write the SVG to a file (for handouts and slides)."""
        with open(path, "w", encoding="utf-8") as handle:
            handle.write('<?xml version="1.0" encoding="UTF-8"?>\n' + self.svg)


def svg_figure(
    width: float,
    height: float,
    title: str,
    description: str,
    *children: Element,
    figure_id: str,
    css_class: str = "",
) -> Figure:
    """Wrap elements in an accessible ``<svg>`` root (role img, title and desc) as a Figure."""
    if not title.strip() or not description.strip():
        raise ValueError("every figure needs a title and a description (its text alternative)")
    root = Element(
        "svg",
        {
            "xmlns": _SVG_NS,
            "viewBox": f"0 0 {fmt(width)} {fmt(height)}",
            "width": "100%",
            "style": f"max-width:{fmt(width)}px;color:{THEME['ink']};"
            "font-family:var(--jp-ui-font-family, sans-serif)",
            "role": "img",
            "aria-labelledby": f"{figure_id}-title {figure_id}-desc",
            "class": f"calf-svg {css_class}".strip(),
        },
        Element("title", {"id": f"{figure_id}-title"}, text=title),
        Element("desc", {"id": f"{figure_id}-desc"}, text=description),
        *children,
    )
    return Figure(svg=root.render(), title=title, description=description)


@dataclass(frozen=True)
class CaptionedFigure:
    """A figure shown with its text alternative as a visible caption underneath."""

    figure: Figure

    def _repr_html_(self) -> str:
        return figure_html(self.figure)


def captioned(figure: Figure) -> CaptionedFigure:
    """Wrap a figure so a notebook shows its description as a caption below it."""
    return CaptionedFigure(figure)


def figure_html(figure: Figure, *, caption_width: str = "60em") -> str:
    """A figure as HTML with its text alternative shown (escaped) as a caption underneath."""
    return (
        f'<figure class="calf-figure" style="margin:0.5em 0">{figure.svg}'
        f'<figcaption style="font-size:0.9em;color:{THEME["small_text"]};'
        f'max-width:{caption_width}"><strong>Figure:</strong> {escape(figure.description)}'
        "</figcaption></figure>"
    )
