"""The workbook's one colour palette, shared by the HTML cards and the SVG figures.

Every colour is a JupyterLab theme variable with a fallback for other front ends and for print,
so cards and figures follow light and dark themes. Colour never carries meaning alone: a card or
a figure always says the same thing in words (or an icon, a pattern, a label).
"""

from __future__ import annotations

__all__ = ["THEME", "theme"]

#: Theme-aware colours by name: JupyterLab variables with fallbacks.
THEME = {
    # text, surfaces and lines
    "ink": "var(--jp-ui-font-color1, #212121)",
    "muted": "var(--jp-ui-font-color2, #616161)",
    "paper": "var(--jp-layout-color0, #ffffff)",
    "shade": "var(--jp-layout-color2, #eeeeee)",
    "shade_strong": "var(--jp-layout-color3, #bdbdbd)",
    "line": "var(--jp-border-color1, #9e9e9e)",
    # a card's text and box (outside JupyterLab a card takes its page's colours)
    "text": "var(--jp-ui-font-color1, inherit)",
    "small_text": "var(--jp-ui-font-color2, inherit)",
    "card": "var(--jp-layout-color1, transparent)",
    "border": "var(--jp-border-color1, #bdbdbd)",
    "border_soft": "var(--jp-border-color2, #e0e0e0)",
    "link": "var(--jp-content-link-color, #1976d2)",
    # accents, from calm to alarming
    "brand": "var(--jp-brand-color1, #1976d2)",
    "brand_soft": "var(--jp-brand-color3, #bbdefb)",
    "accent": "var(--jp-accent-color1, #388e3c)",
    "success": "var(--jp-success-color1, #388e3c)",
    "info": "var(--jp-info-color1, #0288d1)",
    "warn_mild": "var(--jp-warn-color2, #ffa726)",
    "warn": "var(--jp-warn-color1, #f57c00)",
    "warn_strong": "var(--jp-warn-color0, #e65100)",
    "warn_soft": "var(--jp-warn-color3, #ffe0b2)",
    "error": "var(--jp-error-color1, #d32f2f)",
    "error_strong": "var(--jp-error-color0, #b71c1c)",
    "error_soft": "var(--jp-error-color3, #ffcdd2)",
}


def theme(name: str) -> str:
    """A theme colour by name (see ``THEME``); unknown names raise a KeyError listing the names."""
    try:
        return THEME[name]
    except KeyError:
        raise KeyError(f"unknown theme colour {name!r}; use one of {', '.join(THEME)}") from None
