"""Tests for calflib/final_stories.py and content/final_stories.toml: the final check's stories."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from calflib.errors import ContentError
from calflib.final_check import DRAW
from calflib.final_stories import FINAL_STORIES_FILE, builtin_final_stories, load_final_stories
from calflib.loader import builtin_content
from calflib.model import Level, Scenario
from calflib.screening import assess
from calflib.trainer import assess_scenario
from tests.content_files import copy_content, edit
from tests.test_scenario_wording import HINT_WORDS, MAX_MEAN_OVERLAP, MAX_OVERLAP, overlaps

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "calflib" / "content"
STORIES = builtin_final_stories()
RUN = 8  # words: a story shares no run this long with any other text in the workbook


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))


def _runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _elsewhere() -> dict[str, str]:
    """Every other text a learner can meet: the content files (trainer stories, questions, FAQ,
    ...), the notebooks' cells and the docs, by path."""
    texts = {
        p.name: p.read_text(encoding="utf-8")
        for p in CONTENT.glob("*.toml")
        if p.name != FINAL_STORIES_FILE
    }
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[str(path.relative_to(ROOT))] = "\n".join("".join(c["source"]) for c in cells)
    for path in sorted((ROOT / "docs").rglob("*")):
        if path.is_file() and path.suffix in {".md", ".txt", ".rst", ".html", ".toml", ".csv"}:
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8", errors="ignore")
    return texts


def _shared_runs(story: Scenario, texts: dict[str, str]) -> list[str]:
    """Where an 8-word run of the story (or its title or id) appears in another text."""
    runs = _runs(story.story)  # teaching points may share stock advice ("call 999 ...")
    found = []
    for where, text in texts.items():
        flat = " ".join(_words(text))
        shared = runs & _runs(text)
        if shared:
            found.append(f"{where}: '{' '.join(sorted(shared)[0])}'")
        if story.id in text or f" {' '.join(_words(story.title))} " in f" {flat} ":
            found.append(f"{where}: id or title '{story.title}'")
    return found


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.id)
def test_the_engine_gives_each_story_its_expected_level(story: Scenario) -> None:
    """Each story's answers, run through the screening engine, give the level it expects."""
    assert assess_scenario(story).level == story.expected


def test_the_pool_holds_three_rounds_at_every_level() -> None:
    """At every level the pool has at least three times the round's quota (emergency 6, refer 9,
    wait 6, modify 9, go ahead 6), so three rounds in a row never meet the same person."""
    counts = Counter(s.expected for s in STORIES)
    assert len(STORIES) >= 3 * sum(DRAW.values())
    for level in Level:
        assert counts[level] >= 3 * DRAW[level], (level, counts[level])


def test_no_final_story_repeats_a_finding_question() -> None:
    """The trainer's cue-overlap limit holds for every (final story, finding answered) pair: a
    story repeats at most MAX_OVERLAP of the words of the question it answers yes to."""
    found = overlaps(STORIES, builtin_content())
    high = {pair: round(v, 2) for pair, v in found.items() if v > MAX_OVERLAP}
    assert found and high == {}


def test_final_stories_on_average_describe_rather_than_quote() -> None:
    """Across all final stories the mean cue overlap stays at or below the trainer's limit."""
    values = list(overlaps(STORIES, builtin_content()).values())
    assert sum(values) / len(values) <= MAX_MEAN_OVERLAP


def test_no_final_story_title_hints_at_the_answer() -> None:
    """No title names a level or hints at it, by the trainer's own hint-word list ('clot', 'fine',
    'just', 'bad', ...): a learner reads the title first."""
    assert "just" in HINT_WORDS
    hinted = {
        s.id: [w for w in HINT_WORDS if re.search(rf"\b{re.escape(w)}\b", s.title.lower())]
        for s in STORIES
    }
    assert {k: v for k, v in hinted.items() if v} == {}


def test_final_story_titles_are_unique() -> None:
    """Two stories with one title would tell the learner nothing about which is which."""
    titles = Counter(s.title.lower() for s in STORIES)
    assert [t for t, n in titles.items() if n > 1] == []


def test_no_final_story_person_shares_a_first_name_with_the_trainer() -> None:
    """A name the learner met in the trainer (chapter 02) could bring that story's answer back."""
    trainer = (CONTENT / "scenarios.toml").read_text(encoding="utf-8")
    reused = {}
    for story in STORIES:
        match = re.match(r"(?:.*?\b)?([A-Z][a-z]+), \d{2}\b", story.story, re.DOTALL)
        assert match, story.id
        if re.search(rf"\b{match.group(1)}\b", trainer):
            reused[story.id] = match.group(1)
    assert reused == {}


def test_the_trainer_never_shows_a_final_story() -> None:
    """The content model the trainer and the chapters use holds none of the final stories."""
    trainer = {s.id for s in builtin_content().scenarios}
    assert trainer and not trainer & {s.id for s in STORIES}
    assert not {s.story for s in builtin_content().scenarios} & {s.story for s in STORIES}


def test_no_final_story_appears_anywhere_else_in_the_workbook() -> None:
    """No final story's id, title or 8-word run of its text is in scenarios.toml, another content
    file (questions, FAQ, ...), a notebook or the docs."""
    texts = _elsewhere()
    assert "scenarios.toml" in texts and "questions.toml" in texts
    assert any(name.endswith(".ipynb") for name in texts)
    found = {s.id: _shared_runs(s, texts) for s in STORIES}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_novelty_check_catches_a_copied_story() -> None:
    """A story copied from the trainer, or a title used elsewhere, is caught."""
    trainer = builtin_content().scenarios[0]
    copied = Scenario(
        id="final-copy",
        title="Something new",
        story=f"A new opening. {trainer.story}",
        present=trainer.present,
        expected=trainer.expected,
        teaching_point="New words.",
        sources=trainer.sources,
    )
    assert _shared_runs(copied, {"scenarios.toml": trainer.story})
    titled = Scenario(**{**copied.__dict__, "story": "Nothing shared.", "title": trainer.title})
    assert _shared_runs(titled, {"scenarios.toml": f"title = {trainer.title!r}"})


def test_stories_are_told_in_the_persons_words_not_the_questionnaires() -> None:
    """No story repeats a finding's question or label word for word (8-word runs)."""
    findings = builtin_content().findings.values()
    cue_runs: set[tuple[str, ...]] = set()
    for finding in findings:
        cue_runs |= _runs(finding.question) | _runs(finding.label) | _runs(finding.help)
    copied = {s.id: sorted(_runs(s.story) & cue_runs) for s in STORIES}
    assert {k: v for k, v in copied.items() if v} == {}


def test_an_age_of_60_or_more_always_lists_older_adult() -> None:
    """A story that gives an age of 60 or over lists the finding for it (no silent 'no')."""
    for story in STORIES:
        ages = [int(a) for a in re.findall(r"\b(\d{2}),", story.story)]
        if any(age >= 60 for age in ages):
            assert "older_adult" in story.present, story.id
        elif ages:
            assert "older_adult" not in story.present, story.id


def test_strain_stories_give_the_days_and_cross_the_72_hours() -> None:
    """Timing traps: fresh strains (wait) and ones past 72 hours (modify) are both in the pool."""
    timed = [s for s in STORIES if "recent_strain" in s.present]
    assert all(s.days_since_injury is not None for s in timed)
    waits = {s.days_since_injury for s in timed if s.expected is Level.WAIT}
    assert waits & {0, 1, 2} and any(
        s.expected is Level.MODIFY and (s.days_since_injury or 0) >= 3 for s in timed
    )


def test_a_not_sure_story_is_not_read_as_no() -> None:
    """The pool has a story the person cannot answer, and answering it 'no' would lower it."""
    unsure = [s for s in STORIES if s.not_sure]
    assert unsure
    for story in unsure:
        answers = {fid: fid in story.present for fid in builtin_content().finding_ids}
        assert assess(answers).level <= story.expected


def test_a_wrong_expected_level_names_the_story_and_the_engines_level(tmp_path: Path) -> None:
    """A story whose expected level differs from the engine's is refused with the engine's level."""
    folder = copy_content(tmp_path)
    edit(
        folder / FINAL_STORIES_FILE,
        'present = ["leg_suddenly_cold", "reduced_sensation"]\nexpected = "emergency"',
        'present = ["leg_suddenly_cold", "reduced_sensation"]\nexpected = "refer"',
    )
    with pytest.raises(ContentError) as exc:
        load_final_stories(folder)
    assert exc.value.file == FINAL_STORIES_FILE and exc.value.field == "expected"
    assert exc.value.entry == "scenario 'final-foot-like-snow'"
    assert "gives 'emergency'" in str(exc.value)


def test_a_final_story_may_not_reuse_a_trainer_id(tmp_path: Path) -> None:
    """An id the trainer already uses is refused, naming the field."""
    folder = copy_content(tmp_path)
    taken = builtin_content().scenarios[0].id
    edit(folder / FINAL_STORIES_FILE, 'id = "final-foot-like-snow"', f'id = "{taken}"')
    with pytest.raises(ContentError) as exc:
        load_final_stories(folder)
    assert exc.value.field == "id" and taken in str(exc.value)


def test_too_few_stories_at_a_level_says_how_many_to_add() -> None:
    """A pool below a level's quota is refused with the number of stories to add."""
    with pytest.raises(ContentError) as exc:
        load_final_stories(minimum={Level.EMERGENCY: 40})
    assert exc.value.file == FINAL_STORIES_FILE
    have = sum(1 for s in STORIES if s.expected is Level.EMERGENCY)
    assert f"add {40 - have} more" in str(exc.value) and "'emergency'" in str(exc.value)
