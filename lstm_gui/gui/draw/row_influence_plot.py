"""RowInfluencePlot: a bar per image row, how much that row moved the network's answer."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import ACCENT, SCAN_LINE
from lstm_gui.gui.draw.row_plot import row_ticks

# The column is thin: the bars' sizes matter relative to each other, the largest is named.
# Its widest, in lines of text (the font's height), so that it grows with the zoom.
MAX_WIDTH_LINES = 5.4
# Room beside the "max …" label, which must never be wider than the column (it was cut off).
LABEL_SLACK = 6


class RowInfluencePlot:
    """||dp(answer)/dx_r|| per row r as horizontal bars, on the row scan's rows (row 1 on top)."""

    def __init__(
        self, plot: pg.PlotItem, title: str, rows_plot: pg.PlotItem, blank_steps: int = 0
    ) -> None:
        self.plot = plot
        plot.setTitle(title, size="9pt")
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.invertY(True)
        # Blank steps read no pixels: they get no bars, only their rows.
        plot.setYRange(0, IMAGE_SIDE + blank_steps, padding=0)
        plot.setYLink(rows_plot)
        plot.hideAxis("left")
        plot.getAxis("left").setTicks([row_ticks(blank_steps)])
        self._line = QFontMetricsF(QApplication.font()).height()
        self._fit_width()
        bottom = plot.getAxis("bottom")
        bottom.setStyle(tickLength=3)
        bottom.enableAutoSIPrefix(False)
        bottom.setTicks([[(0.0, "0")], []])
        plot.showGrid(x=False, y=False)
        self._values = np.zeros(IMAGE_SIDE)
        self.bars = pg.BarGraphItem(
            x0=0,
            y=np.arange(IMAGE_SIDE) + 0.5,
            height=0.8,
            width=self._values,
            brush=pg.mkBrush(ACCENT),
            pen=pg.mkPen(None),
        )
        plot.addItem(self.bars)
        self.scan_line = pg.InfiniteLine(angle=0, pen=pg.mkPen(SCAN_LINE, width=2.5))
        self.scan_line.setZValue(10)
        plot.addItem(self.scan_line)
        self.show(None)

    def show(self, values: np.ndarray | None) -> None:
        """Draw one bar per row (None: no bars)."""
        self._values = np.zeros(IMAGE_SIDE) if values is None else np.asarray(values, float)
        self.bars.setOpts(width=self._values)
        self.bars.setVisible(values is not None)
        top = float(self._values.max()) if values is not None else 0.0
        top = top if top > 0 else 1.0
        self.plot.setXRange(0, top, padding=0.05)
        # A label like its neighbours' ("digit"), so that the rows sit at the same heights.
        largest = QCoreApplication.translate("RowScanView", "max {0}").format(f"{top:.2g}")
        self.plot.setLabel("bottom", largest if values is not None else " ")
        self._fit_width()

    def fit_to_font(self, line_height: float) -> None:
        """Size the column for text `line_height` pixels high (the zoom changed it)."""
        self._line = line_height
        self._fit_width()

    def _fit_width(self) -> None:
        """At most MAX_WIDTH_LINES wide, but never narrower than the "max …" label."""
        label = self.plot.getAxis("bottom").label
        needed = label.boundingRect().width() + LABEL_SLACK if label.isVisible() else 0.0
        self.plot.setMinimumWidth(needed)
        self.plot.setMaximumWidth(max(MAX_WIDTH_LINES * self._line, needed))

    def values(self) -> np.ndarray | None:
        """The bars' lengths, row 1 first (None: none shown)."""
        return self._values.copy() if self.bars.isVisible() else None

    def set_row(self, row: int) -> None:
        """The scan line below row `row` (1..28), as on the other plots."""
        self.scan_line.setValue(row)
