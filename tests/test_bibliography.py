"""Tests for calflib.bibliography: the one lookup from source keys to sources."""

from __future__ import annotations

import pytest

from calflib.bibliography import UnknownSourceKey, check_source_keys, look_up, source_label
from calflib.model import Content


def test_known_keys_pass_in_order_and_an_unknown_one_is_named_with_a_hint(
    content: Content,
) -> None:
    """check_source_keys returns the keys; the first unknown raises with the nearest key."""
    assert check_source_keys(["S3", "S38b"], content.sources) == ("S3", "S38b")
    with pytest.raises(UnknownSourceKey) as exc:
        check_source_keys(["S3", "S38z", "S99"], content.sources)
    assert exc.value.key == "S38z"
    assert str(exc.value).startswith("unknown source key 'S38z' (did you mean 'S38")


def test_look_up_gives_each_key_once_and_none_for_an_unknown_key(content: Content) -> None:
    """Repeated keys are listed once, in order of first use; an unknown key maps to None."""
    found = look_up(["S38b", "S3", "S38b", "nope"], content.sources)
    assert list(found) == ["S38b", "S3", "nope"]
    assert found["S3"] is content.sources["S3"] and found["nope"] is None


def test_a_source_is_named_by_its_title_and_kind(content: Content) -> None:
    """The label says what a source is, in a learner's words."""
    source = content.sources["S36b"]
    assert source_label(source) == f"{source.title} (business web page)"
