"""When to stop during a calf massage, and the 0 to 10 discomfort scale (stop_rules.toml).

The stop rules card (a printable handout) and the rendered edition show these. Rules, each pinned
by ``tests/test_handouts.py``:

1. Each rule has an urgency, most urgent first: ``emergency`` (stop, call 999 / 112 / 911),
   ``today`` (stop, no more massage on that leg, a medical check today), ``stop`` (stop work on
   that spot). The file lists rules in that order, so the card reads from most to least urgent.
2. The discomfort bands cover 0 to 10 in order with no gap or overlap, so every number a person
   can say has exactly one thing to do.
3. Sources are keys from ``sources.toml``; a rule with none says it is standard practice.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._schema import EntryReader, entries, known_tables, unique_ids
from calflib.errors import ContentError
from calflib.loader import builtin_content, builtin_folder, read_toml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["URGENCIES", "DiscomfortBand", "StopRule", "StopRules", "load_stop_rules"]

_FILE = "stop_rules.toml"
#: The urgencies, most urgent first, with the heading each has on the card.
URGENCIES = {
    "emergency": "Stop and call 999 / 112 / 911",
    "today": "Stop: get it checked today",
    "stop": "Stop work on that spot",
}


@dataclass(frozen=True)
class StopRule:
    """Signs that mean stop, and what to do next."""

    id: str
    urgency: str
    when: tuple[str, ...]
    do: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class DiscomfortBand:
    """A stretch of the 0 to 10 discomfort scale and what to do within it."""

    id: str
    low: int
    high: int
    label: str
    do: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class StopRules:
    """The stop rules, most urgent first, and the discomfort scale's bands from 0 to 10."""

    rules: tuple[StopRule, ...]
    bands: tuple[DiscomfortBand, ...]


def _rule(data: Mapping[str, object], index: int, keys: list[str]) -> StopRule:
    r = EntryReader(_FILE, "rule", data, index, fields=("id", "urgency", "when", "do", "sources"))
    rule = StopRule(
        r.identifier(),
        r.choice("urgency", URGENCIES),
        r.text_list("when"),
        r.text("do"),
        r.source_keys(keys, required=False),
    )
    if not rule.sources and "standard practice" not in rule.do.lower():
        raise r.error("sources", "cite a source key, or say 'Standard practice' in 'do'")
    r.finish()
    return rule


def _band(data: Mapping[str, object], index: int, keys: list[str], start: int) -> DiscomfortBand:
    fields = ("id", "from", "to", "label", "do", "sources")
    r = EntryReader(_FILE, "band", data, index, fields=fields)
    low, high = r.integer("from", minimum=0), r.integer("to", minimum=0)
    if low != start or not low <= high <= 10:
        raise r.error(
            "from", f"bands must run from 0 to 10 in order: expected {start} to 10 or less"
        )
    ident, label, do = r.identifier(), r.text("label"), r.text("do")
    band = DiscomfortBand(ident, low, high, label, do, r.source_keys(keys))
    r.finish()
    return band


@functools.cache
def _builtin() -> StopRules:
    return load_stop_rules(builtin_folder())


def load_stop_rules(folder: Traversable | Path | None = None) -> StopRules:
    """Read and check ``stop_rules.toml`` (built-in content when ``folder`` is None)."""
    if folder is None:
        return _builtin()
    doc = read_toml(folder, _FILE)
    known_tables(_FILE, doc, ("rule", "band"))
    keys = list(builtin_content().sources)
    rules = tuple(_rule(d, i, keys) for i, d in enumerate(entries(_FILE, doc, "rule")))
    unique_ids(_FILE, "rule", (r.id for r in rules))
    order = list(URGENCIES)
    ranks = [order.index(r.urgency) for r in rules]
    if ranks != sorted(ranks):
        raise ContentError(_FILE, "list the rules from most to least urgent: " + ", ".join(order))
    bands: list[DiscomfortBand] = []
    for i, data in enumerate(entries(_FILE, doc, "band")):
        bands.append(_band(data, i, keys, bands[-1].high + 1 if bands else 0))
    if bands[-1].high != 10:
        raise ContentError(_FILE, "the last band must end at 10", entry=f"band '{bands[-1].id}'")
    return StopRules(rules, tuple(bands))
