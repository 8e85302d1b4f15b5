"""What a learner sees when a chapter's questions come from a teacher's pack that is not loaded.

A chapter that only a pack has (e.g. ``90_our_class``) has no questions until the pack is in use.
Its "Check yourself" then shows this message instead of an error: it names the chapter the
missing pack provides, the packs that are in use, and the two ways to load a pack. Pure HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

from calflib.card_kit import bullet_list, card
from calflib.errors import did_you_mean
from calflib.icons import icon
from calflib.packs import PACKS_ENV
from calflib.palette import THEME

__all__ = ["missing_pack_card", "missing_pack_text"]


def missing_pack_text(
    chapter: str, folders: Iterable[Path], known: Iterable[str] = ()
) -> list[str]:
    """The message's paragraphs, in plain words (no HTML); ``known``: chapters with questions."""
    in_use = [str(f) for f in folders]
    chapters = list(known)
    loaded = (
        "Packs in use now: " + ", ".join(in_use) + "."
        if in_use
        else "No teacher's pack is in use now."
    )
    return [
        f"There are no questions for '{chapter}' here. Questions for a chapter that is not one of "
        f"the workbook's own come from your teacher's content pack for '{chapter}', and that "
        f"pack is not loaded. {loaded} Chapters with questions here: "
        f"{', '.join(chapters) or 'none'}{did_you_mean(chapter, chapters)}.",
        "To load it, ask your teacher for the pack's folder, then either run "
        'from calflib.packs import load_pack; load_pack("path/to/the/pack") in a cell above '
        "this one and run this cell again, or set the environment variable "
        f"{PACKS_ENV} to the pack's folder before starting Jupyter.",
        "If a pack is named in a warning above, it was left out because of a problem: your "
        "teacher can fix it with calflib check and the pack's folder.",
    ]


def missing_pack_card(chapter: str, folders: Iterable[Path], known: Iterable[str] = ()) -> str:
    """The message as a card (every piece of text escaped)."""
    first, *rest = missing_pack_text(chapter, folders, known)
    return card(
        f"<strong>{icon('info')} This chapter's pack is not loaded</strong>"
        f"<p>{escape(first)}</p>" + bullet_list(rest),
        "calf-message calf-missing-pack",
        THEME["warn"],
        live=False,
    )
