"""Tests for calflib.widgets.faq, driven in the kernel as a learner would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from content_files import copy_content

import calflib.widgets.faq as faq_widgets
from calflib.faq import PainGuide, load_pain_guide, pain_guide
from calflib.widgets.faq import WhyDoesItHurt

GUIDE = pain_guide()
HOSTILE = "<img src=x onerror=alert(1)>"


def visible_text(html: str) -> str:
    """The words a learner reads: icons (aria-hidden) and tags removed, spaces collapsed."""
    html = re.sub(r'<span aria-hidden="true">[^<]*</span>', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def hostile_guide(folder: Path) -> PainGuide:
    """The built-in guide with one feeling's label and help replaced by markup."""
    path = folder / "faq.toml"
    text = path.read_text(encoding="utf-8")
    for old in (
        'label = "One calf newly swollen, or bigger than the other"',
        'help = "Compare both legs; the swelling is often at the back of the calf. Swelling '
        'only around a fresh strain or knock belongs to the injury feelings."',
    ):
        assert old in text
        text = text.replace(old, old.split("=")[0] + f'= "{HOSTILE}"')
    path.write_text(text, encoding="utf-8")
    return load_pain_guide(folder)


def test_every_feeling_has_a_labelled_checkbox_in_a_group_named_by_its_heading() -> None:
    """One checkbox per feeling, labelled in words with its help line, in a group per heading
    named by that heading; stable CSS classes."""
    w = WhyDoesItHurt()
    assert list(w.boxes) == [f.id for g in GUIDE.groups for f in GUIDE.in_group(g.id)]
    for fid, box in w.boxes.items():
        assert box.description == GUIDE.feelings[fid].label and not box.value
    titled = {g.id: g.title for g in GUIDE.groups}
    for gid, group in w.groups.items():
        members = GUIDE.in_group(gid)
        assert group.description == titled[gid] and group.multiple
        assert group.labels == [f.label for f in members]
        assert group.helps == [f.help for f in members]
        assert {"calf-pain-group", f"calf-pain-group-{gid}"} <= set(group._dom_classes)
    assert "calf-pain-picker" in w._dom_classes and "calf-pain-card" in w.card._dom_classes


def test_starts_with_nothing_ticked_and_points_to_screening() -> None:
    """Before anything is ticked, the card asks for a tick and links to the screening chapter."""
    w = WhyDoesItHurt()
    assert "Nothing ticked yet" in w.card.value and "Nothing ticked yet" in w.summary.value
    assert 'href="02_when_not_to_massage.ipynb"' in w.card.value


def test_ticking_doms_gives_the_everyday_answer_in_words() -> None:
    """Ticking soreness after a workout updates the card and the summary, in words."""
    w = WhyDoesItHurt()
    w.boxes["sore-after-workout"].value = True
    assert visible_text(w.card.value).startswith("Common and usually harmless")
    assert "Soreness after exercise (DOMS)" in w.card.value
    assert "Common and usually harmless" in w.summary.value and "1 ticked" in w.summary.value
    assert w.picked() == ("sore-after-workout",)


def test_a_red_flag_ticked_later_takes_over_the_card() -> None:
    """Adding a warm, red calf to DOMS makes the card lead with no massage and drop DOMS advice."""
    w = WhyDoesItHurt()
    w.boxes["sore-after-workout"].value = True
    w.boxes["warm-red-one-calf"].value = True
    text = visible_text(w.card.value)
    assert text.startswith("No massage: get it checked")
    assert "Gentle massage is a reasonable thing to try" not in text
    assert "calf-concern-get_checked" in w.card.value
    assert "No massage: get it checked" in w.summary.value
    w.boxes["warm-red-one-calf"].value = False
    assert visible_text(w.card.value).startswith("Common and usually harmless")


def test_emergency_leads_with_no_massage_and_the_number_to_call() -> None:
    """Breathlessness or chest pain leads with no massage and the emergency numbers."""
    w = WhyDoesItHurt()
    w.pick(["breathless-chest-pain", "hurts-under-firm-pressure"])
    text = visible_text(w.card.value)
    assert text.startswith("No massage: call for help now")
    assert "999" in text and "112" in text and "911" in text


def test_puffy_ankles_are_ordinary_but_swelling_that_stays_is_not() -> None:
    """Ankles puffy by the evening and gone by the morning read as common; swelling still there in
    the morning says no massage for now and names the questionnaire question it answers yes."""
    w = WhyDoesItHurt()
    w.pick(["ankles-puffy-evening"])
    text = visible_text(w.card.value)
    assert text.startswith("Common and usually harmless")
    assert "Gentle strokes are fine" in text and "answering yes to" not in text
    w.pick(["ankles-puffy-evening", "ankles-stay-swollen"])
    text = visible_text(w.card.value)
    assert text.startswith("No massage for now: see a clinician first (not an emergency)")
    assert "Gentle strokes are fine" not in text
    assert "answering yes to: Swelling of one or both legs, ankles or feet" in text
    assert "No massage for now" in w.summary.value


def test_night_cramps_are_common_not_a_vein_problem() -> None:
    """Night cramps alone give the everyday answer about cramps, with when to see a GP."""
    w = WhyDoesItHurt()
    w.boxes["night-cramps"].value = True
    text = visible_text(w.card.value)
    assert text.startswith("Common and usually harmless")
    assert "Night cramps" in text and "Vein problems (venous" not in text
    assert "lasts longer than 10 minutes" in text


def test_pick_and_clear() -> None:
    """pick() ticks exactly the given boxes with one update; clear() unticks them all."""
    w = WhyDoesItHurt()
    w.pick(["night-cramps", "heavy-aching-legs"])
    assert w.picked() == ("heavy-aching-legs", "night-cramps")
    assert w.answer.reasons[0].reason.id == "vein-problems"
    w.clear_button.click()
    assert w.picked() == () and "Nothing ticked yet" in w.card.value
    with pytest.raises(ValueError, match="did you mean 'night-cramps'"):
        w.pick(["night-cramp"])


@pytest.mark.calm_widgets  # a learner sees the calm message, not a raised error
def test_a_failure_in_a_callback_is_shown_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """If working out the answer fails, the live line beside Clear all explains in words (the
    card is not read out), never a traceback."""
    w = WhyDoesItHurt()

    def broken(*_args: object) -> None:
        raise RuntimeError("picker broke")

    monkeypatch.setattr(faq_widgets, "likely_reasons", broken)
    w.boxes["sore-after-workout"].value = True
    assert "Something went wrong" in w.note.value and "picker broke" in w.note.value


def test_teacher_text_is_escaped_in_the_widget(tmp_path: Path) -> None:
    """Markup in content shows as text in the help line and the card, never as HTML."""
    copy_content(tmp_path, "faq.toml")
    guide = hostile_guide(tmp_path)
    w = WhyDoesItHurt(guide=guide)
    w.boxes["one-calf-swollen"].value = True
    assert w.boxes["one-calf-swollen"].description == HOSTILE  # a plain-text label ...
    group = w.groups[GUIDE.feelings["one-calf-swollen"].group]
    assert HOSTILE in group.labels and HOSTILE in group.helps  # ... and help, sent as text
    script = (Path(faq_widgets.__file__).parent / "static" / "choice.js").read_text("utf-8")
    assert "innerHTML" not in script.split("function renderLive")[0]  # drawn with textContent
    html = [child.value for child in _all_html(w)]
    assert not any(HOSTILE in value for value in html)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in value for value in html)


def test_a_guide_from_a_folder_is_used(tmp_path: Path) -> None:
    """A guide loaded from another folder (as a teacher would) drives the widget."""
    copy_content(tmp_path, "faq.toml")
    w = WhyDoesItHurt(guide=load_pain_guide(tmp_path))
    assert len(w.boxes) == len(GUIDE.feelings)


def _all_html(widget: object) -> list[faq_widgets.widgets.HTML]:
    found = []
    stack = [widget]
    while stack:
        item = stack.pop()
        if isinstance(item, faq_widgets.widgets.HTML):
            found.append(item)
        stack.extend(getattr(item, "children", ()))
    return found


def test_clear_all_says_what_it_did_and_a_new_tick_takes_that_back() -> None:
    """The card of reasons is not read out, so Clear all says beside it that every box was
    unticked, again on a second press; ticking a box afterwards empties that note."""
    w = WhyDoesItHurt()
    assert "calf-live-widget" in w.note._dom_classes and w.note.value == ""
    w.boxes["warm-red-one-calf"].value = True
    w.clear_button.click()
    assert w.picked() == () and "Every box unticked" in w.note.value
    said = w.note.said
    w.clear_button.click()
    assert "Every box unticked" in w.note.value and w.note.said > said
    w.boxes["sore-after-workout"].value = True
    assert w.note.value == ""
    assert 'role="status"' not in w.card.value  # the line under the group is the announcement


def test_a_red_flag_line_says_what_to_do_now() -> None:
    """The line read out under the group carries the red flag's advice (call for help now), as
    the card of reasons is not read out; an everyday answer's line stays short."""
    w = WhyDoesItHurt()
    w.boxes["breathless-chest-pain"].value = True
    line = visible_text(w.summary.value)
    assert "No massage: call for help now" in line and "999" in line and "1 ticked" in line
    w.clear()
    w.boxes["sore-after-workout"].value = True
    assert "999" not in w.summary.value and "Gentle massage" not in w.summary.value
