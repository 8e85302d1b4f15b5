"""Tests for calflib.faq_cards: what a learner reads on the picker's card."""

from __future__ import annotations

import re

from calflib.faq import likely_reasons, pain_guide
from calflib.faq_cards import pain_card
from calflib.model import Content

GUIDE = pain_guide()


def visible_text(html: str) -> str:
    """The words a learner reads: icons (aria-hidden) and tags removed, spaces collapsed."""
    html = re.sub(r'<span aria-hidden="true">[^<]*</span>', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_red_flag_card_holds_back_reassurance() -> None:
    """With DOMS and a warm, red calf, the card leads with no massage and gives DOMS no advice."""
    answer = likely_reasons(["sore-after-workout", "warm-red-one-calf"])
    text = visible_text(pain_card(answer))
    assert text.startswith("No massage: get it checked")
    assert GUIDE.reasons["dvt"].what_to_do in text
    assert "Gentle massage is a reasonable thing to try" not in text
    assert "Soreness after exercise (DOMS)" in text and "until then, no massage" in text


def test_everyday_card_still_points_to_screening() -> None:
    """An everyday answer gives its advice, names its level in words and points to chapter 02."""
    card = pain_card(likely_reasons(["sore-after-workout"]))
    text = visible_text(card)
    assert text.startswith("Common and usually harmless")
    assert "Gentle massage is a reasonable thing to try" in text
    assert "Safety first" in text and 'href="02_when_not_to_massage.ipynb"' in card
    assert "calf-concern-everyday" in card and "not diagnosis" in text.lower()
    # Shown, not read out: the picker's live line under the group ticked in is the announcement.
    assert 'role="status"' not in card and "aria-live" not in card


def test_card_names_the_questionnaire_questions_it_stands_for(content: Content) -> None:
    """The card names, in the questionnaire's words, the questions the ticked feelings answer
    yes; feelings the questionnaire does not ask about add no such line."""
    swollen = content.findings["unexplained_swelling_both"].label
    text = visible_text(pain_card(likely_reasons(["ankles-stay-swollen", "night-cramps"])))
    assert f"what you ticked means answering yes to: {swollen}." in text
    pregnant = visible_text(pain_card(likely_reasons(["pregnant-sudden-swelling"])))
    labels = [content.findings[f].label for f in ("pregnancy_sudden_swelling", "pregnancy")]
    assert all(label in pregnant for label in labels)
    for picked in (["night-cramps"], ["ankles-puffy-evening", "hurts-under-firm-pressure"]):
        assert "answering yes to" not in pain_card(likely_reasons(picked))
