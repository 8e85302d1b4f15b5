"""Tests for calflib.teacher: the generated answer key and the class report."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import mistune
import pytest

from calflib.content_in_use import default_bank, default_content
from calflib.final_check import DRAW
from calflib.final_stories import builtin_final_stories
from calflib.model import Level
from calflib.progress import ProgressError, ProgressStore
from calflib.teacher import (
    ReportRow,
    answer_key,
    class_report,
    merge_exports,
    report_csv,
    unknown_answers,
)


def test_answer_key_lists_every_question_with_its_answer() -> None:
    """Every question id appears with the text of its correct option(s) and its sources."""
    key = answer_key()
    bank = default_bank()
    for q in bank.questions.values():
        assert f"**{q.id}**" in key
        for option in q.options:
            if option.correct:
                assert option.text in key
    assert "- Answer: Call the emergency number (999 / 112 / 911) now" in key


def test_triage_answers_come_from_the_rules() -> None:
    """The key's triage answer is the level the engine gives (here REFER for a swollen calf)."""
    key = answer_key()
    line = key.split("**triage-long-haul**", 1)[1].split("\n")[1]
    assert "REFER" in line


def test_the_answer_key_ends_with_every_final_story_its_call_and_why() -> None:
    """The final check's stories (its own pool, shown nowhere else) are in the teacher's key:
    each once, emergency first, with the call the screening gives it and its teaching point."""
    key = answer_key()
    stories = builtin_final_stories()
    head, section = key.split("## Final check (07\\_final\\_check), part 1: the stories", 1)
    assert "## Final check (07\\_final\\_check)\n" in head  # after the final-check questions
    assert f"Each round draws {sum(DRAW.values())} of these {len(stories)} stories" in section
    items = re.findall(r"^\d+\. \*\*(.+?)\*\*: .*\n   - Answer: (\w+):", section, re.M)
    assert sorted(ident for ident, _ in items) == sorted(s.id for s in stories)
    levels = [Level[name] for _, name in items]
    assert levels == sorted(levels, reverse=True)
    for story in stories:
        block = section.split(f"**{story.id}**", 1)[1].split("\n\n", 1)[0]
        assert f"- Answer: {story.expected.name}: " in block
        assert html.unescape(story.teaching_point.replace("\\", "")) in html.unescape(
            block.replace("\\", "")
        )


def test_the_answer_key_s_stories_are_teacher_text_shown_as_text() -> None:
    """A story's title and point go through the same escaping as every other teacher text."""
    story = replace(
        builtin_final_stories()[0],
        id="final-x",
        title="<script>alert(1)</script> *bold*",
        teaching_point="Line one\n# not a heading",
    )
    key = answer_key(stories=[story])
    assert "<script>" not in key and "&lt;script&gt;" in key and "\\*bold\\*" in key
    assert "\n# not a heading" not in key
    assert "part 1: the stories" not in answer_key(stories=[])


def _export(tmp_path: Path, learner: str, answers: dict[str, bool]) -> Path:
    store = ProgressStore(learner, tmp_path / learner)
    for qid, correct in answers.items():
        store.record_quiz(qid, "x", correct)
    return store.export(tmp_path / f"{learner}.json")


def test_class_report_rows_per_learner_and_objective(tmp_path: Path) -> None:
    """Two learners' exports give one row per learner per objective with right/total counts."""
    ada = _export(tmp_path, "ada", {"pe-what-to-do": True, "dvt-signs-pick-all": True})
    bo = _export(tmp_path, "bo", {"pe-what-to-do": False})
    rows = class_report([ada, bo])
    n_objectives = len(default_bank().objectives)
    assert len(rows) == 2 * n_objectives
    total = sum(q.objective == "recognise-dvt-signs" for q in default_bank().questions.values())
    assert total >= 3
    ada_dvt = next(r for r in rows if r.learner == "ada" and r.objective == "recognise-dvt-signs")
    assert (ada_dvt.answered, ada_dvt.right, ada_dvt.total) == (2, 2, total)
    assert ada_dvt.score == pytest.approx(2 / total)
    bo_dvt = next(r for r in rows if r.learner == "bo" and r.objective == "recognise-dvt-signs")
    assert (bo_dvt.answered, bo_dvt.right) == (1, 0)
    table = list(csv.DictReader(io.StringIO(report_csv(rows))))
    assert list(table[0].keys()) == [
        "learner",
        "chapter",
        "objective",
        "questions",
        "answered",
        "first_try_right",
        "first_try_score",
        "right_now",
        "current_score",
        "mastered",
        "answered_before_first_tries_were_kept",
    ]
    assert {r["learner"] for r in table} == {"ada", "bo"}
    ada_row = next(
        r for r in table if r["learner"] == "ada" and r["objective"] == "recognise-dvt-signs"
    )
    assert ada_row["first_try_right"] == "2" and ada_row["questions"] == str(total)
    assert ada_row["mastered"] == "no", "two of the objective's questions are still unanswered"


def test_two_exports_of_one_learner_are_merged(tmp_path: Path) -> None:
    """A learner who exported twice is counted once, with the newer answer."""
    first = _export(tmp_path, "ada", {"pe-what-to-do": False})
    data = json.loads(first.read_text(encoding="utf-8"))
    data["quiz"]["pe-what-to-do"] = {
        "answer": "x",
        "correct": True,
        "at": "2999-01-01T00:00:00+00:00",
    }
    second = tmp_path / "ada-later.json"
    second.write_text(json.dumps(data), encoding="utf-8")
    rows = [r for r in class_report([first, second]) if r.objective == "recognise-dvt-signs"]
    assert len(rows) == 1 and rows[0].right == 1


def test_bad_export_files_are_all_named(tmp_path: Path) -> None:
    """Every unusable file is named in one error."""
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ProgressError, match=r"a\.json: not a calflib progress file.*missing\.json"):
        class_report([tmp_path / "a.json", tmp_path / "missing.json"])


def test_unnamed_exports_are_told_apart_by_file_name(tmp_path: Path) -> None:
    """Two exports that both say 'default' count as two learners, named by their files."""
    one = ProgressStore("default", tmp_path / "one").export(tmp_path / "sam.json")
    ProgressStore("default", tmp_path / "two").record_quiz("pe-what-to-do", "x", True)
    two = ProgressStore("default", tmp_path / "two").export(tmp_path / "kim.json")
    learners = {r.learner for r in class_report([one, two])}
    assert learners == {"sam", "kim"}


def test_named_export_uses_the_name(tmp_path: Path) -> None:
    """An export made with a name carries it into the report."""
    store = ProgressStore("default", tmp_path / "s")
    path = store.export(tmp_path / "x.json", name="Sam Jones")
    assert {r.learner for r in class_report([path])} == {"Sam Jones"}
    with pytest.raises(ValueError, match="1 to 80 characters"):
        store.export(tmp_path / "y.json", name="  ")


# A learner's name, or a teacher's text, that a spreadsheet would run as a formula (OWASP's list).
_FORMULAS = [
    '=HYPERLINK("https://evil.example","Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("name", _FORMULAS)
def test_class_report_never_writes_a_formula(tmp_path: Path, name: str) -> None:
    """A learner named like a formula is written as text: no cell starts with = + - @ TAB CR."""
    path = ProgressStore("default", tmp_path / "s").export(tmp_path / "x.json", name=name)
    rows = class_report([path])
    assert {r.learner for r in rows} == {name.strip()}
    table = list(csv.reader(io.StringIO(report_csv(rows))))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in table for cell in r)
    assert {r[0] for r in table[1:]} == {"'" + name.strip()}


@pytest.mark.parametrize("name", _FORMULAS)
def test_every_text_cell_is_neutralised(name: str) -> None:
    """Chapter and objective cells (a pack's text) are neutralised too; numbers are untouched."""
    row = ReportRow(learner=name, chapter=name, objective=name, answered=1, right=1, total=2)
    [_, cells] = list(csv.reader(io.StringIO(report_csv([row]))))
    assert cells == ["'" + name] * 3 + ["2", "1", "0", "0.00", "1", "0.50", "no", "0"]


def test_neutralised_names_stay_distinct() -> None:
    """'=x' and a learner really called "'=x" stay two different cells (a quote is doubled too)."""
    rows = [
        ReportRow(learner=name, chapter="c", objective="o", answered=0, right=0, total=1)
        for name in ("=x", "'=x", "'plain", "plain")
    ]
    cells = [r[0] for r in list(csv.reader(io.StringIO(report_csv(rows))))[1:]]
    assert cells == ["'=x", "''=x", "''plain", "plain"]


@pytest.mark.parametrize("name", ["Ana\r=1+1", "Ana\n=1+1", "Ana\r\n@SUM(A1:A2)"])
def test_a_line_break_inside_a_cell_is_quoted(tmp_path: Path, name: str) -> None:
    """A line break in a hand-edited export's name is quoted: no new row starts with a formula."""
    path = tmp_path / "x.json"
    ProgressStore("default", tmp_path / "s").export(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["learner"] = name
    path.write_text(json.dumps(data), encoding="utf-8")
    text = report_csv(class_report([path]))
    assert f'"{name}"' in text
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert {r[0] for r in table[1:]} == {name}


# Teacher text that a Markdown renderer would otherwise run as HTML, links, images or formatting.
_HOSTILE = (
    "<script>alert(1)</script> <b>bold</b> [click](https://evil.example) "
    "![pixel](https://evil.example/p.png) <https://evil.example> https://evil.example "
    "www.evil.example *stars* _under_ `code` ~~gone~~ $x^2$ &amp; \\*kept\\* {: .x} a|b #"
)


def _hostile_key() -> str:
    bank = default_bank()
    content = default_content()
    triage = next(q for q in bank.questions.values() if q.kind == "triage")
    plain = next(q for q in bank.questions.values() if q.kind == "single" and not q.final)
    hostile_options = tuple(replace(o, text=_HOSTILE) for o in plain.options)
    questions = dict(bank.questions)
    questions[plain.id] = replace(
        plain, prompt=_HOSTILE, explanation=_HOSTILE, options=hostile_options, sources=(_HOSTILE,)
    )
    scenarios = tuple(
        replace(s, title=_HOSTILE) if s.id == triage.scenario else s for s in content.scenarios
    )
    hostile_bank = replace(bank, questions=questions)
    return answer_key(hostile_bank, replace(content, scenarios=scenarios))


def _rendered_text(markdown: str) -> tuple[str, str]:
    """(HTML, text a reader sees) from a CommonMark renderer with GitHub's and Jupyter's extras."""
    render = mistune.create_markdown(
        escape=False, plugins=["url", "strikethrough", "table", "math", "footnotes"]
    )
    page = str(render(markdown))
    return page, html.unescape(re.sub(r"<[^>]*>", "", page))


def test_answer_key_escapes_html_in_teacher_text() -> None:
    """No tag a teacher typed survives into the key's Markdown: <script> is shown, never run."""
    key = _hostile_key()
    assert "<script>" not in key and "<b>" not in key and "<https:" not in key
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in key


def test_answer_key_shows_teacher_text_as_text() -> None:
    """Rendered, the key has no link, image, script, emphasis or maths from teacher text."""
    page, seen = _rendered_text(_hostile_key())
    for made in ("<script", "<b>", "<a ", "<img", "<em>", "<del>", 'class="math"', "<table"):
        assert made not in page
    assert page.count("<code>") == 1 + len(default_bank().questions)  # the command, objectives
    assert seen.count(_HOSTILE) >= 5  # prompt, scenario title, answer, explanation, source


def test_answer_key_keeps_teacher_text_on_its_line() -> None:
    """A line break in teacher text cannot start a heading, a list or a link definition."""
    bank = default_bank()
    plain = next(q for q in bank.questions.values() if q.kind == "single" and not q.final)
    prompt = "First line\n\n# Not a heading\n- not a list\n[x]: https://evil.example\n    code"
    questions = {**bank.questions, plain.id: replace(plain, prompt=prompt)}
    key = answer_key(replace(bank, questions=questions))
    page, seen = _rendered_text(key)
    assert "<h1>Not a heading" not in page and "<pre>" not in page
    assert "First line # Not a heading - not a list [x]: https://evil.example code" in seen


def _export_attempts(tmp_path: Path, learner: str, attempts: dict[str, list[bool]]) -> Path:
    store = ProgressStore(learner, tmp_path / learner)
    for qid, results in attempts.items():
        for correct in results:
            store.record_quiz(qid, "x", correct)
    return store.export(tmp_path / f"{learner}.json", name=learner)


def test_report_shows_first_try_and_current_scores_and_mastery(tmp_path: Path) -> None:
    """Retrying until right raises the score now but not the first-try score, and is not mastery;
    right at the first try on every question of an objective is mastered."""
    bank = default_bank()
    dvt = [q.id for q in bank.questions.values() if q.objective == "recognise-dvt-signs"]
    retry = _export_attempts(tmp_path, "Retry", {qid: [False, True] for qid in dvt})
    first = _export_attempts(tmp_path, "First", {qid: [True] for qid in dvt})
    rows = {
        r.learner: r for r in class_report([retry, first]) if r.objective == "recognise-dvt-signs"
    }
    n = len(dvt)
    assert (rows["Retry"].first_try_right, rows["Retry"].right, rows["Retry"].mastered) == (
        0,
        n,
        False,
    )
    assert (rows["First"].first_try_right, rows["First"].right, rows["First"].mastered) == (
        n,
        n,
        True,
    )


def test_two_exports_keep_every_attempt(tmp_path: Path) -> None:
    """A learner's two exports (two computers) are merged attempt by attempt: the first try of
    the earlier export still counts as the first try."""
    early = _export_attempts(tmp_path / "a", "Ada", {"pe-what-to-do": [False]})
    later = _export_attempts(tmp_path / "b", "Ada", {"pe-what-to-do": [True]})
    [row] = [r for r in class_report([later, early]) if r.objective == "recognise-dvt-signs"]
    assert (row.first_try_right, row.right) == (0, 1)


def test_an_old_format_export_counts_but_not_as_a_first_try() -> None:
    """The committed version-1 export reports its answers now, none as a first try."""
    old = Path(__file__).parent / "data" / "progress-v1.json"
    learners = merge_exports([old])
    assert set(learners) == {"Ada Lovelace"}
    assert learners["Ada Lovelace"]["q-legacy-right"]["attempts"][0]["upgraded"] is True


def test_a_packs_chapter_is_in_the_class_report(tmp_path: Path) -> None:
    """With the pack in use, its own chapter's objective has a row for every learner."""
    from calflib.packs import clear_packs, load_pack

    clear_packs()
    try:
        load_pack(Path(__file__).parent / "data" / "pack-our-class")
        export = _export_attempts(tmp_path, "Kim", {"pack-myth": [True]})
        rows = [r for r in class_report([export]) if r.chapter == "90_our_class"]
    finally:
        clear_packs()
    assert [(r.objective, r.first_try_right, r.total) for r in rows] == [("pack-spot-doms", 1, 3)]


def test_questions_missing_from_the_bank_are_named() -> None:
    """Answers to questions the bank lacks (a pack not loaded) are listed, not silently lost."""
    learners = {"Kim": {"pack-myth": {"correct": True}, "pe-what-to-do": {"correct": True}}}
    assert unknown_answers(learners, default_bank()) == ["pack-myth"]


def test_final_check_story_answers_are_not_called_unknown() -> None:
    """The final check's story answers (final-round-N-...) are known answers, not a missing pack."""
    learners = {"Kim": {"final-round-0-final-foot-like-snow": {"correct": True}}}
    assert unknown_answers(learners, default_bank()) == []


def test_names_differing_in_case_or_spaces_are_one_learner(tmp_path: Path) -> None:
    """(14) Exports named 'Ana' and ' ana ' are one learner (shown as first seen), as on the
    practical sheet, and the teacher is told."""
    first = ProgressStore("default", tmp_path / "one")
    first.record_quiz("pe-what-to-do", "call-emergency", True)
    second = ProgressStore("default", tmp_path / "two")
    second.record_quiz("pe-what-to-do", "call-emergency", False)
    a = first.export(tmp_path / "a.json", name="Ana")
    b = second.export(tmp_path / "b.json", name=" ana ")
    notes: list[str] = []
    learners = merge_exports([a, b], notes=notes.append)
    assert list(learners) == ["Ana"]
    assert len(learners["Ana"]["pe-what-to-do"]["attempts"]) == 2
    assert notes == [f"{b}: 'ana' is counted as the same learner as 'Ana'"]


def test_an_export_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """(16) An export saved again by an editor that adds a byte-order mark is still read."""
    store = ProgressStore("default", tmp_path / "s")
    store.record_quiz("pe-what-to-do", "call-emergency", True)
    path = store.export(tmp_path / "ana.json", name="Ana")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert list(merge_exports([path])) == ["Ana"]
