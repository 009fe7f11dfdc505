"""The test digits behind the "Test digit" button, read from disk in a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, SignalInstance, Slot

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.widgets.threads import returns_to_gui_thread, start_in_thread

if TYPE_CHECKING:  # torch is imported in the worker thread, not with the window
    from lstm_gui.core.run.data import ImageSet


class TestDigitsWorker(QObject):
    """Reads one dataset's test set; says so when its files are nowhere to be found.

    Moved to a QThread by start_in_thread: `thread.started -> run`, `finished -> thread.quit`.
    """

    __test__ = False  # not a pytest test class, whatever its name

    loaded = Signal(str, object)  # dataset name, ImageSet
    missing = Signal(str, str)  # dataset name, where to put the files (one sentence)
    failed = Signal(str, str)  # dataset name, what went wrong (one sentence)
    finished = Signal()

    def __init__(self, dataset: str, data_dir: Path | None) -> None:
        super().__init__()
        self._dataset = dataset
        self._data_dir = data_dir

    def terminal_signals(self) -> list[SignalInstance]:
        """The signal that ends every run (for start_in_thread)."""
        return [self.finished]

    @Slot()
    @returns_to_gui_thread
    def run(self) -> None:
        """Find and read the test set; always ends with `finished`."""
        try:
            from lstm_gui.core.reading.row_experiments import load_test_digits
            from lstm_gui.core.run.data import find_dataset_files, missing_data_message

            if find_dataset_files(self._dataset, self._data_dir) is None:
                self.missing.emit(
                    self._dataset, missing_data_message(self._dataset, self._data_dir)
                )
            else:
                self.loaded.emit(self._dataset, load_test_digits(self._dataset, self._data_dir))
        except LstmGuiError as exc:
            self.failed.emit(self._dataset, str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must never let an error escape
            self.failed.emit(self._dataset, f"The test digits could not be read: {exc}")
        finally:
            self.finished.emit()


class TestDigits(QObject):
    """The test sets read so far, by dataset, and the one being read now.

    `request` emits `ready` at once for a test set already read, else reads it in a thread
    and emits `ready`, `missing` or `failed` when done.
    """

    __test__ = False

    ready = Signal(object)  # ImageSet
    missing = Signal(str)  # where to put the files
    failed = Signal(str)  # what went wrong

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sets: dict[str, ImageSet] = {}
        self._data_dir: Path | None = None
        self._thread: QThread | None = None
        self._worker: TestDigitsWorker | None = None

    def set_data_dir(self, folder: Path | None) -> None:
        """Look for the datasets here first; forget what was read from elsewhere."""
        self._data_dir = folder
        self._sets.clear()

    def is_loading(self) -> bool:
        """True while a test set is being read."""
        return self._thread is not None

    def request(self, dataset: str) -> None:
        """Ask for a dataset's test set (ignored while one is being read)."""
        if dataset in self._sets:
            self.ready.emit(self._sets[dataset])
            return
        if self._thread is not None:
            return
        worker = TestDigitsWorker(dataset, self._data_dir)
        worker.loaded.connect(self._on_loaded)
        worker.missing.connect(self._on_missing)
        worker.failed.connect(self._on_failed)
        thread = start_in_thread(worker, "TestDigitsThread", self._on_thread_finished)
        self._thread, self._worker = thread, worker

    def wait(self) -> None:
        """Wait for a test set being read (about a second at most); call before closing."""
        if self._thread is not None:
            self._thread.wait()
            self._forget_thread()

    def _forget_thread(self) -> None:
        self._thread = None
        self._worker = None

    def _on_loaded(self, dataset: str, test_set: ImageSet) -> None:
        self._sets[dataset] = test_set
        self.ready.emit(test_set)

    def _on_missing(self, dataset: str, message: str) -> None:
        self.missing.emit(message)

    def _on_failed(self, dataset: str, message: str) -> None:
        self.failed.emit(message)

    def _on_thread_finished(self) -> None:
        if self.sender() is not self._thread or self._thread is None:  # forgotten by wait()
            return
        # Only after wait() has returned is the worker's deleteLater done (see start_in_thread).
        self._thread.wait()
        self._forget_thread()
