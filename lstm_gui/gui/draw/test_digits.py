"""The test digits behind the "Test digit" button, read from disk in a BackgroundTask."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from lstm_gui.gui.widgets.background_task import TaskSlot

if TYPE_CHECKING:  # torch is imported in the task's thread, not with the window
    from lstm_gui.core.run.data import ImageSet


class TestDigits(QObject):
    """The test sets read so far, by dataset, and the one being read now.

    `request` emits `ready` at once for a test set already read, else reads it in a thread
    and emits `ready`, `missing` or `failed` when done.
    """

    __test__ = False  # not a pytest test class, whatever its name

    ready = Signal(object)  # ImageSet
    missing = Signal(str)  # where to put the files
    failed = Signal(str)  # what went wrong

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sets: dict[str, ImageSet] = {}
        self._data_dir: Path | None = None
        self._task = TaskSlot(self)
        self._dataset = ""

    def set_data_dir(self, folder: Path | None) -> None:
        """Look for the datasets here first; forget what was read from elsewhere."""
        self._data_dir = folder
        self._sets.clear()

    def is_loading(self) -> bool:
        """True while a test set is being read."""
        return self._task.busy

    def request(self, dataset: str) -> None:
        """Ask for a dataset's test set (ignored while one is being read)."""
        if dataset in self._sets:
            self.ready.emit(self._sets[dataset])
            return
        if self._task.busy:
            return
        data_dir = self._data_dir
        self._dataset = dataset

        def read() -> ImageSet | str:
            from lstm_gui.core.reading.row_experiments import read_test_set

            return read_test_set(dataset, data_dir)

        self._task.start(
            read,
            "TestDigitsThread",
            failure="The test digits could not be read",
            on_value=self._on_read,
            on_failed=self.failed.emit,
        )

    def wait(self) -> None:
        """Wait for a test set being read (about a second at most); call before closing."""
        self._task.wait()

    def _on_read(self, found: ImageSet | str) -> None:
        if isinstance(found, str):
            self.missing.emit(found)
            return
        self._sets[self._dataset] = found
        self.ready.emit(found)
