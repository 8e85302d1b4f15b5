"""A grades CSV that Moodle's gradebook imports (Grades > Import > CSV file), from the report.

Moodle's CSV import needs one column that identifies each user (it matches it against the user's
email address, username, ID number or user id: the teacher picks which under "Identify user by")
and then one column per grade item (each mapped, on import, to an existing grade item or to a
new one). So the file has:

* ``email`` (or ``username``): from a roster the teacher gives (``learner,email`` per line,
  matched to the name a learner typed when exporting); without a roster, the exported name itself,
  which works when learners typed their Moodle username or email as their name;
* per chapter, ``<chapter> first try (%)``: the share of the chapter's questions right at the
  first try, 0-100 with one decimal and a point (Moodle's default decimal separator);
* ``All chapters first try (%)`` and ``All objectives mastered (%)``;
* with the final check's rounds (``final``): ``Final check passed (1 = yes)`` and ``Final check
  best finished round (%)`` (first-try right answers of its best finished round). Both are empty
  for a learner who never finished a round: Moodle then leaves the grade empty rather than
  recording a 0 for a check not taken.

Every text cell is spreadsheet-safe (``calflib.teacher.spreadsheet_text``). Pure functions.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from calflib.final_check import Band, FinalRound
from calflib.teacher import ReportRow, csv_text

__all__ = ["FINAL_COLUMNS", "GradesTable", "grades_table", "read_roster"]


@dataclass(frozen=True)
class GradesTable:
    """The grades CSV and what the teacher should know about it."""

    text: str
    learners: int
    unmatched: tuple[str, ...]  # learners the roster does not list (left out of the file)
    identifier: str


def read_roster(text: str, where: str) -> tuple[str, dict[str, str]]:
    """A roster CSV (header ``learner`` plus ``email`` or ``username``): the identifier's column
    name, and each learner's name -> identifier.

    Read as a spreadsheet saves it: a byte-order mark first ("CSV UTF-8") is skipped, semicolons
    (a European locale) work as well as commas, and empty rows (",,") are skipped. Raises
    ValueError naming the file, line and column when it cannot be used, and both lines when a
    learner, or an email or username, is listed twice.
    """
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    ident = next((f for f in ("email", "username") if f in fields), None)
    if "learner" not in fields or ident is None:
        raise ValueError(
            f"{where}: the first line must name the columns 'learner' and 'email' (or "
            f"'username'), e.g. learner,email; it has {', '.join(fields) or 'nothing'}"
        )
    roster: dict[str, str] = {}
    names: dict[str, int] = {}
    identifiers: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        cells = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not any(cells.values()):
            continue  # spreadsheets often leave empty rows at the end
        name, value = cells.get("learner", ""), cells.get(ident, "")
        if not name or not value:
            raise ValueError(f"{where}: line {line}: both 'learner' and '{ident}' are needed")
        for seen, key, what in ((names, name, "learner"), (identifiers, value, ident)):
            if key.casefold() in seen:
                raise ValueError(
                    f"{where}: line {line}: {what} '{key}' is already on line "
                    f"{seen[key.casefold()]}; list each learner once, each with their own {ident}"
                )
            seen[key.casefold()] = line
        roster[name] = value
    return ident, roster


def _name_key(name: str) -> str:
    """Names match ignoring case and outer spaces, as on the practical sheet and in the report."""
    return name.strip().casefold()


def _percent(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}" if total else "0.0"


def grades_table(
    rows: Sequence[ReportRow],
    roster: Mapping[str, str] | None = None,
    identifier: str = "email",
    final: Mapping[str, Sequence[FinalRound]] | None = None,
) -> GradesTable:
    """The grades CSV from the class report's rows, plus the final check's columns when
    ``final`` (each learner's rounds, :func:`calflib.final_check.final_rounds`) is given."""
    chapters = sorted({r.chapter for r in rows})
    header = [
        identifier,
        *(f"{c} first try (%)" for c in chapters),
        "All chapters first try (%)",
        "All objectives mastered (%)",
        *(FINAL_COLUMNS if final is not None else ()),
    ]
    learners = list(dict.fromkeys(r.learner for r in rows))
    by_name = None if roster is None else {_name_key(k): v for k, v in roster.items()}
    lines: list[list[object]] = []
    unmatched = []
    for learner in learners:
        mine = [r for r in rows if r.learner == learner]
        ident = learner if by_name is None else by_name.get(_name_key(learner))
        if ident is None:
            unmatched.append(learner)
            continue
        lines.append(
            [
                ident,
                *(_chapter_percent(mine, c) for c in chapters),
                _percent(sum(r.first_try_right for r in mine), sum(r.total for r in mine)),
                _percent(sum(r.mastered for r in mine), len(mine)),
                *(_final_cells(final.get(learner, ())) if final is not None else ()),
            ]
        )
    return GradesTable(csv_text(header, lines), len(lines), tuple(unmatched), identifier)


#: The final check's grade items (see the module's description).
FINAL_COLUMNS = ("Final check passed (1 = yes)", "Final check best finished round (%)")


def _final_cells(rounds: Sequence[FinalRound]) -> tuple[str, str]:
    finished = [r for r in rounds if r.band is not Band.NOT_FINISHED]
    if not finished:
        return ("", "")
    best = max(finished, key=lambda r: r.score)
    passed = "1" if any(r.passed for r in finished) else "0"
    return (passed, _percent(best.right, best.total))


def _chapter_percent(rows: Iterable[ReportRow], chapter: str) -> str:
    own = [r for r in rows if r.chapter == chapter]
    return _percent(sum(r.first_try_right for r in own), sum(r.total for r in own))
