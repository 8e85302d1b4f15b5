"""Small side-view drawings of where the giver and the receiver are, for a technique diagram.

:func:`poses_for` picks the drawings a technique needs from the settings that use it (sitting on
your own, sitting on the floor over a roller, a partner face down with the giver beside the calf);
:func:`pose_row` draws them side by side, each with a caption in words and a ``<title>``, so the
drawing never carries the position alone (the diagram's description says it too).
"""

from __future__ import annotations

from calflib.palette import THEME
from calflib.svg import Element, text_lines, wrap_words
from calflib.techniques import Setting, Technique

__all__ = ["POSE_LABELS", "pose_row", "poses_for"]

#: What each drawing shows, in words (its caption and title).
POSE_LABELS = {
    "alone": "On your own: sitting, knee bent, hands around the calf",
    "roller": "On your own: sitting on the floor, roller under the calf, hands behind you",
    "device": "On your own: sitting, knee bent, the device resting on the calf",
    "partner": "With a partner: they lie face down, feet supported; you stand beside the calf",
}
_BOX_W, _BOX_H = 160, 84


def poses_for(technique: Technique) -> tuple[str, ...]:
    """The drawings for a technique, in a fixed order: sitting (with the hands, or with a device
    when the technique is only used with devices), on a roller, with a partner."""
    settings = set(technique.settings)
    found = []
    if Setting.ALONE in settings:
        found.append("alone")
    elif Setting.DEVICES in settings:
        found.append("device")
    if settings == {Setting.ROLLER}:
        found.append("roller")
    if Setting.PARTNER in settings:
        found.append("partner")
    return tuple(found)


def _line(points: str, width: float, colour: str) -> Element:
    return Element(
        "polyline",
        points=points,
        style=f"fill:none;stroke:{colour};stroke-width:{width};"
        "stroke-linecap:round;stroke-linejoin:round",
    )


def _head(x: float, y: float, colour: str) -> Element:
    return Element(
        "circle", cx=x, cy=y, r=7, style=f"fill:{THEME['paper']};stroke:{colour};stroke-width:2.5"
    )


def _alone() -> list[Element]:
    ink, line = THEME["ink"], THEME["muted"]
    return [
        _line("22,18 22,50 52,50", 3, line),  # chair back and seat
        _line("24,50 24,78", 2, line),
        _line("50,50 50,78", 2, line),
        _line("44,24 38,48", 9, ink),  # torso, leaning forward
        _line("38,48 74,48 74,76 86,76", 6, ink),  # thigh, shin, foot
        _line("44,28 70,58", 3.5, THEME["brand"]),  # arm to the calf
        _head(48, 14, ink),
    ]


def _roller() -> list[Element]:
    ink = THEME["ink"]
    return [
        Element(
            "circle",
            cx=104,
            cy=70,
            r=8,
            style=f"fill:{THEME['brand_soft']};stroke:{THEME['brand']};stroke-width:2",
        ),
        _line("40,72 32,42", 9, ink),  # torso leaning back
        _line("34,48 16,76", 3.5, ink),  # arm, hand on the floor behind
        _line("40,72 78,62 132,62 136,54", 6, ink),  # thigh, calf on the roller, foot
        _head(29, 32, ink),
    ]


def _partner() -> list[Element]:
    ink, line = THEME["ink"], THEME["muted"]
    return [
        _line("8,50 150,50", 5, line),  # the table
        _line("16,52 16,78", 2, line),
        _line("142,52 142,78", 2, line),
        Element(
            "circle",
            cx=146,
            cy=42,
            r=5,
            style=f"fill:{THEME['shade']};stroke:{line};stroke-width:1.5",
        ),
        _line("30,42 96,42", 9, ink),  # receiver, face down
        _line("96,42 142,40", 6, ink),
        _head(21, 40, ink),
        _line("120,18 122,50 116,78", 4, THEME["brand"]),  # giver, standing beside the calf
        _line("122,50 128,78", 4, THEME["brand"]),
        _line("120,24 110,38", 3.5, THEME["brand"]),
        _head(118, 10, THEME["brand"]),
    ]


def _device() -> list[Element]:
    gun = THEME["brand"]
    return [
        *_alone()[:-2],  # the sitting person without the reaching arm and head
        _line("44,28 62,52", 3.5, gun),
        _line("62,52 72,54", 8, gun),  # the device, its head on the calf
        _head(48, 14, THEME["ink"]),
    ]


_DRAW = {"alone": _alone, "device": _device, "roller": _roller, "partner": _partner}


def pose_row(poses: tuple[str, ...], top: float, width: float) -> tuple[Element, float]:
    """The drawings side by side from ``top`` (centred), each captioned; and the row's height."""
    row = Element("g", {"class": "calf-poses"})
    gap = 16
    total = len(poses) * _BOX_W + (len(poses) - 1) * gap
    x = (width - total) / 2
    tallest = 0
    for pose in poses:
        group = Element(
            "g",
            {"class": "calf-pose", "data-pose": pose, "transform": f"translate({x:g},{top:g})"},
            Element("title", text=POSE_LABELS[pose]),
            *_DRAW[pose](),
        )
        lines = wrap_words(POSE_LABELS[pose], 28)
        group.add(
            text_lines(
                _BOX_W / 2,
                _BOX_H + 16,
                lines,
                15,
                {"text-anchor": "middle"},
                style="font-size:12px;fill:currentColor",
            )
        )
        row.add(group)
        tallest = max(tallest, _BOX_H + 16 + 15 * len(lines))
        x += _BOX_W + gap
    return row, tallest
