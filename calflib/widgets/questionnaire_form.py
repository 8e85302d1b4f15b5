"""One questionnaire drawn as one semantic HTML form in one widget model (anywidget's front end).

Why one model: as ipywidgets, chapter 02's questionnaire was 66 models (a ToggleButtons, an HTML
and their looks per question), each one a message the kernel sends and the browser builds before
anything shows. Here the browser draws the whole form from :attr:`QuestionnaireForm.spec` (plain
data), with real radio buttons in a fieldset per question, so screen readers get the group, its
question and the checked state for free. The browser only draws and reports choices; the kernel
keeps them (``chosen``, ``days_since_injury``) and decides everything the form shows
(``verdict_html``, ``summary_html``, ``offer_html``, ``unclear``, ``days_enabled``).

The small stand-ins below (:class:`Choice`, :class:`Shown`, :class:`DayChoice`, :class:`Action`)
keep the attributes the ipywidgets version had (``questions[id].value``, ``verdict.value``,
``days.disabled``, ``reset_button.click()``), so notebooks, the planner and tests still use them.
The front end is ``static/questionnaire_form.js`` and ``.css``, shipped as package data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import traitlets

from calflib.widgets._anymodel import AnyModel, front_end
from calflib.widgets._common import looks

__all__ = ["GROUP_PREFIX", "STATIC", "Action", "Choice", "DayChoice", "QuestionnaireForm", "Shown"]

#: The form's front end (plain ES module and CSS, no build step, no network).
STATIC = Path(__file__).parent / "static"
#: The key a group's lead-in answer has in ``chosen`` (finding ids are used as they are).
GROUP_PREFIX = "group:"


class QuestionnaireForm(AnyModel):
    """A Yes / No / Not sure questionnaire drawn by the browser from ``spec``; choices come
    back in ``chosen``. Subclasses react to them (``calflib.widgets.ScreeningQuestionnaire``)."""

    _esm = front_end(STATIC / "questionnaire_form.js")
    _css = front_end(STATIC / "questionnaire_form.css")

    #: The form's structure: title, intro, choices, groups with questions (sent once).
    spec = traitlets.Dict().tag(sync=True)
    #: The answers: finding id, or ``group:<id>`` for a lead-in, to "Yes" / "No" / "Not sure".
    chosen = traitlets.Dict().tag(sync=True)
    days_since_injury = traitlets.Int(None, allow_none=True).tag(sync=True)
    day_options: traitlets.List[list[object]] = traitlets.List().tag(sync=True)
    days_enabled = traitlets.Bool(False).tag(sync=True)
    days_label = traitlets.Unicode().tag(sync=True)
    verdict_html = traitlets.Unicode().tag(sync=True)
    summary_html = traitlets.Unicode().tag(sync=True)
    offer_html = traitlets.Unicode().tag(sync=True)
    #: Group ids whose lead-in says Yes while none of their questions does (the form asks which).
    unclear: traitlets.List[str] = traitlets.List().tag(sync=True)
    unclear_text = traitlets.Unicode().tag(sync=True)
    reset_label = traitlets.Unicode().tag(sync=True)
    #: The number of the browser's last choice the kernel has taken (see ``_on_message``).
    seen = traitlets.Int(0).tag(sync=True)

    def __init__(self, *css: str, **traits: Any) -> None:
        # The comm opens once the whole first state is known (see ``_built``): one message to the
        # browser, not one per trait the subclass fills in.
        self._building = True
        super().__init__(**traits, **looks(AnyModel, *css, own_layout=True))
        self._actions: dict[str, Callable[[], None]] = {}
        self.on_msg(self._on_message)

    def open(self) -> None:
        """Open the comm to the browser, unless the form is still being built."""
        if not getattr(self, "_building", False):
            super().open()

    def _built(self) -> None:
        """Call at the end of a subclass's ``__init__``: opens the comm with the whole state."""
        self._building = False
        self.open()

    def _on_message(self, _widget: Any, content: Any, _buffers: Sequence[bytes]) -> None:
        """A choice or an action from the browser; anything unknown is ignored.

        ``{"event": "choose", "key": k, "choice": c, "seq": n}`` sets one answer,
        ``{"event": "days", "value": d, "seq": n}`` the days since the injury, and any other
        ``{"event": name}`` runs that action (e.g. "reset"). Why messages and not synced traits:
        ipywidgets holds a model's change back while an earlier one is unanswered, so a quick
        keyboard learner's "Start again" (a message) could reach the kernel before the arrow key
        that chose, and that choice would then undo the reset. Messages keep their order;
        ``seen`` tells the browser which of its choices the kernel has taken, so an older echo
        never briefly undoes a newer choice on the page.
        """
        if not isinstance(content, dict):
            return
        event = content.get("event", "")
        if event in ("choose", "days"):
            seq = content.get("seq")
            with self.hold_sync():
                if event == "choose" and isinstance(content.get("key"), str):
                    self.chosen = {**self.chosen, content["key"]: str(content.get("choice"))}
                elif event == "days":
                    value = content.get("value")
                    self.days_since_injury = value if isinstance(value, int) else None
                if isinstance(seq, int):
                    self.seen = max(self.seen, seq)
            return
        action = self._actions.get(event)
        if action is not None:
            action()


class Choice:
    """One question's answer, read and set as ``.value`` ("Yes", "No" or "Not sure")."""

    def __init__(self, form: QuestionnaireForm, key: str, options: Sequence[str]) -> None:
        self._form, self.key, self.options = form, key, tuple(options)

    @property
    def value(self) -> str:
        """The answer shown now ("Not sure" until one is chosen)."""
        return str(self._form.chosen.get(self.key, "Not sure"))

    @value.setter
    def value(self, choice: str) -> None:
        if choice not in self.options:
            raise ValueError(f"answer for '{self.key}' must be one of {', '.join(self.options)}")
        self._form.chosen = {**self._form.chosen, self.key: choice}

    def __repr__(self) -> str:
        return f"Choice({self.key!r}, value={self.value!r})"


class Shown(traitlets.HasTraits):
    """A piece of HTML the form shows (``.value``), observable like a widget's."""

    value = traitlets.Unicode()

    def __init__(self, form: QuestionnaireForm, trait: str) -> None:
        super().__init__()
        traitlets.dlink((self, "value"), (form, trait))


class DayChoice(traitlets.HasTraits):
    """The "how long ago?" menu: ``value`` (days, or None), ``options``, ``disabled``."""

    value = traitlets.Any(None)
    options: traitlets.List[tuple[str, int | None]] = traitlets.List()
    disabled = traitlets.Bool(True)
    description = traitlets.Unicode()
    tooltip = traitlets.Unicode()

    def __init__(self, form: QuestionnaireForm, **traits: Any) -> None:
        super().__init__(**traits)
        traitlets.link((self, "value"), (form, "days_since_injury"))
        traitlets.dlink((self, "options"), (form, "day_options"), lambda o: [list(x) for x in o])
        traitlets.dlink((self, "disabled"), (form, "days_enabled"), lambda off: not off)
        traitlets.dlink((self, "description"), (form, "days_label"))


class Action:
    """A button of the form: ``click()`` does what clicking it in the browser does."""

    def __init__(self, form: QuestionnaireForm, event: str, description: str, tooltip: str):
        self.description, self.tooltip = description, tooltip
        self._form, self._event = form, event
        self._callbacks: list[Callable[[Action], object]] = []
        form._actions[event] = self.click

    def on_click(self, callback: Callable[[Action], object]) -> None:
        """Call ``callback(self)`` on every click."""
        self._callbacks.append(callback)

    def click(self) -> None:
        """Click the button."""
        for callback in self._callbacks:
            callback(self)
