"""The teacher's commands with awkward file names: outputs that must not or cannot be written,
CSV on the screen, and packs named twice or checked together (run in-process with ``cli.main``)."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from calflib.cli import main
from calflib.packs import PACKS_ENV, clear_packs
from calflib.progress import ProgressStore

PACK = Path(__file__).parent / "data" / "pack-our-class"


@pytest.fixture(autouse=True)
def _forget_packs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    clear_packs()
    yield
    clear_packs()


def _exports(folder: Path, *names: str) -> list[Path]:
    """One export per learner name, each with one answer."""
    store = ProgressStore("default", folder / "store")
    store.record_quiz("pe-what-to-do", "call-emergency", True)
    return [
        store.export(folder / f"{name.strip() or 'x'}-{i}.json", name=name)
        for i, name in enumerate(names)
    ]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``calflib ARGS`` in this process: exit status, stdout, stderr."""
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_csv_never_takes_an_export_as_its_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(1) `--csv exports/*.json` would take the first export as the table: refused, and the
    export is left as it was."""
    first, second = _exports(tmp_path, "Ana", "Ben")
    before = first.read_bytes()
    status, _, err = run(capsys, "class-report", "--csv", first, second)
    assert status == 1 and "--csv" in err and "must not end in .json" in err
    assert first.read_bytes() == before


def test_outputs_that_are_inputs_or_other_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(1) --grades naming an input (the roster), or an existing non-.csv file, is refused."""
    (export,) = _exports(tmp_path, "Ana")
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,email\nAna,ana@example.org\n", encoding="utf-8")
    status, _, err = run(
        capsys,
        "class-report",
        export,
        "--csv",
        tmp_path / "c.csv",
        "--grades",
        roster,
        "--roster",
        roster,
    )
    assert status == 1 and "--grades" in err and "one of the files to read" in err
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    status, _, err = run(capsys, "class-report", export, "--csv", notes)
    assert (
        status == 1 and "is not a .csv file" in err and notes.read_text(encoding="utf-8") == "mine"
    )


def test_a_csv_on_the_screen_gets_no_status_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """(11) With --csv -, the status lines go to stderr, so stdout is only the CSV; --grades -
    is refused, never a file called '-'."""
    (export,) = _exports(tmp_path, "Ana")
    grades = tmp_path / "g.csv"
    status, out, err = run(capsys, "class-report", export, "--csv", "-", "--grades", grades)
    assert status == 0 and out.startswith("learner,chapter,") and "wrote grades" in err
    assert "wrote" not in out
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "class-report", export, "--csv", "c.csv", "--grades", "-")
    assert status == 1 and "--grades must name a file" in err and not Path("-").exists()


_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(_ROOT, reason="root may write to a read-only folder")
def test_a_read_only_folder_is_a_plain_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(9) A folder that cannot be written to: 'cannot write X (reason)', no traceback."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        status, _, err = run(capsys, "answer-key", "--out", locked / "key.md")
    finally:
        locked.chmod(stat.S_IRWXU)
    assert status == 1 and err.startswith(f"calflib: error: cannot write {locked / 'key.md'} (")


@pytest.mark.parametrize(
    "command",
    [
        ["answer-key", "--out", "{missing}/key.md"],
        ["answer-key", "--out", "{folder}"],
        ["gift", "{missing}/bank.gift"],
        ["gift", "{folder}/q.gift"],
        ["class-report", "{export}", "--csv", "{missing}/c.csv"],
        ["class-report", "{export}", "--csv", "{folder}/c.csv"],
        ["class-report", "{export}", "--csv", "c.csv", "--grades", "{missing}/g.csv"],
        ["rubric", "sheet", "--learners", "{names}", "-o", "{missing}/obs.csv"],
        ["rubric", "sheet", "--learners", "{names}", "-o", "{folder}/obs.csv"],
    ],
)
def test_unwritable_outputs_are_named_without_a_traceback(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    """(9) A missing folder, or a folder where the file should be: exit 1, one line naming the
    file and the reason; a folder never says 'add --force'."""
    monkeypatch.chdir(tmp_path)
    (export,) = _exports(tmp_path, "Ana")
    (tmp_path / "names.txt").write_text("Ana\n", encoding="utf-8")
    for name in ("q.gift", "c.csv", "obs.csv"):
        (tmp_path / "folder" / name).mkdir(parents=True)
    places = {
        "missing": tmp_path / "no-such",
        "folder": tmp_path / "folder",
        "export": export,
        "names": tmp_path / "names.txt",
    }
    status, _, err = run(capsys, *(part.format(**places) for part in command))
    assert status == 1 and err.startswith("calflib: error: cannot write ")
    assert "Traceback" not in err and "--force" not in err and len(err.splitlines()) == 1


def test_rubric_sheet_never_replaces_a_filled_in_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(2) An existing sheet is left as it is unless --force."""
    names = tmp_path / "names.txt"
    names.write_text("Ana\n", encoding="utf-8")
    sheet = tmp_path / "obs.csv"
    sheet.write_text("filled in", encoding="utf-8")
    status, _, err = run(capsys, "rubric", "sheet", "--learners", names, "-o", sheet)
    assert status == 1 and "already exists" in err and "--force" in err
    assert sheet.read_text(encoding="utf-8") == "filled in"
    status, _, _ = run(capsys, "rubric", "sheet", "--learners", names, "-o", sheet, "--force")
    assert status == 0 and sheet.read_text(encoding="utf-8").startswith("learner,stroke,")


def test_gift_refuses_a_question_moodle_cannot_take(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(10) A pick-all question with 11 right options: check warns, gift says why, no traceback."""
    pack = tmp_path / "pack"
    pack.mkdir()
    options = (
        "".join(
            f'\n[[question.option]]\nid = "o{i}"\ntext = "Statement {i}"\ncorrect = true\n'
            'feedback = "Yes."\n'
            for i in range(11)
        )
        + '\n[[question.option]]\nid = "no"\ntext = "Wrong"\nfeedback = "No."\n'
    )
    (pack / "questions.toml").write_text(
        '[[question]]\nid = "pack-many"\nobjective = "recognise-dvt-signs"\nkind = "multiple"\n'
        'prompt = "Pick all."\nexplanation = "All but one."\nsources = ["S3"]\n' + options,
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "check", pack)
    assert status == 0 and "WARNING: question 'pack-many' has 11 right options" in out
    target = tmp_path / "bank.gift"
    status, _, err = run(capsys, "gift", target, "--pack", pack)
    assert status == 1 and "at most 10" in err and "nothing was written" in err
    assert not target.exists()


def test_check_checks_packs_together_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(4, 6) `check pa pb`: each alone is OK, together the second names the first; the OK line
    says what the pack holds."""
    first, second = tmp_path / "pa", tmp_path / "pb"
    shutil.copytree(PACK, first)
    shutil.copytree(PACK, second)
    status, out, _ = run(capsys, "check", first)
    assert status == 0 and out.startswith(f"{first}: OK: 1 scenario, 3 questions, 1 source")
    status, out, _ = run(capsys, "check", first, second)
    assert status == 1 and out.startswith(f"{first}: OK: ")
    assert f"{second}: " in out and f"pack '{first}' already holds it" in out


def test_a_pack_in_the_environment_and_with_pack_is_used_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """(7) The same pack in CALFLIB_PACKS (by a symlink) and with --pack (relative) is one pack."""
    shutil.copytree(PACK, tmp_path / "ours")
    (tmp_path / "link").symlink_to(tmp_path / "ours")
    monkeypatch.setenv(PACKS_ENV, str(tmp_path / "link"))
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "answer-key", "--pack", "ours")
    assert status == 0, err
    assert out.count("**pack-myth**") == 1


def test_a_practical_name_with_no_export_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(20) A name on the observation sheet that matches no export is named on stderr."""
    (export,) = _exports(tmp_path, "Ana")
    sheet = tmp_path / "obs.csv"
    names = tmp_path / "names.txt"
    names.write_text("Anna\n", encoding="utf-8")
    assert run(capsys, "rubric", "sheet", "--learners", names, "-o", sheet)[0] == 0
    status, out, err = run(capsys, "class-report", export, "--csv", "-", "--practical", sheet)
    assert status == 0 and "calflib: note:" in err and "no export for Anna" in err
    assert out.startswith("learner,")
