"""Load the final check's own screening stories (``content/final_stories.toml``).

These stories are kept apart from the trainer's (``scenarios.toml``) so the final check tests
transfer to people the learner has never met: they are not in :class:`~calflib.model.Content`, so
the trainer, the chapters and the self-check questions can never show them.

Rules, each pinned by ``tests/test_final_stories.py``:

* The file has the trainer's fields (``[[scenario]]`` tables, read by the same parser), and no id
  may repeat a trainer story's id.
* The screening engine must give each story's ``expected`` level; a story where it does not is a
  ContentError naming the file, the story, the field and the level the engine gives.
* Every level has at least ``minimum[level]`` stories. The built-in pool must hold three
  rounds' worth at every level (``ROUNDS_WITHOUT_REPEAT`` times the draw quota: emergency 6,
  refer 9, wait 6, modify 9, go ahead 6), so three rounds in a row never meet the same person.

Teachers' packs cannot add final stories. A pack's stories could not be checked against every
other text the learner has seen (the built-in novelty test only knows the built-in files), and a
pack story the trainer also shows would turn the final check back into a memory test. Packs still
add final-check questions of the other kinds (``final = true``) through their question files.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from calflib.errors import ContentError, ProblemCollector
from calflib.loader import builtin_content, builtin_folder, parse_scenarios, read_toml
from calflib.model import Content, Level, Scenario
from calflib.trainer import assess_scenario

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "FINAL_STORIES_FILE",
    "ROUNDS_WITHOUT_REPEAT",
    "builtin_final_stories",
    "load_final_stories",
]

FINAL_STORIES_FILE = "final_stories.toml"
#: Rounds in a row the built-in pool must fill without showing a story twice.
ROUNDS_WITHOUT_REPEAT = 3


def load_final_stories(
    folder: Traversable | Path | None = None,
    *,
    content: Content | None = None,
    minimum: Mapping[Level, int] | None = None,
) -> tuple[Scenario, ...]:
    """Read and check the final stories in ``folder`` (default: the built-in content folder).

    ``content`` (default: built-in) gives the findings, sources and the trainer's story ids;
    ``minimum`` the number of stories each level needs (default: none).
    """
    content = content or builtin_content()
    root: Traversable | Path = folder if folder is not None else builtin_folder()
    file = FINAL_STORIES_FILE
    stories = parse_scenarios(
        read_toml(root, file),
        content.sources,
        content.findings,
        file=file,
        taken=(s.id for s in content.scenarios),
    )
    collector = ProblemCollector()
    for story in stories:
        level = assess_scenario(story, content).level
        if level != story.expected:
            collector.add(
                ContentError(
                    file,
                    f"the screening engine gives '{level.key}' for this story's answers, not "
                    f"'{story.expected.key}': correct 'expected', or the 'present' list",
                    entry=f"scenario '{story.id}'",
                    field="expected",
                )
            )
    for level, needed in (minimum or {}).items():
        found = sum(1 for s in stories if s.expected == level)
        if found < needed:
            collector.add(
                ContentError(
                    file,
                    f"the final check needs {needed} stories at level '{level.key}' (enough "
                    f"for {ROUNDS_WITHOUT_REPEAT} rounds without a repeat), but the file has "
                    f'{found}: add {needed - found} more with expected = "{level.key}"',
                    field="expected",
                )
            )
    collector.check()
    return stories


@functools.cache
def builtin_final_stories() -> tuple[Scenario, ...]:
    """The built-in final stories, loaded and checked once per process."""
    from calflib.final_check import DRAW  # the draw quota lives with the draw rule

    return load_final_stories(
        minimum={level: ROUNDS_WITHOUT_REPEAT * quota for level, quota in DRAW.items()}
    )
