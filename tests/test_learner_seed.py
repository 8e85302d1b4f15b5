"""Tests for calflib.learner_seed: every learner their own random seed, kept with their progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calflib.content_in_use import default_bank
from calflib.learner_seed import SEED_SETTING, ensure_seed, seed_for
from calflib.progress import ProgressStore
from calflib.quiz import display_order


def test_two_learners_stores_get_different_seeds(tmp_path: Path) -> None:
    """Two computers' "default" learners (two stores) never share a seed."""
    here = ensure_seed(ProgressStore("default", tmp_path / "here"))
    there = ensure_seed(ProgressStore("default", tmp_path / "there"))
    assert here != there


def test_the_same_store_gives_the_same_seed_after_a_restart(tmp_path: Path) -> None:
    """The seed is saved on first use: a new store object (a restarted kernel) reads it back."""
    first = ensure_seed(ProgressStore("ada", tmp_path))
    assert ensure_seed(ProgressStore("ada", tmp_path)) == first
    assert seed_for(ProgressStore("ada", tmp_path).load()) == first
    assert ProgressStore("ada", tmp_path).load().settings[SEED_SETTING] == first


def test_the_seed_travels_with_an_export(tmp_path: Path) -> None:
    """An export carries the seed, and importing it on a new computer keeps the learner's orders."""
    seed = ensure_seed(ProgressStore("ada", tmp_path / "one"))
    exported = ProgressStore("ada", tmp_path / "one").export_bytes(name="Ada")
    assert json.loads(exported)["settings"][SEED_SETTING] == seed
    fresh = ProgressStore("ada", tmp_path / "two")
    fresh.import_bytes(exported, "ada.json")
    assert ensure_seed(fresh) == seed


def test_without_saved_progress_each_session_gets_a_fresh_seed() -> None:
    """No store (the Voila app) or no seed saved: a new random seed each time, never a name."""
    seeds = {ensure_seed(None) for _ in range(5)} | {seed_for(None) for _ in range(5)}
    assert len(seeds) == 10
    assert "default" not in seeds


def test_an_unwritable_store_still_gives_a_seed(tmp_path: Path) -> None:
    """A store whose folder cannot be made gives a session seed instead of an error."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert len(ensure_seed(ProgressStore("ada", blocker / "inside"))) == 32


@pytest.mark.parametrize("saved", ["", "default", 42, {"value": "zz"}, "0123"])
def test_a_saved_seed_that_is_not_one_is_replaced(tmp_path: Path, saved: object) -> None:
    """A hand-edited or damaged seed setting is not used; a proper random seed replaces it."""
    store = ProgressStore("ada", tmp_path)
    store.save_setting(SEED_SETTING, saved)
    seed = ensure_seed(store)
    assert seed != saved and len(seed) == 32
    assert ensure_seed(store) == seed


def test_display_order_differs_across_seeds() -> None:
    """Different learners' seeds give different option orders across the bank's shuffled items."""
    shuffled = [q for q in default_bank().questions.values() if q.kind in ("single", "multiple")]
    a, b = seed_for(None), seed_for(None)
    differ = sum(display_order(q, a) != display_order(q, b) for q in shuffled)
    assert differ >= len(shuffled) / 2
    assert all(display_order(q, a) == display_order(q, a) for q in shuffled)
