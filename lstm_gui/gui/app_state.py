"""AppState: what the tabs share (data folder, runs folder, model in use, busy work, notices).

One object, made by the main window and handed to each tab at construction. A tab reads a value
when it needs it and connects to the change signal when it must follow it; a tab that changes a
value calls the setter, and every other tab hears of it. Nothing here computes or draws.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal


class AppState(QObject):
    """The values the tabs share, each with a signal that says it changed."""

    data_dir_changed = Signal(object)  # Path | None: the folder with the dataset's IDX files
    model_changed = Signal(object, str)  # Path | None, display name: the model the Draw tab reads
    busy_changed = Signal(bool)  # whether any long work (a run, an experiment) is going on
    notice = Signal(str)  # one sentence the person should see (e.g. bf16 fell back to fp32)
    precision_changed = Signal(str)  # the arithmetic the current run really uses

    def __init__(self, runs_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runs_dir = runs_dir
        self._data_dir: Path | None = None
        self._model_path: Path | None = None
        self._model_name = ""
        self._busy: set[str] = set()
        self._precision = ""

    # ---------------------------------------------------------------- folders

    @property
    def runs_dir(self) -> Path | None:
        """Where runs (and claims experiments) are kept; None: the user's runs folder."""
        return self._runs_dir

    @property
    def data_dir(self) -> Path | None:
        """The folder with the dataset's IDX files, when the person chose one."""
        return self._data_dir

    def set_data_dir(self, folder: Path | None) -> None:
        """Use `folder` for data from now on (every tab hears of it)."""
        if folder != self._data_dir:
            self._data_dir = folder
            self.data_dir_changed.emit(folder)

    # ---------------------------------------------------------------- the model in use

    @property
    def model_path(self) -> Path | None:
        """The checkpoint the Draw tab reads with (None: the bundled model)."""
        return self._model_path

    @property
    def model_name(self) -> str:
        """The model's display name."""
        return self._model_name

    def set_model(self, path: Path | None, name: str) -> None:
        """Say which model is in use."""
        if (path, name) != (self._model_path, self._model_name):
            self._model_path, self._model_name = path, name
            self.model_changed.emit(path, name)

    # ---------------------------------------------------------------- busy work

    @property
    def busy(self) -> bool:
        """Whether any long work is going on."""
        return bool(self._busy)

    def is_busy_with(self, name: str) -> bool:
        """Whether the work called `name` is going on."""
        return name in self._busy

    def set_busy(self, name: str, busy: bool) -> None:
        """Mark the work called `name` (e.g. "training", "experiment") as going on or done."""
        was = self.busy
        if busy:
            self._busy.add(name)
        else:
            self._busy.discard(name)
        if self.busy != was:
            self.busy_changed.emit(self.busy)

    # ---------------------------------------------------------------- runs

    @property
    def precision(self) -> str:
        """The arithmetic the current (or last) run really used ("" before any run)."""
        return self._precision

    def set_precision(self, precision: str, notice: str = "") -> None:
        """Record the precision a run really uses, and the sentence saying why it differs."""
        if precision != self._precision:
            self._precision = precision
            self.precision_changed.emit(precision)
        if notice:
            self.notice.emit(notice)
