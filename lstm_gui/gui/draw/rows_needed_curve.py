"""The rows-needed curve: test accuracy against rows read, computed in the background."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.draw.draw_style import ACCENT, DECIDED, TEXT_MUTED
from lstm_gui.gui.widgets.background_task import TaskSlot
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.look_for import attach_look_for
from lstm_gui.gui.widgets.status_line import StatusLine
from lstm_gui.gui.widgets.view_box import menuless_view_box

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor
    from lstm_gui.core.reading.row_experiments import RowsNeededProgress


def read_curve(predictor: Predictor, data_dir: Path | None) -> Iterator[RowsNeededProgress]:
    """Load the model's test set and yield the curve batch by batch (runs in the task's thread)."""
    import torch

    from lstm_gui.core.reading.row_experiments import load_test_digits, rows_needed_curve

    # One thread: the curve takes about a second and must not slow training or drawing.
    torch.set_num_threads(1)
    test = load_test_digits(predictor.checkpoint.train_config.dataset, data_dir)
    yield from rows_needed_curve(predictor, test.images, test.labels)


class RowsNeededCurve(QWidget):
    """A plot of test accuracy after 1..28 rows for the current model, with its status.

    The test set is read from the state's data folder first (else the usual places).
    """

    data_folder_requested = Signal()  # the user wants to choose where MNIST is
    curve_finished = Signal(object)  # RowsNeededProgress, all test digits read

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._predictor: Predictor | None = None
        self._task = TaskSlot(self)
        self._result: RowsNeededProgress | None = None
        self._computed_for: Predictor | None = None

        self._plot = pg.PlotWidget(self, viewBox=menuless_view_box())
        self._plot.setBackground("w")
        self._plot.setMenuEnabled(False)
        self._plot.setMouseEnabled(x=False, y=False)
        self._plot.hideButtons()
        self._plot.setTitle(self.tr("Test accuracy after reading the first rows"), size="10pt")
        self._plot.setLabel("bottom", self.tr("rows read (from the top)"))
        self._plot.setLabel("left", self.tr("test accuracy (%)"))
        self._plot.setXRange(1, IMAGE_SIDE, padding=0.02)
        self._plot.setYRange(0, 100, padding=0.02)
        self._plot.showGrid(x=True, y=True, alpha=0.25)
        self._plot.getAxis("bottom").setTicks(
            [[(r, str(r)) for r in (1, 4, 7, 10, 14, 18, 21, 24, 28)]]
        )
        self._curve = self._plot.plot(
            [],
            [],
            pen=pg.mkPen(ACCENT, width=2.5),
            symbol="o",
            symbolSize=5,
            symbolBrush=ACCENT,
            symbolPen=None,
        )
        self._rows_needed_line = self._marker_line(TEXT_MUTED, 1.5, Qt.PenStyle.DashLine, 0.15)
        self._decided_line = self._marker_line(DECIDED, 2, Qt.PenStyle.DotLine, 0.85)

        self._status = StatusLine(self.tr("Choose the MNIST folder…"), self)
        self._status.choose_folder_clicked.connect(self.data_folder_requested)
        state.data_dir_changed.connect(self._on_data_dir_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._status)
        layout.addWidget(self._plot, 1)
        self._status.set_text(self.tr("The curve is computed when a model is loaded."))
        self.figure = register_figure(self._plot, self.tr("Rows needed"))
        attach_look_for(self._plot, "draw.rows_needed")

    # ------------------------------------------------------------------ public

    def status_text(self) -> str:
        """The status line above the plot."""
        return self._status.text()

    def result(self) -> RowsNeededProgress | None:
        """The finished curve for the current model, or None."""
        return self._result

    def is_running(self) -> bool:
        """True while the curve is being computed."""
        return self._task.busy

    def set_predictor(self, predictor: Predictor) -> None:
        """Forget the old curve; the new model's is computed when the view is next shown."""
        self._predictor = predictor
        self._result = None
        self._curve.setData([], [])
        self._rows_needed_line.hide()
        self.stop()
        if self.isVisible():
            self.start()
        else:
            self._status.set_text(self.tr("The curve will be computed when you open this tab."))

    def set_decided_row(self, row: int | None) -> None:
        """Mark where the drawn digit was decided (None: no digit)."""
        if row is None:
            self._decided_line.hide()
            return
        self._decided_line.show()  # first: a hidden line's label ignores new text
        self._decided_line.setValue(row)
        self._decided_line.label.setFormat(self.tr("your digit: row {row}").format(row=row))

    def _marker_line(
        self, color: str, width: float, style: Qt.PenStyle, label_position: float
    ) -> pg.InfiniteLine:
        """A hidden vertical line with a label, added to the plot (shown once it has a row)."""
        line = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen(color, width=width, style=style),
            label="",
            labelOpts={"position": label_position, "color": color, "fill": (255, 255, 255, 220)},
        )
        self._plot.addItem(line)
        line.hide()
        return line

    def start(self) -> None:
        """Compute the curve for the current model in a worker thread (if not done already)."""
        if self._predictor is None or self._task.busy:
            return
        if self._result is not None and self._computed_for is self._predictor:
            return
        self._status.progress.setValue(0)
        self._status.progress.show()
        self._status.show_working(self.tr("Reading the test digits with this model…"))
        self._computed_for = predictor = self._predictor
        data_dir = self._state.data_dir
        self._task.start(
            lambda: read_curve(predictor, data_dir),
            "RowsNeededThread",
            failure="The curve could not be computed",
            on_item=self._on_progressed,
            on_failed=self._on_failed,
            on_finished=self._status.progress.hide,
        )

    def stop(self) -> None:
        """Stop a computation under way and wait for its thread (a batch: tens of ms)."""
        # Forgotten now: the stopped run's last items, still queued, are told apart by sender().
        self._task.stop()
        self._status.progress.hide()

    # ------------------------------------------------------------------ slots

    def showEvent(self, event) -> None:  # noqa: D102 (Qt override)
        super().showEvent(event)
        self.start()

    def _on_progressed(self, progress: RowsNeededProgress) -> None:
        if not self._task.is_current(self.sender()):  # a stopped run's last words
            return
        rows = np.arange(1, IMAGE_SIDE + 1)
        self._curve.setData(rows, 100 * progress.accuracy)
        self._status.progress.setValue(round(100 * progress.done / progress.total))
        if not progress.finished:
            self._status.set_text(
                self.tr("Read {done} of {total} test digits…").format(
                    done=f"{progress.done:,}", total=f"{progress.total:,}"
                )
            )
            return
        self._result = progress
        rows_needed = progress.rows_needed()
        final = 100 * float(progress.accuracy[-1])
        self._rows_needed_line.show()  # first: a hidden line's label ignores new text
        self._rows_needed_line.setValue(rows_needed)
        self._rows_needed_line.label.setFormat(
            self.tr("{rows} rows give 99% of it").format(rows=rows_needed)
        )
        self._status.set_text(
            self.tr(
                "On {total} test digits this model is {final}% right after all 28 rows, and "
                "already {partial}% right after {rows} rows. Its first rows are mostly blank "
                "margin, so early guesses are near chance (10%)."
            ).format(
                total=f"{progress.total:,}",
                final=f"{final:.1f}",
                partial=f"{100 * float(progress.accuracy[rows_needed - 1]):.1f}",
                rows=rows_needed,
            )
        )
        self.curve_finished.emit(progress)

    def _on_data_dir_changed(self, folder: Path | None) -> None:
        # A folder chosen anywhere (the menu, the Train tab) is tried at once after a miss.
        if self._predictor is not None and self._computed_for is None and self.isVisible():
            self.start()

    def _on_failed(self, message: str) -> None:
        if not self._task.is_current(self.sender()):
            return
        self._status.show_missing(
            self.tr("The curve needs the MNIST test set. {message}").format(message=message)
        )
        self._computed_for = None
