"""A small validator for content tables read with tomllib (no third-party schema library).

Each content entry is read through an :class:`EntryReader`, which knows the file and entry it is
reading so that every problem becomes a :class:`~calflib.errors.ContentError` naming the file, the
entry and the field. Unknown fields are refused, with a suggestion, so typos never pass silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from calflib.errors import ContentError, did_you_mean

__all__ = ["EntryReader", "entries"]

_T = TypeVar("_T")


def entries(file: str, document: Mapping[str, object], table: str) -> list[Mapping[str, object]]:
    """Return the array of tables ``[[table]]`` from a parsed TOML document, checked for shape."""
    raw = document.get(table)
    if raw is None:
        raise ContentError(file, f"no [[{table}]] entries found; the file must define at least one")
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ContentError(file, f"'{table}' must be written as [[{table}]] tables")
    return list(raw)


class EntryReader:
    """Reads typed fields from one content entry, remembering which fields were used."""

    def __init__(
        self,
        file: str,
        kind: str,
        data: Mapping[str, object],
        index: int = 0,
        *,
        entry: str | None = None,
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

    def text_list(self, field: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings (``required=False`` allows it to be missing or empty)."""
        value = self._get(field, list, "a list of texts in quotes", None if required else [])
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.error(field, f"every item must be non-empty text, got {item!r}")
        if required and not value:
            raise self.error(field, "must list at least one item")
        return tuple(item.strip() for item in value)

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

    def finish(self) -> None:
        """Refuse fields the model does not know, so a misspelt field never passes silently."""
        for field in self.data:
            if field not in self._used:
                raise self.error(
                    field,
                    f"unknown field{did_you_mean(field, self._used)}; "
                    f"known fields are {', '.join(sorted(self._used))}",
                )
