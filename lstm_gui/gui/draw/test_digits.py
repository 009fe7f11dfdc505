"""The test digits behind the "Test digit" button, read from disk in a BackgroundTask."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.widgets.background_task import TaskSlot

if TYPE_CHECKING:  # torch is imported in the task's thread, not with the window
    from lstm_gui.core.run.data import ImageSet


class TestDigits(QObject):
    """The test sets read so far from the state's data folder, by dataset, and the one being read.

    `request` emits `ready` at once for a test set already read from the data folder in use,
    else reads it in a thread and emits `ready`, `missing` or `failed` when done.
    """

    __test__ = False  # not a pytest test class, whatever its name

    ready = Signal(object)  # ImageSet
    missing = Signal(str)  # where to put the files
    failed = Signal(str)  # what went wrong

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        # By (data folder, dataset): read when asked, so a new folder is used at the next ask.
        self._sets: dict[tuple[Path | None, str], ImageSet] = {}
        self._task = TaskSlot(self)
        self._reading: tuple[Path | None, str] = (None, "")

    def is_loading(self) -> bool:
        """True while a test set is being read."""
        return self._task.busy

    def request(self, dataset: str) -> None:
        """Ask for a dataset's test set (ignored while one is being read)."""
        data_dir = self._state.data_dir
        if (data_dir, dataset) in self._sets:
            self.ready.emit(self._sets[(data_dir, dataset)])
            return
        if self._task.busy:
            return
        self._reading = (data_dir, dataset)

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
        folder = self._reading[0]  # what was read from another folder is forgotten
        self._sets = {key: read for key, read in self._sets.items() if key[0] == folder}
        self._sets[self._reading] = found
        self.ready.emit(found)
