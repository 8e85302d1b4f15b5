"""Tests for calflib.quiz_patterns: each answer pattern is counted, and warned about in figures."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from calflib.quiz import Option, Question
from calflib.quiz_patterns import MIN_ITEMS, answer_patterns


def _single(key: int, texts: Sequence[str] = ("aa", "bb", "cc", "dd"), qid: str = "s") -> Question:
    options = tuple(Option(f"o{i}", t, i == key, "why") for i, t in enumerate(texts))
    return Question(qid, "90_x", "obj", "single", "?", "Why.", ("S3",), options)


def _multiple(flags: Sequence[bool], qid: str = "m") -> Question:
    options = tuple(Option(f"o{i}", f"option {i}", f, "why") for i, f in enumerate(flags))
    return Question(qid, "90_x", "obj", "multiple", "?", "Why.", ("S3",), options)


def _myth_fact(answer: str, qid: str = "mf") -> Question:
    options = tuple(Option(i, i.capitalize(), i == answer, "why") for i in ("myth", "fact"))
    return Question(qid, "90_x", "obj", "myth_fact", "?", "Why.", ("S3",), options)


def test_key_places_are_counted_per_place() -> None:
    """The report counts where each one-answer key sits, and the shares add up to 1."""
    report = answer_patterns([_single(0), _single(0), _single(2), _single(3)])
    assert report.key_places == (2, 0, 1, 1)
    assert report.place_shares == (0.5, 0.0, 0.25, 0.25)


def test_all_correct_first_and_fact_share_are_counted() -> None:
    """Pick-all questions with every right option first, and facts among myth-or-fact."""
    report = answer_patterns(
        [
            _multiple([True, True, False]),
            _multiple([False, True, True]),
            _multiple([True, False, True]),
            _myth_fact("myth"),
            _myth_fact("fact"),
            _myth_fact("myth"),
        ]
    )
    assert (report.multiples, report.all_correct_first) == (3, 1)
    assert (report.myth_facts, report.facts) == (3, 1)


def test_longest_and_only_hedged_key_are_counted_with_the_guess_rate() -> None:
    """A key that is, or ties for, the longest counts (options all of one length do not); so
    does a key that alone is hedged; the guess rate is the mean of 1 / number of options."""
    report = answer_patterns(
        [
            _single(0, ("a longer answer", "short", "brief")),
            _single(1, ("same", "same", "x")),
            _single(0, ("it may help", "it helps not", "nothing")),
            _single(1, ("a much longer wrong answer", "key")),
            _single(0, ("same", "same", "same")),
        ]
    )
    assert report.longest_correct == 2
    assert report.only_hedge_correct == 1
    assert report.guess_rate == pytest.approx((1 / 3 * 4 + 1 / 2) / 5)


def test_a_clean_set_has_no_warnings() -> None:
    """Keys spread over the places, mixed pick-all options and half facts give no warning."""
    questions = [_single(i % 4, qid=f"s{i}") for i in range(8)]
    questions += [_multiple([False, True, True], f"m{i}") for i in range(5)]
    questions += [_myth_fact("fact" if i % 2 else "myth", f"f{i}") for i in range(6)]
    assert answer_patterns(questions).warnings() == ()


def test_warnings_give_the_figures_and_the_fix() -> None:
    """Each broken rule is one sentence with the counts, the share, the limit and what to do."""
    long_key = ("the one right and far longer answer", "no", "nope")
    questions = [_single(0, long_key, f"s{i}") for i in range(5)]
    questions += [_multiple([True, False], f"m{i}") for i in range(5)]
    questions += [_myth_fact("myth", f"f{i}") for i in range(5)]
    warnings = answer_patterns(questions).warnings()
    assert len(warnings) == 4
    place, longest, first, facts = warnings
    assert place.startswith("the right answer is option 1 in 5 of 5 one-answer questions (100%")
    assert "at or under 43%" in place and "answer key and printouts" in place  # 1/3 + 10 points
    assert "longest option in 5 of 5" in longest and "33% a guess gets right" in longest
    assert first.startswith("5 of 5 pick-all questions list every right option")
    assert facts.startswith("0 of 5 myth-or-fact statements are facts (0%")
    assert "always answering 'myth'" in facts


def test_too_many_facts_is_a_pattern_too() -> None:
    """Nearly all facts is as guessable as nearly all myths."""
    report = answer_patterns([_myth_fact("fact", f"f{i}") for i in range(6)])
    (warning,) = report.warnings()
    assert "6 of 6" in warning and "always answering 'fact'" in warning


def test_a_handful_of_questions_gives_no_warning() -> None:
    """Below MIN_ITEMS questions of a kind, shares say nothing about a pattern: no warning."""
    few = [_single(0, qid=f"s{i}") for i in range(MIN_ITEMS - 1)]
    few += [_myth_fact("myth", f"f{i}") for i in range(MIN_ITEMS - 1)]
    report = answer_patterns(few)
    assert report.place_shares[0] == 1.0
    assert report.warnings() == ()


def test_triage_questions_are_not_measured() -> None:
    """Triage answers with the fixed scale of levels, so it is left out of every count."""
    triage = _single(0)
    triage = Question("t", "90_x", "obj", "triage", "?", "Why.", ("S3",), triage.options, "story")
    report = answer_patterns([triage])
    assert (report.singles, report.multiples, report.myth_facts) == (0, 0, 0)
    assert "none" in report.summary()


def test_two_option_questions_are_held_to_chance_not_to_forty_percent() -> None:
    """(12) With two options a place gets 50% by chance: a 5/5 split gives no warning (a flat
    40% cap would warn twice), while 7 of 10 in one place still does; four options keep 40%."""
    two = ("short one", "short two")
    even = [_single(i % 2, two, qid=f"e{i}") for i in range(10)]
    assert answer_patterns(even).warnings() == ()
    skewed = [_single(0 if i < 7 else 1, two, qid=f"k{i}") for i in range(10)]
    (warning,) = answer_patterns(skewed).warnings()
    assert "option 1 in 7 of 10" in warning and "at or under 60%" in warning
    four = [_single(0 if i < 5 else 1 + i % 3, qid=f"f{i}") for i in range(10)]
    assert answer_patterns(four).position_cap == 0.40
    assert any("option 1 in 5 of 10" in w for w in answer_patterns(four).warnings())
