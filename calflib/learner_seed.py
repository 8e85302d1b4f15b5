"""A learner's own random seed: what makes option orders and final-check stories differ per learner.

Notebooks create their widgets without a learner's name, so everyone on a class's computers is
"default": a seed made from the name would give every learner the same option orders and the same
final-check stories. The rules instead, each pinned by a test in ``tests/test_learner_seed.py``:

* The seed is random (:func:`secrets.token_hex`), created the first time a learner's progress is
  opened by a widget that needs it, and saved in the progress settings (``SEED_SETTING``), so it
  is the same after every restart, and an export carries it to another computer.
* Two learners (two progress stores) get different seeds, whatever they are called.
* Without saved progress (the Voila app, ``save=False``, or a store that cannot be read) a widget
  gets a fresh random seed each session: nothing is kept, so nothing needs to stay the same.

:func:`calflib.quiz.display_order` and :func:`calflib.final_check.draw_stories` take the seed
where they once took the learner's name.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from calflib.progress import Progress, ProgressError, ProgressStore

__all__ = ["SEED_SETTING", "ensure_seed", "seed_for"]

#: The progress setting that holds the learner's seed.
SEED_SETTING = "learner_seed"

_SEED = re.compile(r"^[0-9a-f]{16,128}$")


def _saved(settings: Mapping[str, Any]) -> str | None:
    value = settings.get(SEED_SETTING)
    if isinstance(value, Mapping):  # a setting saved as a record: {"value": ..., "at": ...}
        value = value.get("value")
    return value if isinstance(value, str) and _SEED.match(value) else None


def _new_seed() -> str:
    return secrets.token_hex(16)


def seed_for(progress: Progress | None) -> str:
    """The seed saved in ``progress``; without one (or without progress) a fresh random seed."""
    saved = _saved(getattr(progress, "settings", None) or {})
    return saved if saved is not None else _new_seed()


def ensure_seed(store: ProgressStore | None) -> str:
    """The learner's saved seed, created and saved on first use (a fresh one for no store).

    A store that cannot be read or written gives a fresh seed for this session only: the widget
    already tells the learner about the store's problem where it saves their answers.
    """
    if store is None:
        return _new_seed()
    try:
        saved = _saved(store.load().settings)
        if saved is not None:
            return saved
        # Two notebooks opened at once may both get here: whichever saved last wins, and both
        # read that one back, so they agree from the next widget on.
        store.save_setting(SEED_SETTING, _new_seed())
        return seed_for(store.load())
    except (OSError, ProgressError):
        return _new_seed()
