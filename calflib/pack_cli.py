"""The packs a teacher's command uses: its ``--pack`` folders with those in ``CALFLIB_PACKS``.

Shared by ``answer-key``, ``class-report``, ``gift`` and ``handout``, so each uses the same packs
and refuses a broken one the same way, naming its problems: a teacher's printout or report must
never silently miss a pack's questions. Only the standard library is imported at module level.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["use_packs"]


def use_packs(packs: list[Path]) -> str | None:
    """Load extra packs; return an error message instead of raising.

    A pack named in CALFLIB_PACKS that was left out for its problems is an error here too: a
    teacher's answer key or class report must never silently miss a pack's questions.
    """
    from calflib.errors import ContentError
    from calflib.packs import PACKS_ENV, load_pack, pack_problems

    # load_pack resolves the folder, so a pack also named in CALFLIB_PACKS is used once.
    for pack in packs:
        try:
            load_pack(pack)
        except ContentError as exc:
            return f"{pack} has problems; run 'calflib check {pack}' to list them ({exc})"
    problems = pack_problems()
    if problems:
        listed = "".join(f"\n  - {problem}" for problem in problems)
        return (
            f"a content pack named in {PACKS_ENV} has problems and was left out; fix it (run "
            f"'calflib check' on its folder) or remove it from {PACKS_ENV}:{listed}"
        )
    return None
