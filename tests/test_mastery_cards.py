"""Tests for calflib.mastery_cards and calflib.pack_reach: what the dashboard and a missing pack
show, in words."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from calflib.mastery import ObjectiveMastery
from calflib.mastery_cards import dashboard_html, objective_rows, other_chapters, practice_rows
from calflib.pack_reach import missing_pack_card, missing_pack_text
from calflib.quiz import Objective

GOAL = Objective("o1", "90_our_class", "Tell <soreness> from a warning sign")


def _score(**kw: object) -> ObjectiveMastery:
    base: dict[str, object] = {
        "objective": GOAL,
        "total": 3,
        "answered": 3,
        "first_try_right": 1,
        "first_try_unknown": 0,
        "right_now": 3,
        "mastered": False,
    }
    return ObjectiveMastery(**{**base, **kw})  # type: ignore[arg-type]


def _seen(html: str) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def test_an_objective_row_says_first_try_now_and_mastery_in_words() -> None:
    """Chapter, objective, first-try count, count now, and 'not yet mastered' in words."""
    [row] = objective_rows([_score()], {})
    assert [_seen(c) for c in row] == [
        "90_our_class",
        "Tell <soreness> from a warning sign",
        "1 of 3 right",
        "3 of 3 right",
        "\N{HORIZONTAL ELLIPSIS} not yet mastered",
    ]
    assert "<soreness>" not in row[1], "teacher text is escaped"
    assert _seen(objective_rows([_score(mastered=True)], {})[0][4]).endswith(" mastered")
    assert _seen(objective_rows([_score(answered=0)], {})[0][4]).endswith("not started")


def test_answers_from_before_first_tries_were_kept_are_counted_apart() -> None:
    """Upgraded answers are said to predate first tries, not counted as wrong first tries."""
    [row] = objective_rows([_score(first_try_right=0, first_try_unknown=2)], {})
    assert _seen(row[2]) == "0 of 3 right (2 answered before first tries were kept)"


def test_practice_rows_are_newest_first_with_gaps_said_in_words() -> None:
    """Date, title, steps done of total, highest discomfort of 10 and note; missing values are
    said in words; text escaped."""
    log = [
        ("a", {"title": "Self-practice: landmarks", "at": "2026-03-01T10:00:00+00:00"}),
        (
            "b",
            {
                "title": "<i>Pressure</i>",
                "pressure": 0,
                "steps_done": 2,
                "steps_total": 3,
                "note": "ok\nfine",
                "at": "2026-03-02",
            },
        ),
    ]
    rows = practice_rows(log)
    assert [[_seen(c) for c in r] for r in rows] == [
        ["2026-03-02", "<i>Pressure</i>", "2 of 3", "highest 0 of 10", "ok fine"],
        ["2026-03-01", "Self-practice: landmarks", "not given", "not rated", "not given"],
    ]
    assert "<i>" not in rows[0][1]


def test_the_practice_table_says_discomfort_not_pressure() -> None:
    """The saved rating is how uncomfortable it felt, so the column says so, and steps show."""
    html = _seen(dashboard_html("you", [], [], [("a", {"title": "t", "pressure": 3})]))
    assert "Discomfort (0-10)" in html and "Steps done" in html
    assert "Pressure" not in html


def test_pack_chapters_are_totalled_and_listed() -> None:
    """Objectives of chapters the course does not list are summed per chapter; the chapter is
    done only when every objective is mastered, not when every answer is right now."""
    other = Objective("o2", "90_our_class", "x")
    scores = [_score(), _score(objective=other, total=2, right_now=2)]
    [pack] = other_chapters(scores, {"01_the_calf"})
    assert (pack.id, pack.right_now, pack.questions, pack.mastered, pack.objectives) == (
        "90_our_class",
        5,
        5,
        0,
        2,
    )
    assert pack.state == "in progress"
    assert other_chapters(scores, {"90_our_class"}) == []
    html = _seen(dashboard_html("you", [], scores, [], other_chapters(scores, set())))
    assert "90_our_class (teacher's pack) \N{HORIZONTAL ELLIPSIS} in progress" in html
    assert "5 of 5 right now; 0 of 2 objectives mastered" in html
    assert "No self-practice reported yet." in html
    mastered = [_score(mastered=True), _score(objective=other, mastered=True)]
    assert other_chapters(mastered, set())[0].state == "done"


def test_a_pack_chapter_shows_the_packs_title_when_it_gives_one() -> None:
    """With a title from the pack the dashboard shows it (marked as the pack's), else the id."""
    [pack] = other_chapters([_score()], set(), {"90_our_class": "Our <class>"})
    assert pack.label == "Our <class> (teacher's pack)"
    html = dashboard_html("you", [], [_score()], [], [pack])
    assert "Our &lt;class&gt; (teacher&#x27;s pack)" in html and "Our <class>" not in html
    assert "Our <class> (teacher's pack)" in _seen(html)


def test_a_missing_pack_is_named_with_how_to_load_it() -> None:
    """The message names the chapter, the packs in use, load_pack and CALFLIB_PACKS."""
    text = " ".join(missing_pack_text("90_our_class", [Path("/packs/other")]))
    assert "'90_our_class'" in text and "/packs/other" in text
    assert "load_pack" in text and "CALFLIB_PACKS" in text
    assert "No teacher's pack is in use now." in " ".join(missing_pack_text("x", []))
    typo = " ".join(missing_pack_text("01_the_cal", [], ["01_the_calf", "02_when_not_to_massage"]))
    assert "Chapters with questions here: 01_the_calf, 02_when_not_to_massage" in typo
    assert "(did you mean '01_the_calf'?)" in typo
    card = missing_pack_card("<b>x</b>", [])
    assert "<b>x</b>" not in card and "&lt;b&gt;x&lt;/b&gt;" in card
