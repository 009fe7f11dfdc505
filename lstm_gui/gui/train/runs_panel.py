"""RunsPanel: every stored run (the app's and the CLI's), ticked to overlay, with actions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.gui.widgets.labels import wrapped_label

if TYPE_CHECKING:
    from lstm_gui.core.run.runs import DamagedRun, StoredRun

NAME, STARTED, EPOCHS, ACCURACY, STATUS = range(5)


class RunsPanel(QWidget):
    """A table of stored runs; ticking a run overlays its curves on the plots."""

    overlay_changed = Signal(list)  # the ticked StoredRuns
    use_requested = Signal(object)  # StoredRun: predict with it in the draw pad
    resume_requested = Signal(object)  # StoredRun: continue training it
    delete_requested = Signal(object)  # StoredRun
    delete_damaged_requested = Signal(object)  # DamagedRun: a broken entry to remove
    export_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runs: dict[str, StoredRun] = {}
        self._damaged: dict[str, DamagedRun] = {}
        self._active_folder: Path | None = None
        self._build()
        self._on_selection_changed()

    def _build(self) -> None:
        self.hint = wrapped_label(
            self.tr(
                "Tick runs to draw their validation curves over the current run: compare "
                "LSTM, GRU and plain RNN, or rows and pixels."
            )
        )
        self.table = QTreeWidget()
        self.table.setAccessibleName(self.tr("Runs"))
        self.table.setAccessibleDescription(
            self.tr("Saved runs; tick a run to draw its curves beside the current one")
        )
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels(
            [
                self.tr("Run"),
                self.tr("Started"),
                self.tr("Epochs"),
                self.tr("Val. acc."),
                self.tr("Status"),
            ]
        )
        header = self.table.header()
        # Every column as wide as its contents; a narrow panel scrolls sideways rather than
        # cutting run names short.
        for column in (NAME, STARTED, EPOCHS, ACCURACY, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.table.itemDoubleClicked.connect(lambda *_: self._emit_selected_run(self.use_requested))

        self.use_button = QPushButton(self.tr("Use in draw pad"))
        self.resume_button = QPushButton(self.tr("Continue training"))
        self.resume_button.setToolTip(
            self.tr("Train this run further: up to its planned epochs, or one more epoch.")
        )
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.export_button = QPushButton(self.tr("Export curves (CSV)…"))
        self.export_button.setToolTip(self.tr("The current run and the ticked runs."))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.use_button.clicked.connect(lambda: self._emit_selected_run(self.use_requested))
        self.resume_button.clicked.connect(lambda: self._emit_selected_run(self.resume_requested))
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.export_button.clicked.connect(self.export_requested)
        self.refresh_button.clicked.connect(self.refresh_requested)
        buttons = QGridLayout()
        buttons.addWidget(self.use_button, 0, 0)
        buttons.addWidget(self.resume_button, 0, 1)
        buttons.addWidget(self.export_button, 1, 0)
        buttons.addWidget(self.delete_button, 1, 1)
        buttons.addWidget(self.refresh_button, 2, 0)
        self.empty_label = wrapped_label(
            self.tr("No runs yet. Every run you train is kept here, with its checkpoints.")
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

    def _status_text(self, run: StoredRun) -> str:
        if self._active_folder is not None and run.folder == self._active_folder:
            return self.tr("training now")
        texts = {
            "completed": self.tr("completed"),
            "stopped": self.tr("stopped"),
            "diverged": self.tr("diverged"),
            "training": self.tr("interrupted"),
        }
        return texts.get(run.status, run.status)

    def set_runs(
        self,
        runs: list[StoredRun],
        active_folder: Path | None = None,
        damaged: list[DamagedRun] | None = None,
    ) -> None:
        """Show these runs, then the damaged entries, keeping ticks and the selection."""
        ticked = {str(run.folder) for run in self.checked_runs()}
        selected = self.selected_run()
        self._active_folder = active_folder
        self._runs = {str(run.folder): run for run in runs}
        # The run training now has no checkpoint before its first epoch: not damaged.
        self._damaged = {
            str(entry.folder): entry for entry in damaged or [] if entry.folder != active_folder
        }
        self.table.blockSignals(True)
        self.table.clear()
        for run in runs:
            started = run.started
            accuracy = run.final_val_acc
            item = QTreeWidgetItem(
                [
                    run.name,
                    started.strftime("%m-%d %H:%M") if started else "",
                    str(run.epochs_done),
                    "" if accuracy is None else f"{100 * accuracy:.2f}%",
                    self._status_text(run),
                ]
            )
            item.setData(NAME, Qt.ItemDataRole.UserRole, str(run.folder))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = str(run.folder) in ticked
            item.setCheckState(NAME, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            item.setToolTip(NAME, str(run.folder))
            if started:
                item.setToolTip(STARTED, started.strftime("%Y-%m-%d %H:%M:%S"))
            item.setTextAlignment(EPOCHS, Qt.AlignmentFlag.AlignRight)
            item.setTextAlignment(ACCURACY, Qt.AlignmentFlag.AlignRight)
            self.table.addTopLevelItem(item)
            if selected is not None and run.folder == selected.folder:
                item.setSelected(True)
        for entry in self._damaged.values():
            item = QTreeWidgetItem([entry.name, "", "", "", self.tr("damaged")])
            item.setData(NAME, Qt.ItemDataRole.UserRole, str(entry.folder))
            for column in (NAME, STATUS):
                item.setToolTip(column, entry.reason)
            item.setForeground(STATUS, Qt.GlobalColor.darkRed)
            self.table.addTopLevelItem(item)
        self.table.blockSignals(False)
        self.empty_label.setVisible(not runs and not self._damaged)
        self._on_selection_changed()
        if {str(run.folder) for run in self.checked_runs()} != ticked:
            self.overlay_changed.emit(self.checked_runs())

    def runs(self) -> list[StoredRun]:
        """The runs listed, in order."""
        return list(self._runs.values())

    def damaged(self) -> list[DamagedRun]:
        """The damaged entries listed, in order."""
        return list(self._damaged.values())

    def _item_run(self, item: QTreeWidgetItem) -> StoredRun:
        return self._runs[item.data(NAME, Qt.ItemDataRole.UserRole)]

    def _items(self) -> list[QTreeWidgetItem]:
        """The items of usable runs (damaged entries come after them and are skipped)."""
        items = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
        return [
            item
            for item in items
            if item is not None and item.data(NAME, Qt.ItemDataRole.UserRole) in self._runs
        ]

    def selected_damaged(self) -> DamagedRun | None:
        """The highlighted damaged entry, if one is."""
        items = self.table.selectedItems()
        return self._damaged.get(items[0].data(NAME, Qt.ItemDataRole.UserRole)) if items else None

    def select_damaged(self, folder: Path) -> None:
        """Highlight a damaged entry."""
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item is not None:
                item.setSelected(item.data(NAME, Qt.ItemDataRole.UserRole) == str(folder))

    def checked_runs(self) -> list[StoredRun]:
        """The runs ticked for overlay."""
        return [
            self._item_run(item)
            for item in self._items()
            if item.checkState(NAME) == Qt.CheckState.Checked
        ]

    def set_checked(self, folder: Path, checked: bool) -> None:
        """Tick or untick a run (as a click on its box does)."""
        for item in self._items():
            if self._item_run(item).folder == folder:
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                item.setCheckState(NAME, state)

    def selected_run(self) -> StoredRun | None:
        """The highlighted run, if any (None for a damaged entry)."""
        items = self.table.selectedItems()
        return self._runs.get(items[0].data(NAME, Qt.ItemDataRole.UserRole)) if items else None

    def select(self, folder: Path) -> None:
        """Highlight a run."""
        for item in self._items():
            item.setSelected(self._item_run(item).folder == folder)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == NAME:
            self.overlay_changed.emit(self.checked_runs())

    def _on_selection_changed(self) -> None:
        run = self.selected_run()
        busy = run is not None and run.folder == self._active_folder
        self.use_button.setEnabled(run is not None)
        self.resume_button.setEnabled(run is not None and not busy and self._active_folder is None)
        self.delete_button.setEnabled(
            (run is not None and not busy) or self.selected_damaged() is not None
        )

    def _emit_selected_run(self, request: SignalInstance) -> None:
        """Ask for `request` on the selected run; with none selected there is nothing to ask."""
        run = self.selected_run()
        if run is not None:
            request.emit(run)

    def _on_delete_clicked(self) -> None:
        self._emit_selected_run(self.delete_requested)
        damaged = self.selected_damaged()
        if damaged is not None:
            self.delete_damaged_requested.emit(damaged)
