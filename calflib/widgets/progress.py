"""Progress widgets for the final chapter: the dashboard, export / import / reset, final check."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from calflib.cards import dashboard_card, message_card
from calflib.course import chapter_status
from calflib.progress import ProgressStore
from calflib.quiz import QuestionBank
from calflib.quiz_loader import default_bank
from calflib.widgets._common import guarded, heading, looks, make, open_store
from calflib.widgets.quiz import CheckYourself

__all__ = ["FinalCheck", "ProgressDashboard", "ProgressManager", "export_slug"]


def export_slug(name: str) -> str:
    """A file-name-safe version of a learner's name: 'Sam Jones' -> 'sam-jones'."""
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(part for part in slug.split("-") if part) or "learner"


class ProgressDashboard(widgets.VBox):  # type: ignore[misc]
    """Per chapter and per objective: what is done and what is left. Refresh to update."""

    def __init__(self, *, learner: str = "default", bank: QuestionBank | None = None) -> None:
        self.learner = learner
        self.bank = bank or default_bank()
        self.table = make(widgets.HTML, "calf-dashboard-widget")
        self.refresh_button = make(
            widgets.Button,
            "calf-refresh",
            description="Refresh",
            icon="refresh",
            tooltip="Read your saved progress again",
        )
        self.refresh_button.on_click(self._on_refresh)
        super().__init__(
            children=[
                heading(
                    "Your progress",
                    "What you have done in each chapter and for each learning objective.",
                ),
                self.refresh_button,
                self.table,
            ],
            **looks(widgets.VBox, "calf-dashboard", own_layout=True),
        )
        self.refresh()

    @guarded("table")
    def _on_refresh(self, _button: Any = None) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the saved progress again and redraw the tables."""
        _store, progress, notice = open_store(self.learner, True)
        if progress is None:
            self.table.value = notice
            return
        self.table.value = notice + dashboard_card(
            chapter_status(self.bank, progress), self.learner
        )


class ProgressManager(widgets.VBox):  # type: ignore[misc]
    """Export progress to a file, import an exported file, or start again (with a backup)."""

    def __init__(self, *, learner: str = "default") -> None:
        self.store = ProgressStore(learner)
        self.learner_name = make(
            widgets.Text,
            style={"description_width": "initial"},
            value="" if learner == "default" else learner,
            placeholder="e.g. Sam Jones",
            description="Your name:",
            tooltip="Written into the export so your teacher can tell the files apart",
        )
        self.export_name = make(
            widgets.Text,
            style={"description_width": "initial"},
            value="",
            placeholder="calf-progress-<your name>.json",
            description="Export to file:",
            tooltip="A file name in the notebook's folder (made from your name if left empty)",
        )
        self.export_button = make(
            widgets.Button,
            "calf-export",
            description="Export",
            icon="download",
            tooltip="Save a copy of your progress",
        )
        self.upload = make(
            widgets.FileUpload, accept=".json", multiple=False, description="Choose export file"
        )
        self.import_button = make(
            widgets.Button,
            "calf-import",
            description="Import",
            icon="upload",
            tooltip="Add an exported file to your progress",
        )
        self.confirm_reset = make(
            widgets.Checkbox,
            layout={"width": "auto"},
            value=False,
            description="Yes, I want to start again (a backup is kept)",
            indent=False,
        )
        self.reset_button = make(
            widgets.Button,
            "calf-reset-progress",
            description="Start again",
            icon="trash",
            button_style="warning",
            tooltip="Clear your progress; the old file is kept as a backup",
        )
        self.status = make(widgets.HTML, "calf-progress-status")
        self.export_button.on_click(self._on_export)
        self.import_button.on_click(self._on_import)
        self.reset_button.on_click(self._on_reset)
        super().__init__(
            children=[
                heading(
                    "Keep, move or clear your progress",
                    f"Your answers are saved in {self.store.path}. Export them to hand in or to "
                    "move to another computer; import an exported file to add it back.",
                ),
                make(
                    widgets.HBox,
                    children=[self.learner_name, self.export_name, self.export_button],
                ),
                make(widgets.HBox, children=[self.upload, self.import_button]),
                make(widgets.HBox, children=[self.confirm_reset, self.reset_button]),
                self.status,
            ],
            **looks(widgets.VBox, "calf-progress-manager", own_layout=True),
        )

    @guarded("status")
    def _on_export(self, _button: Any = None) -> None:
        learner = self.learner_name.value.strip()
        if not learner:
            raise ValueError("type your name first, so your teacher can tell the files apart")
        name = self.export_name.value.strip() or f"calf-progress-{export_slug(learner)}.json"
        target = self.store.export(Path(name).expanduser(), name=learner)
        self.status.value = message_card("Exported", f"Your progress was saved to {target}.")

    @guarded("status")
    def _on_import(self, _button: Any = None) -> None:
        files = self.upload.value
        if not files:
            raise ValueError("choose an exported .json file first (the Choose button)")
        upload = files[0]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "import.json"
            path.write_bytes(bytes(upload["content"]))
            progress = self.store.import_file(path)
        self.status.value = message_card(
            "Imported",
            f"Added {upload['name']}: you now have {len(progress.quiz)} saved answers.",
        )

    @guarded("status")
    def _on_reset(self, _button: Any = None) -> None:
        if not self.confirm_reset.value:
            raise ValueError("tick 'Yes, I want to start again' first; nothing was changed")
        backup = self.store.reset()
        self.confirm_reset.value = False
        kept = f" The old answers are kept in {backup}." if backup else ""
        self.status.value = message_card("Started again", f"Your progress is now empty.{kept}")


class FinalCheck(widgets.VBox):  # type: ignore[misc]
    """The final check: questions across every chapter, then a per-objective summary."""

    def __init__(self, *, learner: str = "default", bank: QuestionBank | None = None) -> None:
        self.bank = bank or default_bank()
        if not self.bank.final:
            raise ValueError("no final-check questions; mark some questions with final = true")
        self.check = CheckYourself(
            "07_final_check",
            learner=learner,
            bank=self.bank,
            title="Final check",
            questions=self.bank.final,
        )
        self.dashboard = ProgressDashboard(learner=learner, bank=self.bank)
        for question in self.check.questions:
            question.check_button.on_click(lambda _b: self.dashboard.refresh())
        super().__init__(
            children=[self.check, self.dashboard],
            **looks(widgets.VBox, "calf-final-check", own_layout=True),
        )
