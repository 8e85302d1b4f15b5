"""The content model's closed sets: verdict levels read from content files."""

from __future__ import annotations

import pytest

from calflib.model import Level


def test_levels_are_ordered_from_safest_to_most_urgent() -> None:
    """CLEAR < MODIFY < WAIT < REFER < EMERGENCY, so 'the worst finding wins' is max()."""
    assert sorted(Level, key=int) == [
        Level.CLEAR,
        Level.MODIFY,
        Level.WAIT,
        Level.REFER,
        Level.EMERGENCY,
    ]
    assert max(Level.WAIT, Level.REFER, Level.MODIFY) is Level.REFER


@pytest.mark.parametrize("level", list(Level))
def test_a_level_is_read_back_from_its_key_in_any_case(level: Level) -> None:
    """Content files write levels as lower-case keys; case and spaces around them do not matter."""
    assert Level.from_key(level.key) is level
    assert Level.from_key(f" {level.key.upper()} ") is level


def test_a_misspelt_level_names_the_choices_and_the_closest_one() -> None:
    """A teacher's typo gets every allowed key and a did-you-mean hint."""
    with pytest.raises(ValueError, match="unknown level 'refr'") as caught:
        Level.from_key("refr")
    message = str(caught.value)
    assert "clear, modify, wait, refer, emergency" in message
    assert message.endswith("(did you mean 'refer'?)")


def test_a_level_far_from_any_key_gets_no_guess() -> None:
    """No hint is better than a wrong one."""
    with pytest.raises(ValueError) as caught:
        Level.from_key("banana")
    assert "did you mean" not in str(caught.value)
