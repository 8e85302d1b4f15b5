"""The calf's anatomy: the structures of ``content/anatomy.toml``, loaded and checked.

All geometry lives in the content file, in one fixed coordinate system (:data:`VIEWBOX`): a view
from behind of the right lower leg, 240 wide and 480 high, knee at the top, heel at the bottom, the
inner (medial) side on the viewer's left. :mod:`calflib.anatomy_figure` draws it (and gives other
diagrams the bare leg to draw on); :mod:`calflib.anatomy_cards` writes a structure's card.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._geometry import Point
from calflib._schema import EntryReader, entries, known_tables, unique_ids
from calflib.errors import ContentError, did_you_mean
from calflib.loader import builtin_content, builtin_folder, read_toml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "KINDS",
    "SIDES",
    "VIEWBOX",
    "AnatomyChart",
    "Hotspot",
    "Landmark",
    "Structure",
    "load_anatomy",
]

#: Width and height of the leg's coordinate system (SVG viewBox "0 0 240 480").
VIEWBOX: tuple[int, int] = (240, 480)
#: The kinds of structure a content entry can be.
KINDS = ("muscle", "tendon", "bone", "caution_zone")
#: The sides of the leg a label can be on (medial: inner, on the viewer's left).
SIDES = ("medial", "lateral")
_DEPTHS = ("surface", "deep")
_FILE = "anatomy.toml"


@dataclass(frozen=True)
class Structure:
    """One labelled region of the calf: what it is, what it does, how to treat it, where it is."""

    id: str
    name: str
    label: str
    kind: str
    depth: str
    label_side: str
    description: str
    massage_notes: str
    sources: tuple[str, ...]
    region: tuple[Point, ...]
    label_at: Point

    @property
    def no_pressure(self) -> bool:
        """True for a caution zone (an endangerment site): no pressure there."""
        return self.kind == "caution_zone"


@dataclass(frozen=True)
class Landmark:
    """A thin guide line drawn with the outline (knee crease, ankle bones)."""

    id: str
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Hotspot:
    """A spot on a structure worth pointing at, such as where strains usually happen."""

    id: str
    label: str
    structure: str
    at: Point
    radius: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AnatomyChart:
    """Everything in ``anatomy.toml``: the outline, landmarks, structures and hotspots."""

    title: str
    medial_label: str
    lateral_label: str
    convention: str
    outline: tuple[Point, ...]
    landmarks: tuple[Landmark, ...]
    structures: tuple[Structure, ...]
    hotspots: tuple[Hotspot, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The structure ids, in drawing order."""
        return tuple(s.id for s in self.structures)

    def structure(self, ident: str) -> Structure:
        """The structure with this id; an unknown id raises ValueError with a suggestion."""
        for s in self.structures:
            if s.id == ident:
                return s
        raise ValueError(
            f"unknown structure {ident!r}{did_you_mean(ident, self.ids)}; "
            f"known structures are {', '.join(self.ids)}"
        )


# --- loading -------------------------------------------------------------------------------------


def _source_keys(root: Traversable | Path) -> set[str]:
    if root.joinpath("sources.toml").is_file():
        doc = read_toml(root, "sources.toml")
        return {str(item.get("key")) for item in entries("sources.toml", doc, "source")}
    return set(builtin_content().sources)


def _structures(doc: Mapping[str, object], known: set[str]) -> tuple[Structure, ...]:
    result: list[Structure] = []
    for i, data in enumerate(entries(_FILE, doc, "structure")):
        r = EntryReader(_FILE, "structure", data, i)
        result.append(
            Structure(
                id=r.identifier(),
                name=r.text("name"),
                label=r.text("label"),
                kind=r.choice("kind", KINDS),
                depth=r.choice("depth", _DEPTHS, "surface"),
                label_side=r.choice("label_side", SIDES),
                description=r.text("description"),
                massage_notes=r.text("massage_notes"),
                sources=r.source_keys(known),
                region=r.points("region", VIEWBOX, minimum=3),
                label_at=r.point("label_at", VIEWBOX),
            )
        )
        r.finish()
    unique_ids(_FILE, "structure", (s.id for s in result))
    return tuple(result)


def _landmarks(doc: Mapping[str, object]) -> tuple[Landmark, ...]:
    if "landmark" not in doc:
        return ()
    result: list[Landmark] = []
    for i, data in enumerate(entries(_FILE, doc, "landmark")):
        r = EntryReader(_FILE, "landmark", data, i)
        result.append(
            Landmark(id=r.identifier(), name=r.text("name"), points=r.points("points", VIEWBOX))
        )
        r.finish()
    unique_ids(_FILE, "landmark", (m.id for m in result))
    return tuple(result)


def _hotspots(
    doc: Mapping[str, object], known: set[str], structures: Sequence[Structure]
) -> tuple[Hotspot, ...]:
    if "hotspot" not in doc:
        return ()
    ids = [s.id for s in structures]
    result: list[Hotspot] = []
    for i, data in enumerate(entries(_FILE, doc, "hotspot")):
        r = EntryReader(_FILE, "hotspot", data, i)
        structure = r.text("structure")
        r.check_refs("structure", [structure], ids, "structure")
        result.append(
            Hotspot(
                id=r.identifier(),
                label=r.text("label"),
                structure=structure,
                at=r.point("at", VIEWBOX),
                radius=r.number("radius", 1),
                sources=r.source_keys(known),
            )
        )
        r.finish()
    unique_ids(_FILE, "hotspot", (h.id for h in result))
    return tuple(result)


def load_anatomy(folder: Traversable | Path | None = None) -> AnatomyChart:
    """Load and check ``anatomy.toml`` from ``folder`` (default: the built-in content, cached).

    Source keys are checked against ``sources.toml`` in the same folder (or the built-in one).
    """
    if folder is None:
        return _default_chart()
    return _load(folder)


@functools.cache
def _default_chart() -> AnatomyChart:
    return _load(builtin_folder())


def _load(root: Traversable | Path) -> AnatomyChart:
    doc = read_toml(root, _FILE)
    known_tables(_FILE, doc, ("chart", "structure", "landmark", "hotspot"))  # typos first
    known = _source_keys(root)
    raw_chart = doc.get("chart")
    if not isinstance(raw_chart, dict):
        raise ContentError(_FILE, "missing the [chart] table (title, side labels and outline)")
    c = EntryReader(_FILE, "chart", raw_chart, entry="[chart]")
    structures = _structures(doc, known)
    chart = AnatomyChart(
        title=c.text("title"),
        medial_label=c.text("medial_label"),
        lateral_label=c.text("lateral_label"),
        convention=c.text("convention"),
        outline=c.points("outline", VIEWBOX, minimum=3),
        landmarks=_landmarks(doc),
        structures=structures,
        hotspots=_hotspots(doc, known, structures),
    )
    c.finish()
    return chart
