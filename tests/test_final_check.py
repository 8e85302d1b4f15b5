"""Tests for calflib/final_check.py and calflib/final_check_cards.py: the draw and the pass rule."""

from __future__ import annotations

from collections import Counter

import pytest

from calflib.content_in_use import default_bank
from calflib.final_check import (
    DRAW,
    QUESTIONS_PER_ROUND,
    ROUND_SIZE,
    STORY_CHAPTER,
    Band,
    FinalAnswer,
    draw_questions,
    draw_stories,
    final_rounds,
    final_story_key,
    is_round_key,
    judge,
    parse_round_key,
    round_key,
    story_question,
)
from calflib.final_check_cards import (
    PASS_RULE,
    item_review,
    review_card,
    verdict_card,
    waiting_card,
)
from calflib.final_stories import builtin_final_stories
from calflib.loader import builtin_content
from calflib.model import Level
from calflib.quiz import Option, Question

STORIES = builtin_final_stories()
LEARNERS = ["default", "sam-jones", "Ana", "x", "teacher.demo", "learner-7"]


@pytest.mark.parametrize("learner", LEARNERS)
@pytest.mark.parametrize("round_number", range(6))
def test_every_round_has_twelve_stories_covering_every_level(
    learner: str, round_number: int
) -> None:
    """A round draws DRAW[level] different stories at every level: 12, all five levels."""
    drawn = draw_stories(STORIES, learner, round_number)
    assert len(drawn) == sum(DRAW.values()) == 12
    assert len({s.id for s in drawn}) == 12
    assert Counter(s.expected for s in drawn) == Counter(DRAW)


def test_the_same_learner_and_round_give_the_same_set_in_the_same_order() -> None:
    """The draw is a pure function of learner and round, so a restart shows the same set."""
    for learner in LEARNERS:
        for round_number in range(4):
            first = draw_stories(STORIES, learner, round_number)
            assert draw_stories(tuple(reversed(STORIES)), learner, round_number) == first


def test_three_rounds_in_a_row_never_meet_the_same_person() -> None:
    """Rounds r, r+1 and r+2 share no story (every level has at least three times its quota)."""
    for learner in LEARNERS:
        for round_number in range(8):
            ids = [s.id for r in range(3) for s in draw_stories(STORIES, learner, round_number + r)]
            assert len(ids) == len(set(ids)), (learner, round_number)


def test_every_story_is_met_before_any_story_comes_back() -> None:
    """Over enough rounds each level's stories are all shown before one is shown again."""
    for level, quota in DRAW.items():
        pool = [s.id for s in STORIES if s.expected == level]
        rounds = len(pool) // quota
        seen = [
            s.id
            for r in range(rounds)
            for s in draw_stories(STORIES, "default", r)
            if s.expected == level
        ]
        assert len(seen) == len(set(seen)) == rounds * quota


def test_learners_get_different_sets_and_orders() -> None:
    """Different learners do not all get the same first set (the draw is seeded by the name)."""
    firsts = {tuple(s.id for s in draw_stories(STORIES, name, 0)) for name in LEARNERS}
    assert len(firsts) > 1


def test_the_order_within_a_round_is_mixed() -> None:
    """Stories are not shown grouped by level, so position gives nothing away."""
    for learner in LEARNERS:
        levels = [s.expected for s in draw_stories(STORIES, learner, 0)]
        assert levels != sorted(levels) and levels != sorted(levels, reverse=True)


def test_a_negative_round_is_refused() -> None:
    """Round numbers start at 0."""
    with pytest.raises(ValueError, match="round_number"):
        draw_stories(STORIES, "default", -1)


def test_round_keys_keep_rounds_apart() -> None:
    """Each round's answers are saved under their own id."""
    assert round_key(0, "q") != round_key(1, "q")
    assert round_key(2, "final-x") == "final-round-2-final-x"
    assert is_round_key(round_key(0, "q")) and not is_round_key("final-tech-heart-status")
    assert parse_round_key(round_key(12, "final-rose-bush-scratch")) == (
        12,
        "final-rose-bush-scratch",
    )
    assert parse_round_key("final-tech-heart-status") is None
    assert parse_round_key("final-round-x-q") is None


# --- part 2: the drawn questions ---------------------------------------------------------------

FINAL_QUESTIONS = tuple(q for q in default_bank().final if q.kind != "triage")


@pytest.mark.parametrize("learner", LEARNERS)
def test_part_two_draws_six_questions_one_per_chapter(learner: str) -> None:
    """Each round asks QUESTIONS_PER_ROUND final questions, every chapter before any twice."""
    chapters = {q.chapter for q in FINAL_QUESTIONS}
    for round_number in range(6):
        drawn = draw_questions(FINAL_QUESTIONS, learner, round_number)
        assert len(drawn) == QUESTIONS_PER_ROUND == 6 and len({q.id for q in drawn}) == 6
        assert {q.chapter for q in drawn} == chapters  # 6 chapters: one question from each
        assert draw_questions(tuple(reversed(FINAL_QUESTIONS)), learner, round_number) == drawn


def test_part_two_differs_from_one_round_to_the_next() -> None:
    """A retake asks other questions wherever a chapter has more than one."""
    counts = Counter(q.chapter for q in FINAL_QUESTIONS)
    many = {chapter for chapter, n in counts.items() if n > 1}
    assert len(many) >= 4
    for learner in LEARNERS:
        for round_number in range(4):
            now = draw_questions(FINAL_QUESTIONS, learner, round_number)
            after = draw_questions(FINAL_QUESTIONS, learner, round_number + 1)
            changed = {q.chapter for q in set(now) ^ set(after)}
            assert changed == many, (learner, round_number)


def test_every_final_question_is_asked_within_three_rounds() -> None:
    """No question is left out for good: the largest chapter (3 questions) cycles in 3 rounds."""
    for learner in LEARNERS:
        asked = {q.id for r in range(3) for q in draw_questions(FINAL_QUESTIONS, learner, r)}
        assert asked == {q.id for q in FINAL_QUESTIONS}


def test_part_two_with_few_chapters_takes_a_second_question_per_chapter() -> None:
    """With fewer chapters than places, the round takes a second question from each chapter."""
    two = [q for q in FINAL_QUESTIONS if q.chapter in {"01_the_calf", "02_when_not_to_massage"}]
    drawn = draw_questions(two, "default", 0)
    assert len(drawn) == min(len(two), QUESTIONS_PER_ROUND)
    assert draw_questions((), "default", 3) == ()
    with pytest.raises(ValueError, match="round_number"):
        draw_questions(two, "default", -1)


def test_a_story_question_takes_its_answer_from_the_engine() -> None:
    """The one correct option is the story's level; the explanation is its teaching point."""
    content = builtin_content()
    for story in STORIES:
        question = story_question(story, content)
        assert question.correct_ids == {story.expected.key}
        assert question.explanation == story.teaching_point
        assert question.chapter == STORY_CHAPTER and len(question.options) == 5


# --- the pass rule -----------------------------------------------------------------------------


def _plain(i: int, correct: bool, chapter: str = "03_benefits") -> FinalAnswer:
    q = Question(f"q{i}", chapter, "read-evidence-grades", "single", "?", "", (), ())
    return FinalAnswer(q, correct)


def _story(expected: Level, chosen: Level, title: str = "A story") -> FinalAnswer:
    q = Question("s", STORY_CHAPTER, "grade-five-levels", "triage", "?", "", (), ())
    return FinalAnswer(q, expected == chosen, expected, chosen, title)


@pytest.mark.parametrize(
    ("right", "total", "band"),
    [
        (20, 20, Band.PASSED),
        (16, 20, Band.PASSED),  # exactly 80%
        (15, 20, Band.NEARLY),
        (12, 20, Band.NEARLY),  # exactly 60%
        (11, 20, Band.NOT_YET),
        (0, 20, Band.NOT_YET),
    ],
)
def test_the_pass_mark_is_80_percent_with_bands_below(right: int, total: int, band: Band) -> None:
    """80% or more passes; 60% to under 80% is 'nearly there'; under 60% is 'not yet'."""
    answers = [_plain(i, i < right) for i in range(total)]
    assert judge(answers, total).band is band


@pytest.mark.parametrize(
    ("expected", "chosen", "unsafe"),
    [
        (Level.EMERGENCY, Level.REFER, True),
        (Level.EMERGENCY, Level.CLEAR, True),
        (Level.REFER, Level.WAIT, True),
        (Level.REFER, Level.MODIFY, True),
        (Level.REFER, Level.EMERGENCY, False),  # too cautious costs a point only
        (Level.WAIT, Level.MODIFY, False),
        (Level.MODIFY, Level.CLEAR, False),
        (Level.CLEAR, Level.REFER, False),
    ],
)
def test_only_under_triage_of_a_red_flag_story_fails_on_safety(
    expected: Level, chosen: Level, unsafe: bool
) -> None:
    """An emergency or refer story given a lower level fails the round even with 95% right."""
    answers = [_plain(i, True) for i in range(19)] + [_story(expected, chosen, "Pruning")]
    verdict = judge(answers, 20)
    assert (verdict.band is Band.UNSAFE) is unsafe
    assert verdict.passed is not unsafe
    assert verdict.missed_red_flags == (("Pruning",) if unsafe else ())


def test_an_unfinished_round_has_no_verdict_yet() -> None:
    """Until every item is answered the band is 'not finished', even with a missed red flag."""
    verdict = judge([_story(Level.REFER, Level.CLEAR)], 12)
    assert verdict.band is Band.NOT_FINISHED and not verdict.passed
    with pytest.raises(ValueError):
        judge([_plain(1, True), _plain(2, True)], 1)


def test_missed_items_send_the_learner_to_their_chapters_screening_first() -> None:
    """The chapters to revisit are those of the missed items, chapter 02 first, with objectives."""
    answers = [
        _plain(1, False, "04_techniques"),
        _plain(2, True, "01_the_calf"),
        _story(Level.MODIFY, Level.CLEAR),
    ]
    verdict = judge(answers, 3, {"grade-five-levels": "Sort a situation into five levels"})
    assert [chapter for chapter, _ in verdict.revisit] == [STORY_CHAPTER, "04_techniques"]
    assert verdict.revisit[0][1] == ("Sort a situation into five levels",)


def test_the_card_says_the_band_score_rule_and_links_the_chapters() -> None:
    """A learner reads the band in words, the score, the rule, the missed story and the links."""
    answers = [_plain(i, True) for i in range(10)] + [
        _plain(10, False, "04_techniques"),
        _story(Level.REFER, Level.MODIFY, "Pruning <the roses>"),
    ]
    html = verdict_card(judge(answers, 12), {"04_techniques": "Techniques"})
    assert "Not passed: a warning sign was missed" in html and "10 of 12 right (83%)" in html
    assert "Pruning &lt;the roses&gt;" in html and "<the roses>" not in html
    assert 'href="04_techniques.ipynb"' in html and "04 Techniques" in html
    assert 'href="02_when_not_to_massage.ipynb"' in html
    assert "80%" in PASS_RULE and "EMERGENCY or REFER" in PASS_RULE


def test_a_pass_card_has_no_links_and_an_unfinished_one_counts_answers() -> None:
    """Passing names no chapter to go back to; an unfinished round says how many are answered."""
    passed = verdict_card(judge([_plain(i, True) for i in range(5)], 5), {})
    assert "Passed" in passed and ".ipynb" not in passed
    waiting = verdict_card(judge([_plain(1, False)], 5), {})
    assert "1 of 5 answered" in waiting and ".ipynb" not in waiting


def test_before_finishing_the_card_says_how_marking_works_and_names_blank_items() -> None:
    """The waiting card says nothing is marked before Finish, and lists the blank item numbers."""
    assert "Nothing is marked until you press Finish and see my result" in waiting_card(18)
    assert "Items 3, 7 have no answer yet: answer all 18 first" in waiting_card(18, [3, 7])
    assert "Item 2 has no answer yet" in waiting_card(18, [2])


def test_the_review_lists_each_item_with_the_answer_given_and_the_key() -> None:
    """Each item: its title or question, right or not, the answer given, the key when missed."""
    question = Question(
        "q",
        "03_benefits",
        "read-evidence-grades",
        "single",
        "How <strong> is it?",
        "Because of S17.",
        (),
        (Option("a", "Very", False, ""), Option("b", "A little", True, "")),
    )
    wrong = item_review(1, question, ["a"], False)
    right = item_review(2, question, ["b"], True, title="Pruning")
    html = review_card([wrong, right])
    assert "1. How &lt;strong&gt; is it?" in html and "Your answer: Very." in html
    assert "The answer: A little." in html and "Because of S17." in html
    assert "2. Pruning" in html and html.count("The answer:") == 1


# --- for the teacher: rounds from saved records, and the answer key ----------------------------


def _record(answer: list[str], correct: bool, *later: bool) -> dict[str, object]:
    attempts = [{"answer": answer, "correct": correct, "at": "2026-12-01T10:00:00"}]
    attempts += [{"answer": answer, "correct": c, "at": "2026-12-01T11:00:00"} for c in later]
    return {"answer": answer, "correct": attempts[-1]["correct"], "attempts": attempts}


def _saved_round(number: int, *, wrong: int = 0, lower_red_flag: bool = False) -> dict:
    """A finished round as the widget saves it: 12 stories and 6 questions, all right except
    ``wrong`` questions and (with ``lower_red_flag``) the first red-flag story, answered modify."""
    content = builtin_content()
    quiz: dict[str, object] = {}
    lowered = not lower_red_flag
    for story in draw_stories(STORIES, "seed", number):
        chosen = story.expected
        if not lowered and story.expected >= Level.REFER:
            chosen, lowered = Level.MODIFY, True
        right = chosen.key in story_question(story, content).correct_ids
        quiz[round_key(number, story.id)] = _record([chosen.key], right)
    for i, question in enumerate(draw_questions(FINAL_QUESTIONS, "seed", number)):
        quiz[round_key(number, question.id)] = _record(["x"], i >= wrong)
    return quiz


def test_final_rounds_gives_each_round_its_score_band_and_missed_red_flags() -> None:
    """Per round: answered, right, total, passed, band, and the titles of red flags given too low;
    other saved answers are left out."""
    first_red = next(s for s in draw_stories(STORIES, "seed", 1) if s.expected >= Level.REFER)
    quiz = {
        **_saved_round(0, wrong=4),
        **_saved_round(1, lower_red_flag=True),
        **_saved_round(2),
        "final-tech-heart-status": _record(["a"], True),
    }
    rounds = final_rounds(quiz, STORIES, FINAL_QUESTIONS)
    assert [r.round_number for r in rounds] == [0, 1, 2]
    assert all(r.answered == r.total == ROUND_SIZE == 18 for r in rounds)
    assert rounds[0].right == 14 and rounds[0].band is Band.NEARLY and not rounds[0].passed
    assert rounds[1].right == 17 and rounds[1].band is Band.UNSAFE and not rounds[1].passed
    assert rounds[1].missed_red_flags == (first_red.title,)
    assert rounds[2].right == 18 and rounds[2].band is Band.PASSED and rounds[2].passed
    assert rounds[2].score == 1.0 and rounds[2].missed_red_flags == ()


def test_final_rounds_counts_the_first_attempt_and_unfinished_rounds() -> None:
    """A later right attempt does not change the first; a round with fewer answers than its
    size is not finished; unreadable records and ids are skipped."""
    story = STORIES[0]
    quiz = {
        round_key(5, story.id): _record(["clear"], False, True),
        round_key(5, "final-tech-heart-status"): _record(["a"], True),
        round_key(5, "broken"): {"answer": "?"},
        "final-round-x-q": _record(["a"], True),
    }
    (only,) = final_rounds(quiz, STORIES)
    assert only.round_number == 5 and only.answered == 2 and only.right == 1
    assert only.band is Band.NOT_FINISHED and only.total == ROUND_SIZE
    (small,) = final_rounds(quiz, STORIES, round_size=2)
    assert small.band is not Band.NOT_FINISHED and small.total == 2
    assert final_rounds({}, STORIES) == ()


def test_the_answer_key_lists_every_story_with_its_level_and_teaching_point() -> None:
    """Every final story once, emergency first, with the level the engine gives and its point."""
    key = final_story_key(STORIES)
    assert sorted(k.id for k in key) == sorted(s.id for s in STORIES)
    levels = [k.expected for k in key]
    assert levels == sorted(levels, reverse=True) and levels[0] is Level.EMERGENCY
    by_id = {s.id: s for s in STORIES}
    for entry in key:
        story = by_id[entry.id]
        assert entry.title == story.title and entry.teaching_point == story.teaching_point
        assert story_question(story, builtin_content()).correct_ids == {entry.expected.key}
