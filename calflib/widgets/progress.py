"""Progress widgets for the final chapter: the dashboard, and export / import / reset.

The final check itself is in :mod:`calflib.widgets.final_check`.
"""

from __future__ import annotations

import weakref
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from calflib.card_kit import message_card
from calflib.content_in_use import default_bank
from calflib.course import chapter_status, learner_label
from calflib.exports import (
    download_link,
    export_file_name,
    export_slug,
    exports_folder,
    listed_exports,
)
from calflib.mastery import mastery
from calflib.mastery_cards import dashboard_html, other_chapters
from calflib.progress import ExportExistsError, NewerFormatError, ProgressError, ProgressStore
from calflib.quiz import QuestionBank
from calflib.widgets._common import guarded, heading, looks, make, open_store
from calflib.widgets.choice import KEYS_CLASS, LiveHTML

__all__ = ["ProgressDashboard", "ProgressManager", "export_slug"]

# Every dashboard in this kernel, so that checking a final-check answer, importing or starting
# again redraws the one progress table a chapter shows instead of showing a second copy of it.
_DASHBOARDS: weakref.WeakSet[ProgressDashboard] = weakref.WeakSet()


def _refresh_dashboards(learner: str) -> None:
    for dashboard in list(_DASHBOARDS):
        if dashboard.learner == learner and dashboard.comm is not None:  # None once closed
            dashboard.refresh()


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
        #: Says (politely, to a screen reader too) that Refresh read the progress again.
        self.refreshed = LiveHTML("calf-dashboard-refreshed")
        super().__init__(
            children=[
                heading(
                    "Your progress",
                    "What you have done in each chapter, your first-try and current score for "
                    "each learning objective, whether you have mastered it, and your "
                    "self-practice reports.",
                ),
                self.refresh_button,
                self.refreshed,
                self.table,
            ],
            **looks(widgets.VBox, "calf-dashboard", KEYS_CLASS, own_layout=True),
        )
        _DASHBOARDS.add(self)
        self.refresh()

    @guarded("table")
    def _on_refresh(self, _button: Any = None) -> None:
        self.refresh()
        self.refreshed.value = (
            f"<p>Read again at {datetime.now():%H:%M:%S}: the table below is up to date.</p>"
        )

    def refresh(self) -> None:
        """Read the saved progress again and redraw the tables."""
        _store, progress, notice = open_store(self.learner, True)
        if progress is None:
            self.table.value = notice
            return
        statuses = chapter_status(self.bank, progress)
        scores = mastery(self.bank, progress.quiz)
        self.table.value = notice + dashboard_html(
            learner_label(self.learner),
            statuses,
            scores,
            progress.practice_log(),
            other_chapters(scores, {s.chapter.id for s in statuses}),
        )


class ProgressManager(widgets.VBox):  # type: ignore[misc]
    """Export progress (to the exports folder and as a download), import an export, start again.

    Exports are written to ``exports/`` in ``notebook_folder`` (default: the notebook's own
    folder), named from the learner's name and the date; see ``calflib.exports`` for why.
    """

    def __init__(
        self, *, learner: str = "default", notebook_folder: Path | str | None = None
    ) -> None:
        self.store = ProgressStore(learner)
        self.exports = exports_folder(notebook_folder)
        self.learner_name = make(
            widgets.Text,
            style={"description_width": "initial"},
            value="" if learner == "default" else learner,
            placeholder="e.g. Sam Jones",
            description="Your name:",
            tooltip="Written into the export and its name, so your teacher can tell them apart",
        )
        self.export_button = make(
            widgets.Button,
            "calf-export",
            description="Export",
            icon="download",
            tooltip="Save a copy of your progress in the exports folder and offer it as a download",
        )
        self.confirm_replace = make(
            widgets.Checkbox,
            layout={"width": "auto"},
            value=False,
            description="If I already exported today, replace that file",
            indent=False,
        )
        self.download = make(widgets.HTML, "calf-progress-download")
        self.import_choice = make(
            widgets.Dropdown,
            style={"description_width": "initial"},
            options=(),
            description="Exported file:",
        )
        self.refresh_list_button = make(
            widgets.Button,
            description="Refresh list",
            icon="refresh",
            tooltip=f"List the files in {self.exports} again",
        )
        self.import_button = make(
            widgets.Button,
            "calf-import",
            description="Import",
            icon="upload",
            tooltip="Add the chosen exported file to your progress",
        )
        self.upload = make(
            widgets.FileUpload, accept=".json", multiple=False, description="Upload a file"
        )
        self.upload_button = make(
            widgets.Button,
            "calf-import-upload",
            description="Import uploaded file",
            icon="upload",
            tooltip="Add an exported file from your own device to your progress",
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
        self.status = LiveHTML("calf-progress-status")  # announced when it changes
        self.export_button.on_click(self._on_export)
        self.refresh_list_button.on_click(self._on_refresh_list)
        self.import_button.on_click(self._on_import)
        self.upload_button.on_click(self._on_upload)
        self.reset_button.on_click(self._on_reset)
        super().__init__(
            children=[
                heading(
                    "Keep, move or clear your progress",
                    f"Your answers are saved on this computer in {self.store.path}. Export puts a "
                    f"copy in the exports folder beside the chapters ({self.exports}) and offers "
                    "it as a download, to hand in or to move to another computer.",
                ),
                make(widgets.HBox, children=[self.learner_name, self.export_button]),
                self.confirm_replace,
                self.download,
                make(
                    widgets.HBox,
                    children=[self.import_choice, self.refresh_list_button, self.import_button],
                ),
                make(widgets.HBox, children=[self.upload, self.upload_button]),
                make(widgets.HBox, children=[self.confirm_reset, self.reset_button]),
                self.status,
            ],
            **looks(widgets.VBox, "calf-progress-manager", KEYS_CLASS, own_layout=True),
        )
        self.refresh_list()

    def refresh_list(self) -> None:
        """List the exports folder's files again (newest first) for Import."""
        chosen = self.import_choice.value
        files = listed_exports(self.exports)
        self.import_choice.options = tuple((path.name, path) for path in files)
        if files:  # keep the learner's choice if it is still there, else the newest file
            self.import_choice.value = chosen if chosen in files else files[0]

    @guarded("status")
    def _on_refresh_list(self, _button: Any = None) -> None:
        self.refresh_list()

    @guarded("status")
    def _on_export(self, _button: Any = None) -> None:
        learner = self.learner_name.value.strip()
        if not learner:
            raise ValueError("type your name first, so your teacher can tell the files apart")
        target = self.exports / export_file_name(learner, date.today())
        try:
            data = self.store.export_bytes(name=learner)
        except (OSError, ProgressError) as exc:
            self.status.say(message_card("Your progress could not be read", str(exc)))
            return
        self.download.value = download_link(data, target.name)
        try:
            self.store.export(target, name=learner, replace=self.confirm_replace.value)
        except ExportExistsError:
            self.status.say(
                message_card(
                    "You already exported today",
                    f"{target.name} is already in {target.parent} and was left as it is. To "
                    "replace it with your answers as they are now, tick 'If I already exported "
                    "today, replace that file' and press Export again. The download link has your "
                    "answers as they are now.",
                )
            )
            return
        except (OSError, ProgressError) as exc:
            self.status.say(
                message_card(
                    "Your export could not be saved in the exports folder",
                    f"{target}: {getattr(exc, 'strerror', None) or exc}. Use the download link to "
                    "save it on this device instead.",
                )
            )
            return
        self.download.value = download_link(target.read_bytes(), target.name)
        self.confirm_replace.value = False
        self.refresh_list()
        self.status.say(
            message_card(
                "Exported",
                f"Your progress was saved as {target.name} in the exports folder beside the "
                f"chapters ({target.parent}). To keep a copy on this device or hand it in, use the "
                "download link.",
            )
        )

    @guarded("status")
    def _on_import(self, _button: Any = None) -> None:
        chosen = self.import_choice.value
        if chosen is None:
            raise ValueError(
                f"there is no exported file in {self.exports} yet: press Refresh list after "
                "putting one there, or upload a file from your device"
            )
        try:
            data = Path(chosen).read_bytes()
        except OSError as exc:
            self.refresh_list()
            self.status.say(
                message_card("That file could not be read", f"{chosen}: {exc.strerror or exc}.")
            )
            return
        self._import(data, Path(chosen).name)

    @guarded("status")
    def _on_upload(self, _button: Any = None) -> None:
        files = self.upload.value
        if not files:
            raise ValueError("choose a file first (the Upload a file button), then import it")
        upload = files[0]
        if self._import(bytes(upload["content"]), str(upload["name"])):
            self.upload.value = ()

    def _import(self, data: bytes, name: str) -> bool:
        try:
            progress = self.store.import_bytes(data, name)
        except NewerFormatError as exc:  # the chosen file, or the learner's own saved progress
            title = (
                "That file is from a newer workbook"
                if exc.where == name
                else "Your saved progress is from a newer workbook"
            )
            text = str(exc)
        except ProgressError as exc:
            title, text = "That file could not be imported", str(exc)
        except OSError as exc:
            title, text = "Your progress could not be saved", f"{exc.strerror or exc}."
        else:
            _refresh_dashboards(self.store.learner)
            self.status.say(
                message_card(
                    "Imported",
                    f"Added {name}: you now have {len(progress.quiz)} saved answers. Every attempt "
                    "from both was kept, so your first tries still count; where the same question "
                    "was answered in both, the newer answer is your current one.",
                )
            )
            return True
        self.status.say(message_card(title, text))
        return False

    @guarded("status")
    def _on_reset(self, _button: Any = None) -> None:
        if not self.confirm_reset.value:
            raise ValueError("tick 'Yes, I want to start again' first; nothing was changed")
        backup = self.store.reset()
        self.confirm_reset.value = False
        _refresh_dashboards(self.store.learner)
        kept = f" The old answers are kept in {backup}." if backup else ""
        self.status.say(
            message_card(
                "Started again",
                f"Your progress is now empty.{kept} An export still says that you started again "
                "(and when), so your teacher knows your first tries from before are not in it.",
            )
        )
