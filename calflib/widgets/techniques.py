"""The techniques explorer: pick a setting to see its steps, pick a technique to see how it is done.

The cards come from :mod:`calflib.technique_cards` and the diagram from
:mod:`calflib.technique_diagrams`; this module only wires them to the pickers.
"""

from __future__ import annotations

from typing import Any, Literal

import ipywidgets as widgets

from calflib.card_kit import READING_WIDTH
from calflib.loader import builtin_content
from calflib.model import Content
from calflib.svg import figure_html
from calflib.technique_cards import (
    StatusChange,
    setting_card,
    technique_card,
    techniques_status,
)
from calflib.technique_diagrams import technique_diagram
from calflib.technique_loader import load_techniques
from calflib.techniques import Setting, TechniqueLibrary
from calflib.widgets._common import guarded, heading, looks, make
from calflib.widgets.choice import KEYS_CLASS, ChoiceGroup, LiveHTML

__all__ = ["TechniquesExplorer"]


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
        self.content = content or builtin_content()
        chosen = Setting.parse(setting)
        if technique is not None:
            self.library.technique(technique)  # an unknown id fails here, with a suggestion
        self.setting_picker = ChoiceGroup(
            "calf-setting-picker",
            look="buttons",
            options=[(g.name, s.value) for s, g in self.library.settings.items()],
            value=chosen.value,
            description="Setting: how will the massage be done?",
            tooltips=[g.summary for g in self.library.settings.values()],
        )
        self.setting_view = make(widgets.HTML, "calf-setting-view")
        self.technique_picker = make(
            widgets.Dropdown,
            "calf-technique-picker",
            layout={"width": "auto"},
            style={"description_width": "initial"},
            description="Technique:",
            tooltip="Choose a technique to see how it is done and its diagram",
        )
        in_setting = [t.id for t in self.library.used_in(chosen)]
        self.show_all = make(
            widgets.Checkbox,
            "calf-show-all",
            value=technique is not None and technique not in in_setting,
            description="List the techniques of every setting",
            indent=False,
            tooltip="Untick to list only the techniques of the chosen setting",
        )
        # The one announcement when a choice changes; the cards are shown, not read out.
        self.status = LiveHTML("calf-techniques-status")
        self.technique_view = make(widgets.HTML, "calf-technique-view")
        self.diagram = make(widgets.HTML, "calf-technique-diagram")
        super().__init__(
            children=[
                heading(
                    "Techniques explorer",
                    "Pick a setting to see its steps and the techniques it uses; then pick a "
                    "technique to see how it is done, with a diagram of its strokes. "
                    "Use Tab to move between the choices and the arrow keys to change one.",
                ),
                self.setting_picker,
                self.setting_view,
                make(widgets.HBox, children=[self.technique_picker, self.show_all]),
                self.status,
                make(
                    widgets.Box,
                    layout={"flex_flow": "row wrap", "align_items": "flex-start"},
                    children=[self.technique_view, self.diagram],
                ),
            ],
            **looks(widgets.VBox, "calf-techniques", KEYS_CLASS, own_layout=True),
        )
        self.setting_picker.observe(lambda _change: self._on_setting("setting"), names="value")
        self.show_all.observe(lambda _change: self._on_setting("list"), names="value")
        self.technique_picker.observe(self._on_technique, names="value")
        self._swapping = False  # the menu's options are being replaced: not a learner's choice
        self._on_setting("setting", preferred=technique)

    @property
    def setting(self) -> Setting:
        """The setting on screen."""
        return Setting(self.setting_picker.value)

    @guarded("status")
    def _on_setting(
        self, changed: Literal["setting", "list"], preferred: str | None = None
    ) -> None:
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
        # New options reset the menu to their first one before ``keep`` is chosen again: that
        # passing value is no choice, and announcing it would name a technique not shown.
        self._swapping = True
        try:
            self.technique_picker.options = [(t.name, t.id) for t in shown]
            self.technique_picker.value = keep
        finally:
            self._swapping = False
        self._show_technique(changed)

    @guarded("status")
    def _on_technique(self, _change: Any = None) -> None:
        if not self._swapping:
            self._show_technique("technique")

    def _show_technique(self, changed: StatusChange) -> None:
        """The technique's card and diagram, then the one line that announces the change."""
        if self.technique_picker.value is None:
            return
        technique = self.library.technique(self.technique_picker.value)
        self.technique_view.value = technique_card(technique, self.library, self.content)
        figure = technique_diagram(technique.id, self.library)
        self.diagram.value = figure_html(figure, caption_width=READING_WIDTH)
        guide = self.library.settings[self.setting]
        self.status.value = techniques_status(
            guide, technique, self.library, changed, self.show_all.value
        )
