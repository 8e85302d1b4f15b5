"""The practical-skills observation sheet: a blank CSV for a teacher, and reading it back.

``calflib rubric sheet --learners names.txt -o obs.csv`` writes :func:`blank_sheet`: one row per
learner and stroke, a column per rubric criterion (``safe_<id>``: yes/no; ``good_<id>``:
yes/no/partly) and ``notes``. The teacher fills it in a spreadsheet, and
``calflib class-report ... --practical obs.csv`` reads it with :func:`read_observations` and
adds each learner's practical results beside the quiz scores (:func:`add_practical`).

Rules, pinned by ``tests/test_rubric_sheet.py``:

1. An empty cell means *not observed*, never a pass. A stroke is *safe* only when every SAFE cell
   says yes; one "no" makes it NOT SAFE whatever the GOOD cells say (see :mod:`calflib.rubric`).
2. A broken sheet is refused as a whole with an :class:`ObservationError` naming the file, the
   row (as a spreadsheet numbers it: the header is row 1), the column and what was expected.
3. Text written to a CSV goes through ``teacher.spreadsheet_text``, so no cell runs as a
   formula; a learner's name is read back without the guarding apostrophe.
4. Learners are matched between the sheet and the exports ignoring case and outer spaces.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from calflib.errors import did_you_mean
from calflib.rubric import Rubric, load_rubric
from calflib.teacher import spreadsheet_text

__all__ = [
    "Observation",
    "ObservationError",
    "add_practical",
    "blank_sheet",
    "read_learners",
    "read_observations",
    "sheet_columns",
    "unmatched_learners",
]

_SAFE = ("yes", "no")
_GOOD = ("yes", "no", "partly")


class ObservationError(ValueError):
    """A teacher's learners list or observation sheet cannot be used: where, and how to fix it."""

    def __init__(
        self, file: str, problem: str, *, row: int | None = None, column: str = ""
    ) -> None:
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = [file]
        if row is not None:
            where.append(f"row {row}" if not column else f"row {row}, column '{column}'")
        super().__init__(": ".join([*where, problem]))


@dataclass(frozen=True)
class Observation:
    """One learner's observed stroke: each SAFE tick (None = not observed), each GOOD tick."""

    learner: str
    stroke: str
    safe: tuple[tuple[str, bool | None], ...]
    good: tuple[tuple[str, str | None], ...]
    notes: str = ""

    @property
    def failed(self) -> tuple[str, ...]:
        """The SAFE criteria ticked "no"."""
        return tuple(cid for cid, ok in self.safe if ok is False)

    @property
    def observed(self) -> bool:
        """True when at least one cell was filled in."""
        return any(v is not None for _, v in self.safe) or any(v for _, v in self.good)

    @property
    def is_safe(self) -> bool:
        """Every SAFE criterion observed and ticked yes."""
        return all(ok is True for _, ok in self.safe)

    def summary(self, rubric: Rubric) -> str:
        """In words, for the class report: NOT SAFE (why), safe (with GOOD ticks), or how far
        it was observed."""
        names = {c.id: c.name for c in rubric.criteria}
        if self.failed:
            return "NOT SAFE: " + "; ".join(names[cid] for cid in self.failed)
        if not self.observed:
            return "not observed"
        if not self.is_safe:
            checked = sum(1 for _, ok in self.safe if ok is not None)
            return f"safe items not all checked ({checked} of {len(self.safe)})"
        good = [v for _, v in self.good]
        partly = good.count("partly")
        part = f", {partly} partly" if partly else ""
        return f"safe; good {good.count('yes')} of {len(good)}{part}"


def sheet_columns(rubric: Rubric | None = None) -> list[str]:
    """The sheet's header: learner, stroke, a column per criterion (safe first), notes."""
    rubric = rubric or load_rubric()
    return ["learner", "stroke", *(c.column for c in rubric.safe + rubric.good), "notes"]


def read_learners(path: Path | str) -> list[str]:
    """Names from a text file, one a line; blank lines and lines starting with # are skipped."""
    file = str(path)
    names: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        key = name.casefold()
        if key in seen:
            raise ObservationError(
                file, f"line {number}: '{name}' is already on line {seen[key]}; list each once"
            )
        seen[key] = number
        names.append(name)
    if not names:
        raise ObservationError(file, "no names found; write one learner's name a line")
    return names


def blank_sheet(learners: Iterable[str], rubric: Rubric | None = None) -> str:
    """The blank observation sheet as CSV (CRLF line ends): a row per learner and stroke."""
    rubric = rubric or load_rubric()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = sheet_columns(rubric)
    writer.writerow(columns)
    for learner in learners:
        for stroke in rubric.strokes:
            blanks = [""] * (len(columns) - 2)
            writer.writerow([spreadsheet_text(learner), stroke.technique, *blanks])
    return out.getvalue()


def read_observations(path: Path | str, rubric: Rubric | None = None) -> tuple[Observation, ...]:
    """Read a filled-in observation sheet; raise ObservationError naming row and column."""
    rubric = rubric or load_rubric()
    file = str(path)
    text = _read_text(path)
    first = text.split("\n", 1)[0]
    # A spreadsheet set to a European locale saves with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ObservationError(file, "the file is empty; start from 'calflib rubric sheet'")
    # Column and stroke names as typed in a spreadsheet: "Learner", "Effleurage" are fine.
    header = [h.strip().lower() for h in rows[0]]
    place = _columns(file, header, sheet_columns(rubric))
    strokes = [s.technique for s in rubric.strokes]
    stroke_names = {s.casefold(): s for s in strokes}
    seen: dict[tuple[str, str], int] = {}
    result = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets often leave empty rows at the end

        def cell(column: str, row: Sequence[str] = row) -> str:
            index = place[column]
            return row[index].strip() if index < len(row) else ""

        learner = _unguard(cell("learner"))
        if not learner:
            raise ObservationError(
                file, "empty; write the learner's name", row=number, column="learner"
            )
        stroke = stroke_names.get(cell("stroke").casefold(), cell("stroke"))
        if stroke not in strokes:
            raise ObservationError(
                file,
                f"unknown stroke '{stroke}'{did_you_mean(stroke, strokes)}; the strokes are "
                f"{', '.join(strokes)}",
                row=number,
                column="stroke",
            )
        key = (learner.casefold(), stroke)
        if key in seen:
            raise ObservationError(
                file,
                f"{learner} and '{stroke}' are already on row {seen[key]}; keep one row per "
                "learner and stroke (put a second try in the notes)",
                row=number,
            )
        seen[key] = number
        safe = tuple(
            (c.id, _answer(file, number, c.column, cell(c.column), _SAFE)) for c in rubric.safe
        )
        good = tuple(
            (c.id, _answer(file, number, c.column, cell(c.column), _GOOD)) for c in rubric.good
        )
        result.append(
            Observation(
                learner=learner,
                stroke=stroke,
                safe=tuple((cid, None if v is None else v == "yes") for cid, v in safe),
                good=good,
                notes=cell("notes"),
            )
        )
    return tuple(result)


def add_practical(
    report: str, observations: Iterable[Observation], rubric: Rubric | None = None
) -> str:
    """The class report CSV with practical columns added: ``practical_safe`` (strokes safe of
    strokes observed, and which were not safe) and ``practical_<stroke>`` per stroke.

    A learner with observations but no export gets a row of their own.
    """
    rubric = rubric or load_rubric()
    by_learner: dict[str, list[Observation]] = {}
    names: dict[str, str] = {}
    for obs in observations:
        by_learner.setdefault(obs.learner.casefold(), []).append(obs)
        names.setdefault(obs.learner.casefold(), obs.learner)
    rows = list(csv.reader(io.StringIO(report)))
    header, body = rows[0], rows[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [*header, "practical_safe", *(f"practical_{s.technique}" for s in rubric.strokes)]
    )
    reported: set[str] = set()
    for row in body:
        key = _unguard(row[0]).strip().casefold()
        reported.add(key)
        writer.writerow([*row, *_practical_cells(by_learner.get(key, []), rubric)])
    for key, own in by_learner.items():
        if key not in reported:
            blanks = [""] * (len(header) - 1)
            writer.writerow([spreadsheet_text(names[key]), *blanks, *_practical_cells(own, rubric)])
    return out.getvalue()


def unmatched_learners(report: str, observations: Iterable[Observation]) -> tuple[str, ...]:
    """Learners observed on the sheet with no row in the class report (no export, or a name
    typed differently): each gets a row of their own, and the teacher should be told."""
    rows = list(csv.reader(io.StringIO(report)))[1:]
    reported = {_unguard(row[0]).strip().casefold() for row in rows if row}
    names = dict.fromkeys(o.learner for o in observations if o.learner.casefold() not in reported)
    return tuple(names)


def _practical_cells(own: list[Observation], rubric: Rubric) -> list[str]:
    by_stroke = {o.stroke: o for o in own}
    seen = [o for o in own if o.observed]
    unsafe = [o.stroke for o in own if o.failed]
    overall = f"{sum(1 for o in seen if o.is_safe)} of {len(seen)} observed strokes safe"
    if unsafe:
        overall += "; NOT SAFE: " + ", ".join(unsafe)
    if not own:
        overall = "not observed"
    cells = [
        by_stroke[s.technique].summary(rubric) if s.technique in by_stroke else "not observed"
        for s in rubric.strokes
    ]
    return [spreadsheet_text(c) for c in (overall, *cells)]


def _columns(file: str, header: list[str], expected: list[str]) -> dict[str, int]:
    place = {name: i for i, name in enumerate(header) if name}
    for column in expected:
        if column not in place:
            others = [h for h in header if h not in expected]
            raise ObservationError(
                file,
                f"missing column '{column}'{did_you_mean(column, others)}; the first row must "
                f"name the columns {', '.join(expected)} (start from 'calflib rubric sheet')",
                row=1,
            )
    return place


def _answer(file: str, row: int, column: str, value: str, allowed: tuple[str, ...]) -> str | None:
    word = value.strip().lower()
    if not word:
        return None
    if word not in allowed:
        choices = " or ".join([", ".join(allowed[:-1]), allowed[-1]])
        raise ObservationError(
            file,
            f"'{value}' is not an answer here; write {choices}, or leave it empty if you did "
            "not see it",
            row=row,
            column=column,
        )
    return word


def _unguard(text: str) -> str:
    """A cell as the teacher meant it: the apostrophe that kept a formula from running dropped."""
    if text.startswith("'") and spreadsheet_text(text[1:]) == text:
        return text[1:]
    return text


def _read_text(path: Path | str) -> str:
    file = str(path)
    try:
        # utf-8-sig: spreadsheets saving "CSV UTF-8" put a byte-order mark first
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ObservationError(file, "file not found; check the name and folder") from None
    except UnicodeDecodeError:
        raise ObservationError(
            file, "cannot be read as text; save it from your spreadsheet as 'CSV UTF-8'"
        ) from None
    except OSError as exc:
        raise ObservationError(file, f"cannot be read ({exc.strerror or exc})") from None
