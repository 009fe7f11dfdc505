"""Save animation…: the drawn digit's row-by-row reading written as a GIF or PNG in a thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, SignalInstance, Slot
from PySide6.QtWidgets import QAbstractButton, QWidget

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.threads import returns_to_gui_thread, start_in_thread

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor, RowScan
    from lstm_gui.core.reading.scan_record import ScanRecord

DEFAULT_NAME = "digit-scan.gif"


class ScanAnimationWorker(QObject):
    """Draws a record's frames and writes the file (about a second); ends with `finished`."""

    saved = Signal(object)  # Path
    failed = Signal(str)  # one sentence for the user
    finished = Signal()

    def __init__(self, record: ScanRecord, path: Path) -> None:
        super().__init__()
        self._record = record
        self._path = path

    def terminal_signals(self) -> list[SignalInstance]:
        """The signal that ends every run (for start_in_thread)."""
        return [self.finished]

    @Slot()
    @returns_to_gui_thread
    def run(self) -> None:
        """Render and save; always ends with `finished`."""
        from lstm_gui.core.export.scan_animation import save_scan_animation

        try:
            self.saved.emit(save_scan_animation(self._record, self._path))
        except LstmGuiError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must never let an error escape
            self.failed.emit(f"The animation could not be saved: {exc}")
        finally:
            self.finished.emit()


class ScanAnimationSaver(QObject):
    """Keeps the latest reading of the pad and saves it as an animation when `button` is clicked.

    `show_scan` (connected to the Draw tab's prediction_updated) enables the button once the
    model has read a digit. The file is written in a thread; errors get a dialog.
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
        self._thread: QThread | None = None
        self._worker: ScanAnimationWorker | None = None
        button.setEnabled(False)
        button.clicked.connect(self._on_clicked)

    def show_scan(self, scan: RowScan | None) -> None:
        """The pad's latest reading (None: nothing to save)."""
        self._scan = scan
        self._button.setEnabled(scan is not None and self._thread is None)

    def is_saving(self) -> bool:
        """True while a file is being written."""
        return self._thread is not None

    def save(self, path: Path) -> None:
        """Write the latest reading to `path` (.gif or .png) in a thread; errors get a dialog."""
        from lstm_gui.core.export.scan_animation import check_output
        from lstm_gui.core.reading.scan_record import record_from_row_scan

        predictor = self._predictor()
        if self._scan is None or predictor is None or self._thread is not None:
            return
        if not path.suffix:
            path = path.with_suffix(".gif")
        try:
            check_output(path)
        except LstmGuiError as exc:
            self._on_failed(str(exc))
            return
        self._folder = path.parent
        worker = ScanAnimationWorker(record_from_row_scan(self._scan, predictor), path)
        worker.saved.connect(self._on_saved)
        worker.failed.connect(self._on_failed)
        self._button.setEnabled(False)
        self._thread = start_in_thread(worker, "ScanAnimationThread", self._on_thread_finished)
        self._worker = worker

    def wait(self) -> None:
        """Wait for a file being written (a second or so); call before closing."""
        if self._thread is not None:
            self._thread.wait()
            self._forget_thread()

    def _forget_thread(self) -> None:
        self._thread = None
        self._worker = None
        self._button.setEnabled(self._scan is not None)

    def _on_clicked(self) -> None:
        path = dialogs.choose_save_file(
            self._parent,
            self.tr("Save the reading as an animation"),
            self.tr("GIF animation (*.gif);;PNG, every frame on one sheet (*.png)"),
            self._folder / DEFAULT_NAME,
        )
        if path is not None:
            self.save(path)

    def _on_saved(self, path: Path) -> None:
        self.saved.emit(path)

    def _on_failed(self, message: str) -> None:
        dialogs.show_error(self._parent, message, self.tr("Cannot save the animation"))

    def _on_thread_finished(self) -> None:
        if self.sender() is not self._thread or self._thread is None:  # forgotten by wait()
            return
        # Only after wait() has returned is the worker's deleteLater done (see start_in_thread).
        self._thread.wait()
        self._forget_thread()
