"""A small validator for content tables read with tomllib (no third-party schema library).

Each content entry is read through an :class:`EntryReader`, which knows the file and entry it is
reading so that every problem becomes a :class:`~calflib.errors.ContentError` naming the file, the
entry and the field. Unknown fields are refused, with a suggestion, so typos never pass silently.
The shared checks every loader needs live here too: unique ids, references to known ids (source
keys against ``sources.toml``, groups, structures, ...) and points of a figure's coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from calflib._geometry import Point, fmt
from calflib.bibliography import UnknownSourceKey, check_source_keys
from calflib.errors import ContentError, did_you_mean

__all__ = ["EntryReader", "entries", "known_tables", "unique_ids"]

_T = TypeVar("_T")


def entries(file: str, document: Mapping[str, object], table: str) -> list[Mapping[str, object]]:
    """Return the array of tables ``[[table]]`` from a parsed TOML document, checked for shape."""
    raw = document.get(table)
    if raw is None:
        raise ContentError(file, f"no [[{table}]] entries found; the file must define at least one")
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ContentError(file, f"'{table}' must be written as [[{table}]] tables")
    return list(raw)


def known_tables(file: str, document: Mapping[str, object], tables: Iterable[str]) -> None:
    """Raise ContentError for a top-level table the file does not know (with a did-you-mean).

    Every loader calls this before reading entries: a misspelt ``[[itme]]`` would otherwise be a
    table nobody reads, and its entry would be lost without a word.
    """
    known = list(tables)
    unknown = [name for name in document if name not in known]  # file order: the first typo
    if unknown:
        raise ContentError(
            file,
            f"unknown table '{unknown[0]}'{did_you_mean(unknown[0], known)}; "
            f"tables this file may hold: {', '.join(known)}",
        )


def unique_ids(file: str, kind: str, ids: Iterable[str]) -> None:
    """Refuse an id used twice, naming the file and the kind of entry."""
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ContentError(file, f"{kind} id '{ident}' is used twice; ids must be unique")
        seen.add(ident)


class EntryReader:
    """Reads typed fields from one content entry, remembering which fields were used.

    ``fields``, when given, lists every field the entry may have: any other is refused at once,
    before a field is read, so a misspelt field is named as such rather than reported missing.
    """

    def __init__(
        self,
        file: str,
        kind: str,
        data: Mapping[str, object],
        index: int = 0,
        *,
        entry: str | None = None,
        fields: Iterable[str] | None = None,
    ) -> None:
        self.file = file
        self.data = data
        self._used: set[str] = set()
        raw_id = data.get("id", data.get("key"))
        if entry is not None:
            self.entry = entry
        elif isinstance(raw_id, str):
            self.entry = f"{kind} '{raw_id}'"
        else:
            self.entry = f"{kind} #{index + 1}"
        if fields is not None:
            known = tuple(fields)
            for field in data:
                if field not in known:
                    raise self.error(field, _unknown_field(field, known))

    def error(self, field: str | None, problem: str) -> ContentError:
        """Build a ContentError located at this entry (and field, when given)."""
        return ContentError(self.file, problem, entry=self.entry, field=field)

    def _get(self, field: str, expected: type[_T], what: str, default: _T | None) -> _T:
        self._used.add(field)
        if field not in self.data:
            if default is not None:
                return default
            raise self.error(field, f"missing; add {field} = <{what}>")
        value = self.data[field]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise self.error(field, f"expected {what}, got {type(value).__name__} {value!r}")
        return value

    def text(self, field: str, default: str | None = None) -> str:
        """A non-empty string field (``default`` makes it optional)."""
        value = self._get(field, str, "text in quotes", default)
        if not value.strip() and default is None:
            raise self.error(field, "is empty; write the text between the quotes")
        return value.strip()

    def identifier(self, field: str = "id") -> str:
        """An id: lower-case letters, digits, '_' and '-', starting with a letter."""
        value = self.text(field)
        ok = value[0].isalpha() and all(c.isalnum() or c in "_-" for c in value)
        if not ok or value != value.lower():
            raise self.error(
                field,
                f"'{value}' is not a valid id; use lower-case letters, digits, '_' or '-', "
                "starting with a letter",
            )
        return value

    def flag(self, field: str, default: bool) -> bool:
        """A true/false field."""
        return self._get(field, bool, "true or false", default)

    def integer(self, field: str, *, minimum: int | None = None, default: int | None = None) -> int:
        """A whole number, at least ``minimum`` when one is given."""
        value = self._get(field, int, "a whole number", default)
        if minimum is not None and value < minimum:
            raise self.error(field, f"must be at least {minimum}, got {value}")
        return value

    def number(self, field: str, minimum: float) -> float:
        """A number (whole or decimal) of at least ``minimum``."""
        value = self._get(field, object, "a number", None)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.error(field, f"expected a number of at least {fmt(minimum)}, got {value!r}")
        return float(value)

    def text_list(self, field: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings (``required=False`` allows it to be missing or empty)."""
        return self._texts(field, required)

    def _texts(self, field: str, required: bool) -> tuple[str, ...]:
        # The plain list reader: refs() uses it, so subclass hooks on prose never see ids.
        value = self._get(field, list, "a list of texts in quotes", None if required else [])
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.error(field, f"every item must be non-empty text, got {item!r}")
        if required and not value:
            raise self.error(field, "must list at least one item")
        return tuple(item.strip() for item in value)

    def check_refs(self, field: str, refs: Iterable[str], known: Iterable[str], what: str) -> None:
        """Refuse any of ``refs`` not in ``known``: "unknown <what> 'x' (did you mean ...)"."""
        known_list = list(known)
        for ref in refs:
            if ref not in known_list:
                raise self.error(field, f"unknown {what} '{ref}'{did_you_mean(ref, known_list)}")

    def refs(
        self, field: str, known: Iterable[str], what: str, *, required: bool = True
    ) -> tuple[str, ...]:
        """A list of ids that must all be in ``known`` (with a suggestion when one is not)."""
        values = self._texts(field, required)
        self.check_refs(field, values, known, what)
        return values

    def source_keys(self, known: Iterable[str], *, required: bool = True) -> tuple[str, ...]:
        """The entry's ``sources``: keys that must all be in the bibliography ``known``."""
        values = self._texts("sources", required)
        try:
            return check_source_keys(values, known)
        except UnknownSourceKey as exc:
            raise self.error("sources", str(exc)) from None

    def choice(self, field: str, choices: Iterable[str], default: str | None = None) -> str:
        """A string that must be one of ``choices``."""
        options = list(choices)
        value = self.text(field, default)
        if value not in options:
            raise self.error(
                field,
                f"'{value}' is not one of {', '.join(options)}{did_you_mean(value, options)}",
            )
        return value

    def table(self, field: str) -> Mapping[str, object] | None:
        """An optional sub-table, returned as a mapping (None when absent)."""
        self._used.add(field)
        value = self.data.get(field)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.error(field, f"expected a [table], got {type(value).__name__}")
        return value

    def tables(self, field: str, *, required: bool = True) -> list[Mapping[str, object]]:
        """An array of sub-tables (``[[entry.field]]`` in TOML)."""
        self._used.add(field)
        value = self.data.get(field)
        if value is None:
            if required:
                raise self.error(field, f"missing; add [[...{field}]] tables")
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(field, f"must be written as [[...{field}]] tables")
        return list(value)

    def point(self, field: str, bounds: tuple[float, float], *, drawing: str = "drawing") -> Point:
        """An [x, y] inside ``bounds`` (the drawing's width and height)."""
        return self._point(field, self._get(field, list, "a point [x, y]", None), bounds, drawing)

    def optional_point(
        self, field: str, bounds: tuple[float, float], *, drawing: str = "drawing"
    ) -> Point | None:
        """An optional [x, y] inside ``bounds`` (None when absent)."""
        self._used.add(field)
        raw = self.data.get(field)
        return None if raw is None else self._point(field, raw, bounds, drawing)

    def points(
        self,
        field: str,
        bounds: tuple[float, float],
        *,
        minimum: int = 2,
        drawing: str = "drawing",
    ) -> tuple[Point, ...]:
        """A list of at least ``minimum`` points [[x, y], ...] inside ``bounds``."""
        raw = self._get(field, list, "a list of points [[x, y], ...]", None)
        if len(raw) < minimum:
            raise self.error(field, f"needs at least {minimum} points [x, y], got {len(raw)}")
        return tuple(
            self._point(field, item, bounds, drawing, f"point {i + 1} ")
            for i, item in enumerate(raw)
        )

    def _point(
        self, field: str, item: object, bounds: tuple[float, float], drawing: str, where: str = ""
    ) -> Point:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in item)
        ):
            raise self.error(field, f"{where}must be two numbers [x, y], got {item!r}")
        x, y = float(item[0]), float(item[1])
        width, height = bounds
        if not (0 <= x <= width and 0 <= y <= height):
            raise self.error(
                field,
                f"{where}[{fmt(x)}, {fmt(y)}] is outside the {drawing}; x must be 0-{width} "
                f"and y 0-{height}",
            )
        return (x, y)

    def finish(self) -> None:
        """Refuse fields the model does not know, so a misspelt field never passes silently."""
        for field in self.data:
            if field not in self._used:
                raise self.error(field, _unknown_field(field, self._used))


def _unknown_field(field: str, known: Iterable[str]) -> str:
    names = list(known)
    return f"unknown field{did_you_mean(field, names)}; known fields are {', '.join(sorted(names))}"
