"""The Inside tab: the model in use read over many test digits, seen as states and as units.

It reads the model the Draw tab uses (AppState.model_path, None: the bundled one) over the
first test digits of its dataset once, in a BackgroundTask, when the tab is first shown (and
again after the model or the data folder changed), and hands the result to its views: the
state trajectories, the unit atlas and the interventions (which read the model themselves).
A drawing given to `set_drawn_image` is read at once (a few
milliseconds) and shown in every view; while the tab is hidden, when it is next shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.inside.intervene_view import InterveneView
from lstm_gui.gui.inside.trajectory_view import TrajectoryView
from lstm_gui.gui.inside.unit_atlas_view import UnitAtlasView
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.background_task import TaskSlot
from lstm_gui.gui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from lstm_gui.gui.inside.inside_data import InsideData


def read_data(
    model_path: Path | None, data_dir: Path | None, stopped: Callable[[], bool]
) -> InsideData | str | None:
    """The model and its test digits' states, or where to put the data (in the task's thread).

    None once `stopped()` turns true.
    """
    from lstm_gui.gui.inside.inside_data import read_inside_data

    return read_inside_data(model_path, data_dir, stopped=stopped)


class InsideTab(QWidget):
    """A status line over sub-views of the network's inside, all fed the same data."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._data: InsideData | None = None
        self._drawn_image: np.ndarray | None = None
        self._stale = True  # the data must be read (again) when the tab is next shown
        self._drawn_stale = False  # a drawing came while the tab was hidden
        self._reader = TaskSlot(self)

        self._status = StatusLine(self.tr("Choose the data folder…"), self)
        self._status.choose_folder_clicked.connect(self._on_choose_folder_clicked)
        self.trajectories = TrajectoryView(self)
        self.atlas = UnitAtlasView(self)
        self.views = QTabWidget(self)
        self.views.setDocumentMode(True)
        self.views.addTab(self.trajectories, self.tr("State trajectories"))
        self.views.addTab(self.atlas, self.tr("Unit atlas"))
        self.interventions = InterveneView(state, self)
        self.views.addTab(self.interventions, self.tr("Interventions"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._status)
        layout.addWidget(self.views, 1)
        self._status.set_text(self.tr("The test digits are read when this tab is first shown."))

        state.model_changed.connect(self._on_source_changed)
        state.data_dir_changed.connect(self._on_source_changed)

    # ------------------------------------------------------------------ public

    def data(self) -> InsideData | None:
        """The model and test digits read, or None before (or without) them."""
        return self._data

    def status_text(self) -> str:
        """The line above the views."""
        return self._status.text()

    def is_reading(self) -> bool:
        """Whether the test digits are being read."""
        return self._reader.busy

    def set_drawn_image(self, image: np.ndarray | None) -> None:
        """The Draw tab's digit (28, 28) in [0, 1], ink high; None: no digit."""
        self._drawn_image = None if image is None else np.asarray(image, dtype=np.float32)
        if self.isVisible():
            self._deliver_drawing()
        else:  # fed live while the person draws in another tab: read it when shown
            self._drawn_stale = True

    def reload(self) -> None:
        """Read the model in use over its test digits again (in a worker thread)."""
        self._reader.stop(wait=False)  # the old reading ends at its next chunk, ignored
        self._stale = False
        self._use(None)
        self._status.show_working(self.tr("Reading the test digits with the model in use…"))
        model_path, data_dir = self._state.model_path, self._state.data_dir
        stop = threading.Event()
        self._reader.start(
            lambda: read_data(model_path, data_dir, stop.is_set),
            "InsideReadThread",
            stop=stop.set,
            failure="The test digits could not be read",
            on_value=self._on_read,
            on_failed=self._on_failed,
        )

    def shutdown(self) -> None:
        """Stop reading and computing, and wait for the threads (before the window closes)."""
        self._reader.stop()
        self.trajectories.stop()
        self.atlas.stop(wait=True)
        self.interventions.shutdown()

    # ------------------------------------------------------------------ drawing

    def _use(self, data: InsideData | None) -> None:
        self._data = data
        self.trajectories.set_data(data)
        self.atlas.set_data(data)
        self._show_drawn()

    def _deliver_drawing(self) -> None:
        """Show the drawing in every view."""
        self._drawn_stale = False
        self._show_drawn()
        if self._drawn_image is not None:  # a cleared pad leaves the view its last digit
            self.interventions.set_image(self._drawn_image)

    def _show_drawn(self) -> None:
        hidden = kept = None
        if self._data is not None and self._drawn_image is not None:
            from lstm_gui.core.inside.row_states import pick_entries
            from lstm_gui.core.reading.row_experiments import scan_drawing

            hidden = scan_drawing(self._data.predictor, self._drawn_image).hidden
            kept = pick_entries(hidden, self._data.states.blank_steps)  # the test digits' entries
        self.trajectories.set_drawn_hidden(kept)
        self.atlas.set_drawn_hidden(hidden)  # its peak over every row and blank step

    # ------------------------------------------------------------------ slots

    def showEvent(self, event: QShowEvent) -> None:  # noqa: D102 (Qt override)
        super().showEvent(event)
        if self._stale and not self._reader.busy:
            self.reload()
        if self._drawn_stale:
            self._deliver_drawing()

    def _on_source_changed(self, *_: object) -> None:
        self._reader.stop(wait=False)
        self._use(None)
        self._stale = True
        if self.isVisible():
            self.reload()
        else:
            self._status.set_text(
                self.tr("The test digits will be read again when you open this tab.")
            )

    def _on_read(self, found: InsideData | str | None) -> None:
        if not self._reader.is_current(self.sender()) or found is None:
            return
        if isinstance(found, str):
            self._status.show_missing(found)
            return
        self._use(found)
        states = found.states
        name = self._state.model_name or found.predictor.name
        self._status.set_text(
            self.tr(
                "{name} read {samples} test digits row by row: {accuracy:.1f}% of them right."
            ).format(name=name, samples=f"{states.samples:,}", accuracy=100 * states.accuracy)
        )

    def _on_failed(self, message: str) -> None:
        if self._reader.is_current(self.sender()):
            self._status.set_text(message)

    def _on_choose_folder_clicked(self) -> None:
        folder = dialogs.choose_folder(self, self.tr("Choose the folder that holds the dataset"))
        if folder is None:
            return
        if Path(folder) == self._state.data_dir:
            self.reload()  # the same folder again: no change to hear of, but look once more
        else:
            self._state.set_data_dir(Path(folder))  # every tab hears of it; this one reads again
