"""The two-level DVT Wells score (NICE NG158) as clinician education.

A clinician uses this score, after a history and an examination, to choose the next test. The
workbook shows it so learners understand what a clinician does with a suspected clot; it is never
used for a learner's own go / no-go decision (that is :func:`calflib.screening.assess`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from calflib.errors import did_you_mean
from calflib.loader import builtin_content
from calflib.model import Content, WellsItem

__all__ = ["WellsResult", "wells_score"]

_SHAPES = (
    "a collection of item ids (e.g. ['previous_dvt']) or a mapping of item id to True/False "
    "(e.g. {'previous_dvt': True})"
)


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


def wells_score(
    ticked: Iterable[str] | Mapping[str, bool], *, content: Content | None = None
) -> WellsResult:
    """Score the ticked Wells items and read the result the NICE way (>= 2: DVT likely).

    ``ticked`` is either the ids of the ticked items (``["previous_dvt"]``) or, like the answers
    to :func:`calflib.screening.assess`, a mapping of item id to True (ticked) or False.
    """
    content = content or builtin_content()
    by_id = {item.id: item for item in content.wells_items}
    chosen: list[WellsItem] = []
    for ident in _ticked_ids(ticked, by_id):
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


def _ticked_ids(ticked: object, by_id: Mapping[str, WellsItem]) -> list[str]:
    """The ids of the ticked items, checked; a mapping is read by its values, never its keys."""
    # A mapping iterates over its keys, so without this branch {"x": False} would count as ticked.
    if isinstance(ticked, Mapping):
        pairs = list(ticked.items())
    elif isinstance(ticked, Iterable) and not isinstance(ticked, str | bytes):
        pairs = [(ident, True) for ident in ticked]
    else:
        raise TypeError(f"ticked must be {_SHAPES}, not {_described(ticked)}")
    ids = []
    for ident, value in pairs:
        if not isinstance(ident, str):
            raise TypeError(f"ticked must be {_SHAPES}; an item id is {_described(ident)}")
        if ident not in by_id:
            raise ValueError(f"unknown Wells item {ident!r}{did_you_mean(ident, by_id)}")
        if not isinstance(value, bool):
            raise TypeError(
                f"the answer for '{ident}' must be True (ticked) or False, got "
                f"{type(value).__name__} {value!r}"
            )
        if value:
            ids.append(ident)
    return ids


def _described(value: object) -> str:
    if isinstance(value, str):
        return f"a single string {value!r}"
    return f"{type(value).__name__} {value!r}"
