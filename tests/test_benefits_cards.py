"""Tests for calflib.benefits_cards: what a learner reads on a benefit's card."""

from __future__ import annotations

import dataclasses
from html import escape

import pytest

from calflib.benefits import BenefitCatalogue, Grade, load_benefits
from calflib.benefits_cards import benefit_card, benefits_status, empty_filter_card


@pytest.fixture(scope="module")
def catalogue() -> BenefitCatalogue:
    """The built-in benefits."""
    return load_benefits()


# --- Cards ---------------------------------------------------------------------------------------


def test_card_shows_every_part_of_a_benefit(catalogue: BenefitCatalogue) -> None:
    """The card has the claim, mechanism, studies, grade in words, bottom line and sources."""
    b = catalogue.get("circulation")
    card = benefit_card(b, catalogue)
    for text in ("Evidence: Contradicted", "✕", "made in the source article"):
        assert text in card
    for part in (
        "The claim",
        "How it is supposed to work",
        "What studies measured",
        "Bottom line",
        "Why this grade",
        "Still worth doing for",
        "Sources",
        "Parts graded differently",
        "Popular claim not supported",
        "See also: Warms up the muscle",
    ):
        assert part in card
    assert card.index("Evidence:") < card.index("Bottom line") < card.index("The claim")
    assert "Shoemaker 1997" in card and "[S14]" in card
    assert "Wiltshire EV et al" in card  # source titles come from the bibliography


def test_card_escapes_content(catalogue: BenefitCatalogue) -> None:
    """Hostile text in content is shown as text."""
    b = dataclasses.replace(catalogue.get("doms"), claim='<img src=x onerror="alert(1)">')
    card = benefit_card(b, catalogue)
    assert "<img" not in card and "&lt;img" in card


def test_empty_filter_card_says_so_and_names_matching_parts(catalogue: BenefitCatalogue) -> None:
    """With nothing graded strong, the card says so and points at the strong part (IPC)."""
    card = empty_filter_card([Grade.STRONG], catalogue)
    assert "No claimed benefit is graded strong as a whole" in card
    assert "compression machines (IPC)" in card


def test_the_status_line_counts_names_the_benefit_and_says_when_nothing_is_shown() -> None:
    """The explorer's one live line: the count (of a grade, or all), then the benefit on screen
    with its grade in words and bottom line; nothing shown says what to do; text is escaped."""
    cat = load_benefits()
    benefit = cat.benefits[0]
    line = benefits_status(3, "strong", benefit, cat)
    assert line.startswith(f"<p>Showing 3 of {len(cat.benefits)} benefits graded strong.</p>")
    assert f"{escape(benefit.name)}: {escape(cat.grades[benefit.grade].label)}." in line
    assert escape(benefit.bottom_line) in line
    assert benefits_status(len(cat.benefits), None, None, cat) == (
        f"<p>Showing {len(cat.benefits)} of {len(cat.benefits)} benefits.</p>"
    )
    empty = benefits_status(0, "strong", None, cat)
    assert (
        "Nothing to show:</strong> no benefit graded strong. Choose another grade, or All." in empty
    )
    hostile = dataclasses.replace(benefit, name="<b>x</b>")
    assert "<b>x</b>" not in benefits_status(1, None, hostile, cat)
