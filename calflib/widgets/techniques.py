"""The techniques explorer: pick a setting to see its steps, pick a technique to see how it is done.

Also holds the small HTML helpers (cards for a setting and a technique, a captioned figure) that the
session planner's widgets reuse. Every content string is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

import ipywidgets as widgets

from calflib.cards import sources_list
from calflib.loader import default_content
from calflib.model import Content
from calflib.svg import Figure
from calflib.techniques import (
    Setting,
    SettingGuide,
    Technique,
    TechniqueLibrary,
    load_techniques,
    technique_diagram,
)
from calflib.widgets._common import guarded, heading

__all__ = ["TechniquesExplorer", "card", "figure_html", "setting_card", "technique_card"]

_BOX = (
    "border:1px solid var(--jp-border-color1, #bdbdbd);border-left:6px solid {accent};"
    "border-radius:4px;padding:0.6em 0.9em;margin:0.4em 0;max-width:46em;"
    "color:var(--jp-ui-font-color1, inherit);background:var(--jp-layout-color1, transparent);"
    "font-size:var(--jp-content-font-size1, 14px);line-height:1.5"
)
_BRAND = "var(--jp-brand-color1, #1976d2)"
_MUTED = "font-size:0.9em;color:var(--jp-ui-font-color2, inherit)"


def card(body: str, css_class: str, accent: str = _BRAND, *, live: bool = False) -> str:
    """A themed card around trusted HTML (callers escape content first)."""
    aria = ' role="status" aria-live="polite"' if live else ""
    style = _BOX.format(accent=accent)
    return f'<div class="calf-card {css_class}"{aria} style="{style}">{body}</div>'


def _items(texts: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>{''.join(f'<li>{escape(t)}</li>' for t in texts)}</{tag}>"


def figure_html(figure: Figure) -> str:
    """A figure with its text alternative shown as a caption underneath."""
    return (
        f'<figure class="calf-figure" style="margin:0.5em 0">{figure.svg}'
        f'<figcaption style="{_MUTED};max-width:46em"><strong>Figure:</strong> '
        f"{escape(figure.description)}</figcaption></figure>"
    )


def setting_card(guide: SettingGuide, library: TechniqueLibrary, content: Content) -> str:
    """A setting: what it is, how to sit or lie, its steps, techniques, evidence and cautions."""
    used = ", ".join(t.name for t in library.used_in(guide.setting))
    body = [
        f'<div style="font-size:1.15em"><strong>{escape(guide.name)}</strong></div>',
        f"<p>{escape(guide.summary)}</p>",
        f"<p><strong>Position:</strong> {escape(guide.position)}</p>",
        f"<p><strong>Steps:</strong></p>{_items(guide.steps, 'ol')}",
        f"<p><strong>Techniques used:</strong> {escape(used)}</p>",
    ]
    if guide.evidence:
        body.append(f"<p><strong>What the evidence says:</strong> {escape(guide.evidence)}</p>")
    body.append(
        f'<p><strong><span aria-hidden="true">\u26a0</span> Cautions:</strong></p>'
        f"{_items(guide.cautions)}"
    )
    body.append(sources_list(guide.sources, content))
    return card("".join(body), f"calf-setting calf-setting-{guide.setting.value}")


def technique_card(technique: Technique, library: TechniqueLibrary, content: Content) -> str:
    """A technique: how, pressure, direction, duration, cautions, settings and sources."""
    pressures = ", ".join(library.pressures[p].name.lower() for p in technique.pressure)
    settings = ", ".join(library.settings[s].name.lower() for s in technique.settings)
    body = [
        f'<div style="font-size:1.15em"><strong>{escape(technique.name)}</strong></div>',
        f"<p>{escape(technique.summary)}</p>",
        f"<p><strong>How:</strong></p>{_items(technique.how, 'ol')}",
        f"<p><strong>Pressure:</strong> {escape(pressures)}. {escape(technique.pressure_note)}</p>",
        f"<p><strong>Direction:</strong> {escape(technique.direction)}</p>",
        f"<p><strong>How long:</strong> {escape(technique.duration)}</p>",
        f'<p><strong><span aria-hidden="true">\u26a0</span> Cautions:</strong></p>'
        f"{_items(technique.cautions)}",
        f"<p><strong>Used:</strong> {escape(settings)}</p>",
        sources_list(technique.sources, content),
    ]
    return card("".join(body), f"calf-technique calf-technique-{technique.id}", live=True)


class TechniquesExplorer(widgets.VBox):  # type: ignore[misc]
    """A setting picker with the setting's card, and a technique picker with card and diagram."""

    def __init__(
        self,
        setting: Setting | str = Setting.PARTNER,
        technique: str | None = None,
        *,
        library: TechniqueLibrary | None = None,
        content: Content | None = None,
    ) -> None:
        self.library = library or load_techniques()
        self.content = content or default_content()
        chosen = Setting.parse(setting)
        if technique is not None:
            self.library.technique(technique)  # an unknown id fails here, with a suggestion
        self.setting_picker = widgets.ToggleButtons(
            options=[(g.name, s.value) for s, g in self.library.settings.items()],
            value=chosen.value,
            description="Setting:",
            tooltips=[g.summary for g in self.library.settings.values()],
            style={"button_width": "auto"},
        )
        self.setting_picker.add_class("calf-setting-picker")
        self.setting_view = widgets.HTML()
        self.setting_view.add_class("calf-setting-view")
        self.technique_picker = widgets.Dropdown(
            description="Technique:",
            tooltip="Choose a technique to see how it is done and its diagram",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.technique_picker.add_class("calf-technique-picker")
        in_setting = [t.id for t in self.library.used_in(chosen)]
        self.show_all = widgets.Checkbox(
            value=technique is not None and technique not in in_setting,
            description="List the techniques of every setting",
            indent=False,
            tooltip="Untick to list only the techniques of the chosen setting",
        )
        self.show_all.add_class("calf-show-all")
        self.technique_view = widgets.HTML()
        self.technique_view.add_class("calf-technique-view")
        self.diagram = widgets.HTML()
        self.diagram.add_class("calf-technique-diagram")
        super().__init__(
            children=[
                heading(
                    "Techniques explorer",
                    "Pick a setting to see its steps and the techniques it uses; then pick a "
                    "technique to see how it is done, with a diagram of its strokes. "
                    "Use Tab and the arrow keys to move between the choices.",
                ),
                self.setting_picker,
                self.setting_view,
                widgets.HBox([self.technique_picker, self.show_all]),
                widgets.Box(
                    [self.technique_view, self.diagram],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
                ),
            ]
        )
        self.add_class("calf-techniques")
        self.setting_picker.observe(self._on_setting, names="value")
        self.show_all.observe(self._on_setting, names="value")
        self.technique_picker.observe(self._on_technique, names="value")
        self._on_setting(preferred=technique)

    @property
    def setting(self) -> Setting:
        """The setting on screen."""
        return Setting(self.setting_picker.value)

    @guarded("setting_view")
    def _on_setting(self, _change: Any = None, preferred: str | None = None) -> None:
        guide = self.library.settings[self.setting]
        self.setting_view.value = setting_card(guide, self.library, self.content)
        shown = (
            tuple(self.library.techniques.values())
            if self.show_all.value
            else self.library.used_in(self.setting)
        )
        keep = preferred or self.technique_picker.value
        ids = [t.id for t in shown]
        if keep not in ids:
            keep = ids[0]
        self.technique_picker.options = [(t.name, t.id) for t in shown]
        self.technique_picker.value = keep
        self._on_technique()

    @guarded("technique_view")
    def _on_technique(self, _change: Any = None) -> None:
        if self.technique_picker.value is None:
            return
        technique = self.library.technique(self.technique_picker.value)
        self.technique_view.value = technique_card(technique, self.library, self.content)
        self.diagram.value = figure_html(technique_diagram(technique.id, self.library))
