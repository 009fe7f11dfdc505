"""Save animation…: the drawn digit's row-by-row reading written as a GIF or PNG in a thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.background_task import TaskSlot

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor, RowScan

DEFAULT_NAME = "digit-scan.gif"


class ScanAnimationSaver(QObject):
    """Keeps the latest reading of the pad and saves it as an animation when `button` is clicked.

    `show_scan` (connected to the Draw tab's prediction_updated) enables the button once the
    model has read a digit. The file is written in a BackgroundTask; errors get a dialog.
    """

    saved = Signal(object)  # Path: the animation was written there

    def __init__(
        self,
        parent: QWidget,
        button: QAbstractButton,
        predictor: Callable[[], Predictor | None],
    ) -> None:
        """`predictor` gives the model that read the latest scan."""
        super().__init__(parent)
        self._parent = parent
        self._button = button
        self._predictor = predictor
        self._scan: RowScan | None = None
        self._folder = Path.home()
        self._task = TaskSlot(self)
        button.setEnabled(False)
        button.clicked.connect(self._on_clicked)

    def show_scan(self, scan: RowScan | None) -> None:
        """The pad's latest reading (None: nothing to save)."""
        self._scan = scan
        self._button.setEnabled(scan is not None and not self._task.busy)

    def is_saving(self) -> bool:
        """True while a file is being written."""
        return self._task.busy

    def save(self, path: Path) -> None:
        """Write the latest reading to `path` (.gif or .png) in a thread; errors get a dialog."""
        from lstm_gui.core.export.scan_animation import check_output, save_scan_animation
        from lstm_gui.core.reading.scan_record import record_from_row_scan

        predictor = self._predictor()
        if self._scan is None or predictor is None or self._task.busy:
            return
        if not path.suffix:
            path = path.with_suffix(".gif")
        try:
            check_output(path)
        except LstmGuiError as exc:
            self._on_failed(str(exc))
            return
        self._folder = path.parent
        record = record_from_row_scan(self._scan, predictor)
        self._button.setEnabled(False)
        self._task.start(
            lambda: save_scan_animation(record, path),
            "ScanAnimationThread",
            failure="The animation could not be saved",
            on_value=self.saved.emit,
            on_failed=self._on_failed,
            on_finished=lambda: self._button.setEnabled(self._scan is not None),
        )

    def wait(self) -> None:
        """Wait for a file being written (a second or so); call before closing."""
        self._task.wait()

    def _on_clicked(self) -> None:
        path = dialogs.choose_save_file(
            self._parent,
            self.tr("Save the reading as an animation"),
            self.tr("GIF animation (*.gif);;PNG, every frame on one sheet (*.png)"),
            self._folder / DEFAULT_NAME,
        )
        if path is not None:
            self.save(path)

    def _on_failed(self, message: str) -> None:
        dialogs.show_error(self._parent, message, self.tr("Cannot save the animation"))
