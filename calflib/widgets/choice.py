"""Accessible choices and announcements: a labelled group of options, and a polite live region.

Why not ipywidgets' RadioButtons and ToggleButtons: their options have no group name, and
ToggleButtons show the chosen option only by a CSS class, so a screen reader hears neither the
question nor which option is on; in JupyterLab the arrow keys leave them (a second ArrowLeft
collapses the section). :class:`ChoiceGroup` draws a ``fieldset`` whose ``legend`` is the
question, with real radio buttons (or checkboxes), drawn as a list or as a row of buttons, and
keeps its keys (``data-lm-suppress-shortcuts``). It keeps the attributes the code and tests use:
``options`` as (label, value) pairs, ``value``, ``disabled``, ``description``, ``tooltips``,
``observe("value")``. Values stay in the kernel (any Python object, e.g. a ``Level``); the
browser only sees labels and the chosen positions.

:class:`LiveHTML` replaces an ``HTML`` widget whose changes a learner must hear: it is one
``role="status"`` region that stays on the page, so a screen reader announces each new value
without moving focus. It also lets every control of its enclosing ``KEYS_CLASS`` box keep its
keys in JupyterLab (drop-down menus and sliders included), makes an Accordion's section titles
buttons that Enter and Space open and close, and lets the box's ipywidgets controls shrink and
wrap to a phone's width (``static/choice.css``).

The front end is ``static/choice.js`` and ``static/choice.css`` (package data, no network),
sent to the browser once per kernel in one shared model; each widget carries only the small
``static/choice_loader.js`` that fetches it (see :func:`_front_end`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from calflib.widgets._anymodel import AnyModel, front_end
from calflib.widgets._common import looks

__all__ = ["KEYS_CLASS", "ChoiceGroup", "LiveHTML", "StepSignal", "Tick"]

_STATIC = Path(__file__).parent / "static"
#: Add this CSS class to a box whose drop-down menus, sliders and checkboxes keep their keys
#: in JupyterLab (a LiveHTML or ChoiceGroup inside the box marks it in the browser).
KEYS_CLASS = "calf-keys"
_LOOKS = ("radio", "buttons")


class _FrontEnd(widgets.Widget):  # type: ignore[misc]
    """The choice widgets' ES module and stylesheet, as one plain model the browser reads."""

    esm = traitlets.Unicode().tag(sync=True)
    css = traitlets.Unicode().tag(sync=True)


_SHARED_FRONT_END: list[_FrontEnd] = []


def _front_end() -> _FrontEnd:
    """The kernel's one front-end model (made again if it was closed, e.g. by Widget.close_all).

    Why: anywidget sends a widget's ``_esm`` and ``_css`` with every model. A chapter shows
    about 50 choices and live regions, and at 14 KB each that was some 800 KB of the same text
    before the page could draw; now it is sent once and each widget refers to it.
    """
    if not _SHARED_FRONT_END or _SHARED_FRONT_END[0].comm is None:
        code = _FrontEnd(
            esm=(_STATIC / "choice.js").read_text(encoding="utf-8"),
            css=(_STATIC / "choice.css").read_text(encoding="utf-8"),
        )
        _SHARED_FRONT_END[:] = [code]
    return _SHARED_FRONT_END[0]


class _Shared(AnyModel):
    """An anywidget whose front end is the kernel's shared one (``_code``)."""

    _esm = front_end(_STATIC / "choice_loader.js")
    _code = traitlets.Instance(_FrontEnd).tag(sync=True, **widgets.widget_serialization)

    def __init__(self, *css: str, **traits: Any) -> None:
        super().__init__(_code=_front_end(), **traits, **looks(AnyModel, *css))


def _pairs(options: Sequence[Any]) -> tuple[tuple[str, Any], ...]:
    """Options as (label, value) pairs; a plain string is its own label and value."""
    return tuple((str(o), o) if isinstance(o, str) else (str(o[0]), o[1]) for o in options)


class ChoiceGroup(_Shared):
    """A question and its options, drawn as a labelled group of radio buttons or checkboxes.

    ``look="buttons"`` draws the options as a row of buttons (still radio buttons to assistive
    technology, so the chosen one is announced as checked). ``multiple=True`` gives checkboxes;
    then ``value`` is a tuple of the chosen values, in the options' order. With one answer,
    ``value`` is None until something is chosen. ``hint`` is read after the question.
    """

    options: traitlets.Any = traitlets.Any(())
    value: traitlets.Any = traitlets.Any(None, allow_none=True)
    description = traitlets.Unicode().tag(sync=True)
    hint = traitlets.Unicode().tag(sync=True)
    look = traitlets.Enum(_LOOKS, default_value="radio").tag(sync=True)
    multiple = traitlets.Bool(False).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    tooltips: traitlets.List[str] = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: A help line per option (or ""), shown under it and read after its name.
    helps: traitlets.List[str] = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: A symbol per option (or ""), shown before its words and hidden from screen readers (the
    #: words say it): e.g. the shape that marks an evidence grade on a chart.
    marks: traitlets.List[str] = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: What the browser draws and reports: the labels, and the positions of the chosen ones.
    labels: traitlets.List[str] = traitlets.List(traitlets.Unicode()).tag(sync=True)
    chosen: traitlets.List[int] = traitlets.List(traitlets.Int()).tag(sync=True)
    #: The number of the browser's last choice the kernel has taken (see ``_on_message``).
    seen = traitlets.Int(0).tag(sync=True)
    kind = traitlets.Unicode("choice").tag(sync=True)

    def __init__(self, *css: str, **traits: Any) -> None:
        value = traits.pop("value", () if traits.get("multiple") else None)
        options = _pairs(traits.pop("options", ()))
        super().__init__("calf-choice-widget", *css, **traits)
        self._busy = False
        self.options = options
        self.value = value
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: Sequence[bytes]) -> None:
        """A choice from the browser: ``{"chosen": [positions], "seq": n}``.

        Why a message and not a synced trait: ipywidgets holds a model's changes back while an
        earlier one is unanswered, so a keyboard learner's Enter on Check (a message) could
        reach the kernel before the arrow key that chose; and the kernel's echo of an older
        choice would briefly undo a newer one on the page. Messages keep their order; ``seen``
        tells the browser which of its choices the kernel has, so it ignores older echoes.
        """
        if not isinstance(content, dict) or not isinstance(content.get("chosen"), list):
            return
        with self.hold_sync():
            self.chosen = [i for i in content["chosen"] if isinstance(i, int)]
            self.seen = int(content.get("seq", 0))

    @property
    def values(self) -> tuple[Any, ...]:
        """The options' values, in order."""
        return tuple(value for _label, value in self.options)

    @traitlets.validate("options")
    def _valid_options(self, proposal: Any) -> tuple[tuple[str, Any], ...]:
        return _pairs(proposal["value"])

    @traitlets.validate("value")
    def _valid_value(self, proposal: Any) -> Any:
        value = proposal["value"]
        if self.multiple:
            wanted = tuple(value or ())
            unknown = [v for v in wanted if v not in self.values]
            if unknown:
                raise traitlets.TraitError(f"{self.description} has no option {unknown[0]!r}")
            return tuple(v for v in self.values if v in wanted)
        if value is not None and value not in self.values:
            raise traitlets.TraitError(f"{self.description} has no option {value!r}")
        return value

    @traitlets.observe("options")
    def _on_options(self, change: Any) -> None:
        self.labels = [label for label, _value in change["new"]]
        kept = self.value if self.multiple else (self.value if self.value in self.values else None)
        if self.multiple:
            kept = tuple(v for v in kept or () if v in self.values)
        self._busy = True
        try:
            self.value = kept
        finally:
            self._busy = False
        self._send_chosen()

    @traitlets.observe("value")
    def _on_value(self, _change: Any) -> None:
        self._send_chosen()

    def _send_chosen(self) -> None:
        picked = self.value if self.multiple else (() if self.value is None else (self.value,))
        positions = [i for i, v in enumerate(self.values) if v in picked]
        if positions != self.chosen:
            self._busy = True
            try:
                self.chosen = positions
            finally:
                self._busy = False

    @traitlets.observe("chosen")
    def _on_chosen(self, change: Any) -> None:
        """The browser chose (or a test set ``chosen``): the kernel's ``value`` follows."""
        if self._busy:
            return
        picked = [self.values[i] for i in change["new"] if 0 <= i < len(self.values)]
        self.value = tuple(picked) if self.multiple else (picked[0] if picked else None)

    @property
    def label(self) -> str | None:
        """The label of the chosen option (one answer), or None."""
        return next((label for label, v in self.options if v == self.value), None)

    def tick(self, value: Any) -> Tick:
        """A checkbox stand-in for one option of a ``multiple`` group (``.value`` True/False)."""
        return Tick(self, value)


class Tick:
    """One option of a multiple-answer ChoiceGroup, read and set as ``.value`` (True/False)."""

    def __init__(self, group: ChoiceGroup, option: Any) -> None:
        self.group, self.option = group, option
        self.description = next(label for label, v in group.options if v == option)

    @property
    def disabled(self) -> bool:
        """True when the whole group is locked (one switch for all of its boxes)."""
        return bool(self.group.disabled)

    @disabled.setter
    def disabled(self, locked: bool) -> None:
        self.group.disabled = locked

    @property
    def value(self) -> bool:
        """True when this option is ticked."""
        return self.option in (self.group.value or ())

    @value.setter
    def value(self, ticked: bool) -> None:
        others = tuple(v for v in self.group.value or () if v != self.option)
        self.group.value = (*others, self.option) if ticked else others

    def __repr__(self) -> str:
        return f"Tick({self.option!r}, value={self.value})"


class LiveHTML(_Shared):
    """HTML shown in a polite live region: a screen reader reads each change, focus stays put.

    Drop-in for an ``HTML`` widget (``.value``). ``assertive`` is for nothing here: safety
    results are announced politely too, and shown beside the control the learner used.
    """

    value = traitlets.Unicode().tag(sync=True)
    #: "polite" (the default) or "off" for a region that shows but never speaks (e.g. a clock).
    live = traitlets.Enum(("polite", "off"), default_value="polite").tag(sync=True)
    kind = traitlets.Unicode("live").tag(sync=True)
    #: Raised by :meth:`say` to have the same words read out again.
    said = traitlets.Int(0).tag(sync=True)

    def __init__(self, *css: str, **traits: Any) -> None:
        super().__init__("calf-live-widget", *css, **traits)

    def say(self, html: str) -> None:
        """Show ``html`` and have it read out even when the region already shows it: a button
        pressed twice (Check with nothing chosen, say) answers twice, never with silence."""
        if html == self.value:
            self.said += 1
        else:
            self.value = html


class StepSignal(_Shared):
    """Two switches, both off until the learner turns them on: a gentle beep at each new step
    (WebAudio, no sound file) and the step's cue read aloud (the browser's speech synthesis).

    The kernel sets ``cue`` (plain words) and raises ``step`` by one at each step change; the
    browser does the rest, so a muted or speechless browser simply stays quiet.
    """

    kind = traitlets.Unicode("signal").tag(sync=True)
    sound = traitlets.Bool(False).tag(sync=True)
    speak = traitlets.Bool(False).tag(sync=True)
    cue = traitlets.Unicode().tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    sound_label = traitlets.Unicode("Gentle sound at each new step").tag(sync=True)
    speak_label = traitlets.Unicode("Read each step aloud").tag(sync=True)

    def __init__(self, *css: str, **traits: Any) -> None:
        super().__init__("calf-signal-widget", *css, **traits)

    def announce(self, cue: str) -> None:
        """A new step begins: the browser beeps and/or reads ``cue`` if the learner asked."""
        self.cue = cue
        self.step += 1
