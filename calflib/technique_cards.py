"""The cards of chapter 04: a setting (position, steps, evidence, cautions) and a technique.

Pure functions over :mod:`calflib.techniques`; the techniques explorer widget shows them. Every
content string is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Literal

from calflib.card_kit import READING_WIDTH, bullet_list, card, sources_list
from calflib.icons import icon
from calflib.model import Content
from calflib.techniques import SettingGuide, Technique, TechniqueLibrary

__all__ = ["StatusChange", "setting_card", "technique_card", "techniques_status"]

#: What just changed in the techniques explorer: the setting, the technique menu, or the box that
#: lists every setting's techniques (see :func:`techniques_status`).
StatusChange = Literal["setting", "technique", "list"]


def setting_card(guide: SettingGuide, library: TechniqueLibrary, content: Content) -> str:
    """A setting: what it is, how to sit or lie, its steps, techniques, evidence and cautions."""
    used = ", ".join(t.name for t in library.used_in(guide.setting))
    body = [
        f'<div style="font-size:1.15em"><strong>{escape(guide.name)}</strong></div>',
        f"<p>{escape(guide.summary)}</p>",
        f"<p><strong>Position:</strong> {escape(guide.position)}</p>",
        f"<p><strong>Steps:</strong></p>{bullet_list(guide.steps, 'ol')}",
        f"<p><strong>Techniques used:</strong> {escape(used)}</p>",
    ]
    if guide.evidence:
        body.append(f"<p><strong>What the evidence says:</strong> {escape(guide.evidence)}</p>")
    body.append(f"<p><strong>{icon('warning')} Cautions:</strong></p>{bullet_list(guide.cautions)}")
    body.append(sources_list(guide.sources, content))
    return card(
        "".join(body),
        f"calf-setting calf-setting-{guide.setting.value}",
        live=False,
        max_width=READING_WIDTH,
    )


def _howto(technique: Technique) -> str:
    """Which part of the hand, the rhythm and both people's positions (empty without them)."""
    howto = technique.howto
    if howto is None:
        return ""
    return (
        f"<p><strong>Hands:</strong> {escape(howto.hands)}</p>"
        f"<p><strong>Rhythm:</strong> {escape(howto.rhythm)}</p>"
        f"<p><strong>Giver's position:</strong> {escape(howto.giver)}</p>"
        f"<p><strong>Receiver's position:</strong> {escape(howto.receiver)}</p>"
    )


def technique_card(technique: Technique, library: TechniqueLibrary, content: Content) -> str:
    """A technique: how, pressure, direction, duration, cautions, settings and sources."""
    pressures = ", ".join(library.pressures[p].name.lower() for p in technique.pressure)
    settings = ", ".join(library.settings[s].name.lower() for s in technique.settings)
    body = [
        f'<div style="font-size:1.15em"><strong>{escape(technique.name)}</strong></div>',
        f"<p>{escape(technique.summary)}</p>",
        f"<p><strong>How:</strong></p>{bullet_list(technique.how, 'ol')}",
        f"<p><strong>Pressure:</strong> {escape(pressures)}. {escape(technique.pressure_note)}</p>",
        f"<p><strong>Direction:</strong> {escape(technique.direction)}</p>",
        f"<p><strong>How long:</strong> {escape(technique.duration)}</p>",
        _howto(technique),
        f"<p><strong>{icon('warning')} Cautions:</strong></p>{bullet_list(technique.cautions)}",
        f"<p><strong>Used:</strong> {escape(settings)}</p>",
        sources_list(technique.sources, content),
    ]
    return card(
        "".join(body),
        f"calf-technique calf-technique-{technique.id}",
        live=False,
        max_width=READING_WIDTH,
    )


def techniques_status(
    guide: SettingGuide,
    technique: Technique,
    library: TechniqueLibrary,
    changed: StatusChange,
    all_listed: bool,
) -> str:
    """The explorer's one announcement, short, for what just ``changed``: a setting (its steps
    and techniques), the technique menu (only the technique shown), or the box that lists every
    setting's techniques (how many are listed). Then the technique shown, and when it is not used
    in the chosen setting, that too. The cards below are shown, not read out (a screen reader
    would read both in full at every choice), so the line repeats nothing they say at length."""
    used = len(library.used_in(guide.setting))
    shown = f"Showing {escape(technique.name)}"
    if guide.setting not in technique.settings:
        shown += f", which is not used {escape(guide.name.lower())}"
    if changed == "technique":
        return f"<p>{shown}.</p>"
    if changed == "list":
        listed = (
            f"Listing all {len(library.techniques)} techniques."
            if all_listed
            else f"Listing the {used} technique{'s' if used != 1 else ''} used "
            f"{escape(guide.name.lower())}."
        )
        return f"<p>{listed} {shown}.</p>"
    steps = len(guide.steps)
    return (
        f"<p>{escape(guide.name)}: {steps} step{'s' if steps != 1 else ''}, "
        f"{used} technique{'s' if used != 1 else ''}. {shown}.</p>"
    )
