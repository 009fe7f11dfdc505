"""Reading the pad: the model's answer, row scan and row influence for the drawing, kept current."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QTabWidget

from lstm_gui.core.reading.strokes import Drawing
from lstm_gui.gui.draw.draw_pad import DrawPad
from lstm_gui.gui.draw.model_input_preview import ModelInputPreview
from lstm_gui.gui.draw.prediction_panel import PredictionPanel
from lstm_gui.gui.draw.row_experiments_view import RowExperimentsView
from lstm_gui.gui.draw.row_scan_view import RowScanView
from lstm_gui.gui.draw.rows_needed_curve import RowsNeededCurve
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.background_task import TaskSlot

if TYPE_CHECKING:  # torch is imported when the first model loads, not with the window
    from lstm_gui.core.reading.inference import Predictor, RowScan

# While a stroke is under way the prediction is refreshed at most this often; when the pen
# lifts it is refreshed at once.
LIVE_INTERVAL_MS = 70
# A model whose steps x hidden units² pass this is read in a thread, the drawing's latest state
# winning: four times the tutorial's 28 x 128², whose reading takes 5-15 ms. An LSTM(128) of
# 784 steps blocked the GUI thread 0.4-2.7 s p95 (benchmarks/README.md, Draw pad latency).
BACKGROUND_WORK = 4 * 28 * 128 * 128


def read_image(predictor: Predictor, image: np.ndarray) -> tuple[RowScan, np.ndarray]:
    """The row scan and row influence of one image (in whichever thread calls it)."""
    from lstm_gui.core.reading.row_experiments import one_thread, scan_drawing

    scan = scan_drawing(predictor, image)
    with one_thread():  # one image is too small to share out between threads
        return scan, predictor.row_influence(image)


class PadReader(QObject):
    """Reads the pad's drawing and fills the preview, answer, row scan, curve and experiments.

    `predictor(load)` gives the model (loading the bundled one on first use when `load`).
    The row experiments run only when their view is shown and the pen has lifted. A model's
    first drawing is read on the GUI thread; when the model is large (BACKGROUND_WORK) the
    next ones are read in a BackgroundTask, one at a time: a drawing made meanwhile waits,
    only the latest one, and a result for an older drawing or model is dropped.
    """

    read = Signal(object)  # RowScan of the pad's image, or None when empty

    def __init__(
        self,
        pad: DrawPad,
        preview: ModelInputPreview,
        prediction: PredictionPanel,
        row_scan: Callable[[], RowScanView],
        experiments: RowExperimentsView,
        curve: RowsNeededCurve,
        views: QTabWidget,
        predictor: Callable[[bool], Predictor | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pad = pad
        self._preview = preview
        self._prediction = prediction
        self._row_scan = row_scan
        self._experiments = experiments
        self._curve = curve
        self._views = views
        self._predictor = predictor
        self._scan: RowScan | None = None
        self._image: np.ndarray | None = None
        self._experiments_stale = True
        # None: decided by the model's size; True or False: always or never in a thread.
        self.in_background: bool | None = None
        self._large: weakref.WeakKeyDictionary[Predictor, bool] = weakref.WeakKeyDictionary()
        self._drawn = 0  # numbers the drawings read, so that a late result can be told stale
        self._task = TaskSlot(self)
        self._waiting: tuple[int, np.ndarray, bool] | None = None  # the next drawing to read

        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self._on_live_timer)

        pad.drawing_changed.connect(self._on_drawing_changed)
        pad.stroke_moved.connect(self._on_stroke_moved)
        pad.read_requested.connect(self.refresh)
        experiments.settings_changed.connect(self._on_experiment_settings_changed)
        views.currentChanged.connect(self._on_view_changed)

    def refresh(self) -> None:
        """Read the pad again now (also runs the row experiments)."""
        self._live_timer.stop()
        self._read(self._pad.drawing(), live=False)

    def is_reading(self) -> bool:
        """True while a drawing is being read in a thread."""
        return self._task.busy

    def shutdown(self) -> None:
        """Drop any drawing waiting to be read and wait for the one being read; before closing."""
        self._live_timer.stop()
        self._waiting = None
        self._drawn += 1  # what is being read is shown no more
        self._task.wait()

    def _read(self, drawing: Drawing, live: bool) -> None:
        """Prepare the image, predict, and fill every view (experiments only when not live)."""
        self._drawn += 1
        image = drawing.model_image()
        self._preview.set_image(image)
        predictor = self._predictor(image is not None)
        if image is None or predictor is None:
            self._waiting = None
            self._image = None
            self._scan = None
            self._prediction.show_empty()
            self._row_scan().set_scan(None)
            self._experiments.show_outcomes(None, None)
            self._curve.set_decided_row(None)
            self._experiments_stale = False
            self.read.emit(None)
            return
        if not self._in_background(predictor):
            self._waiting = None
            scan, influence = read_image(predictor, image)
            self._large[predictor] = self._is_large(scan)
            self._show(image, scan, influence, live)
            return
        self._waiting = (self._drawn, image, live)
        if not self._task.busy:
            self._read_next()

    def _in_background(self, predictor: Predictor) -> bool:
        if self.in_background is not None:
            return self.in_background
        return self._large.get(predictor, False)

    @staticmethod
    def _is_large(scan: RowScan) -> bool:
        return (scan.steps + scan.blank_steps) * int(scan.hidden.shape[1]) ** 2 > BACKGROUND_WORK

    def _read_next(self) -> None:
        """Read the waiting drawing in a thread (the model as it is now)."""
        predictor = self._predictor(False)
        if self._waiting is None or predictor is None:
            return
        drawn, image, live = self._waiting
        self._waiting = None
        self._task.start(
            lambda: read_image(predictor, image),
            "DrawingReadThread",
            failure="The drawing could not be read",
            on_value=lambda result: self._on_read(drawn, image, live, result),
            on_failed=self._on_failed,
            on_finished=self._read_next,  # what was drawn meanwhile
        )

    def _show(self, image: np.ndarray, scan: RowScan, influence: np.ndarray, live: bool) -> None:
        self._image = image
        self._scan = scan
        self._prediction.show_probabilities(scan.probabilities[-1])
        row_scan = self._row_scan()
        row_scan.set_scan(scan)
        row_scan.set_influence(influence)
        # The curve's rows are image rows: a guess settled only in the blank steps has none.
        decided = scan.decided_at
        self._curve.set_decided_row(None if scan.is_blank(decided) else decided)
        self._experiments_stale = True
        if not live and self._views.currentWidget() is self._experiments:
            self._run_experiments()
        self.read.emit(scan)

    def _run_experiments(self) -> None:
        self._experiments_stale = False
        self._experiments.run_for(self._predictor(False), self._image, self._scan)

    # ------------------------------------------------------------------ slots

    def _on_drawing_changed(self, drawing: Drawing) -> None:
        self._live_timer.stop()
        self._read(drawing, live=False)

    def _on_stroke_moved(self) -> None:
        if not self._live_timer.isActive():
            self._live_timer.start()

    def _on_live_timer(self) -> None:
        self._read(self._pad.drawing(), live=True)

    def _on_experiment_settings_changed(self) -> None:
        self._run_experiments()

    def _on_read(
        self, drawn: int, image: np.ndarray, live: bool, result: tuple[RowScan, np.ndarray]
    ) -> None:
        if drawn == self._drawn:  # else the pad, or the model, has changed since
            self._show(image, *result, live)

    def _on_failed(self, message: str) -> None:
        title = QCoreApplication.translate("DrawTab", "Cannot read this image")
        dialogs.show_error(self._pad, message, title)

    def _on_view_changed(self, index: int) -> None:
        if self._views.widget(index) is self._experiments and self._experiments_stale:
            self._run_experiments()
