"""A heatmap whose rows are an image's rows, with the scan line and a veil over unread rows."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsRectItem

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import SCAN_LINE

ROW_TICKS = (1, 7, 14, 21, 28)
# The rows still to be read are veiled with this much black.
UNREAD_VEIL = QColor(10, 12, 20, 150)


class RowPlot:
    """One heatmap of a row scan: `width` columns by 28 rows, row 1 at the top."""

    def __init__(self, plot: pg.PlotItem, title: str, width: int) -> None:
        self.plot = plot
        self.title = title
        self.width = width
        plot.setTitle(title, size="9pt")
        self.image = pg.ImageItem(axisOrder="row-major")
        plot.addItem(self.image)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.invertY(True)
        plot.setXRange(0, width, padding=0)
        plot.setYRange(0, IMAGE_SIDE, padding=0)
        plot.getAxis("left").setTicks([[(r - 0.5, str(r)) for r in ROW_TICKS]])
        plot.getAxis("left").setWidth(26)
        self.veil = QGraphicsRectItem()
        self.veil.setBrush(UNREAD_VEIL)
        self.veil.setPen(pg.mkPen(None))
        self.veil.setZValue(5)
        plot.addItem(self.veil)
        # A segment, not an infinite line: the input's locked aspect leaves margins beside it.
        self.scan_line = pg.PlotCurveItem(pen=pg.mkPen(SCAN_LINE, width=2.5))
        self.scan_line.setZValue(10)
        plot.addItem(self.scan_line)

    def set_image(self, values: np.ndarray, levels: tuple[float, float]) -> None:
        """Show `values` (28 rows by `width`) with colours spread over `levels`."""
        self.image.setImage(values, autoLevels=False, levels=levels)
        self.image.setRect(QRectF(0, 0, self.width, IMAGE_SIDE))

    def set_row(self, row: int) -> None:
        """Draw the scan line below row `row` (1..28) and veil the rows after it."""
        self.scan_line.setData([0, self.width], [row, row])
        self.veil.setRect(QRectF(0, row, self.width, IMAGE_SIDE - row))
        self.veil.setVisible(row < IMAGE_SIDE)
