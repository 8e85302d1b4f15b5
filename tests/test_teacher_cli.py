"""The teacher's commands, run as a teacher would: `calflib check`, `answer-key`, `class-report`."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from calflib.progress import ProgressStore


def calflib(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the calflib command line in a fresh process (``env``: extra environment variables)."""
    return subprocess.run(
        [sys.executable, "-m", "calflib.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


GOOD = """
[[scenario]]
id = "pack-walker"
title = "Sore after a charity walk"
story = "Both calves ache the day after a long walk. Nothing else is wrong."
present = ["doms_both_calves"]
expected = "clear"
teaching_point = "Soreness in both calves after unusual exercise is ordinary DOMS."
sources = ["S17"]
"""


def test_help_lists_the_teacher_commands() -> None:
    """`calflib --help` names check, answer-key and class-report; each has its own help."""
    done = calflib("--help")
    assert done.returncode == 0
    for command in ("check", "answer-key", "class-report", "gift"):
        assert command in done.stdout
        sub = calflib(command, "--help")
        assert sub.returncode == 0 and "Example:" in sub.stdout


def test_check_a_good_pack(tmp_path: Path) -> None:
    """A clean pack prints OK and exits 0."""
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "scenarios.toml").write_text(GOOD, encoding="utf-8")
    done = calflib("check", str(tmp_path / "pack"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("pack: OK: 1 scenario, 0 questions, 0 sources")


def test_check_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    """Each problem is printed with file, entry and field; the exit status is 1."""
    bad = GOOD.replace('present = ["doms_both_calves"]', 'present = ["doms_both_calf"]')
    bad += GOOD.replace('"pack-walker"', '"pack-two"').replace(
        'sources = ["S17"]', 'sources = ["S99"]'
    )
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "scenarios.toml").write_text(bad, encoding="utf-8")
    done = calflib("check", str(tmp_path / "pack"))
    assert done.returncode == 1
    assert "2 problems" in done.stdout
    assert (
        "pack/scenarios.toml: scenario 'pack-walker': field 'present': unknown finding"
        in done.stdout
    )
    assert "scenario 'pack-two': field 'sources': unknown source key 'S99'" in done.stdout


def _patterned_pack(folder: Path) -> None:
    """A pack whose five questions all have the key first and longest, and five myths."""
    text = '[[objective]]\nid = "pack-obj"\nchapter = "90_our_class"\ntext = "Know it."\n'
    for i in range(5):
        text += (
            f'\n[[question]]\nid = "pack-s{i}"\nobjective = "pack-obj"\nkind = "single"\n'
            'prompt = "Which?"\nexplanation = "Because."\nsources = ["S3"]\n'
            '\n[[question.option]]\nid = "right"\ntext = "The right and longer answer"\n'
            'correct = true\nfeedback = "Yes."\n'
            '\n[[question.option]]\nid = "wrong"\ntext = "Wrong"\nfeedback = "No."\n'
            f'\n[[question]]\nid = "pack-m{i}"\nobjective = "pack-obj"\nkind = "myth_fact"\n'
            'prompt = "A claim."\nexplanation = "Because."\nsources = ["S3"]\n'
            '\n[[question.option]]\nid = "myth"\ncorrect = true\nfeedback = "A myth."\n'
            '\n[[question.option]]\nid = "fact"\nfeedback = "A myth."\n'
        )
    folder.mkdir()
    (folder / "questions.toml").write_text(text, encoding="utf-8")


def test_check_warns_about_answer_patterns_with_figures(tmp_path: Path) -> None:
    """A pack whose keys are always first and longest, and whose statements are all myths, is
    accepted (exit 0) with one WARNING per pattern, giving the figures."""
    _patterned_pack(tmp_path / "pack")
    done = calflib("check", str(tmp_path / "pack"))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert ": OK: " in lines[0]
    warnings = [line.strip() for line in lines[1:]]
    assert len(warnings) == 3 and all(w.startswith("WARNING: ") for w in warnings)
    assert "option 1 in 5 of 5 one-answer questions (100%" in warnings[0]
    assert "longest option in 5 of 5" in warnings[1]
    assert "0 of 5 myth-or-fact statements are facts" in warnings[2]
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "scenarios.toml").write_text(GOOD, encoding="utf-8")
    assert "WARNING" not in calflib("check", str(clean)).stdout


def test_answer_key_is_generated(tmp_path: Path) -> None:
    """The key is printed (or written to a file) from the bank."""
    done = calflib("answer-key")
    assert done.returncode == 0 and done.stdout.startswith("# Answer key")
    out = tmp_path / "key.md"
    assert calflib("answer-key", "--out", str(out)).returncode == 0
    assert "**pe-what-to-do**" in out.read_text(encoding="utf-8")


def test_class_report_writes_csv(tmp_path: Path) -> None:
    """Two exports become one CSV with a row per learner and objective."""
    exports = []
    for name in ("Ada", "Bo"):
        store = ProgressStore("default", tmp_path / name)
        store.record_quiz("pe-what-to-do", ["call-emergency"], name == "Ada")
        exports.append(str(store.export(tmp_path / f"{name}.json", name=name)))
    out = tmp_path / "class.csv"
    done = calflib("class-report", *exports, "--csv", str(out))
    assert done.returncode == 0, done.stderr
    assert "for 2 learners" in done.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    ada = next(r for r in rows if r["learner"] == "Ada" and r["objective"] == "recognise-dvt-signs")
    assert ada["right_now"] == "1" and ada["answered"] == "1" and ada["first_try_right"] == "1"


def test_class_report_names_a_bad_file(tmp_path: Path) -> None:
    """A file that is not an export stops the report with a message naming it (exit 1)."""
    (tmp_path / "notes.json").write_text("[]", encoding="utf-8")
    done = calflib("class-report", str(tmp_path / "notes.json"), "--csv", "-")
    assert done.returncode == 1 and "notes.json: not a calflib progress file" in done.stderr


def test_class_report_writes_no_formula(tmp_path: Path) -> None:
    """A learner named =HYPERLINK(...) is written as text ('=HYPERLINK...), never as a formula."""
    name = '=HYPERLINK("https://evil.example","Click")'
    store = ProgressStore("default", tmp_path / "s")
    export = store.export(tmp_path / "x.json", name=name)
    out = tmp_path / "class.csv"
    done = calflib("class-report", str(export), "--csv", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows and {r["learner"] for r in rows} == {"'" + name}
    screen = calflib("class-report", str(export), "--csv", "-")
    assert screen.returncode == 0, screen.stderr
    [_, *lines] = list(csv.reader(io.StringIO(screen.stdout, newline="")))
    assert lines and {line[0] for line in lines} == {"'" + name}


def test_check_names_odd_files_without_a_traceback(tmp_path: Path) -> None:
    """A pack nested 1200 tables deep, or with a misspelt [[senario]] beside a good entry, is a
    listed problem naming the file (exit status 1), never a traceback or a silent OK."""
    deep, typo = tmp_path / "deep", tmp_path / "typo"
    for folder, text in (
        (deep, "[" + ".".join(["deep"] * 1200) + "]\nx = 1\n"),
        (typo, GOOD + GOOD.replace("[[scenario]]", "[[senario]]")),
    ):
        folder.mkdir()
        (folder / "scenarios.toml").write_text(text, encoding="utf-8")
    done = calflib("check", str(deep), str(typo))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert "deep/scenarios.toml: tables or lists are nested more than 32 levels" in done.stdout
    assert "typo/scenarios.toml: unknown table 'senario' (did you mean 'scenario'?)" in done.stdout


def test_answer_key_refuses_a_broken_pack_in_use(tmp_path: Path) -> None:
    """A broken pack named in CALFLIB_PACKS (left out of the workbook) stops the answer key with
    its problems listed, so the key never silently misses the pack's questions."""
    (tmp_path / "pack").mkdir()
    broken = GOOD.replace("teaching_point =", "teaching_piont =")
    (tmp_path / "pack" / "scenarios.toml").write_text(broken, encoding="utf-8")
    done = calflib("answer-key", env={"CALFLIB_PACKS": str(tmp_path / "pack")})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        "pack/scenarios.toml: scenario 'pack-walker': field 'teaching_piont': unknown field "
        "(did you mean 'teaching_point'?)" in done.stderr
    )


def test_class_report_writes_moodle_grades_with_a_roster(tmp_path: Path) -> None:
    """--grades with --roster writes email plus one column per grade item, and names learners the
    roster misses."""
    exports = []
    for name in ("Ada", "Bo"):
        store = ProgressStore("default", tmp_path / name)
        store.record_quiz("pe-what-to-do", ["call-emergency"], name == "Ada")
        exports.append(str(store.export(tmp_path / f"{name}.json", name=name)))
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,email\nAda,ada@example.org\n", encoding="utf-8")
    grades = tmp_path / "grades.csv"
    done = calflib(
        "class-report", *exports, "--csv", "-", "--grades", str(grades), "--roster", str(roster)
    )
    assert done.returncode == 0, done.stderr
    assert "not in the roster" in done.stderr and "Bo" in done.stderr
    rows = list(csv.DictReader(io.StringIO(grades.read_text(encoding="utf-8"), newline="")))
    assert [r["email"] for r in rows] == ["ada@example.org"]
    assert rows[0]["All chapters first try (%)"] != "0.0"
    # The final check's grade items, empty for a learner who never finished a round.
    assert rows[0]["Final check passed (1 = yes)"] == ""
    assert rows[0]["Final check best finished round (%)"] == ""


def test_class_report_names_answers_of_a_pack_not_loaded(tmp_path: Path) -> None:
    """Answers to questions the bank lacks are named on stderr with the --pack hint."""
    store = ProgressStore("default", tmp_path / "s")
    store.record_quiz("pack-myth", "myth", True)
    export = store.export(tmp_path / "kim.json", name="Kim")
    done = calflib("class-report", str(export), "--csv", "-")
    assert done.returncode == 0, done.stderr
    assert "pack-myth" in done.stderr and "--pack" in done.stderr


def test_gift_writes_the_bank_and_never_replaces_a_file(tmp_path: Path) -> None:
    """`calflib gift` writes a GIFT file; a second run refuses to replace it unless --force."""
    out = tmp_path / "bank.gift"
    done = calflib("gift", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "::pe-what-to-do::[html]" in text and "$CATEGORY: calflib/02_when_not_to_massage" in text
    out.write_text("the teacher's own file", encoding="utf-8")
    again = calflib("gift", str(out))
    assert again.returncode == 1 and "already exists" in again.stderr and "--force" in again.stderr
    assert out.read_text(encoding="utf-8") == "the teacher's own file"
    assert calflib("gift", str(out), "--force").returncode == 0
    assert out.read_text(encoding="utf-8") == text


def test_gift_includes_a_pack_and_refuses_other_file_types(tmp_path: Path) -> None:
    """--pack adds the pack's questions; a target that is not .gift or .txt is refused."""
    pack = Path(__file__).parent / "data" / "pack-our-class"
    out = tmp_path / "ours.gift"
    done = calflib("gift", str(out), "--pack", str(pack))
    assert done.returncode == 0, done.stderr
    assert "::pack-myth::" in out.read_text(encoding="utf-8")
    notebook = tmp_path / "07_final_check.ipynb"
    refused = calflib("gift", str(notebook), "--force")
    assert refused.returncode == 1 and ".gift or .txt" in refused.stderr
    assert not notebook.exists()


def test_class_report_shows_each_learners_final_check(tmp_path: Path) -> None:
    """After the CSV, a line per learner gives the final check: not taken, or the rounds, the
    latest round's score and band, and any red-flag story answered too low (by its title)."""
    from calflib.final_check import round_key
    from calflib.final_stories import builtin_final_stories

    emergency = next(s for s in builtin_final_stories() if s.expected.key == "emergency")
    exports = []
    for name in ("Ada", "Bo"):
        store = ProgressStore("default", tmp_path / name)
        store.record_quiz("pe-what-to-do", ["call-emergency"], True)
        if name == "Bo":
            store.record_quiz(round_key(0, emergency.id), "clear", False)
        exports.append(str(store.export(tmp_path / f"{name}.json", name=name)))
    done = calflib("class-report", *exports, "--csv", str(tmp_path / "class.csv"))
    assert done.returncode == 0, done.stderr
    assert "final check: Ada: not taken" in done.stdout
    bo = next(line for line in done.stdout.splitlines() if line.startswith("final check: Bo"))
    assert "1 round (0 passed)" in bo and "0 of " in bo
    assert f"red flags answered too low: {emergency.title}" in bo


def test_grades_carry_a_finished_final_check(tmp_path: Path) -> None:
    """A learner who finished and passed a round gets 1 and 100.0 in the final check's columns."""
    from calflib.content_in_use import default_bank
    from calflib.final_check import draw_questions, draw_stories, round_key
    from calflib.final_stories import builtin_final_stories

    store = ProgressStore("default", tmp_path / "ada")
    for story in draw_stories(builtin_final_stories(), "seed", 0):
        store.record_quiz(round_key(0, story.id), story.expected.key, True)
    for question in draw_questions(default_bank().final, "seed", 0):
        store.record_quiz(round_key(0, question.id), ["x"], True)
    export = store.export(tmp_path / "Ada.json", name="Ada")
    grades = tmp_path / "grades.csv"
    done = calflib("class-report", str(export), "--csv", "-", "--grades", str(grades))
    assert done.returncode == 0, done.stderr
    (row,) = csv.DictReader(io.StringIO(grades.read_text(encoding="utf-8"), newline=""))
    assert row["Final check passed (1 = yes)"] == "1"
    assert row["Final check best finished round (%)"] == "100.0"


def test_class_report_says_who_started_again(tmp_path: Path) -> None:
    """A learner who reset their progress is named on stderr with how often and when: their
    first tries may come after seeing the answers. Nobody else is named."""
    exports = []
    for name in ("Ada", "Bo"):
        store = ProgressStore("default", tmp_path / name)
        store.record_quiz("pe-what-to-do", ["call-emergency"], False)
        if name == "Bo":
            store.reset()
            store.reset()
            store.record_quiz("pe-what-to-do", ["call-emergency"], True)
        exports.append(str(store.export(tmp_path / f"{name}.json", name=name)))
    done = calflib("class-report", *exports, "--csv", "-")
    assert done.returncode == 0, done.stderr
    (line,) = [ln for ln in done.stderr.splitlines() if "started their progress again" in ln]
    assert "Bo started their progress again (2 times, last on 20" in line
    assert "Ada" not in done.stderr
    assert "started" not in done.stdout  # the CSV on the screen stays clean
