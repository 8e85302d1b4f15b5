"""Shared helpers for the widgets: a guard so no learner ever sees a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from html import escape
from typing import Any, TypeVar

import ipywidgets as widgets

from calflib.cards import message_card

__all__ = ["guarded", "heading"]

_log = logging.getLogger("calflib.widgets")
_F = TypeVar("_F", bound=Callable[..., Any])


def guarded(target: str) -> Callable[[_F], _F]:
    """Wrap a widget method so any error becomes a readable message in ``self.<target>``.

    Expected input problems (ValueError, TypeError) are shown as they are; anything else is shown
    as an unexpected problem and logged for the teacher, never as a traceback in the notebook.
    """

    def decorate(handler: _F) -> _F:
        @functools.wraps(handler)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return handler(self, *args, **kwargs)
            except (ValueError, TypeError) as exc:
                getattr(self, target).value = message_card("That input could not be used", str(exc))
            except Exception as exc:
                _log.exception("calflib widget callback failed")
                getattr(self, target).value = message_card(
                    "Something went wrong",
                    f"{type(exc).__name__}: {exc}. Your answers are still here; try again, or "
                    "restart the kernel (Kernel menu) and run the notebook again.",
                )
            return None

        return wrapper  # type: ignore[return-value]

    return decorate


def heading(text: str, intro: str = "", level: int = 3) -> widgets.HTML:
    """A section heading with an optional one-line introduction (text is escaped)."""
    intro_html = f"<p>{escape(intro)}</p>" if intro else ""
    return widgets.HTML(f"<h{level}>{escape(text)}</h{level}>{intro_html}")
