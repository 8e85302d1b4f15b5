"""Tests for the handouts' pages (no browser): stop rules, print cards, class sheets, documents."""

from __future__ import annotations

import base64
import re
from html import unescape
from pathlib import Path

import pytest
from content_files import copy_content, edit

from calflib.errors import ContentError
from calflib.handouts import (
    HANDOUTS,
    ChromiumMissing,
    handout_pages,
    print_pdfs,
    session_card_link,
    session_handout,
)
from calflib.loader import builtin_content
from calflib.model import Content, Level
from calflib.planner import plan_session
from calflib.print_cards import screening_card, session_card, stop_rules_card
from calflib.print_class import answer_key_sheet, scenario_answers, scenario_cards
from calflib.print_kit import document, open_folds
from calflib.quiz_loader import builtin_bank
from calflib.screening import answers_with, assess
from calflib.stop_rules import URGENCIES, load_stop_rules
from calflib.technique_loader import load_techniques

EMOJI = re.compile("[\U0001f000-\U0001faff\u26d4\u2705\u23f8\u270b]")


def words(html: str) -> str:
    """What a reader sees: tags removed, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_stop_rules_run_from_most_to_least_urgent() -> None:
    """Rules are ordered by urgency and every discomfort number from 0 to 10 has one band."""
    rules = load_stop_rules()
    order = list(URGENCIES)
    assert [order.index(r.urgency) for r in rules.rules] == sorted(
        order.index(r.urgency) for r in rules.rules
    )
    assert {r.urgency for r in rules.rules} == set(URGENCIES)
    numbers = [n for band in rules.bands for n in range(band.low, band.high + 1)]
    assert numbers == list(range(11))


def test_a_gap_in_the_discomfort_scale_names_file_entry_and_field(tmp_path: Path) -> None:
    """A band that does not start where the last one ended is refused, naming its field."""
    folder = copy_content(tmp_path, "sources.toml", "stop_rules.toml")
    edit(folder / "stop_rules.toml", "from = 4", "from = 5")
    with pytest.raises(ContentError) as exc:
        load_stop_rules(folder)
    assert (exc.value.file, exc.value.entry, exc.value.field) == (
        "stop_rules.toml",
        "band 'too-much'",
        "from",
    )


def test_a_rule_without_a_source_must_say_standard_practice(tmp_path: Path) -> None:
    """An unsourced rule that does not say it is standard practice is refused."""
    folder = copy_content(tmp_path, "sources.toml", "stop_rules.toml")
    edit(
        folder / "stop_rules.toml", "Stop at once, without discussion. Standard practice:", "Stop:"
    )
    with pytest.raises(ContentError) as exc:
        load_stop_rules(folder)
    assert exc.value.entry == "rule 'asked'" and exc.value.field == "sources"


def test_the_screening_card_asks_every_question_in_chapter_order(content: Content) -> None:
    """Every finding's question appears, group by group in questionnaire order, with its level."""
    text = words(screening_card(content))
    positions = [text.index(f.label) for g in content.groups for f in content.members(g.id)]
    assert positions == sorted(positions)
    assert len(positions) == len(content.findings)
    for group in content.groups:
        assert group.title in text
    for level, info in content.levels.items():
        assert info.advice in text and level.name in text
    assert "999 (UK), 112 (EU), 911 (US)" in text


def test_the_stop_rules_card_holds_the_scale_and_every_rule() -> None:
    """The card shows 0 to 10, every band's advice, every rule's action and the help numbers."""
    rules = load_stop_rules()
    text = words(stop_rules_card(rules))
    assert "0 1 2 3 4 5 6 7 8 9 10" in text
    for band in rules.bands:
        assert band.do in text
    for rule in rules.rules:
        assert rule.do in text
    assert "999" in text and "112" in text and "911" in text


@pytest.mark.parametrize(
    ("setting", "yes"),
    [
        ("partner", ("calf_swelling_one_side",)),  # a warning sign: no massage at all
        ("partner", ("breathless_chest_pain",)),  # an emergency
        ("roller", ("blood_thinners_bleeding",)),  # this setting is blocked, not massage
    ],
)
def test_a_blocked_plan_has_no_session_card(setting: str, yes: tuple[str, ...]) -> None:
    """No sheet of steps can ever be printed for a plan the screening or setting blocks."""
    plan = plan_session(setting, 10, "recovery", assess(answers_with(*yes)))
    assert plan.blocked
    assert session_card(plan, load_techniques(), builtin_content(), load_stop_rules()) is None
    assert session_handout(plan) is None


def test_a_session_card_times_every_step_with_its_cue() -> None:
    """A plan's card lists each step's time, technique and cue, its changes and the stop rules."""
    plan = plan_session("partner", 10, "recovery", assess(answers_with("pregnancy")))
    html = session_handout(plan, "letter")
    assert html is not None and "size: letter" in html
    text = words(html)
    for step in plan.steps:
        assert step.cue in text and step.name in text
    for change in plan.adaptations:
        assert change in text
    assert "MODIFY" in text and "Stop rules" in text and "999" in text


def test_scenario_cards_hold_every_story_but_no_answer(content: Content) -> None:
    """Each story is on a card with the five calls to circle; no teaching point gives it away."""
    text = words(scenario_cards(content))
    for scenario in content.scenarios:
        assert scenario.title in text and scenario.story in text
        assert scenario.teaching_point not in text
    assert text.count("Your call (circle one):") == len(content.scenarios)


def test_the_teachers_sheet_gives_each_call_and_why(content: Content) -> None:
    """The answers sheet names each story's level and its teaching point, numbered like cards."""
    text = words(scenario_answers(content))
    for n, scenario in enumerate(content.scenarios, start=1):
        assert f"{n}. {scenario.title}" in text
        assert scenario.teaching_point in text
    assert f"{sum(s.expected == Level.REFER for s in content.scenarios)} REFER" in text


def test_the_answer_key_keeps_the_stored_order(content: Content) -> None:
    """Questions and their options appear in the order the bank stores them, never shuffled."""
    bank = builtin_bank()
    text = words(answer_key_sheet(bank, content))
    cursor = 0
    for chapter in dict.fromkeys(q.chapter for q in bank.questions.values()):
        for q in bank.for_chapter(chapter):
            # each prompt, then each of its options, is found after the one before it
            for piece in (q.prompt, *(o.text for o in q.options), q.explanation):
                found = text.find(words(piece), cursor)
                assert found >= 0, (q.id, piece)
                cursor = found + 1


def test_no_handout_prints_emoji() -> None:
    """No handout page holds an emoji (they print as empty boxes without an emoji font)."""
    pages = handout_pages()
    assert {p.stem for p in pages} >= {"screening-card", "stop-rules-card", "scenario-cards"}
    for page in pages:
        assert not EMOJI.search(page.body), page.stem
        assert page.title == HANDOUTS[page.stem]


def test_a_teachers_pack_adds_its_stories_to_the_cards(tmp_path: Path) -> None:
    """With --pack, the cards and the teacher's sheet hold the pack's stories too."""
    pack = tmp_path / "our-pack"
    pack.mkdir()
    (pack / "scenarios.toml").write_text(
        '[[scenario]]\nid = "pack-walker"\ntitle = "After the charity walk"\n'
        'story = "After a charity walk, both calves ache. Nothing else is wrong."\n'
        'present = ["doms_both_calves"]\nexpected = "clear"\n'
        'teaching_point = "Soreness in both calves after unusual exercise is DOMS."\n'
        'sources = ["S17"]\n',
        encoding="utf-8",
    )
    pages = {p.stem: p for p in handout_pages(pack, {"scenario-cards", "scenario-answers"})}
    assert "After the charity walk" in words(pages["scenario-cards"].body)
    assert "is DOMS." in words(pages["scenario-answers"].body)


def test_a_broken_pack_is_refused_naming_its_file(tmp_path: Path) -> None:
    """A pack with a problem is an error naming the file, never a silently shorter handout."""
    pack = tmp_path / "our-pack"
    pack.mkdir()
    (pack / "scenarios.toml").write_text('[[scenario]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        handout_pages(pack)
    assert "scenarios.toml" in str(exc.value)


def test_printed_documents_open_every_fold_and_set_the_paper() -> None:
    """A document opens folded sections, sets the paper size and refuses an unknown paper."""
    assert open_folds("<details><summary>S</summary>x</details>").startswith("<details open")
    assert open_folds("<details open>") == "<details open>"
    assert "size: A4" in document("T", "<p>x</p>", "a4")
    assert "size: letter" in document("T", "<p>x</p>", "letter")
    with pytest.raises(ValueError, match="a4, letter"):
        document("T", "", "a5")


def test_printing_without_chromium_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a Chromium, printing stops with a message naming make browser and apt-get."""
    monkeypatch.setenv("CALFLIB_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(ChromiumMissing, match=r"make browser.*apt-get install chromium"):
        print_pdfs([("<p>x</p>", tmp_path / "x.pdf")])
    assert not (tmp_path / "x.pdf").exists()


def test_the_planner_offers_a_session_card_only_for_a_plan() -> None:
    """Chapter 05's planner links the plan on screen as a printable card; no card if blocked."""
    from calflib.widgets.planner import SessionPlanner

    planner = SessionPlanner(assess(answers_with("pregnancy")))
    link = planner.card_download.value
    assert 'download="session-card-partner-10min.html"' in link
    page = base64.b64decode(link.split("base64,", 1)[1].split('"', 1)[0]).decode()
    assert planner.plan is not None
    assert all(step.cue in unescape(page) for step in planner.plan.steps)
    assert "@page { size: A4" in page
    blocked = SessionPlanner(assess(answers_with("calf_swelling_one_side")))
    assert blocked.plan is not None and blocked.plan.blocked
    assert blocked.card_download.value == ""
    assert session_card_link(None) == ""


def test_the_handout_command_refuses_a_blocked_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`calflib handout session` for a blocked plan prints why, exits 1 and writes nothing."""
    from calflib.cli import main

    status = main(["handout", "session", "--yes", "calf_swelling_one_side", "--out", str(tmp_path)])
    assert status == 1 and list(tmp_path.iterdir()) == []
    out = capsys.readouterr().out
    assert out.startswith("No session card: this plan is blocked.") and "NHS 111" in out


def test_the_handout_command_explains_its_mistakes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown handout or question, or no Chromium, is a one-line message and status 2."""
    from calflib.cli import main

    assert main(["handout", "flyer", "--out", str(tmp_path)]) == 2
    assert "unknown handout 'flyer'; choose from all, session, screening-card" in (
        capsys.readouterr().err
    )
    assert main(["handout", "session", "--yes", "calf_swolen", "--out", str(tmp_path)]) == 2
    assert "unknown screening question 'calf_swolen'" in capsys.readouterr().err
    monkeypatch.setenv("CALFLIB_CHROMIUM", str(tmp_path / "none"))
    assert main(["handout", "stop-rules-card", "--out", str(tmp_path)]) == 2
    assert "make browser" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


_FAKE_CHROMIUM = """#!{python}
import shutil, sys, urllib.parse, urllib.request
out = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--print-to-pdf="))
if {fail}:
    sys.stderr.write("starting\\nboom: no printer today\\n")
    sys.exit(3)
shutil.copy(urllib.request.url2pathname(urllib.parse.urlparse(sys.argv[-1]).path), out)
"""


def _fake_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, fail: bool) -> None:
    """A stand-in Chromium: 'prints' the page's HTML as the PDF, or fails as a real one can."""
    import sys

    script = tmp_path / ("bad-chromium" if fail else "chromium")
    script.write_text(_FAKE_CHROMIUM.format(python=sys.executable, fail=fail), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("CALFLIB_CHROMIUM", str(script))


def test_a_failed_print_keeps_the_old_pdf_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(19) Chromium prints to a temporary file: when it fails, the old PDF is left as it was,
    and the message gives Chromium's exit status and last words."""
    old = tmp_path / "out" / "card.pdf"
    old.parent.mkdir()
    old.write_bytes(b"%PDF last week's card")
    _fake_chromium(tmp_path, monkeypatch, fail=True)
    with pytest.raises(RuntimeError) as failed:
        print_pdfs([("<p>new</p>", old)])
    assert "exit status 3" in str(failed.value) and "boom: no printer today" in str(failed.value)
    assert old.read_bytes() == b"%PDF last week's card"
    _fake_chromium(tmp_path, monkeypatch, fail=False)
    assert print_pdfs([("<p>new</p>", old)]) == [old]
    assert old.read_text(encoding="utf-8") == "<p>new</p>"


def test_the_handout_command_uses_packs_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """(13) A pack named in CALFLIB_PACKS is on the scenario cards; a broken one is refused with
    its problems named, and nothing is printed."""
    from calflib.cli import main
    from calflib.packs import PACKS_ENV, clear_packs

    _fake_chromium(tmp_path, monkeypatch, fail=False)
    pack = Path(__file__).parent / "data" / "pack-our-class"
    monkeypatch.setenv(PACKS_ENV, str(pack))
    clear_packs()
    out = tmp_path / "out"
    assert main(["handout", "scenario-cards", "--paper", "a4", "--out", str(out)]) == 0
    assert "Commuter with both calves sore" in (out / "scenario-cards-a4.pdf").read_text("utf-8")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "scenarios.toml").write_text("[[scenario]]\nid = 1\n", encoding="utf-8")
    monkeypatch.setenv(PACKS_ENV, str(broken))
    clear_packs()
    capsys.readouterr()
    assert main(["handout", "scenario-cards", "--out", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert PACKS_ENV in err and "broken/scenarios.toml" in err
    assert not (tmp_path / "none").exists()
    clear_packs()


def test_an_unwritable_handout_folder_is_a_plain_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """(9) --out naming a file, not a folder: 'cannot write X (reason)', no traceback."""
    from calflib.cli import main

    _fake_chromium(tmp_path, monkeypatch, fail=False)
    not_a_folder = tmp_path / "handouts"
    not_a_folder.write_text("a file", encoding="utf-8")
    assert main(["handout", "stop-rules-card", "--paper", "a4", "--out", str(not_a_folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"calflib: error: cannot write {not_a_folder}") and "(" in err
    assert not_a_folder.read_text(encoding="utf-8") == "a file"
