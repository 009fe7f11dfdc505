"""A heatmap whose rows are an image's rows, with the scan line and a veil over unread rows.

A model of the memory task reads blank steps after the image: they are more rows below its 28,
past a grey line (the dashed one marks where the network decided).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication, QGraphicsRectItem

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import SCAN_LINE

ROW_TICKS = (1, 7, 14, 21, 28)
# The rows still to be read are veiled with this much black.
UNREAD_VEIL = QColor(10, 12, 20, 150)
# The line between the image's rows and the blank steps after them.
BLANK_EDGE = "#8a94a6"


def row_ticks(blank_steps: int = 0) -> list[tuple[float, str]]:
    """Ticks of a rows axis: image rows 1, 7, ..., 28; then the blank steps as "+D".

    Up to 28 blank steps "+D" marks the last; more squeeze the image's rows together, so only
    row 28 is marked there and "+D" names the middle of the blank ones.
    """
    if blank_steps <= IMAGE_SIDE:
        ticks = [(r - 0.5, str(r)) for r in ROW_TICKS]
        if blank_steps:
            ticks.append((IMAGE_SIDE + blank_steps - 0.5, f"+{blank_steps}"))
        return ticks
    return [(IMAGE_SIDE - 0.5, str(IMAGE_SIDE)), (IMAGE_SIDE + blank_steps / 2, f"+{blank_steps}")]


class RowPlot:
    """One heatmap of a row scan: `width` columns by 28 rows (and any blank steps), row 1 on top."""

    def __init__(self, plot: pg.PlotItem, title: str, width: int, blank_steps: int = 0) -> None:
        self.plot = plot
        self.title = title
        self.width = width
        self.rows = IMAGE_SIDE + blank_steps
        plot.setTitle(title, size="9pt")
        self.image = pg.ImageItem(axisOrder="row-major")
        plot.addItem(self.image)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.invertY(True)
        plot.setXRange(0, width, padding=0)
        plot.setYRange(0, self.rows, padding=0)
        plot.getAxis("left").setTicks([row_ticks(blank_steps)])
        # Wide enough for "+D" too: pyqtgraph drops a tick label that overflows its axis.
        blank_label = QFontMetricsF(QApplication.font()).horizontalAdvance(f"+{blank_steps}")
        plot.getAxis("left").setWidth(max(26, round(blank_label) + 10) if blank_steps else 26)
        if blank_steps:
            edge = pg.InfiniteLine(
                pos=IMAGE_SIDE,
                angle=0,
                pen=pg.mkPen(BLANK_EDGE, width=1.5),
            )
            edge.setZValue(8)
            plot.addItem(edge)
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
        """Show `values` (one line per row, `width` columns) with colours spread over `levels`."""
        self.image.setImage(values, autoLevels=False, levels=levels)
        self.image.setRect(QRectF(0, 0, self.width, len(values)))

    def set_row(self, row: int) -> None:
        """Draw the scan line below row `row` (1..rows) and veil the rows after it."""
        self.scan_line.setData([0, self.width], [row, row])
        self.veil.setRect(QRectF(0, row, self.width, self.rows - row))
        self.veil.setVisible(row < self.rows)
