"""Tests for calflib.palette: one set of theme-aware colours for cards and figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import calflib
from calflib.palette import THEME, theme

PACKAGE = Path(calflib.__file__).parent


def test_theme_colours_use_jupyterlab_variables() -> None:
    """Theme colours are CSS variables with fallbacks; unknown names list the known ones."""
    assert theme("ink").startswith("var(--jp-ui-font-color1")
    assert all(re.fullmatch(r"var\(--jp-[a-z0-9-]+, [#a-z0-9]+\)", c) for c in THEME.values())
    with pytest.raises(KeyError, match="use one of"):
        theme("purple")


def test_no_module_but_the_palette_names_a_theme_colour() -> None:
    """Cards and figures take colours from the palette, so there is one palette to change."""
    colour = re.compile(r"var\(--jp-[a-z-]*colou?r[0-9]*,")
    outside = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "palette.py" and colour.search(path.read_text(encoding="utf-8"))
    ]
    assert outside == []
