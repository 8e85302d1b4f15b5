"""Tests for the benefits explorer, driven in the kernel the way a learner would use it."""

from __future__ import annotations

from html import escape

import pytest

from calflib.benefits import BenefitCatalogue, Grade, filter_by_grade, load_benefits
from calflib.widgets.benefits import ALL, BenefitsExplorer


@pytest.fixture(scope="module")
def catalogue() -> BenefitCatalogue:
    """The built-in benefits."""
    return load_benefits()


def _highlighted(explorer: BenefitsExplorer) -> list[str]:
    chart = explorer.chart.value
    return [
        part.split('"', 1)[0]
        for part in chart.split('data-benefit="')[1:]
        if 'data-highlighted="true"' in part.split(">", 1)[0]
    ]


def test_starts_on_the_first_benefit_with_everything_shown(catalogue: BenefitCatalogue) -> None:
    """The explorer opens on All, the first benefit's card, and the chart marking it."""
    w = BenefitsExplorer()
    first = catalogue.benefits[0]
    assert w.grade_filter.value == ALL
    assert w.picker.value == first.id
    assert f"Showing {len(catalogue.benefits)} of {len(catalogue.benefits)}" in w.status.value
    assert first.name in w.card.value and "Bottom line" in w.card.value
    assert _highlighted(w) == [first.id]
    assert "The chart in words" in w.chart.value and "Highlighted: " in w.chart.value


def test_picking_a_benefit_updates_card_and_chart(catalogue: BenefitCatalogue) -> None:
    """Choosing DOMS shows its grade in words and highlights it in the chart."""
    w = BenefitsExplorer()
    w.picker.value = "doms"
    assert "Evidence: Moderate" in w.card.value
    assert "Guo 2017" in w.card.value
    assert _highlighted(w) == ["doms"]
    assert "Moderate (selected)" in w.chart.value


@pytest.mark.parametrize("grade", [g for g in Grade if g != Grade.STRONG])
def test_filter_offers_exactly_the_benefits_with_that_grade(
    catalogue: BenefitCatalogue, grade: Grade
) -> None:
    """Each grade button narrows the list to the benefits with that grade."""
    w = BenefitsExplorer()
    w.grade_filter.value = grade.key
    expected = [b.id for b in filter_by_grade(catalogue.benefits, [grade])]
    assert [value for _label, value in w.picker.options] == expected
    assert w.picker.value in expected and not w.picker.disabled
    assert f"graded {grade.key}" in w.status.value
    assert f"Evidence: {catalogue.grades[grade].label}" in w.card.value


def test_filter_keeps_the_pick_when_it_still_fits() -> None:
    """Filtering to the grade of the current pick does not jump to another benefit."""
    w = BenefitsExplorer()
    w.picker.value = "flexibility"
    w.grade_filter.value = "moderate"
    assert w.picker.value == "flexibility"
    w.grade_filter.value = "limited"
    assert w.picker.value == "dvt_prevention"


def test_an_empty_filter_says_so_in_words() -> None:
    """No claim is graded strong as a whole: the explorer says so and names the strong part."""
    w = BenefitsExplorer()
    w.grade_filter.value = "strong"
    assert w.picker.options == () and w.picker.value is None and w.picker.disabled
    assert w.benefit is None
    assert "Nothing to show" in w.status.value
    assert "No claimed benefit is graded strong as a whole" in w.card.value
    assert "compression machines (IPC)" in w.card.value
    assert _highlighted(w) == []
    w.grade_filter.value = ALL
    assert not w.picker.disabled and w.benefit is not None
    assert "Bottom line" in w.card.value


def test_select_brings_back_a_hidden_benefit() -> None:
    """select() shows a benefit even when the filter hides it, resetting the filter to All."""
    w = BenefitsExplorer()
    w.grade_filter.value = "moderate"
    w.select("circulation")
    assert w.grade_filter.value == ALL and w.picker.value == "circulation"
    assert "Evidence: Contradicted" in w.card.value
    assert _highlighted(w) == ["circulation"]


def test_start_opens_on_a_chosen_benefit() -> None:
    """A notebook can open the explorer on one benefit; a misspelt id is refused with a hint."""
    w = BenefitsExplorer(start="injury_prevention")
    assert "Evidence: None" in w.card.value and _highlighted(w) == ["injury_prevention"]
    with pytest.raises(ValueError, match="did you mean 'doms'"):
        BenefitsExplorer(start="dom")


def test_a_broken_pick_shows_a_message_not_a_traceback() -> None:
    """If the picker ever holds an unknown id, the card says what went wrong."""
    w = BenefitsExplorer()
    w.picker.options = [("Broken", "nope")]
    assert "That input could not be used" in w.card.value
    assert "unknown benefit" in w.card.value


def test_controls_explain_themselves_and_carry_css_classes(catalogue: BenefitCatalogue) -> None:
    """Every control has a description or tooltip; grade buttons show icon, words and count
    (the icon as a mark a screen reader skips, the words and count as the option's name)."""
    w = BenefitsExplorer()
    assert w.grade_filter.description == "Show the benefits with which evidence grade?"
    assert w.picker.description == "Benefit:"
    labels = [label for label, _value in w.grade_filter.options]
    assert labels[0] == f"All ({len(catalogue.benefits)})"
    for grade in Grade:
        info = catalogue.grades[grade]
        count = len(filter_by_grade(catalogue.benefits, [grade]))
        assert f"{info.label} ({count})" in labels
        assert w.grade_filter.marks[labels.index(f"{info.label} ({count})")] == info.icon
    assert len(w.grade_filter.tooltips) == len(labels) and all(w.grade_filter.tooltips)
    assert "calf-benefits" in w._dom_classes
    for part, css in [
        (w.grade_filter, "calf-benefits-filter"),
        (w.picker, "calf-benefits-picker"),
        (w.status, "calf-benefits-status"),
        (w.card, "calf-benefits-card"),
        (w.chart, "calf-benefits-chart-widget"),
    ]:
        assert css in part._dom_classes


def test_the_status_says_the_benefit_in_one_line_and_the_card_is_not_read_out(
    catalogue: BenefitCatalogue,
) -> None:
    """A screen reader hears the count and the picked benefit's grade and bottom line (the
    live status); the long card below it is shown, not announced."""
    w = BenefitsExplorer()
    benefit = w.benefit
    assert benefit is not None
    grade = catalogue.grades[benefit.grade].label
    assert f"{escape(benefit.name)}: {escape(grade)}." in w.status.value
    assert escape(benefit.bottom_line) in w.status.value
    assert 'role="status"' not in w.card.value and "aria-live" not in w.card.value
