"""Which model reads the drawings: the bundled one, a run's latest or best, or any file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.gui.draw.draw_style import TEXT_MUTED
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.labels import wrapped_label
from lstm_gui.resources import bundled_model_path

if TYPE_CHECKING:  # torch is imported when the first model loads, not with the window
    from lstm_gui.core.run.checkpoint import Checkpoint

MAX_RUNS_LISTED = 20
_OPEN_FILE = "open-file"


class _ListingComboBox(QComboBox):
    """A combo box that asks for a fresh list each time it opens (runs appear while training)."""

    about_to_open = Signal()

    def showPopup(self) -> None:
        self.about_to_open.emit()
        super().showPopup()


class ModelPicker(QWidget):
    """A list of models to choose from, and the chosen model's name and test accuracy."""

    model_chosen = Signal(object)  # Path of the checkpoint the user picked

    def __init__(self, runs_root: Path | None = None, parent: QWidget | None = None) -> None:
        """`runs_root`: the folder of run folders to list (None: the user's runs folder)."""
        super().__init__(parent)
        self._runs_root = runs_root
        self._current: Path | None = None
        self._combo = _ListingComboBox(self)
        self._combo.setToolTip(self.tr("The model that reads your drawings"))
        self._combo.setAccessibleName(self.tr("Model"))
        self._combo.about_to_open.connect(self._on_about_to_open)
        self._combo.activated.connect(self._on_activated)
        self._info = wrapped_label(parent=self, style=f"color: {TEXT_MUTED};")
        title = QLabel(self.tr("Model:"), self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(title)
        row.addWidget(self._combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self._info)
        # Listing runs needs torch (through lstm_gui.core.run.runs): wait until a model is loaded.
        self._combo.addItem(self.tr("Bundled model (pretrained)"), str(bundled_model_path()))

    def info_text(self) -> str:
        """The line under the list: the model's name and test accuracy."""
        return self._info.text()

    def entries(self) -> list[tuple[str, Path | None]]:
        """The list as shown: (text, path), None for "open a file"."""
        result = []
        for index in range(self._combo.count()):
            data = self._combo.itemData(index)
            result.append((self._combo.itemText(index), None if data == _OPEN_FILE else Path(data)))
        return result

    def refresh(self) -> None:
        """List the bundled model, the runs' best and latest checkpoints, and "a file…"."""
        from lstm_gui.core.run.runs import list_runs

        self._combo.blockSignals(True)
        self._combo.clear()
        self._combo.addItem(self.tr("Bundled model (pretrained)"), str(bundled_model_path()))
        for run in list_runs(self._runs_root)[:MAX_RUNS_LISTED]:
            for path, kind in ((run.best, self.tr("best")), (run.latest, self.tr("latest"))):
                if path is not None:
                    self._combo.addItem(f"{run.folder.name} · {kind}", str(path))
        if self._current is not None and self._combo.findData(str(self._current)) < 0:
            self._combo.addItem(self._current.name, str(self._current))
        self._combo.addItem(self.tr("Open a model file…"), _OPEN_FILE)
        self._select_current()
        self._combo.blockSignals(False)

    def show_model(self, path: Path, name: str, checkpoint: Checkpoint) -> None:
        """Show that the model at `path` is in use: its name, settings and test accuracy."""
        self._current = Path(path)
        self.refresh()
        accuracy = checkpoint.val_acc if checkpoint.val_acc is not None else checkpoint.best_val_acc
        config = checkpoint.model_config
        views = {
            "rows": self.tr("row by row"),
            "pixels": self.tr("pixel by pixel"),
            "permuted": self.tr("pixels in a shuffled order"),
        }
        sequence = checkpoint.train_config.sequence
        architecture = self.tr("{cell}({units}) reading {view}").format(
            cell=config.cell.upper(), units=config.hidden_size, view=views.get(sequence, sequence)
        )
        name = f"{name} · {architecture}"
        if accuracy is None:
            self._info.setText(self.tr("{name} · test accuracy unknown").format(name=name))
        else:
            self._info.setText(
                self.tr("{name} · test accuracy {percent}%").format(
                    name=name, percent=f"{100 * accuracy:.2f}"
                )
            )

    def show_problem(self, message: str) -> None:
        """Say what is wrong with the model (shown in place of its name)."""
        self._info.setText(message)

    def show_loading(self) -> None:
        """Say that the model is being loaded."""
        self._info.setText(self.tr("Loading the model…"))

    def _select_current(self) -> None:
        if self._current is None:
            self._combo.setCurrentIndex(0)
            return
        index = self._combo.findData(str(self._current))
        self._combo.setCurrentIndex(max(index, 0))

    def _on_about_to_open(self) -> None:
        self.refresh()

    def _on_activated(self, index: int) -> None:
        data = self._combo.itemData(index)
        if data == _OPEN_FILE:
            self._select_current()
            path = dialogs.choose_open_file(
                self,
                self.tr("Open a model"),
                self.tr("lstm-gui models (*.safetensors);;All files (*)"),
                self._current.parent if self._current else None,
            )
            if path is not None:
                self.model_chosen.emit(path)
            return
        if data and Path(data) != self._current:
            self.model_chosen.emit(Path(data))
