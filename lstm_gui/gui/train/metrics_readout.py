"""HoverReadout: a cursor line across the training plots and the figures nearest to it."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLocale, QPointF, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg

from lstm_gui.core.run.curves import RunCurves

# The strings here are translated in the MetricsPlot context: they were MetricsPlot's, and the
# catalogue keeps them there.


def format_figure(value: float, decimals: int = 4) -> str:
    """A figure in the locale's format: fixed decimals, or 3 significant digits when tiny/huge."""
    if not math.isfinite(value):
        return "—"
    if abs(value) and (abs(value) < 10 ** -(decimals - 1) or abs(value) >= 1e5):
        return QLocale().toString(float(value), "g", 3)
    return QLocale().toString(float(value), "f", decimals)


class HoverReadout(QLabel):
    """Where the mouse points in any of the plots: a cursor in each, and the figures there."""

    def __init__(
        self, plots: Sequence[pg.PlotWidget], curves: RunCurves, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            QCoreApplication.translate("MetricsPlot", "Point at a curve to read its values."),
            parent,
        )
        self._plots = list(plots)
        self._curves = curves
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumWidth(100)
        self.setWordWrap(True)
        self.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 4)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._cursors: list[pg.InfiniteLine] = []
        self._mouse_proxies: list[pg.SignalProxy] = []
        for plot in self._plots:
            cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#999999", width=1))
            cursor.setVisible(False)
            plot.addItem(cursor, ignoreBounds=True)
            self._cursors.append(cursor)
            # At most 20 read-outs a second: each moves three cursors and repaints three plots.
            proxy = pg.SignalProxy(
                plot.scene().sigMouseMoved, rateLimit=20, slot=self._on_mouse_moved_limited
            )
            self._mouse_proxies.append(proxy)

    def _on_mouse_moved_limited(self, arguments: tuple[QPointF]) -> None:
        self._on_mouse_moved(arguments[0])

    def _on_mouse_moved(self, position: QPointF) -> None:
        for plot in self._plots:
            item = plot.getPlotItem()
            if item.sceneBoundingRect().contains(position):
                self.show_at(item.vb.mapSceneToView(position).x())
                return

    def show_at(self, epoch: float) -> None:
        """Show the figures nearest to `epoch` (x) and a cursor line there."""
        for cursor in self._cursors:
            cursor.setPos(epoch)
            cursor.setVisible(True)
        translate = QCoreApplication.translate
        batches, epochs = self._curves.batches, self._curves.epochs
        parts = [translate("MetricsPlot", "Epoch {0}").format(QLocale().toString(epoch, "f", 2))]
        index = self._curves.nearest_batch(epoch)
        if index is not None:
            parts.append(
                translate("MetricsPlot", "loss {0} (smoothed {1})").format(
                    format_figure(batches["loss"][index]),
                    format_figure(batches["smooth_loss"][index]),
                )
            )
            parts.append(
                translate("MetricsPlot", "training accuracy {0}%").format(
                    format_figure(100 * batches["smooth_acc"][index], 2)
                )
            )
            parts.append(
                translate("MetricsPlot", "gradient norm {0}").format(
                    format_figure(batches["grad_norm"][index])
                )
            )
            parts.append(
                translate("MetricsPlot", "learning rate {0}").format(
                    format_figure(batches["lr"][index])
                )
            )
        nearest = self._curves.nearest_epoch(epoch)
        if nearest is not None:
            parts.append(
                translate(
                    "MetricsPlot", "validation after epoch {0}: loss {1}, accuracy {2}%"
                ).format(
                    int(epochs["epoch"][nearest]),
                    format_figure(epochs["val_loss"][nearest]),
                    format_figure(epochs["val_acc"][nearest], 2),
                )
            )
        self.setText(" · ".join(parts))
