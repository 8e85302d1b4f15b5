"""Shared helpers for the widgets: a guard so no learner ever sees a traceback, and shared looks."""

from __future__ import annotations

import functools
import logging
import os
import warnings
from collections.abc import Callable, Mapping
from html import escape
from typing import Any, TypeVar

import ipywidgets as widgets

from calflib.card_kit import message_card
from calflib.progress import Progress, ProgressError, ProgressStore

__all__ = [
    "WRAP_CLASS",
    "guarded",
    "heading",
    "looks",
    "make",
    "open_store",
    "save_safely",
    "strict_widgets",
    "wrap_labels",
]

_log = logging.getLogger("calflib.widgets")
_F = TypeVar("_F", bound=Callable[..., Any])
_W = TypeVar("_W", bound=widgets.DOMWidget)

# Why shared looks: ipywidgets sends every widget's Layout and Style as models of their own, so a
# plain HTML widget costs three models, and each model is a message the kernel sends and the
# browser turns into an object before anything shows. Layouts and styles with the same properties
# are shared here by every calflib widget in the kernel, which cuts a chapter's models by about
# two thirds. A shared Layout or Style must never be changed in place (that would change every
# widget using it): a widget that changes its own layout later is given one of its own.
_SHARED: dict[tuple[object, ...], widgets.Widget] = {}


def _shared(key: tuple[object, ...], build: Callable[[], widgets.Widget]) -> widgets.Widget:
    model = _SHARED.get(key)
    if model is None or model.comm is None:  # comm is None once closed (e.g. Widget.close_all)
        model = _SHARED[key] = build()
    return model


def looks(
    kind: type[widgets.DOMWidget],
    *css: str,
    layout: Mapping[str, str] | widgets.Layout | None = None,
    style: Mapping[str, str] | None = None,
    own_layout: bool = False,
) -> dict[str, Any]:
    """Keyword arguments giving a widget of ``kind`` shared looks and its CSS classes.

    ``layout`` and ``style`` are Layout and Style properties (e.g. ``{"width": "auto"}``); every
    widget asking for the same ones shares one model. The CSS classes are set at creation, so no
    extra message is sent for each, as ``add_class`` would. ``own_layout`` gives the widget a
    Layout of its own instead: every public widget (ScreeningQuestionnaire, ...) has one, so a
    teacher's ``widget.layout.width = "50%"`` changes that widget only.
    """
    kwargs: dict[str, Any]
    if isinstance(layout, widgets.Layout):  # the caller's own model (e.g. one for a whole check)
        kwargs = {"layout": layout}
    else:
        layout_props = tuple(sorted((layout or {}).items()))
        kwargs = {
            "layout": widgets.Layout(**dict(layout_props))
            if own_layout
            else _shared(("layout", layout_props), lambda: widgets.Layout(**dict(layout_props)))
        }
    trait = kind.class_traits().get("style")
    if trait is not None:
        style_class = trait.klass
        style_props = tuple(sorted((style or {}).items()))
        kwargs["style"] = _shared(
            ("style", style_class, style_props), lambda: style_class(**dict(style_props))
        )
    elif style:
        raise TypeError(f"{kind.__name__} has no style to set {', '.join(style)} on")
    if css:
        kwargs["_dom_classes"] = css
    return kwargs


def make(
    kind: type[_W],
    *css: str,
    layout: Mapping[str, str] | None = None,
    style: Mapping[str, str] | None = None,
    **traits: Any,
) -> _W:
    """A widget of ``kind`` with shared looks and its CSS classes (see ``looks``)."""
    widget: _W = kind(**traits, **looks(kind, *css, layout=layout, style=style))
    return widget


def strict_widgets() -> bool:
    """True when CALFLIB_STRICT_WIDGETS=1: unexpected errors in callbacks are raised (for tests)."""
    return os.environ.get("CALFLIB_STRICT_WIDGETS", "") == "1"


# What a learner's input (or a teacher's content, or a file they chose) can cause: shown in words.
# Anything else (TypeError, AttributeError, KeyError, ...) is a bug in calflib, not the learner's.
_INPUT_PROBLEMS = (ValueError, ProgressError, OSError)


def guarded(target: str) -> Callable[[_F], _F]:
    """Wrap a widget method so no error reaches a learner as a traceback.

    Input problems (ValueError, which includes ContentError, ProgressError and OSError) are shown
    in ``self.<target>`` as they are. Anything else is a programming error: the learner sees a
    calm "Something went wrong", the traceback is logged (logger ``calflib.widgets``), and with
    CALFLIB_STRICT_WIDGETS=1 (the unit tests) it is raised again so the test fails.
    """

    def decorate(handler: _F) -> _F:
        @functools.wraps(handler)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return handler(self, *args, **kwargs)
            except _INPUT_PROBLEMS as exc:
                _tell(getattr(self, target), message_card("That input could not be used", str(exc)))
            except Exception as exc:
                _log.exception("calflib widget callback %s failed", handler.__qualname__)
                _tell(getattr(self, target), _fault_card(exc))
                if strict_widgets():
                    raise
            return None

        return wrapper  # type: ignore[return-value]

    return decorate


def heading(text: str, intro: str = "", level: int = 3) -> widgets.HTML:
    """A section heading with an optional one-line introduction (text is escaped)."""
    intro_html = f"<p>{escape(intro)}</p>" if intro else ""
    return make(widgets.HTML, value=f"<h{level}>{escape(text)}</h{level}>{intro_html}")


def open_store(learner: str, save: bool) -> tuple[ProgressStore | None, Progress | None, str]:
    """Open a learner's progress for a widget: (store or None, saved progress, notice HTML).

    Problems never raise: a moved-aside file or an unwritable folder becomes a notice in words,
    and saving is switched off when the saved progress cannot be read at all.
    """
    if not save:
        return None, None, ""
    store = ProgressStore(learner)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            progress = store.load()
    except (OSError, ProgressError) as exc:
        return (
            None,
            None,
            message_card(
                "Saved answers could not be read, and new answers will not be saved", str(exc)
            ),
        )
    notice = "".join(message_card("About your saved progress", str(w.message)) for w in caught)
    return store, progress, notice


def _fault_card(exc: Exception) -> str:
    return message_card(
        "Something went wrong",
        "This is a fault in the workbook, not in your answers, which are still here. "
        "Try again, or restart the kernel (Kernel menu) and run the notebook again. "
        f"If it happens again, tell your teacher: {type(exc).__name__}: {exc}",
    )


def _tell(target: Any, html: str) -> None:
    """Show a message in ``target``; a live region (``LiveHTML.say``) reads it out again even when
    the same problem comes twice, a plain HTML widget just shows it."""
    say = getattr(target, "say", None)
    if callable(say):
        say(html)
    else:
        target.value = html


def save_safely(target: widgets.HTML, action: Callable[[], object]) -> None:
    """Run a progress-saving action; report a problem (or a warning) in ``target`` in words."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            action()
        for warning in caught:
            target.value += message_card("About your saved progress", str(warning.message))
    except (OSError, ProgressError) as exc:
        target.value += message_card("Your answer was checked but could not be saved", str(exc))


#: Add this CSS class to a container whose checkbox or radio-button labels may be long.
WRAP_CLASS = "calf-wrap"

# ipywidgets draws checkbox labels on one fixed-height line and cuts long ones off ("...") or
# lets them overlap; these rules, scoped to WRAP_CLASS, let them wrap instead. Only checkboxes:
# a flex rule on ipywidgets' radio labels once put the circle after the text at ragged places
# (choices are now calflib.widgets.choice.ChoiceGroup, which draws its own). The box comes first
# (order -1) whatever the label's markup, and a line is at least 24 px high (a target to tick).
_WRAP_STYLE = """<style>
.calf-wrap .widget-checkbox {
  height: auto;
}
.calf-wrap .widget-checkbox label {
  white-space: normal; overflow: visible; line-height: 1.4; padding: 0.2em 0;
  display: flex; align-items: flex-start; width: auto; min-height: 24px;
}
.calf-wrap .widget-checkbox input[type="checkbox"] {
  order: -1; flex-grow: 0; flex-shrink: 0; align-self: flex-start; margin-top: 0.2em;
}
</style>"""


def wrap_labels() -> widgets.HTML:
    """An (invisible) style element that lets labels inside WRAP_CLASS containers wrap."""
    return make(
        widgets.HTML, "calf-style", layout={"height": "0px", "margin": "0"}, value=_WRAP_STYLE
    )
