"""Tests for calflib.grades: the grades CSV that Moodle's gradebook imports."""

from __future__ import annotations

import csv
import io

import pytest

from calflib.grades import grades_table, read_roster
from calflib.teacher import ReportRow


def _row(learner: str, chapter: str, objective: str, first: int, total: int, mastered: bool):
    """A class-report row (right now = total)."""
    return ReportRow(
        learner=learner,
        chapter=chapter,
        objective=objective,
        answered=total,
        right=total,
        total=total,
        first_try_right=first,
        mastered=mastered,
    )


ROWS = [
    _row("Ada", "01_the_calf", "o1", 2, 4, False),
    _row("Ada", "02_when_not_to_massage", "o2", 3, 3, True),
    _row("Bo", "01_the_calf", "o1", 0, 4, False),
    _row("Bo", "02_when_not_to_massage", "o2", 1, 3, False),
]


def _table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_identifier_column_then_one_column_per_grade_item() -> None:
    """The file has the user identifier, a first-try % per chapter, and two overall grades."""
    table = grades_table(ROWS, {"Ada": "ada@example.org", "Bo": "bo@example.org"})
    rows = _table(table.text)
    assert list(rows[0]) == [
        "email",
        "01_the_calf first try (%)",
        "02_when_not_to_massage first try (%)",
        "All chapters first try (%)",
        "All objectives mastered (%)",
    ]
    assert list(rows[0].values()) == ["ada@example.org", "50.0", "100.0", "71.4", "50.0"]
    assert list(rows[1].values()) == ["bo@example.org", "0.0", "33.3", "14.3", "0.0"]
    assert table.learners == 2 and table.unmatched == ()


def test_learners_missing_from_the_roster_are_named_and_left_out() -> None:
    """A learner the roster does not list is left out of the file and named for the teacher."""
    table = grades_table(ROWS, {"Ada": "ada"}, "username")
    assert [r["username"] for r in _table(table.text)] == ["ada"]
    assert table.unmatched == ("Bo",)


def test_without_a_roster_the_exported_name_is_the_identifier() -> None:
    """With no roster, each learner's exported name is the identifier."""
    assert [r["email"] for r in _table(grades_table(ROWS).text)] == ["Ada", "Bo"]


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\t=1", "\r=1"])
def test_identifiers_and_headers_never_run_as_formulas(name: str) -> None:
    """A formula-like name or chapter is written as text (a quote before it)."""
    rows = [_row(name, name, "o", 1, 1, True)]
    cells = [
        c for line in csv.reader(io.StringIO(grades_table(rows).text, newline="")) for c in line
    ]
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert "'" + name in cells


def test_roster_reads_email_or_username() -> None:
    """A roster names its identifier column; each learner maps to it."""
    assert read_roster("learner,email\nAda,ada@example.org\n", "r.csv") == (
        "email",
        {"Ada": "ada@example.org"},
    )
    assert read_roster("Learner , Username\r\nBo , bo1\r\n", "r.csv") == ("username", {"Bo": "bo1"})


@pytest.mark.parametrize(
    ("text", "words"),
    [("name,email\nAda,a\n", "first line must name"), ("learner,email\nAda,\n", "line 2")],
)
def test_a_bad_roster_names_file_line_and_fix(text: str, words: str) -> None:
    """A roster without the right columns, or with an empty cell, is refused naming where."""
    with pytest.raises(ValueError, match=words) as caught:
        read_roster(text, "roster.csv")
    assert str(caught.value).startswith("roster.csv:")


def test_a_roster_saved_by_a_spreadsheet_is_read() -> None:
    """(8) A byte-order mark, semicolons and empty rows at the end (",,") are read as meant."""
    text = "\ufefflearner;email\r\nAda;ada@example.org\r\n;\r\n;\r\n"
    assert read_roster(text, "roster.csv") == ("email", {"Ada": "ada@example.org"})
    assert read_roster("learner,email\nBo,bo@example.org\n,\n,,\n", "r.csv")[1] == {
        "Bo": "bo@example.org"
    }


def test_roster_names_match_ignoring_case_and_spaces() -> None:
    """(8) ' ada ' in the roster is the learner exported as 'Ada'."""
    _, roster = read_roster("learner,email\n ada ,ada@example.org\nBO,bo@example.org\n", "r.csv")
    table = grades_table(ROWS, roster)
    assert table.learners == 2 and table.unmatched == ()


@pytest.mark.parametrize(
    ("second", "what"),
    [("ADA,other@example.org", "learner 'ADA'"), ("Bo,Ada@Example.org", "email 'Ada@Example.org'")],
)
def test_a_learner_or_email_listed_twice_is_refused_naming_both_lines(
    second: str, what: str
) -> None:
    """(8) The same learner (any case) or the same email twice names both lines."""
    with pytest.raises(ValueError, match=f"r.csv: line 3: {what} is already on line 2"):
        read_roster(f"learner,email\nAda,ada@example.org\n{second}\n", "r.csv")


def test_the_final_check_adds_passed_and_best_finished_round() -> None:
    """With the final check's rounds: 1 or 0 for passed (any finished round), the best finished
    round's first-try %; both empty for a learner with no finished round (no grade, not 0)."""
    from calflib.final_check import Band, FinalRound
    from calflib.grades import FINAL_COLUMNS

    rows = [*ROWS, _row("Cy", "01_the_calf", "o1", 1, 4, False)]
    final = {
        "Ada": (
            FinalRound(0, 18, 14, 18, Band.NEARLY, ()),
            FinalRound(1, 18, 18, 18, Band.PASSED, ()),
        ),
        "Bo": (
            FinalRound(0, 18, 17, 18, Band.UNSAFE, ("A story",)),
            FinalRound(1, 18, 9, 18, Band.NOT_YET, ()),
            FinalRound(2, 3, 3, 18, Band.NOT_FINISHED, ()),
        ),
        "Cy": (FinalRound(0, 5, 5, 18, Band.NOT_FINISHED, ()),),
    }
    table = _table(grades_table(rows, final=final).text)
    assert list(table[0])[-2:] == list(FINAL_COLUMNS)
    got = {r["email"]: (r[FINAL_COLUMNS[0]], r[FINAL_COLUMNS[1]]) for r in table}
    assert got == {"Ada": ("1", "100.0"), "Bo": ("0", "94.4"), "Cy": ("", "")}
    no_rounds = _table(grades_table(ROWS, final={}).text)
    assert all((r[FINAL_COLUMNS[0]], r[FINAL_COLUMNS[1]]) == ("", "") for r in no_rounds)
    assert FINAL_COLUMNS[0] not in _table(grades_table(ROWS).text)[0]
