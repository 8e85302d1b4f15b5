"""Tests for calflib.packs: teachers' scenario and question packs, checked like built-in content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from calflib.errors import ContentError, ContentProblems
from calflib.loader import default_content
from calflib.packs import check_pack, clear_packs, load_pack
from calflib.quiz_loader import default_bank
from calflib.widgets import CheckYourself, ScenarioTrainer

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
