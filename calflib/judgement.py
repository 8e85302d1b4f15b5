"""The workbook's own judgement calls: rules that are its choice rather than a guideline's.

``content/judgement_calls.toml`` lists each call: the rule, the reason, the sources behind it, what
it applies to (screening findings, settings or techniques) and who has reviewed it. Its rules:

* Every problem is a :class:`~calflib.errors.ContentError` naming the file, the call and the
  field: an unknown table or field (with a "did you mean"), a missing rule, reason or ``sources``,
  an id used twice, a source key not in ``sources.toml``, or an ``applies_to`` id that is neither
  a finding (``findings.toml``), a setting nor a technique (``techniques.toml``). Every broken call
  is reported in one pass.
* ``sources = []`` says on purpose that no source covers the rule; leaving ``sources`` out is an
  error.
* A call with no ``reviewed_by`` (or an empty one) is awaiting review by a clinician, and says so.

:func:`judgement_table` writes the calls as the Markdown table the teacher's guide shows; the
guide's copy is rewritten by ``scripts/update_guide.py``, and a test fails when it is out of date.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._schema import EntryReader, entries, known_tables
from calflib.errors import ContentError, ProblemCollector
from calflib.loader import builtin_content, builtin_folder, load_content, read_toml
from calflib.technique_loader import load_techniques

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from calflib.model import Content
    from calflib.techniques import TechniqueLibrary

__all__ = [
    "AWAITING_REVIEW",
    "GENERAL",
    "NO_SOURCE",
    "JudgementCall",
    "Target",
    "judgement_table",
    "load_judgement_calls",
]

_FILE = "judgement_calls.toml"
#: What the guide says about a call nobody has reviewed yet.
AWAITING_REVIEW = "Awaiting review by a clinician"
#: What the guide's Applies-to column says for a call with no ``applies_to``.
GENERAL = "general rule"
#: What the guide's Sources column says for a call with ``sources = []``.
NO_SOURCE = "none: the workbook's own design"
_FIELDS = ("id", "rule", "reason", "sources", "applies_to", "reviewed_by")
_HEADER = ("Id", "What the workbook does", "Why", "Sources", "Applies to", "Review")


@dataclass(frozen=True)
class Target:
    """Something a call applies to: a screening finding, a setting or a technique, with its name."""

    id: str
    kind: str  # "finding", "setting" or "technique"
    name: str

    def __str__(self) -> str:
        return f"{self.kind} '{self.name}'"


@dataclass(frozen=True)
class JudgementCall:
    """One rule the workbook chose itself, with its reason, sources and review status."""

    id: str
    rule: str
    reason: str
    sources: tuple[str, ...]
    applies_to: tuple[Target, ...] = ()
    reviewed_by: str = ""

    @property
    def review(self) -> str:
        """Who reviewed the call, or that it awaits a clinician's review."""
        return f"Reviewed by {self.reviewed_by}" if self.reviewed_by else AWAITING_REVIEW


def load_judgement_calls(folder: Traversable | Path | None = None) -> tuple[JudgementCall, ...]:
    """Load and check ``judgement_calls.toml`` from ``folder`` (default: the built-in file, cached).

    Findings and source keys are checked against the content in the same folder, settings and
    techniques against its ``techniques.toml``.
    """
    if folder is None:
        return _builtin_calls()
    content = load_content(folder)
    return _load(folder, content, load_techniques(folder, content=content))


@functools.cache
def _builtin_calls() -> tuple[JudgementCall, ...]:
    return _load(builtin_folder(), builtin_content(), load_techniques())


def _targets(content: Content, library: TechniqueLibrary) -> dict[str, Target]:
    """Every id a call may apply to; a finding wins if a setting or technique shares its id."""
    found = [Target(t.id, "technique", t.name) for t in library.techniques.values()]
    found += [Target(s.value, "setting", g.name) for s, g in library.settings.items()]
    found += [Target(f.id, "finding", f.label) for f in content.findings.values()]
    return {t.id: t for t in found}


def _load(
    root: Traversable | Path, content: Content, library: TechniqueLibrary
) -> tuple[JudgementCall, ...]:
    doc = read_toml(root, _FILE)
    known_tables(_FILE, doc, ("call",))
    targets = _targets(content, library)
    calls: list[JudgementCall] = []
    seen: set[str] = set()
    collector = ProblemCollector()
    for i, data in enumerate(entries(_FILE, doc, "call")):
        try:
            r = EntryReader(_FILE, "call", data, i, fields=_FIELDS)
            ident = r.identifier()
            if ident in seen:
                raise r.error("id", f"'{ident}' is used twice; ids must be unique")
            seen.add(ident)
            what = "finding, setting or technique id"
            applies_to = r.refs("applies_to", targets, what, required=False)
            calls.append(
                JudgementCall(
                    id=ident,
                    rule=r.text("rule"),
                    reason=r.text("reason"),
                    sources=_sources(r, content),
                    applies_to=tuple(targets[t] for t in applies_to),
                    reviewed_by=r.text("reviewed_by", ""),
                )
            )
            r.finish()
        except ContentError as exc:
            collector.add(exc)
    collector.check()
    return tuple(calls)


def _sources(r: EntryReader, content: Content) -> tuple[str, ...]:
    # Required, but may be empty: sources = [] says on purpose that no source covers the rule.
    if "sources" not in r.data:
        raise r.error(
            "sources",
            'missing; add sources = ["S3", ...], or sources = [] for a rule no source covers',
        )
    return r.source_keys(content.sources, required=False)


def judgement_table(calls: Sequence[JudgementCall] | None = None) -> str:
    """The calls (default: the built-in ones) as a Markdown table, one row each, in file order."""
    chosen = load_judgement_calls() if calls is None else calls
    lines = [f"| {' | '.join(_HEADER)} |", "|" + "---|" * len(_HEADER)]
    for call in chosen:
        cells = (
            f"`{call.id}`",
            _cell(call.rule),
            _cell(call.reason),
            _cell(f"[{', '.join(call.sources)}]" if call.sources else NO_SOURCE),
            _cell("; ".join(str(t) for t in call.applies_to) or GENERAL),
            _cell(call.review),
        )
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """One table cell: on one line, with any '|' escaped so it cannot split the cell."""
    return " ".join(text.split()).replace("|", "\\|")
