"""The base of the workbook's one-model widgets: anywidget's front end, without its Python side.

anywidget has two halves: a JupyterLab extension (the browser side: it runs a widget's ``_esm``
module and adds its ``_css``) and a Python package whose ``AnyWidget`` class tells that extension
which model to build. :class:`AnyModel` is that class's protocol and nothing more: the same model
and view names, the module version range, and the ``_esm``, ``_css`` and ``_anywidget_id`` traits.

Why not ``anywidget.AnyWidget``: importing it costs about 8 ms in every new kernel (psygnal, for
reloading front-end files as a developer edits them, and an ``importlib.metadata`` look-up of its
own version), on the way to chapter 02's first widget (benchmark figure 5b), and each instance
adds its traits to a new class of its own. Our front ends are fixed package data, read once.

``ANYWIDGET_VERSION`` must match the installed extension: ``tests/test_anymodel.py`` checks it
against anywidget's own, so upgrading anywidget past it fails the tests with the value to write.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import traitlets

__all__ = ["ANYWIDGET_VERSION", "AnyModel", "front_end"]

#: The model version anywidget 0.11's Python side announces (its ``_ANYWIDGET_SEMVER_VERSION``).
ANYWIDGET_VERSION = "~0.11.*"


def front_end(path: Path) -> traitlets.Unicode[str, str | bytes]:
    """A synced ``_esm`` or ``_css`` trait holding the text of the package file ``path``."""
    return traitlets.Unicode(path.read_text(encoding="utf-8")).tag(sync=True)


class AnyModel(widgets.DOMWidget):  # type: ignore[misc]
    """A widget drawn by anywidget's front end from this class's ``_esm`` (and ``_css``).

    A subclass sets ``_esm = front_end(<path to its .js>)`` and optionally ``_css``.
    """

    _model_name = traitlets.Unicode("AnyModel").tag(sync=True)
    _model_module = traitlets.Unicode("anywidget").tag(sync=True)
    _model_module_version = traitlets.Unicode(ANYWIDGET_VERSION).tag(sync=True)
    _view_name = traitlets.Unicode("AnyView").tag(sync=True)
    _view_module = traitlets.Unicode("anywidget").tag(sync=True)
    _view_module_version = traitlets.Unicode(ANYWIDGET_VERSION).tag(sync=True)

    _esm = traitlets.Unicode().tag(sync=True)
    _css = traitlets.Unicode().tag(sync=True)
    #: Names the widget's class: the front end keys the class's style sheet on it.
    _anywidget_id = traitlets.Unicode().tag(sync=True)

    @traitlets.default("_anywidget_id")
    def _class_id(self) -> str:
        return f"{type(self).__module__}.{type(self).__qualname__}"

    def __repr__(self) -> str:
        """A short repr: ipywidgets' lists every trait, and ``_esm`` is a whole ES module."""
        comm = getattr(self, "comm", None)
        return f"<{type(self).__qualname__} {comm.comm_id if comm is not None else 'closed'}>"
