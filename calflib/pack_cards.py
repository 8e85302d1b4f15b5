"""The banner shown when a teacher's content pack in use was left out because it has problems.

A learner must never see a traceback for a teacher's typo, and the teacher must see exactly what
to fix: the banner says the workbook still works, then lists each problem with its file, entry and
field, and the command that checks the pack. Pure HTML from :mod:`calflib.card_kit`, no widgets.
"""

from __future__ import annotations

from collections.abc import Iterable

from calflib.card_kit import bullet_list, card
from calflib.errors import ContentError
from calflib.icons import icon
from calflib.palette import THEME

__all__ = ["pack_problems_card"]

#: More problems than this are counted, not listed: the teacher's `calflib check` lists them all.
_SHOWN = 8
_ACCENT = THEME["warn"]  # the message card's accent: a warning, not an error


def pack_problems_card(problems: Iterable[ContentError]) -> str:
    """A banner naming each problem of the packs left out; "" when there are none."""
    listed = [str(problem) for problem in problems]
    if not listed:
        return ""
    more = len(listed) - _SHOWN
    shown = listed[:_SHOWN] + ([f"... and {more} more."] if more > 0 else [])
    return card(
        f"<strong>{icon('warning')} "
        "A teacher's content pack was left out</strong>"
        "<p>Everything else works as usual: the screening always uses the built-in rules, and "
        "this exercise shows the built-in material and any packs that loaded. The pack has "
        "these problems (a teacher can list them all with <code>calflib check</code> and the "
        "pack's folder):</p>" + bullet_list(shown),
        "calf-message calf-pack-problems",
        _ACCENT,
        live=False,
    )
