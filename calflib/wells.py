"""The two-level DVT Wells score (NICE NG158) as clinician education.

A clinician uses this score, after a history and an examination, to choose the next test. The
workbook shows it so learners understand what a clinician does with a suspected clot; it is never
used for a learner's own go / no-go decision (that is :func:`calflib.screening.assess`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from calflib.errors import did_you_mean
from calflib.loader import default_content
from calflib.model import Content, WellsItem

__all__ = ["WellsResult", "wells_score"]


@dataclass(frozen=True)
class WellsResult:
    """A Wells score, its two-level reading and the next step a clinician takes."""

    score: int
    likely: bool
    title: str
    next_step: str
    caution: str
    items: tuple[WellsItem, ...]
    sources: tuple[str, ...]


def wells_score(ticked: Iterable[str], *, content: Content | None = None) -> WellsResult:
    """Score the ticked Wells items (by id) and read the result the NICE way (>= 2: DVT likely)."""
    content = content or default_content()
    if isinstance(ticked, str):
        raise TypeError("ticked must be a collection of item ids, not a single string")
    by_id = {item.id: item for item in content.wells_items}
    chosen: list[WellsItem] = []
    for ident in ticked:
        if ident not in by_id:
            raise ValueError(f"unknown Wells item {ident!r}{did_you_mean(str(ident), by_id)}")
        if by_id[ident] not in chosen:
            chosen.append(by_id[ident])
    score = sum(item.points for item in chosen)
    rules = content.wells_rules
    likely = score >= rules.likely_at
    return WellsResult(
        score=score,
        likely=likely,
        title=rules.likely_title if likely else rules.unlikely_title,
        next_step=rules.likely_next_step if likely else rules.unlikely_next_step,
        caution=rules.caution,
        items=tuple(chosen),
        sources=rules.sources,
    )
