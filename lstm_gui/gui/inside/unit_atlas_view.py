"""The unit atlas view: every top-layer unit silenced in turn, in the background, as a table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.gui.inside.atlas_table import AtlasTable
from lstm_gui.gui.widgets.background_task import TaskSlot
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.labels import wrapped_label
from lstm_gui.gui.widgets.look_for import attach_look_for

if TYPE_CHECKING:
    from lstm_gui.core.inside.unit_atlas import AtlasProgress, UnitAtlas
    from lstm_gui.gui.inside.inside_data import InsideData


def atlas_records(data: InsideData) -> Iterator[AtlasProgress]:
    """The atlas of the data's model and digits, unit by unit (runs in the task's thread)."""
    from lstm_gui.core.inside.unit_atlas import unit_atlas

    yield from unit_atlas(data.predictor, data.states, data.images, data.labels)


class UnitAtlasView(QWidget):
    """Compute and Stop buttons, progress, and the table with its what-to-look-for "?"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: InsideData | None = None
        self._drawn_hidden: np.ndarray | None = None
        self._task = TaskSlot(self)

        self._compute = QPushButton(self.tr("Compute the atlas"), self)
        self._compute.setToolTip(
            self.tr("Silence each unit in turn and read the test digits again (tens of seconds)")
        )
        self._compute.clicked.connect(self.start)
        self._stop = QPushButton(self.tr("Stop"), self)
        self._stop.clicked.connect(self.stop)
        self._progress = QProgressBar(self)
        self._progress.setMaximumWidth(240)
        self._status = wrapped_label(parent=self)
        self.table = AtlasTable(self)
        self.figure = register_figure(self.table, self.tr("Unit atlas"))

        controls = QHBoxLayout()
        controls.addWidget(self._compute)
        controls.addWidget(self._stop)
        controls.addWidget(self._progress)
        controls.addWidget(self._status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        attach_look_for(self.table, "inside.atlas")
        self._show_idle()

    # ------------------------------------------------------------------ public

    def set_data(self, data: InsideData | None) -> None:
        """Use this model and these digits; any atlas of the old ones is dropped."""
        self.stop()
        self._data = data
        self.table.show_atlas(None, None, None)
        self._status.setText("")
        self._show_idle()

    def set_drawn_hidden(self, hidden: np.ndarray | None) -> None:
        """The drawn digit's states after each entry (entries, hidden); None: no digit."""
        self._drawn_hidden = hidden
        self.table.show_drawn(hidden)

    def atlas(self) -> UnitAtlas | None:
        """The atlas shown, or None."""
        return self.table.atlas()

    def is_running(self) -> bool:
        """Whether the atlas is being computed."""
        return self._task.busy

    def status_text(self) -> str:
        """The line beside the buttons."""
        return self._status.text()

    def start(self) -> None:
        """Compute the atlas in a worker thread (ignored without data or while computing)."""
        data = self._data
        if data is None or self._task.busy:
            return
        self._progress.setRange(0, data.predictor.model.config.hidden_size)
        self._progress.setValue(0)
        self._status.setText(
            self.tr("Silencing each unit in turn on {0} test digits…").format(
                f"{data.states.samples:,}"
            )
        )
        self._task.start(
            lambda: atlas_records(data),
            "UnitAtlasThread",
            failure="The unit atlas could not be computed",
            on_item=self._on_progressed,
            on_failed=self._on_failed,
            on_finished=self._show_idle,
        )
        self._show_buttons()

    def stop(self, wait: bool = False) -> None:
        """Stop a computation under way at once; `wait`: also wait for its thread (closing).

        The thread ends after the unit pass under way, its records ignored.
        """
        if self._task.busy:
            self._task.stop(wait=False)
            self._status.setText(self.tr("Stopped; press Compute to start again."))
            self._show_idle()
        if wait:
            self._task.wait()

    # ------------------------------------------------------------------ slots

    def _show_buttons(self) -> None:
        running = self._task.busy
        self._compute.setEnabled(self._data is not None and not running)
        self._stop.setEnabled(running)
        self._progress.setVisible(running)

    def _show_idle(self) -> None:
        self._show_buttons()
        if self._data is None:
            self._status.setText(
                self.tr("The atlas can be computed once the test digits are read.")
            )
        elif self.table.atlas() is None and not self._status.text():
            self._status.setText(self.tr("Press Compute to silence each unit in turn."))

    def _on_progressed(self, record: AtlasProgress) -> None:
        if not self._task.is_current(self.sender()):
            return
        self._progress.setValue(record.done)
        if record.atlas is None or self._data is None:
            self._status.setText(
                self.tr("Silenced {done} of {total} units…").format(
                    done=record.done, total=record.total
                )
            )
            return
        atlas = record.atlas
        self.table.show_atlas(atlas, self._data.images, self._data.labels)
        self.table.show_drawn(self._drawn_hidden)
        self._status.setText(
            self.tr(
                "{units} units silenced one at a time on {samples} test digits in {seconds:.0f} s. "
                "With every unit {accuracy:.1f}% right; the costliest unit takes "
                "{worst:.1f} points off."
            ).format(
                units=atlas.units,
                samples=f"{atlas.samples:,}",
                seconds=atlas.seconds,
                accuracy=100 * atlas.accuracy,
                worst=100 * float(atlas.accuracy_drop.max()),
            )
        )

    def _on_failed(self, message: str) -> None:
        if self._task.is_current(self.sender()):
            self._status.setText(message)
