"""Tests for calflib.packs: teachers' scenario and question packs, checked like built-in content."""

from __future__ import annotations

import os
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from calflib.content_in_use import default_bank, default_content
from calflib.errors import ContentError, ContentProblems
from calflib.loader import builtin_content
from calflib.model import Level
from calflib.pack_cards import pack_problems_card
from calflib.packs import (
    PACKS_ENV,
    check_pack,
    check_packs,
    clear_packs,
    load_pack,
    pack_folders,
    pack_problems,
)
from calflib.planner import plan_session
from calflib.screening import answers_with, assess
from calflib.widgets import CheckYourself, ScenarioTrainer, ScreeningQuestionnaire

HOSTILE = "<img src=x onerror=alert(1)>"

SCENARIOS = """
[[scenario]]
id = "pack-commuter"
title = "Commuter with both calves sore"
story = "After a charity walk, both calves ache. Nothing else is wrong."
present = ["doms_both_calves"]
expected = "clear"
teaching_point = "Soreness in both calves after unusual exercise is ordinary DOMS."
sources = ["S17", "T1"]
"""

SOURCES = """
[[source]]
key = "T1"
kind = "trade"
title = "Our college handout on DOMS"
"""

QUESTIONS = """
[[objective]]
id = "pack-spot-doms"
chapter = "90_our_class"
text = "Tell ordinary soreness from a warning sign."

[[question]]
id = "pack-triage-commuter"
objective = "pack-spot-doms"
kind = "triage"
scenario = "pack-commuter"
explanation = "Both calves sore after a long walk, nothing else: go ahead gently."
sources = ["S17"]

[[question]]
id = "pack-myth"
objective = "pack-spot-doms"
kind = "myth_fact"
prompt = "Soreness in both calves after a long walk is a sign of a clot."
explanation = "A clot usually affects one leg; soreness in both after exercise is DOMS."
sources = ["S3"]

[[question.option]]
id = "myth"
correct = true
feedback = "Right: that is ordinary soreness."

[[question.option]]
id = "fact"
feedback = "It is a myth: clots usually affect one leg."

[[question]]
id = "pack-dvt-first-sign"
objective = "recognise-dvt-signs"
kind = "single"
prompt = "Which is the main sign of a DVT?"
explanation = "Swelling of one leg is the main sign."
sources = ["S3"]

[[question.option]]
id = "one-leg-swollen"
text = "One leg swollen"
correct = true
feedback = "Right."

[[question.option]]
id = "both-sore"
text = "Both calves sore after exercise"
feedback = "That is DOMS."
"""


@pytest.fixture(autouse=True)
def _forget_packs() -> Iterator[None]:
    clear_packs()
    yield
    clear_packs()


def _pack(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "our-pack"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def test_a_good_pack_checks_clean(tmp_path: Path) -> None:
    """A valid pack has no problems."""
    folder = _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES, questions=QUESTIONS)
    assert check_pack(folder) == []


def test_loaded_pack_reaches_the_widgets(tmp_path: Path) -> None:
    """After load_pack, the trainer and the question bank include the teacher's entries."""
    folder = _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES, questions=QUESTIONS)
    before = len(default_content().scenarios)
    pack = load_pack(folder)
    assert [s.id for s in pack.scenarios] == ["pack-commuter"]
    assert len(default_content().scenarios) == before + 1
    trainer = ScenarioTrainer()
    assert "pack-commuter" in [s.id for s in trainer.scenarios]
    bank = default_bank()
    assert bank.questions["pack-triage-commuter"].correct_ids == {"clear"}
    assert "pack-dvt-first-sign" in [q.id for q in bank.for_chapter("02_when_not_to_massage")]
    check = CheckYourself("90_our_class")
    assert len(check.questions) == 2


def test_packs_named_in_the_environment_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CALFLIB_PACKS adds packs without any code."""
    folder = _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES)
    monkeypatch.setenv("CALFLIB_PACKS", str(folder))
    assert "pack-commuter" in [s.id for s in default_content().scenarios]


def test_every_problem_is_listed_with_file_entry_and_field(tmp_path: Path) -> None:
    """Two broken scenarios and a broken question are each reported with file, entry and field
    (plus the question that depends on the broken scenario)."""
    broken = SCENARIOS.replace('present = ["doms_both_calves"]', 'present = ["doms_both_calf"]')
    broken += SCENARIOS.replace('"pack-commuter"', '"pack-two"').replace(
        'expected = "clear"', 'expected = "clr"'
    )
    questions = QUESTIONS.replace('kind = "myth_fact"', 'kind = "mythfact"')
    folder = _pack(tmp_path, scenarios=broken, sources=SOURCES, questions=questions)
    problems = check_pack(folder)
    text = [str(p) for p in problems]
    assert len(problems) == 4, text
    assert text[0].startswith("our-pack/scenarios.toml: scenario 'pack-commuter': field 'present'")
    assert "did you mean 'doms_both_calves'" in text[0]
    assert "scenario 'pack-two': field 'expected'" in text[1]
    assert text[2].startswith(
        "our-pack/questions.toml: question 'pack-triage-commuter': field 'scenario': "
        "unknown scenario 'pack-commuter'"
    )
    assert text[3].startswith("our-pack/questions.toml: question 'pack-myth': field 'kind'")
    with pytest.raises(ContentProblems, match="4 problems"):
        load_pack(folder)


def test_expected_level_must_match_the_rules(tmp_path: Path) -> None:
    """A scenario whose expected level the screening rules contradict is refused."""
    wrong = SCENARIOS.replace('expected = "clear"', 'expected = "refer"')
    problems = check_pack(_pack(tmp_path, scenarios=wrong, sources=SOURCES))
    assert len(problems) == 1
    assert "the screening rules give 'clear' for this story, not 'refer'" in str(problems[0])
    assert problems[0].field == "expected"


def test_ids_must_not_clash_with_built_in_content(tmp_path: Path) -> None:
    """A pack cannot redefine a built-in scenario, question or source key."""
    clash = SCENARIOS.replace('"pack-commuter"', '"runner-sore-both-calves"')
    sources = SOURCES.replace('key = "T1"', 'key = "S3"')
    problems = [str(p) for p in check_pack(_pack(tmp_path, scenarios=clash, sources=sources))]
    assert any("sources.toml: source 'S3': field 'key': 'S3' is used twice" in p for p in problems)
    assert any("'runner-sore-both-calves' is used twice" in p for p in problems)


def test_an_empty_folder_says_what_a_pack_needs(tmp_path: Path) -> None:
    """A folder with nothing usable is reported, not silently accepted."""
    (tmp_path / "empty").mkdir()
    problems = check_pack(tmp_path / "empty")
    assert len(problems) == 1 and "holds no scenarios.toml" in str(problems[0])
    assert "is not a folder" in str(check_pack(tmp_path / "missing")[0])


def test_a_bad_pack_leaves_the_content_in_use_unchanged(tmp_path: Path) -> None:
    """load_pack refuses a broken pack and the widgets keep working with what they had."""
    before = default_content()
    folder = _pack(tmp_path, scenarios="[[scenario]]\nid = 3\n")
    with pytest.raises(ContentError):
        load_pack(folder)
    assert default_content() == before


def test_teacher_text_is_shown_as_text(tmp_path: Path) -> None:
    """Hostile markup in a teacher's scenario reaches the learner escaped, never as HTML."""
    hostile = SCENARIOS.replace("Commuter with both calves sore", HOSTILE).replace(
        "After a charity walk", f"{HOSTILE} After a charity walk"
    )
    load_pack(_pack(tmp_path, scenarios=hostile, sources=SOURCES))
    trainer = ScenarioTrainer()
    trainer.index = [s.id for s in trainer.scenarios].index("pack-commuter")
    trainer.next_button.click()
    trainer.previous_button.click()
    assert "<img" not in trainer.story.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in trainer.story.value


# --- A broken pack in use never takes anything away from a learner (issue 14, items 1-3) --------

TYPO = (
    SCENARIOS.replace('"pack-commuter"', '"pack-typo"')
    .replace('"S17", "T1"', '"S17"')
    .replace("teaching_point =", "teaching_piont =")
)


def _named_pack(tmp_path: Path, name: str, **files: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file, text in files.items():
        (folder / f"{file}.toml").write_text(text, encoding="utf-8")
    return folder


def test_a_broken_pack_in_use_leaves_the_screening_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One misspelt field in a pack named in CALFLIB_PACKS: assess, the questionnaire and the
    planner still work, from the built-in findings and rules."""
    monkeypatch.setenv(PACKS_ENV, str(_named_pack(tmp_path, "typo-pack", scenarios=TYPO)))
    assert assess(answers_with("calf_swelling_one_side")).level == Level.REFER
    clear = assess(answers_with())
    assert clear.level == Level.CLEAR
    questionnaire = ScreeningQuestionnaire(remember=False)
    assert questionnaire.content.findings == builtin_content().findings
    assert plan_session("partner", 10, "recovery", clear).steps


def test_a_broken_pack_is_named_in_a_banner_and_the_rest_still_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trainer and the self-check show the built-in material plus the packs that loaded, and a
    banner naming the broken pack's file, entry and field; `calflib check` still fails on it."""
    broken = _named_pack(tmp_path, "typo-pack", scenarios=TYPO)
    good = _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES, questions=QUESTIONS)
    monkeypatch.setenv(PACKS_ENV, os.pathsep.join([str(broken), str(good)]))
    problems = pack_problems()
    assert [(p.file, p.entry, p.field) for p in problems] == [
        ("typo-pack/scenarios.toml", "scenario 'pack-typo'", "teaching_piont")
    ]
    assert "did you mean 'teaching_point'" in problems[0].problem
    trainer = ScenarioTrainer(save=False)
    builtin_ids = [s.id for s in builtin_content().scenarios]
    assert [s.id for s in trainer.scenarios] == [*builtin_ids, "pack-commuter"]
    check = CheckYourself("90_our_class", save=False)
    assert len(check.questions) == 2
    for shown in (trainer.pack_notice.value, check.pack_notice.value):
        text = unescape(shown)
        assert "typo-pack/scenarios.toml: scenario 'pack-typo': field 'teaching_piont'" in text
        assert "calflib check" in text
    assert [(p.file, p.field) for p in check_pack(broken)] == [
        ("typo-pack/scenarios.toml", "teaching_piont")
    ]


def test_no_banner_when_every_pack_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With only good packs (or none) the widgets show no pack banner at all."""
    assert ScenarioTrainer(save=False).pack_notice.value == ""
    monkeypatch.setenv(PACKS_ENV, str(_pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES)))
    assert pack_problems() == ()
    assert ScenarioTrainer(save=False).pack_notice.value == ""
    assert CheckYourself("02_when_not_to_massage", save=False).pack_notice.value == ""


def test_the_pack_banner_escapes_teacher_text() -> None:
    """The banner is built without a kernel, lists each problem, and escapes what it quotes."""
    problem = ContentError(f"{HOSTILE}/scenarios.toml", "broken", entry="scenario 'x'", field="y")
    html = pack_problems_card((problem,))
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;/scenarios.toml" in html
    assert pack_problems_card(()) == ""


DEEP_HEADER = "[" + ".".join(["deep"] * 1200) + "]\nx = 1\n"
DEEP_INLINE = "x = " + "{a = " * 600 + "1" + "}" * 600 + "\n"
DEEP_ARRAY = "x = " + "[" * 600 + "1" + "]" * 600 + "\n"


@pytest.mark.parametrize("text", [DEEP_HEADER, DEEP_INLINE, DEEP_ARRAY])
def test_a_pack_nested_hundreds_deep_gets_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Tables or lists nested hundreds deep are one clear problem naming the file (never a
    RecursionError), and with that pack in use the screening still works."""
    folder = _pack(tmp_path, scenarios=text, sources=SOURCES)
    for _ in range(2):  # the second time through the parse cache
        problems = check_pack(folder)
        assert [p.file for p in problems] == ["our-pack/scenarios.toml"]
        assert "nested" in problems[0].problem
    monkeypatch.setenv(PACKS_ENV, str(folder))
    assert assess(answers_with()).level == Level.CLEAR
    assert [p.file for p in pack_problems()] == ["our-pack/scenarios.toml"]


@pytest.mark.parametrize(
    ("file", "text", "typo", "table"),
    [
        (
            "scenarios",
            SCENARIOS + SCENARIOS.replace("[[scenario]]", "[[senario]]"),
            "senario",
            "scenario",
        ),
        ("sources", SOURCES + SOURCES.replace("[[source]]", "[[sourse]]"), "sourse", "source"),
        ("questions", QUESTIONS + '\n[[questoin]]\nid = "lost"\n', "questoin", "question"),
    ],
)
def test_a_misspelt_table_in_a_pack_is_refused(
    tmp_path: Path, file: str, text: str, typo: str, table: str
) -> None:
    """A pack with a valid entry and a misspelt [[table]] is not OK: the misspelt table is named,
    with a did-you-mean, instead of its entry being silently lost."""
    files = {"scenarios": SCENARIOS, "sources": SOURCES, "questions": QUESTIONS, file: text}
    problems = check_pack(_pack(tmp_path, **files))  # then what needed the file's entries
    assert (problems[0].file, problems[0].problem.split(";")[0]) == (
        f"our-pack/{file}.toml",
        f"unknown table '{typo}' (did you mean '{table}'?)",
    )


def test_a_misnamed_pack_file_is_refused(tmp_path: Path) -> None:
    """A pack file the workbook would not read (scenario.toml for scenarios.toml) is named."""
    problems = check_pack(_pack(tmp_path, scenario=SCENARIOS, sources=SOURCES))
    assert [p.file for p in problems] == ["our-pack/scenario.toml"]
    assert "did you mean 'scenarios.toml'" in problems[0].problem


def test_a_pack_loaded_again_after_an_edit_replaces_itself(tmp_path: Path) -> None:
    """load_pack on a pack already in use checks it against the others, not against its own
    earlier version (which would make every id 'used twice')."""
    folder = _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES)
    load_pack(folder)
    edited = SCENARIOS.replace("Commuter with both calves sore", "Walker with both calves sore")
    (folder / "scenarios.toml").write_text(edited, encoding="utf-8")
    assert [s.title for s in load_pack(folder).scenarios] == ["Walker with both calves sore"]
    titles = [s.title for s in default_content().scenarios if s.id == "pack-commuter"]
    assert titles == ["Walker with both calves sore"]


# --- defects found by the independent tester (numbers from the report) ---


def _problems(tmp_path: Path, old: str, new: str) -> list[ContentError]:
    """The problems of the good pack with QUESTIONS edited (the text to change must be there)."""
    assert old in QUESTIONS, old
    return check_pack(
        _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES, questions=QUESTIONS.replace(old, new))
    )


def test_a_triage_question_cannot_be_in_the_final_check(tmp_path: Path) -> None:
    """(3) final = true on a triage question is refused: it would never be shown."""
    problems = _problems(
        tmp_path, 'scenario = "pack-commuter"\n', 'scenario = "pack-commuter"\nfinal = true\n'
    )
    assert [(p.entry, p.field) for p in problems] == [("question 'pack-triage-commuter'", "final")]
    assert "final check's stories are built in" in problems[0].problem
    assert "chapter's self-check" in problems[0].problem


def test_options_on_a_triage_question_are_refused_with_the_reason(tmp_path: Path) -> None:
    """(15) A triage question's options come from the screening levels; written ones are named."""
    old = 'sources = ["S17"]\n\n[[question]]\nid = "pack-myth"'
    option = '\n[[question.option]]\nid = "go"\ntext = "Go"\ncorrect = true\nfeedback = "x"\n'
    new = old.replace("\n\n[[question]]", "\n" + option + "\n[[question]]")
    problems = _problems(tmp_path, old, new)
    assert [(p.entry, p.field) for p in problems] == [("question 'pack-triage-commuter'", "option")]
    assert "options are the screening levels" in problems[0].problem


def test_a_misspelt_question_field_is_named_with_did_you_mean(tmp_path: Path) -> None:
    """(15) 'promt' is an unknown field (did you mean 'prompt'?), not 'prompt' missing."""
    problems = _problems(tmp_path, 'prompt = "Which is the main', 'promt = "Which is the main')
    assert [(p.entry, p.field) for p in problems] == [("question 'pack-dvt-first-sign'", "promt")]
    assert problems[0].problem.startswith("unknown field (did you mean 'prompt'?)")


def test_a_misspelt_question_table_alone_says_unknown_table(tmp_path: Path) -> None:
    """(15) A file whose only question is under [[questoin]] names the table, with a hint."""
    text = QUESTIONS.replace("[[question]]", "[[questoin]]").replace(
        "[[question.option]]", "[[questoin.option]]"
    )
    problems = check_pack(_pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES, questions=text))
    assert problems[0].problem.startswith("unknown table 'questoin' (did you mean 'question'?)")


def test_a_chapter_typo_in_an_objective_is_refused(tmp_path: Path) -> None:
    """(5) A chapter id close to a workbook chapter is a typo (did you mean); a distinct new
    chapter of the pack's own stays allowed."""
    problems = _problems(tmp_path, '"90_our_class"', '"02_when_not_to_masage"')
    assert (problems[0].entry, problems[0].field) == ("objective 'pack-spot-doms'", "chapter")
    assert "did you mean '02_when_not_to_massage'?" in problems[0].problem
    (tmp_path / "b").mkdir()
    good = _pack(tmp_path / "b", scenarios=SCENARIOS, sources=SOURCES, questions=QUESTIONS)
    assert check_pack(good) == []  # "90_our_class": the pack's own new chapter


@pytest.mark.parametrize("text", ["", "# our questions, to come\n"])
def test_an_empty_questions_file_is_refused(tmp_path: Path, text: str) -> None:
    """(18) An empty (or comments-only) questions.toml is a problem, like other empty files."""
    problems = check_pack(_pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES, questions=text))
    assert [p.file for p in problems] == ["our-pack/questions.toml"]
    assert "holds no [[objective]] or [[question]] entries" in problems[0].problem


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("questions.toml.txt", "questions.toml"),
        ("questions-2.TOML", "questions-2.toml"),
        ("Scenarios.toml", "scenarios.toml"),
        ("question.toml", "questions.toml"),
    ],
)
def test_a_misnamed_question_file_is_named_with_did_you_mean(
    tmp_path: Path, name: str, hint: str
) -> None:
    """(4) A question file the pack would not read is a problem, with the right name."""
    folder = _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES)
    (folder / name).write_text(QUESTIONS, encoding="utf-8")
    problems = check_pack(folder)
    assert [p.file for p in problems] == [f"our-pack/{name}"]
    assert f"(did you mean '{hint}'?)" in problems[0].problem


def test_final_stories_in_a_pack_say_why_not(tmp_path: Path) -> None:
    """(15) final_stories.toml in a pack says packs cannot add final-check stories."""
    folder = _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES, final_stories=SCENARIOS)
    problems = check_pack(folder)
    assert [p.problem for p in problems] == [
        "packs cannot add final-check stories (they are kept new for every learner); put "
        "trainer stories in scenarios.toml"
    ]


def test_two_packs_are_checked_against_each_other_naming_the_first(tmp_path: Path) -> None:
    """(6) check_packs checks in order, as packs_in_use uses them: the second pack's clash
    names the pack that already holds the id; each alone is fine."""
    first = _named_pack(tmp_path, "pa", scenarios=SCENARIOS, sources=SOURCES)
    second = _named_pack(tmp_path, "pb", scenarios=SCENARIOS, sources=SOURCES)
    assert check_pack(first) == [] and check_pack(second) == []
    (_, own_a, pack_a), (_, own_b, pack_b) = check_packs([first, second])
    assert own_a == [] and pack_a is not None and pack_b is None
    clash = [p for p in own_b if p.field == "id"]
    assert clash and all(f"pack '{first}' already holds it" in p.problem for p in clash)


def test_one_pack_named_twice_is_used_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(7) The same pack by a relative path, a symlink and the environment is one pack."""
    folder = _pack(tmp_path, scenarios=SCENARIOS, sources=SOURCES)
    link = tmp_path / "link"
    link.symlink_to(folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(PACKS_ENV, os.pathsep.join(["our-pack", str(link)]))
    assert pack_folders(["./our-pack"]) == (folder.resolve(),)
    load_pack(Path("our-pack"))
    assert pack_problems() == ()
    assert [s.id for s in default_content().scenarios].count("pack-commuter") == 1
