"""The one bibliography lookup: from source keys to what a reader is told about each source.

Every content file cites sources by key (S3, S38b, ...), resolved against ``sources.toml``. The
loaders, the teacher's guide and the cards all go through these functions, so an unknown key is
reported in the same words everywhere ("unknown source key 'S5' (did you mean 'S5a'?)") and a
source is always named the same way: its title and what kind of source it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from calflib.errors import did_you_mean
from calflib.model import Source

__all__ = ["UnknownSourceKey", "check_source_keys", "look_up", "source_label"]


class UnknownSourceKey(ValueError):
    """A source key that is not in the bibliography (the message suggests the nearest key)."""

    def __init__(self, key: str, known: Iterable[str]) -> None:
        self.key = key
        super().__init__(f"unknown source key '{key}'{did_you_mean(key, known)}")


def check_source_keys(keys: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    """The keys, in order, once each is known to be in ``known`` (keys or a bibliography).

    Raises :class:`UnknownSourceKey` for the first key that is not.
    """
    known_keys = list(known)
    checked = tuple(keys)
    for key in checked:
        if key not in known_keys:
            raise UnknownSourceKey(key, known_keys)
    return checked


def look_up(keys: Iterable[str], bibliography: Mapping[str, Source]) -> dict[str, Source | None]:
    """Each key once, in order of first use, with its source (None when it is not in the
    bibliography: a card says so rather than hiding the citation)."""
    return {key: bibliography.get(key) for key in dict.fromkeys(keys)}


def source_label(source: Source) -> str:
    """How a source is named to a reader: its title and kind, e.g. "Title (peer-reviewed study)"."""
    return f"{source.title} ({source.kind_label})"
