"""Tests for calflib.wells: the NICE two-level DVT Wells score (clinician education)."""

from __future__ import annotations

import itertools

import pytest

from calflib.model import Content
from calflib.wells import wells_score


def test_no_items_scores_zero_and_dvt_unlikely() -> None:
    """Nothing ticked: 0 points, DVT unlikely, next step D-dimer."""
    result = wells_score([])
    assert result.score == 0
    assert not result.likely
    assert result.next_step.startswith("A D-dimer blood test")


def test_two_points_is_dvt_likely_with_ultrasound_next() -> None:
    """Two points: DVT likely, and the clinician's next step is an ultrasound within 4 hours."""
    result = wells_score(["entire_leg_swollen", "previous_dvt"])
    assert result.score == 2
    assert result.likely
    assert "ultrasound" in result.next_step and "4 hours" in result.next_step


def test_alternative_diagnosis_subtracts_two() -> None:
    """'Another diagnosis as likely' takes two points away (can go below zero)."""
    assert wells_score(["alternative_diagnosis"]).score == -2
    assert wells_score(["active_cancer", "pitting_oedema", "alternative_diagnosis"]).score == 0


def test_nice_table_has_ten_items_worth_eight_to_minus_two(content: Content) -> None:
    """The NICE table: nine items worth +1 and one worth -2."""
    points = sorted(item.points for item in content.wells_items)
    assert points == [-2] + [1] * 9


def test_labels_keep_nices_qualifiers(content: Content) -> None:
    """The collateral-veins item keeps "(non-varicose)": varicose veins do not score."""
    items = {item.id: item for item in content.wells_items}
    assert items["collateral_veins"].label == "Collateral superficial veins (non-varicose)"
    assert "varicose veins do not count" in items["collateral_veins"].help


def test_wells_sources_include_the_primary_study(content: Content) -> None:
    """The bibliography names Wells et al. 2003 (NEJM 349:1227-35), the study NICE adapted."""
    primary = content.sources["S76"]
    assert primary.kind == "paper" and "N Engl J Med 2003;349:1227-35" in primary.title


def test_threshold_exhaustively(content: Content) -> None:
    """For every combination of items, 'likely' is exactly score >= 2 and the score is the sum."""
    items = content.wells_items
    for n in range(len(items) + 1):
        for combo in itertools.combinations(items, n):
            result = wells_score([i.id for i in combo])
            assert result.score == sum(i.points for i in combo)
            assert result.likely == (result.score >= 2)


def test_caution_says_never_for_self_decisions() -> None:
    """Every result carries the 'clinician education only' caution."""
    assert "Never use it to decide" in wells_score([]).caution


def test_ticking_twice_counts_once() -> None:
    """The same item twice counts once."""
    assert wells_score(["previous_dvt", "previous_dvt"]).score == 1


def test_unknown_item_is_named_with_a_suggestion() -> None:
    """A misspelt item raises ValueError with the closest real id."""
    with pytest.raises(ValueError, match=r"'previous_dvtt'.*did you mean 'previous_dvt'"):
        wells_score(["previous_dvtt"])


def test_a_single_string_is_refused() -> None:
    """A bare string (iterated letter by letter otherwise) is refused."""
    with pytest.raises(TypeError, match="collection of item ids"):
        wells_score("previous_dvt")


def test_a_mapping_is_read_by_value() -> None:
    """A mapping of id to True/False (the shape assess() takes) counts only the True ids."""
    answers = {"active_cancer": True, "previous_dvt": True, "alternative_diagnosis": False}
    result = wells_score(answers)
    assert result.score == 2
    assert result.likely
    assert [item.id for item in result.items] == ["active_cancer", "previous_dvt"]


def test_a_mapping_scores_like_the_list_of_its_true_ids(content: Content) -> None:
    """For every item ticked or not, the mapping and the list of its True ids score the same."""
    ids = [item.id for item in content.wells_items]
    for n in range(len(ids) + 1):
        for combo in itertools.combinations(ids, n):
            answers = {ident: ident in combo for ident in ids}
            assert wells_score(answers).score == wells_score(list(combo)).score


def test_a_mapping_with_a_non_bool_value_is_refused() -> None:
    """A mapping value other than True/False (e.g. the string 'no') is a TypeError naming the id."""
    with pytest.raises(TypeError, match=r"'previous_dvt'.*True.*False.*got str 'no'"):
        wells_score({"previous_dvt": "no"})  # type: ignore[dict-item]


def test_an_unknown_id_in_a_mapping_is_named_with_a_suggestion() -> None:
    """A misspelt id in a mapping raises ValueError with the closest real id, even when False."""
    with pytest.raises(ValueError, match=r"'previous_dvtt'.*did you mean 'previous_dvt'"):
        wells_score({"previous_dvtt": False})


@pytest.mark.parametrize("ticked", [None, 3, b"previous_dvt", [1], [["previous_dvt"]]])
def test_other_shapes_are_refused_with_what_to_pass(ticked: object) -> None:
    """Anything but ids or a mapping of id to bool is a TypeError that says what to pass."""
    with pytest.raises(
        TypeError, match=r"collection of item ids.*or a mapping of item id to True/False"
    ):
        wells_score(ticked)  # type: ignore[arg-type]
