"""Reading the pad: the model's answer, row scan and row influence for the drawing, kept current."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QTabWidget

from lstm_gui.core.reading.strokes import Drawing
from lstm_gui.gui.draw.draw_pad import DrawPad
from lstm_gui.gui.draw.model_input_preview import ModelInputPreview
from lstm_gui.gui.draw.prediction_panel import PredictionPanel
from lstm_gui.gui.draw.row_experiments_view import RowExperimentsView
from lstm_gui.gui.draw.row_scan_view import RowScanView
from lstm_gui.gui.draw.rows_needed_curve import RowsNeededCurve

if TYPE_CHECKING:  # torch is imported when the first model loads, not with the window
    from lstm_gui.core.reading.inference import Predictor, RowScan

# While a stroke is under way the prediction is refreshed at most this often; when the pen
# lifts it is refreshed at once.
LIVE_INTERVAL_MS = 70


class PadReader(QObject):
    """Reads the pad's drawing and fills the preview, answer, row scan, curve and experiments.

    `predictor(load)` gives the model (loading the bundled one on first use when `load`).
    The row experiments run only when their view is shown and the pen has lifted.
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

    def _read(self, drawing: Drawing, live: bool) -> None:
        """Prepare the image, predict, and fill every view (experiments only when not live)."""
        from lstm_gui.core.reading.row_experiments import scan_drawing

        image = drawing.model_image()
        self._image = image
        self._preview.set_image(image)
        predictor = self._predictor(image is not None)
        if image is None or predictor is None:
            self._scan = None
            self._prediction.show_empty()
            self._row_scan().set_scan(None)
            self._experiments.show_outcomes(None, None)
            self._curve.set_decided_row(None)
            self._experiments_stale = False
            self.read.emit(None)
            return
        scan = scan_drawing(predictor, image)
        self._scan = scan
        self._prediction.show_probabilities(scan.probabilities[-1])
        row_scan = self._row_scan()
        row_scan.set_scan(scan)
        row_scan.set_influence(predictor.row_influence(image))
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

    def _on_view_changed(self, index: int) -> None:
        if self._views.widget(index) is self._experiments and self._experiments_stale:
            self._run_experiments()
