"""Tests for calflib.gift: the GIFT file, parsed back, holds every question, option and key."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest

from calflib.content_in_use import default_bank, default_content
from calflib.gift import gift_escape, gift_problems, gift_text
from calflib.packs import clear_packs, load_pack
from calflib.quiz import Question, QuestionBank

PACK = Path(__file__).parent / "data" / "pack-our-class"
HOSTILE = "a~b=c#d{e}f:g\\h <b>i</b> & j\nk // l\n\nm ::n:: ####o"


def _split(text: str, separator: str) -> list[str]:
    """Split GIFT text at separators that are not escaped with a backslash."""
    parts, current, i = [], "", 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
        elif text.startswith(separator, i):
            parts.append(current)
            current, i = "", i + len(separator)
        else:
            current += text[i]
            i += 1
    return [*parts, current]


def _plain(gift: str) -> str:
    """GIFT [html] text back to what a reader sees: escapes undone, <br> a line break."""
    text = re.sub(r"\\(.)", r"\1", gift)
    text = text.replace("<br>", "\n").replace("</p><p>", "\n\n")
    return html.unescape(re.sub(r"</?p>", "", text))


def parse_gift(text: str) -> dict[str, dict[str, object]]:
    """A small GIFT reader (for multiple-choice questions with feedback): id -> parts."""
    questions: dict[str, dict[str, object]] = {}
    category = ""
    assert text.endswith("}\n")
    for block in text.removesuffix("\n").split("\n\n"):
        if block.startswith("//"):
            continue
        if block.startswith("$CATEGORY: "):
            category = block.removeprefix("$CATEGORY: ")
            continue
        head, *lines, end = block.split("\n")
        assert end == "}" and head.startswith("::") and head.endswith("{"), block
        _, name, body = _split(head[:-1], "::")
        assert body.startswith("[html]")
        options, general = [], None
        for line in lines:
            line = line.removeprefix("\t")
            if line.startswith("####"):
                general = _plain(line[4:])
                continue
            match = re.match(r"(=|~%[-0-9.]+%|~)", line)
            assert match, line
            answer, feedback = _split(line[match.end() :], "#")
            options.append((match.group(1), _plain(answer), _plain(feedback)))
        questions[_plain(name)] = {
            "category": category,
            "text": _plain(body.removeprefix("[html]")),
            "options": options,
            "general": general,
        }
    return questions


def _right(mark: str) -> bool:
    return mark == "=" or (mark.startswith("~%") and not mark.startswith("~%-"))


def _check_round_trip(bank: QuestionBank) -> dict[str, dict[str, object]]:
    content = default_content()
    parsed = parse_gift(gift_text(bank, content))
    assert set(parsed) == set(bank.questions)
    for q in bank.questions.values():
        got = parsed[q.id]
        assert str(got["text"]).startswith(q.prompt), q.id
        if q.kind == "triage":
            scenario = next(s for s in content.scenarios if s.id == q.scenario)
            assert scenario.story in str(got["text"]) and scenario.title in str(got["text"])
        assert got["general"] == q.explanation
        options = got["options"]
        assert isinstance(options, list)
        assert [(text, fb) for _, text, fb in options] == [(o.text, o.feedback) for o in q.options]
        assert [_right(mark) for mark, _, _ in options] == [o.correct for o in q.options], q.id
        expected = "calflib/final_check" if q.final else f"calflib/{q.chapter}"
        assert got["category"] == expected
    return parsed


def test_every_question_option_and_key_survives_the_round_trip() -> None:
    """Parsed back, the GIFT file has every question of the bank with its text, options,
    right answers, per-option feedback, explanation and chapter category."""
    parsed = _check_round_trip(default_bank())
    assert len(parsed) == len(default_bank().questions) >= 50


def test_triage_keys_come_from_the_screening_rules() -> None:
    """A triage question's right option in the file is the level the screening engine gives."""
    bank = default_bank()
    parsed = parse_gift(gift_text(bank, default_content()))
    triage = [q for q in bank.questions.values() if q.kind == "triage"]
    assert triage
    for q in triage:
        options = parsed[q.id]["options"]
        assert isinstance(options, list)
        right = [text for mark, text, _ in options if mark == "="]
        assert right == [o.text for o in q.options if o.correct]
    long_haul = parsed["triage-long-haul"]["options"]
    assert isinstance(long_haul, list)
    assert next(text for mark, text, _ in long_haul if mark == "=").startswith("REFER")


def test_multiple_answer_weights_add_up_to_100() -> None:
    """In pick-all questions the right options' weights add up to 100% and wrong ones are -100%."""
    bank = default_bank()
    parsed = parse_gift(gift_text(bank, default_content()))
    for q in (q for q in bank.questions.values() if q.kind == "multiple"):
        options = parsed[q.id]["options"]
        assert isinstance(options, list)
        weights = [float(mark[2:-1]) for mark, _, _ in options]
        assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=0.001), q.id
        assert {w for w in weights if w < 0} <= {-100.0}


def test_special_characters_in_teacher_text_are_escaped() -> None:
    """GIFT's ~ = # { } : and backslash, HTML and line breaks in teacher text come back as typed,
    and no line of the file starts a comment."""
    bank = default_bank()
    plain = next(q for q in bank.questions.values() if q.kind == "single")
    options = tuple(replace(o, text=HOSTILE + o.id, feedback=HOSTILE) for o in plain.options)
    hostile: Question = replace(plain, prompt=HOSTILE, explanation=HOSTILE, options=options)
    small = QuestionBank(bank.objectives, {plain.id: hostile})
    text = gift_text(small, default_content())
    assert "<b>" not in text
    assert not [line for line in text.splitlines()[2:] if line.lstrip().startswith("//")]
    _check_round_trip(small)


def test_a_packs_questions_with_special_characters_round_trip() -> None:
    """The committed test pack (braces, =, ~, # and : in its text) exports and parses back."""
    clear_packs()
    try:
        load_pack(PACK)
        bank = default_bank()
        parsed = _check_round_trip(bank)
    finally:
        clear_packs()
    assert parsed["pack-myth"]["category"] == "calflib/90_our_class"
    assert "{day 2}" in str(parsed["pack-triage-commuter"]["text"])


def test_escape_puts_a_backslash_before_each_special_character() -> None:
    """Each of ~ = # { } : and the backslash gets a backslash; a line break becomes <br>."""
    assert gift_escape("~=#{}:\\") == "\\~\\=\\#\\{\\}\\:\\\\"
    assert gift_escape("a\r\nb<c") == "a<br>b&lt;c"


def test_a_pick_all_question_moodle_cannot_take_is_named() -> None:
    """(10) More than 10 right options: gift_problems names it for `calflib check`, and
    gift_text refuses it with the same words (never a bare traceback in the command)."""
    from calflib.quiz import Option

    options = tuple(Option(f"o{i}", f"S{i}", i < 11, "why") for i in range(12))
    many = Question("many", "90_x", "obj", "multiple", "?", "Why.", ("S3",), options)
    bank = QuestionBank(objectives={}, questions={"many": many})
    (problem,) = gift_problems([many])
    assert "question 'many' has 11 right options" in problem and "at most 10" in problem
    with pytest.raises(ValueError, match="question 'many' has 11 right options"):
        gift_text(bank, default_content())
    assert gift_problems(default_bank().questions.values()) == ()
