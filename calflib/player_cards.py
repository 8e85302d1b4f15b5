"""What the practice player shows (chapter 05), as HTML: a pure function of a plan and a time.

:func:`player_view` decides everything the player widget displays at one moment (status line,
the cue in large type, time left, what comes next, the session bar), so it is tested without a
kernel and can be printed. What the player says without a session to run, and its advice at the
end of one, are content: ``content/player.toml``, read by :func:`load_player_messages`. Every
text is escaped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from calflib._schema import EntryReader, entries, known_tables
from calflib.card_kit import READING_WIDTH, SMALL_TEXT, card, message_card
from calflib.errors import ContentError
from calflib.loader import builtin_content, builtin_folder, read_toml
from calflib.model import Content
from calflib.planner import SessionPlan, Step
from calflib.planner_text import clock, say_duration

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["MESSAGE_IDS", "PlayerMessage", "PlayerView", "load_player_messages", "player_view"]

_FILE = "player.toml"
#: The player's messages, each of which ``player.toml`` gives exactly once.
MESSAGE_IDS = ("no_plan", "blocked", "setting_blocked", "finished")


@dataclass(frozen=True)
class PlayerMessage:
    """One thing the player says: a title, a text and the sources behind it."""

    id: str
    title: str
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlayerView:
    """The player's display at one moment: each part as HTML, and the session bar (its value
    in seconds and its label; no label when there is no session to run)."""

    status: str
    cue: str
    remaining: str
    up_next: str
    elapsed: int
    bar_label: str


def load_player_messages(
    folder: Traversable | Path | None = None, *, content: Content | None = None
) -> dict[str, PlayerMessage]:
    """Read and check ``player.toml`` (default: the built-in file, read once per process).

    Source keys are checked against ``content`` (default: the built-in content).
    """
    if folder is None and content is None:
        return _builtin_messages()
    root: Traversable | Path = folder if folder is not None else builtin_folder()
    return _load(root, content or builtin_content())


@functools.cache
def _builtin_messages() -> dict[str, PlayerMessage]:
    return _load(builtin_folder(), builtin_content())


def _load(root: Traversable | Path, content: Content) -> dict[str, PlayerMessage]:
    doc = read_toml(root, _FILE)
    known_tables(_FILE, doc, ("message",))
    messages: dict[str, PlayerMessage] = {}
    for i, data in enumerate(entries(_FILE, doc, "message")):
        r = EntryReader(_FILE, "message", data, i)
        ident = r.choice("id", MESSAGE_IDS)
        if ident in messages:
            raise r.error("id", f"'{ident}' is used twice; each message is given once")
        messages[ident] = PlayerMessage(
            id=ident,
            title=r.text("title"),
            text=r.text("text"),
            sources=r.source_keys(content.sources, required=ident == "finished"),
        )
        r.finish()
    missing = [m for m in MESSAGE_IDS if m not in messages]
    if missing:
        raise ContentError(_FILE, f"no [[message]] entry for {', '.join(missing)}")
    return messages


def step_label(step: Step) -> str:
    """A step in a few words: the technique, its pressure and the calf; or a rest."""
    if step.pressure is None:
        return f"Rest ({step.leg} calf)"
    return f"{step.name}, {step.pressure.key} pressure ({step.leg} calf)"


def _no_session(plan: SessionPlan | None, messages: dict[str, PlayerMessage]) -> PlayerView:
    if plan is None:
        said = messages["no_plan"]
    elif plan.scope == "setting":
        said = messages["setting_blocked"]
    else:
        said = messages["blocked"]
    return PlayerView("", message_card(said.title, said.text), "", "", 0, "")


def player_view(
    plan: SessionPlan | None,
    elapsed: int = 0,
    *,
    running: bool = False,
    messages: dict[str, PlayerMessage] | None = None,
) -> PlayerView:
    """What the player shows ``elapsed`` seconds into ``plan`` (running or paused).

    Without a plan, or with a blocked one (the screening rules massage, or this setting, out),
    it says so and what to do instead; there is nothing to practise.
    """
    messages = messages or load_player_messages()
    if plan is None or plan.blocked:
        return _no_session(plan, messages)
    elapsed = min(max(elapsed, 0), plan.total_seconds)
    bar_label = f"Session: {clock(elapsed)} of {clock(plan.total_seconds)}"
    step = plan.step_at(elapsed)
    if step is None:
        done = messages["finished"]
        cue = card(
            f'<div style="font-size:1.8em;line-height:1.35"><strong>{escape(done.title)}'
            f'</strong></div><p style="font-size:1.25em">{escape(done.text)}</p>',
            "calf-cue-card calf-finished",
            max_width=READING_WIDTH,
        )
        status = f"<div>All {len(plan.steps)} steps done.</div>"
        return PlayerView(status, cue, "", "", elapsed, bar_label)
    label = escape(step_label(step))
    status = (
        f'<div style="font-size:1.1em">Step {step.number} of {len(plan.steps)} '
        f"({'running' if running else 'paused'}): <strong>{label}</strong>; "
        f"{escape(step.region)}</div>"
    )
    cue = card(
        f'<div style="font-size:1.9em;line-height:1.35;font-weight:bold">{label}</div>'
        f'<p style="font-size:1.55em;line-height:1.45;margin:0.4em 0">{escape(step.cue)}</p>',
        f"calf-cue-card calf-step-{step.number}",
        max_width=READING_WIDTH,
    )
    remaining = (
        f'<div style="font-size:1.4em" aria-live="off"><strong>'
        f"{escape(say_duration(step.end - elapsed))}</strong> left in this step; "
        f"{escape(say_duration(plan.total_seconds - elapsed))} left in the session.</div>"
    )
    following = plan.step_at(step.end)
    coming = escape(step_label(following)) if following else "the end of the session."
    up_next = f'<div style="{SMALL_TEXT}">Next: {coming}</div>'
    return PlayerView(status, cue, remaining, up_next, elapsed, bar_label)
