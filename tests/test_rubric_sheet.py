"""Tests for the observation sheet (calflib/rubric_sheet.py) and its commands, run as a teacher
would: `calflib rubric sheet` and `calflib class-report --practical`."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from calflib.progress import ProgressStore
from calflib.rubric import load_rubric
from calflib.rubric_sheet import (
    ObservationError,
    add_practical,
    blank_sheet,
    read_learners,
    read_observations,
    sheet_columns,
    unmatched_learners,
)

COLUMNS = [
    "learner",
    "stroke",
    "safe_screened",
    "safe_stop_rules",
    "safe_pressure",
    "safe_no_go_zones",
    "good_form",
    "good_direction",
    "good_timing",
    "notes",
]


def calflib(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the calflib command line in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "calflib.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=dict(os.environ),
    )


def _sheet(tmp_path: Path, rows: list[list[str]], *, delimiter: str = ",") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path = tmp_path / "obs.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def test_the_columns_are_learner_stroke_each_criterion_and_notes() -> None:
    """SAFE columns first, then GOOD, then notes: the order a teacher fills them in."""
    assert sheet_columns() == COLUMNS


def test_the_blank_sheet_has_a_row_per_learner_and_stroke() -> None:
    """Two learners and eight strokes make sixteen rows with empty criterion cells."""
    rows = list(csv.reader(io.StringIO(blank_sheet(["Ada", "Bo"]))))
    assert rows[0] == COLUMNS
    assert len(rows) == 1 + 2 * len(load_rubric().strokes)
    assert rows[1][:2] == ["Ada", "effleurage"] and rows[-1][:2] == ["Bo", "massage_gun"]
    assert all(cell == "" for row in rows[1:] for cell in row[2:])


def test_a_formula_name_is_written_as_text_and_read_back_as_typed(tmp_path: Path) -> None:
    """A learner called =SUM(A1) is written '=SUM(A1) and read back without the apostrophe."""
    text = blank_sheet(["=SUM(A1)"])
    assert text.splitlines()[1].startswith("'=SUM(A1),")
    path = tmp_path / "obs.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert {o.learner for o in read_observations(path)} == {"=SUM(A1)"}


def test_the_learners_file_skips_blanks_and_comments_and_refuses_repeats(tmp_path: Path) -> None:
    """One name a line; blank and # lines skipped; a name twice is an error naming both lines."""
    path = tmp_path / "names.txt"
    path.write_text("# class 3B\nAda\n\n Bo \n", encoding="utf-8")
    assert read_learners(path) == ["Ada", "Bo"]
    path.write_text("Ada\nBo\nada\n", encoding="utf-8")
    with pytest.raises(ObservationError, match="line 3: 'ada' is already on line 1"):
        read_learners(path)


def test_ticks_become_safe_not_safe_or_not_observed(tmp_path: Path) -> None:
    """All SAFE yes is safe; one no is NOT SAFE whatever GOOD says; empty is not observed."""
    path = _sheet(
        tmp_path,
        [
            ["Ada", "effleurage", "yes", "Yes", "YES", "yes", "yes", "partly", "no", ""],
            ["Ada", "tapotement", "yes", "yes", "yes", "no", "yes", "yes", "yes", "on the knee"],
            ["Ada", "rolling", "", "", "", "", "", "", "", ""],
            ["Ada", "friction", "yes", "", "yes", "", "", "", "", ""],
        ],
    )
    rubric = load_rubric()
    found = {o.stroke: o for o in read_observations(path)}
    assert found["effleurage"].is_safe
    assert found["effleurage"].summary(rubric) == "safe; good 1 of 3, 1 partly"
    assert found["tapotement"].summary(rubric) == "NOT SAFE: Keeps off the no-go zones"
    assert found["tapotement"].notes == "on the knee"
    assert found["rolling"].summary(rubric) == "not observed"
    assert found["friction"].summary(rubric) == "safe items not all checked (2 of 4)"


@pytest.mark.parametrize(
    ("row", "line", "column", "problem"),
    [
        (["Ada", "effleurage", "maybe"], 2, "safe_screened", "write yes or no, or leave it"),
        (["Ada", "effleurage", "", "", "", "", "sort of"], 2, "good_form", "yes, no or partly"),
        (["Ada", "efleurage"], 2, "stroke", "did you mean 'effleurage'"),
        (["", "effleurage"], 2, "learner", "write the learner's name"),
    ],
)
def test_a_broken_cell_is_named_by_row_and_column(
    tmp_path: Path, row: list[str], line: int, column: str, problem: str
) -> None:
    """A teacher's slip names the file, the spreadsheet row, the column and what to write."""
    path = _sheet(tmp_path, [row + [""] * (len(COLUMNS) - len(row))])
    with pytest.raises(ObservationError) as exc:
        read_observations(path)
    assert (exc.value.file, exc.value.row, exc.value.column) == (str(path), line, column)
    assert problem in str(exc.value)


def test_a_repeated_row_and_a_missing_column_are_refused(tmp_path: Path) -> None:
    """The same learner and stroke twice names both rows; a renamed column is named."""
    blank = [""] * (len(COLUMNS) - 2)
    path = _sheet(tmp_path, [["Ada", "rolling", *blank], ["ADA ", "rolling", *blank]])
    with pytest.raises(ObservationError, match="row 3: ADA and 'rolling' are already on row 2"):
        read_observations(path)
    path.write_text(path.read_text().replace("safe_pressure", "safe_presure"), encoding="utf-8")
    with pytest.raises(ObservationError) as exc:
        read_observations(path)
    assert exc.value.row == 1
    assert "missing column 'safe_pressure' (did you mean 'safe_presure'?)" in str(exc.value)


def test_spreadsheet_quirks_are_read(tmp_path: Path) -> None:
    """Semicolons (a European spreadsheet), a byte-order mark and empty rows at the end."""
    path = _sheet(
        tmp_path, [["Ada", "rolling", "yes", "", "", "", "", "", "", ""], [""] * 10], delimiter=";"
    )
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    [only] = read_observations(path)
    assert only.learner == "Ada" and only.safe[0] == ("screened", True)


def test_an_unreadable_file_is_a_plain_error(tmp_path: Path) -> None:
    """A missing file or one saved in another encoding says what to do, never a traceback."""
    with pytest.raises(ObservationError, match="file not found"):
        read_observations(tmp_path / "nope.csv")
    (tmp_path / "latin.csv").write_bytes(",".join(COLUMNS).encode() + b"\r\nJos\xe9,rolling\r\n")
    with pytest.raises(ObservationError, match="CSV UTF-8"):
        read_observations(tmp_path / "latin.csv")


def test_practical_columns_are_added_beside_each_learners_rows(tmp_path: Path) -> None:
    """Every report row gets its learner's practical results (matched ignoring case); a learner
    observed but without an export gets a row of their own."""
    path = _sheet(
        tmp_path,
        [
            ["ada", "effleurage", "yes", "yes", "yes", "yes", "yes", "yes", "yes", ""],
            ["ada", "tapotement", "yes", "no", "yes", "yes", "", "", "", ""],
            ["Cy", "rolling", "yes", "yes", "yes", "yes", "", "", "", ""],
        ],
    )
    report = "learner,objective,score\r\nAda,a,1\r\nAda,b,0\r\nBo,a,1\r\n"
    rows = list(csv.DictReader(io.StringIO(add_practical(report, read_observations(path)))))
    assert [r["learner"] for r in rows] == ["Ada", "Ada", "Bo", "Cy"]
    ada = rows[0]
    assert ada["practical_safe"] == "1 of 2 observed strokes safe; NOT SAFE: tapotement"
    assert ada["practical_effleurage"] == "safe; good 3 of 3"
    assert ada["practical_tapotement"] == "NOT SAFE: Checks in and stops"
    assert rows[2]["practical_safe"] == "not observed"
    assert rows[3]["objective"] == "" and rows[3]["practical_rolling"] == "safe; good 0 of 3"


def test_the_commands_work_end_to_end(tmp_path: Path) -> None:
    """rubric sheet writes the blank sheet; class-report --practical adds the results; a broken
    sheet stops the report with the row and column, exit status 1."""
    (tmp_path / "names.txt").write_text("Ada\n", encoding="utf-8")
    done = calflib("rubric", "sheet", "--learners", "names.txt", "-o", "obs.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 learner and 8 strokes (8 rows)" in done.stdout
    sheet = (tmp_path / "obs.csv").read_text(encoding="utf-8")
    filled = sheet.replace("Ada,effleurage,,,,,,,,", "Ada,effleurage,yes,yes,yes,yes,yes,yes,no,")
    (tmp_path / "obs.csv").write_text(filled, encoding="utf-8", newline="")
    store = ProgressStore("default", tmp_path / "home")
    export = store.export(tmp_path / "ada.json", name="Ada")
    done = calflib(
        "class-report", str(export), "--csv", "-", "--practical", "obs.csv", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and all(r["practical_effleurage"] == "safe; good 2 of 3" for r in rows)
    (tmp_path / "obs.csv").write_text(filled.replace(",yes,yes,no,", ",yes,yes,nope,"), "utf-8")
    done = calflib(
        "class-report", str(export), "--csv", "-", "--practical", "obs.csv", cwd=tmp_path
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "obs.csv: row 2, column 'good_timing': 'nope' is not an answer" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_sheet_command_names_a_missing_learners_file(tmp_path: Path) -> None:
    """A wrong learners path is a one-line error (exit 1) and writes no sheet."""
    done = calflib("rubric", "sheet", "--learners", "nobody.txt", "-o", "obs.csv", cwd=tmp_path)
    assert done.returncode == 1 and "nobody.txt: file not found" in done.stderr
    assert not (tmp_path / "obs.csv").exists()


def test_the_teachers_guide_names_every_criterion_and_column() -> None:
    """The guide's practical-class section lists the rubric's criteria and the sheet's columns as
    they are, so it cannot drift from rubric.toml."""
    guide = (Path(__file__).resolve().parents[1] / "docs" / "teachers-guide.md").read_text("utf-8")
    section = guide.split("### The practical-skills rubric", 1)[1].split("\n## ", 1)[0]
    flat = " ".join(section.split())
    assert all(c.name in flat for c in load_rubric().criteria)
    assert all(f"`{column}`" in flat for column in COLUMNS)
    assert "--practical obs.csv" in guide


def test_header_and_stroke_names_are_read_ignoring_case(tmp_path: Path) -> None:
    """(20) 'Learner' and 'Effleurage', as a spreadsheet user types them, are read."""
    path = _sheet(tmp_path, [["Ada", "Effleurage", "yes", "", "", "", "", "", "", ""]])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("learner,stroke", "Learner,Stroke", 1), encoding="utf-8")
    [only] = read_observations(path)
    assert (only.learner, only.stroke) == ("Ada", "effleurage")


def test_an_observed_name_with_no_export_is_named(tmp_path: Path) -> None:
    """(20) A learner on the sheet matching no report row (a typo, or no export) is named, so the
    teacher is told instead of finding a silent new row; case and spaces still match."""
    path = _sheet(
        tmp_path,
        [
            [" ada ", "rolling", "yes", "", "", "", "", "", "", ""],
            ["Adda", "rolling", "yes", "", "", "", "", "", "", ""],
        ],
    )
    report = "learner,objective\r\nAda,a\r\n"
    assert unmatched_learners(report, read_observations(path)) == ("Adda",)
