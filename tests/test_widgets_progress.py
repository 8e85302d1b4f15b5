"""Tests for calflib.widgets.progress and calflib.course: dashboard, export/import/reset, final."""

from __future__ import annotations

import ast
import base64
import json
import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import ipywidgets as widgets
import pytest

from calflib.content_in_use import default_bank
from calflib.course import chapter_status, chapters
from calflib.progress import ProgressStore
from calflib.screening_memory import save_screening
from calflib.widgets import CheckYourself, ScenarioTrainer
from calflib.widgets.choice import KEYS_CLASS
from calflib.widgets.progress import ProgressDashboard, ProgressManager


def test_chapters_are_listed_in_order() -> None:
    """The course lists the nine chapters from 00 to 08 (the glossary last)."""
    ids = [c.id for c in chapters()]
    assert ids[0] == "00_start_here" and ids[-1] == "08_glossary" and len(ids) == 9


def test_fresh_learner_has_nothing_started() -> None:
    """With no saved progress every chapter with questions reads 'not started', and the
    chapters without questions (start here, glossary) 'reference'."""
    statuses = chapter_status(default_bank(), ProgressStore("default").load())
    assert {s.state for s in statuses if s.questions} == {"not started"}
    assert {s.chapter.id for s in statuses if s.state == "reference"} == {
        "00_start_here",
        "08_glossary",
    }


def test_dashboard_follows_answers_and_scenarios() -> None:
    """Answering questions and scenarios shows up per chapter and per objective after refresh."""
    dashboard = ProgressDashboard()
    assert "not started" in dashboard.table.value and "<caption" in dashboard.table.value
    check = CheckYourself("02_when_not_to_massage")
    for widget in check.questions:
        if widget.choice is not None:
            widget.choice.value = next(iter(widget.question.correct_ids))
        else:
            for ident, box in widget.boxes.items():
                box.value = ident in widget.question.correct_ids
        widget.check_button.click()
    trainer = ScenarioTrainer()
    trainer.choice.value = trainer.scenario.expected
    trainer.check_button.click()
    dashboard.refresh_button.click()
    html = dashboard.table.value
    assert "scenarios: 1 of 1 right" in html
    status = next(
        s
        for s in chapter_status(default_bank(), ProgressStore("default").load())
        if s.chapter.id == "02_when_not_to_massage"
    )
    # Every self-check question right at the first try: the chapter is done (and marked so for
    # reports). Objectives the final check also asks about stay unmastered until it is answered.
    finals = {q.objective for q in default_bank().final}
    assert status.mastered == sum(1 for m in status.mastery if m.objective.id not in finals)
    assert status.mastered < len(status.mastery)
    assert status.state == "done" and status.marked_done
    assert f"{status.mastered} of {len(status.mastery)} objectives mastered" in html


def _upload(name: str, content: bytes) -> tuple[dict[str, object], ...]:
    """What ipywidgets' FileUpload holds after a learner chose one file."""
    return (
        {
            "name": name,
            "type": "application/json",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        },
    )


def _text(html: str) -> str:
    """What a learner reads in an HTML widget: its text without tags."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _download(html: str) -> tuple[str, bytes]:
    """The download link's file name and the bytes it saves."""
    found = re.search(r'<a download="([^"]+)" href="data:application/json;base64,([^"]+)"', html)
    assert found, f"no download link in {html!r}"
    return found.group(1), base64.b64decode(found.group(2))


def test_export_import_and_reset_from_the_widget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export writes to exports/, import adds a listed file back, reset needs confirmation."""
    monkeypatch.chdir(tmp_path)
    ProgressStore("default").record_quiz("pe-what-to-do", ["call-emergency"], True)
    manager = ProgressManager()
    manager.export_button.click()
    assert "type your name first" in manager.status.value
    manager.learner_name.value = "Sam Jones"
    manager.export_button.click()
    [exported] = (tmp_path / "exports").glob("calf-progress-sam-jones-*.json")
    assert json.loads(exported.read_text(encoding="utf-8"))["learner"] == "Sam Jones"
    assert json.loads(exported.read_text(encoding="utf-8"))["quiz"]["pe-what-to-do"]["correct"]
    assert "Exported" in manager.status.value and exported.name in manager.status.value
    manager.reset_button.click()
    assert "tick" in manager.status.value and ProgressStore("default").load().quiz
    manager.confirm_reset.value = True
    manager.reset_button.click()
    assert "Started again" in manager.status.value and not ProgressStore("default").load().quiz
    assert manager.import_choice.label == exported.name
    manager.import_button.click()
    assert "Imported" in manager.status.value
    assert ProgressStore("default").load().quiz["pe-what-to-do"]["correct"] is True


def test_export_cannot_replace_a_chapter_or_any_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the learner types, the export goes to exports/ as calf-progress-<name>-<date>.json:
    the chapters beside it are never touched and nothing without .json is made."""
    monkeypatch.chdir(tmp_path)
    chapter = tmp_path / "02_when_not_to_massage.ipynb"
    chapter.write_text("{the chapter}", encoding="utf-8")
    manager = ProgressManager()
    for part in (p for p in _tree(manager) if isinstance(p, widgets.Text)):
        part.value = "02_when_not_to_massage.ipynb"
    manager.export_button.click()
    assert chapter.read_text(encoding="utf-8") == "{the chapter}"
    made = sorted(p.name for p in tmp_path.iterdir() if p.name != "calflib-home")
    assert made == [chapter.name, "exports"]
    [exported] = (tmp_path / "exports").iterdir()
    assert re.fullmatch(
        r"calf-progress-02-when-not-to-massage-ipynb-\d{4}-\d\d-\d\d\.json", exported.name
    )


def test_a_second_export_asks_before_replacing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exporting again the same day leaves the first file as it is until the learner ticks
    'replace'; the tick then replaces it once and is cleared."""
    monkeypatch.chdir(tmp_path)
    store = ProgressStore("default")
    store.record_quiz("q1", "a", True)
    manager = ProgressManager(notebook_folder=tmp_path / "course")
    manager.learner_name.value = "Kim"
    manager.export_button.click()
    [exported] = (tmp_path / "course" / "exports").iterdir()
    first = exported.read_bytes()
    store.record_quiz("q2", "b", False)
    manager.export_button.click()
    assert exported.read_bytes() == first, "an export was replaced without asking"
    message = _text(manager.status.value)
    assert "already" in message and exported.name in message and "tick" in message
    assert list((tmp_path / "course" / "exports").iterdir()) == [exported]
    manager.confirm_replace.value = True
    manager.export_button.click()
    assert set(json.loads(exported.read_bytes())["quiz"]) == {"q1", "q2"}
    assert "Exported" in manager.status.value and manager.confirm_replace.value is False


def test_export_is_offered_as_a_browser_download(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After Export a link saves the same file on the learner's device (no server needed), and
    it carries no screening answers; if the folder cannot be written the link is still there."""
    monkeypatch.chdir(tmp_path)
    save_screening({}, {"pregnancy": "Yes"}, None)
    ProgressStore("default").record_quiz("q1", "a", True)
    manager = ProgressManager()
    assert "<a " not in manager.download.value, "nothing to download before Export"
    manager.learner_name.value = "Sam"
    manager.export_button.click()
    [exported] = (tmp_path / "exports").iterdir()
    name, data = _download(manager.download.value)
    assert name == exported.name and data == exported.read_bytes()
    assert b"pregnancy" not in data and "screening" not in json.loads(data)
    blocked_folder = tmp_path / "read-only"
    blocked_folder.mkdir()
    (blocked_folder / "exports").write_text("not a folder", encoding="utf-8")
    blocked = ProgressManager(notebook_folder=blocked_folder)
    blocked.learner_name.value = "Ada"
    blocked.export_button.click()
    assert "could not be saved" in _text(blocked.status.value)
    assert "download" in _text(blocked.status.value)
    assert _download(blocked.download.value)[0].startswith("calf-progress-ada-")


def test_import_lists_the_exports_folder_and_takes_an_upload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import list shows the exports folder's files (newest first, refreshed on request);
    an uploaded file is imported too."""
    monkeypatch.chdir(tmp_path)
    other = ProgressStore("other", tmp_path / "elsewhere")
    other.record_quiz("q-listed", "a", True)
    manager = ProgressManager()
    assert manager.import_choice.options == ()
    manager.import_button.click()
    assert "no exported file" in _text(manager.status.value)
    other.export(tmp_path / "exports" / "calf-progress-kim-2026-03-01.json", name="Kim")
    manager.refresh_list_button.click()
    assert manager.import_choice.label == "calf-progress-kim-2026-03-01.json"
    manager.import_button.click()
    assert "q-listed" in ProgressStore("default").load().quiz
    other.record_quiz("q-uploaded", "b", True)
    manager.upload.value = _upload("from-home.json", other.export_bytes())
    manager.upload_button.click()
    assert "Imported" in manager.status.value and "from-home.json" in manager.status.value
    assert "q-uploaded" in ProgressStore("default").load().quiz
    assert manager.upload.value == (), "the upload is cleared once imported"


@pytest.mark.parametrize(
    "content",
    [b'{"format": "calflib-progress", "ver', b"[]", b"\x89PNG\r\n", b""],
)
def test_import_problems_are_plain_messages(content: bytes) -> None:
    """Importing nothing, or a file that is not an export, says so plainly: the file's name, that
    nothing changed, and no parser positions, error class names or kernel restarts."""
    ProgressStore("default").record_quiz("q1", "a", True)
    manager = ProgressManager()
    manager.upload_button.click()
    assert "choose a file first" in _text(manager.status.value)
    manager.upload.value = _upload("mine.json", content)
    manager.upload_button.click()
    message = _text(manager.status.value)
    assert "mine.json is not a progress file made by Export" in message
    assert "Nothing was changed" in message
    for jargon in ("char ", "line 1", "column", "Error", "Traceback", "restart the kernel"):
        assert jargon not in message, message
    assert set(ProgressStore("default").load().quiz) == {"q1"}


def test_a_file_from_a_newer_workbook_is_named_as_such() -> None:
    """An export from a newer calflib is refused with words saying so, and nothing changes."""
    newer = json.dumps({"format": "calflib-progress", "version": 99, "learner": "x"}).encode()
    manager = ProgressManager()
    manager.upload.value = _upload("future.json", newer)
    manager.upload_button.click()
    message = _text(manager.status.value)
    assert "That file is from a newer workbook" in message and "future.json" in message
    assert not ProgressStore("default").load().quiz


def test_start_again_works_for_a_learner_who_never_saved() -> None:
    """A learner with nothing saved can press Start again: a calm 'started again', no error."""
    manager = ProgressManager()
    manager.confirm_reset.value = True
    manager.reset_button.click()
    message = _text(manager.status.value)
    assert "Started again" in message
    assert "went wrong" not in message


def _notebook_widgets(tmp_path: Path) -> list[widgets.Widget]:
    """Run chapter 07's code cells as the kernel would and return what each cell shows."""
    notebook = json.loads(
        (Path(__file__).parent.parent / "notebooks" / "07_final_check.ipynb").read_text("utf-8")
    )
    namespace: dict[str, object] = {}
    shown = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        *body, last = tree.body
        exec(compile(ast.Module(body=body, type_ignores=[]), "cell", "exec"), namespace)
        assert isinstance(last, ast.Expr)
        shown.append(eval(compile(ast.Expression(last.value), "cell", "eval"), namespace))
    return shown


def _tree(widget: widgets.Widget) -> list[widgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _tree(child)
    return found


def test_chapter_07_shows_one_progress_table_for_you(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chapter 07 shows the progress table once, and never heads it with 'default'."""
    monkeypatch.chdir(tmp_path)
    parts = [part for top in _notebook_widgets(tmp_path) for part in _tree(top)]
    tables = [p for p in parts if isinstance(p, widgets.HTML) and "<caption" in p.value]
    assert len(tables) == 1, "the progress table is shown more than once"
    assert "Progress for default" not in tables[0].value
    assert "Progress for you" in tables[0].value
    assert not (tmp_path / "exports").exists(), "opening the chapter writes nothing"


PACK = Path(__file__).parent / "data" / "pack-our-class"


@pytest.fixture
def our_pack() -> object:
    """The committed test pack (chapter 90_our_class) in use for one test."""
    from calflib.packs import clear_packs, load_pack

    clear_packs()
    yield load_pack(PACK)
    clear_packs()


def _answer(widget: object, right: bool) -> None:
    """Pick the right (or a wrong) answer in a QuestionWidget and press Check."""
    question = widget.question  # type: ignore[attr-defined]
    wrong = next(o.id for o in question.options if not o.correct)
    if widget.choice is not None:  # type: ignore[attr-defined]
        widget.choice.value = next(iter(question.correct_ids)) if right else wrong  # type: ignore[attr-defined]
    else:
        for ident, box in widget.boxes.items():  # type: ignore[attr-defined]
            box.value = (ident in question.correct_ids) if right else ident == wrong
    widget.check_button.click()  # type: ignore[attr-defined]


def _objective_row(html: str, objective_text: str) -> str:
    """The text of the objectives-table row for one objective."""
    return next(_shown(r) for r in html.split("<tr>") if objective_text in _shown(r))


def test_try_again_until_right_shows_first_try_and_not_mastered() -> None:
    """Wrong, Try again, right: the dashboard shows 0 right at the first try, all right now, and
    'not yet mastered' in words, under the rule in plain words."""
    check = CheckYourself("01_the_calf")
    for widget in check.questions:
        _answer(widget, right=False)
        widget.retry_button.click()
        _answer(widget, right=True)
    html = ProgressDashboard().table.value
    bank = default_bank()
    objective = bank.objectives[check.questions[0].question.objective]
    total = sum(1 for q in bank.questions.values() if q.objective == objective.id)
    mine = sum(1 for w in check.questions if w.question.objective == objective.id)
    row = _objective_row(html, objective.text)
    assert f"0 of {total} right" in row
    assert f"{mine} of {total} right" in row
    assert row.endswith("not yet mastered")
    assert "first try" in _text(html) and "Try again" in _text(html)


def test_right_first_time_is_mastered() -> None:
    """Every question of a chapter right at the first try: its objectives read 'mastered'."""
    check = CheckYourself("01_the_calf")
    for widget in check.questions:
        _answer(widget, right=True)
    html = ProgressDashboard().table.value
    bank = default_bank()
    only_here = [
        o
        for o in bank.objectives.values()
        if o.chapter == "01_the_calf"
        and all(not q.final for q in bank.questions.values() if q.objective == o.id)
    ]
    assert only_here
    for objective in only_here:
        assert _objective_row(html, objective.text).endswith(" mastered")
        assert "not yet" not in _objective_row(html, objective.text)


def _shown(html: str) -> str:
    """What a learner reads: the text without tags, with entities shown as characters."""
    return unescape(_text(html))


def test_practice_reports_show_on_the_dashboard() -> None:
    """A self-report appears with its title, date, steps done, highest discomfort and note,
    escaped, newest first."""
    store = ProgressStore("default")
    store.record_practice(
        "landmarks", {"title": "Self-practice: find the landmarks", "pressure": 3}
    )
    store.record_practice(
        "pressure",
        {
            "title": "Self-practice: pressure",
            "pressure": 6,
            "steps_done": 2,
            "steps_total": 4,
            "note": "<b>sore</b>",
        },
    )
    dashboard = ProgressDashboard()
    html = dashboard.table.value
    text = _text(html)
    today = datetime.now(UTC).date().isoformat()
    assert f"{today} Self-practice: pressure 2 of 4 highest 6 of 10 <b>sore</b>" in _shown(html)
    assert "<b>sore" not in html, "the note is escaped"
    assert text.index("Self-practice: pressure") < text.index("Self-practice: find the landmarks")
    assert "not given highest 3 of 10 not given" in text


def test_no_practice_yet_is_said_in_words() -> None:
    """Without reports the dashboard says so instead of showing an empty table."""
    assert "No self-practice reported yet" in ProgressDashboard().table.value


def test_a_packs_own_chapter_is_on_the_dashboard(our_pack: object) -> None:
    """A loaded pack's chapter and objective are listed, with its questions counted."""
    check = CheckYourself("90_our_class")
    _answer(check.questions[0], right=True)
    text = _shown(ProgressDashboard().table.value)
    assert "90_our_class (teacher's pack)" in text
    assert "Tell ordinary soreness from a warning sign." in text
    assert "1 of 3 right" in text


def test_check_yourself_for_a_pack_not_loaded_says_how_to_load_it() -> None:
    """A pack chapter without its pack shows a message naming it and how to load it, no error."""
    check = CheckYourself("90_our_class")
    assert check.questions == []
    shown = " ".join(_shown(p.value) for p in _tree(check) if isinstance(p, widgets.HTML))
    assert "'90_our_class'" in shown and "not loaded" in shown
    assert "load_pack" in shown and "CALFLIB_PACKS" in shown and "02_when_not_to_massage" in shown
    assert "Traceback" not in shown and "ValueError" not in shown


def test_check_yourself_states_the_mastery_rule() -> None:
    """The self-check's introduction tells the learner when an objective counts as mastered."""
    check = CheckYourself("01_the_calf")
    intro = _text(check.children[0].value)
    assert "first try" in intro and "does not count as mastered" in intro


def test_refresh_says_the_table_was_read_again() -> None:
    """Refresh writes a short note into the dashboard's live region (a screen reader hears that
    something happened); the dashboard and the manager keep their keys in JupyterLab."""
    dashboard = ProgressDashboard()
    assert dashboard.refreshed.value == ""
    dashboard.refresh_button.click()
    assert "Read again at" in dashboard.refreshed.value
    assert KEYS_CLASS in dashboard._dom_classes and KEYS_CLASS in ProgressManager()._dom_classes
