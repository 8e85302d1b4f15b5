"""The "how to do it" panel of a technique diagram: a hand picture, the rhythm and the positions.

:func:`howto_panel` draws, under a technique's strokes (:mod:`calflib.technique_diagrams`), a
picture of a hand with the part that touches the calf hatched and named in words (palm and
fingers, the little-finger edge for hacking, thumbs and fingertips lifting skin for skin rolling,
or the roller or massage gun instead of the hands), and beside it the hands, the rhythm and where
the giver and the receiver are, all from ``[technique.howto]`` in ``techniques.toml``. The same
words go into the diagram's description, so nothing is told by the picture or by colour alone.
"""

from __future__ import annotations

from calflib.palette import THEME
from calflib.svg import Element, text_lines, wrap_words
from calflib.technique_poses import POSE_LABELS, pose_row, poses_for
from calflib.techniques import HowTo, Technique

__all__ = ["CONTACT_LABELS", "howto_description", "howto_panel"]

#: What the hatched part of the hand picture is, in words, for each contact.
CONTACT_LABELS = {
    "flat_hands": "palms and fingers, flat",
    "grip": "fingers and thumb, gripping",
    "skin_fold": "thumbs and fingertips of both hands",
    "hand_edges": "little-finger edges of both hands",
    "thumb_tip": "thumb pad (or two fingertips)",
    "cupped_hands": "the whole hand, cupped",
    "roller": "a roller, not the hands",
    "massage_gun": "a massage gun, not the hands",
}

_PARTS = {  # which parts of the hand picture are hatched for each contact
    "flat_hands": {"palm", "fingers"},
    "grip": {"fingers", "thumb"},
    "skin_fold": {"tips", "thumb_tip"},
    "hand_edges": {"edge"},
    "thumb_tip": {"thumb_tip", "index_tip"},
    "cupped_hands": {"palm", "fingers", "thumb"},
}
# A right hand, palm towards the viewer, fingers up: thumb on the viewer's left.
_FINGERS = ((25, 14), (40, 6), (55, 12), (70, 24))  # (left x, top y), each 13 wide, to y 66
_FINGER_W = 13
_TIP = 17
_PANEL_FONT = 13
_PANEL_LINE = 16
_PICTURE = 112  # width of the picture column


def _hatch_style(hatch_id: str, on: bool) -> str:
    if on:
        return f"fill:url(#{hatch_id});stroke:{THEME['brand']};stroke-width:2"
    return f"fill:{THEME['paper']};stroke:{THEME['muted']};stroke-width:1.2"


def hatch_pattern(hatch_id: str) -> Element:
    """The diagonal hatching that marks the part of the hand (or tool) that does the work."""
    return Element(
        "pattern",
        {
            "id": hatch_id,
            "width": 6,
            "height": 6,
            "patternUnits": "userSpaceOnUse",
            "patternTransform": "rotate(45)",
        },
        Element("rect", width=6, height=6, style=f"fill:{THEME['brand_soft']}"),
        Element("line", x1=0, y1=0, x2=0, y2=6, style=f"stroke:{THEME['brand']};stroke-width:2.5"),
    )


def _hand(contact: str, hatch_id: str) -> Element:
    parts = _PARTS[contact]
    hand = Element("g", {"class": "calf-hand", "data-contact": contact})
    palm = Element("rect", x=24, y=58, width=60, height=60, rx=14)
    palm.attrs["style"] = _hatch_style(hatch_id, "palm" in parts)
    hand.add(palm)
    # The thumb goes first so the palm covers its base; it is turned out to the left.
    thumb = Element("g", {"transform": "rotate(-34 30 108)"})
    thumb.add(
        Element(
            "rect",
            x=22,
            y=66,
            width=15,
            height=46,
            rx=7.5,
            style=_hatch_style(hatch_id, "thumb" in parts),
        )
    )
    if "thumb_tip" in parts:
        thumb.add(
            Element(
                "rect",
                x=22,
                y=66,
                width=15,
                height=_TIP,
                rx=7.5,
                style=_hatch_style(hatch_id, True),
            )
        )
    hand.children.insert(0, thumb)
    for i, (x, top) in enumerate(_FINGERS):
        hand.add(
            Element(
                "rect",
                x=x,
                y=top,
                width=_FINGER_W,
                height=66 - top,
                rx=6.5,
                style=_hatch_style(hatch_id, "fingers" in parts),
            )
        )
        if "tips" in parts or ("index_tip" in parts and i < 2):
            hand.add(
                Element(
                    "rect",
                    x=x,
                    y=top,
                    width=_FINGER_W,
                    height=_TIP,
                    rx=6.5,
                    style=_hatch_style(hatch_id, True),
                )
            )
    if "edge" in parts:
        hand.add(
            Element(
                "polyline",
                points="84,112 85,64 83,28",
                style=f"fill:none;stroke:{THEME['brand']};stroke-width:6;stroke-linecap:round",
            )
        )
    return hand


def _tool(contact: str, hatch_id: str) -> Element:
    on = _hatch_style(hatch_id, True)
    plain = _hatch_style(hatch_id, False)
    tool = Element("g", {"class": "calf-tool", "data-contact": contact})
    if contact == "roller":
        tool.add(Element("rect", x=4, y=58, width=14, height=14, rx=4, style=plain))
        tool.add(Element("rect", x=94, y=58, width=14, height=14, rx=4, style=plain))
        tool.add(Element("rect", x=18, y=48, width=76, height=34, rx=10, style=on))
        for x in (37, 56, 75):
            tool.add(
                Element(
                    "line",
                    x1=x,
                    y1=50,
                    x2=x,
                    y2=80,
                    style=f"stroke:{THEME['brand']};stroke-width:1.5",
                )
            )
    else:  # a massage gun: handle, body and a round soft head on the left
        tool.add(Element("rect", x=58, y=52, width=18, height=64, rx=7, style=plain))
        tool.add(Element("rect", x=26, y=30, width=74, height=26, rx=11, style=plain))
        tool.add(Element("rect", x=14, y=37, width=14, height=12, style=plain))
        tool.add(Element("circle", cx=12, cy=43, r=11, style=on))
    return tool


def howto_description(technique: Technique) -> str:
    """The panel in words, for the diagram's description."""
    howto = technique.howto
    if howto is None:
        return ""
    drawings = "; ".join(POSE_LABELS[p] for p in poses_for(technique))
    return (
        f"How to do it: the hand picture hatches {CONTACT_LABELS[howto.contact]}. "
        f"Hands: {howto.hands} Rhythm: {howto.rhythm} Giver: {howto.giver} "
        f"Receiver: {howto.receiver}" + (f" Small drawings show: {drawings}." if drawings else "")
    )


def _section(
    x: float, y: float, heading: str, text: str, width_chars: int
) -> tuple[Element, float]:
    lines = wrap_words(text, width_chars)
    group = Element("g", {"class": "calf-howto-section"})
    group.add(
        Element(
            "text",
            {"x": x, "y": y},
            style=f"font-size:{_PANEL_FONT}px;font-weight:bold;fill:currentColor",
            text=heading,
        )
    )
    group.add(
        text_lines(
            x,
            y + _PANEL_LINE,
            lines,
            _PANEL_LINE,
            style=f"font-size:{_PANEL_FONT}px;fill:currentColor",
        )
    )
    return group, _PANEL_LINE * (len(lines) + 1) + 8


def howto_panel(
    howto: HowTo, top: float, width: float, hatch_id: str, poses: tuple[str, ...] = ()
) -> tuple[Element, float]:
    """The panel (a hand or tool picture, the how-to words and the ``poses`` drawings of
    :mod:`calflib.technique_poses`), from ``top``; and its height."""
    panel = Element("g", {"class": "calf-howto"})
    panel.add(
        Element(
            "line",
            x1=12,
            y1=top,
            x2=width - 12,
            y2=top,
            style=f"stroke:{THEME['line']};stroke-width:1",
        )
    )
    panel.add(
        Element(
            "text",
            {"x": 16, "y": top + 24},
            style="font-size:15px;font-weight:bold;fill:currentColor",
            text="How to do it",
        )
    )
    picture_top = top + 38
    drawing = _tool if howto.contact in ("roller", "massage_gun") else _hand
    picture = Element("g", {"transform": f"translate(10,{picture_top}) scale(1.12)"})
    picture.add(drawing(howto.contact, hatch_id))
    panel.add(picture)
    label = wrap_words(f"Hatched: {CONTACT_LABELS[howto.contact]}", 17)
    panel.add(
        text_lines(
            14 + _PICTURE / 2,
            picture_top + 152,
            label,
            15,
            {"text-anchor": "middle"},
            style="font-size:12px;fill:currentColor",
        )
    )
    left = 14 + _PICTURE + 18
    chars = int((width - left - 12) / (_PANEL_FONT * 0.5))
    y = picture_top + 8
    for heading, text in (
        ("Hands", howto.hands),
        ("Rhythm", howto.rhythm),
        ("Giver", howto.giver),
        ("Receiver", howto.receiver),
    ):
        section, height = _section(left, y, heading, text, chars)
        panel.add(section)
        y += height
    bottom = max(y, picture_top + 152 + 15 * len(label))
    if poses:
        row, row_height = pose_row(poses, bottom + 6, width)
        panel.add(row)
        bottom += 6 + row_height
    return panel, bottom - top + 8
