"""The input and its guess after each row, untouched and under the intervention, side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import PROBABILITY_MAP, colour_map
from lstm_gui.gui.draw.row_plot import ROW_TICKS, RowPlot
from lstm_gui.gui.widgets.view_box import menuless_view_box

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import RowScan

CLASSES = 10
# The rows the intervention acts on: a light orange band over the input, its outline (dashed,
# so that the probabilities' colours stay readable) over both guess columns.
BAND = QColor(255, 159, 28, 45)
BAND_EDGE = "#ff9f1c"


class InterveneGuesses(pg.GraphicsLayoutWidget):
    """Three row plots with one row axis: input, guesses untouched, guesses under the change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self._blank_steps = -1
        self.input: RowPlot
        self.untouched: RowPlot
        self.changed: RowPlot
        self._dots: list[pg.ScatterPlotItem] = []
        self._bands: list[QGraphicsRectItem] = []
        self.set_blank_steps(0)

    def set_blank_steps(self, blank_steps: int) -> None:
        """Lay the plots out for a model reading `blank_steps` blank rows after the image."""
        if blank_steps == self._blank_steps:
            return
        self._blank_steps = blank_steps
        self.clear()
        self._dots, self._bands = [], []
        self.input = RowPlot(
            self.addPlot(row=0, col=0, viewBox=menuless_view_box()),
            self.tr("input"),
            IMAGE_SIDE,
            blank_steps,
        )
        self.input.plot.setAspectLocked(blank_steps <= IMAGE_SIDE)
        self.input.plot.getAxis("bottom").setTicks([[(c - 0.5, str(c)) for c in ROW_TICKS]])
        self.input.plot.setLabel("left", self.tr("row"))
        self.input.image.setColorMap(pg.ColorMap([0.0, 1.0], [(0, 0, 0), (255, 255, 255)]))
        self.untouched = self._guesses(1, self.tr("guess after each row: untouched"))
        self.changed = self._guesses(2, self.tr("under the intervention"))
        for plot in (self.input, self.untouched, self.changed):
            band = QGraphicsRectItem()
            if plot is self.input:
                band.setBrush(BAND)
            band.setPen(pg.mkPen(BAND_EDGE, width=2, style=Qt.PenStyle.DashLine))
            band.setZValue(6)
            band.hide()
            plot.plot.addItem(band)
            self._bands.append(band)
            plot.set_row(plot.rows)  # nothing veiled: every row has been read
            plot.scan_line.hide()  # nothing is being scanned here
        bar = pg.ColorBarItem(
            values=(0.0, 1.0),
            colorMap=colour_map(PROBABILITY_MAP),
            label=self.tr("probability"),
            interactive=False,
            orientation="horizontal",
            width=12,
        )
        bar.setImageItem([self.untouched.image, self.changed.image])
        self.addItem(bar, row=1, col=1, colspan=2)
        grid = self.ci.layout
        for column in range(3):
            grid.setColumnStretchFactor(column, 1)

    def _guesses(self, column: int, title: str) -> RowPlot:
        plot = RowPlot(
            self.addPlot(row=0, col=column, viewBox=menuless_view_box()),
            title,
            CLASSES,
            self._blank_steps,
        )
        plot.plot.setYLink(self.input.plot)
        plot.plot.getAxis("bottom").setTicks([[(d + 0.5, str(d)) for d in range(CLASSES)]])
        plot.plot.setLabel("bottom", self.tr("digit"))
        dots = pg.ScatterPlotItem(size=6, brush=pg.mkBrush("w"), pen=pg.mkPen("#111", width=1))
        dots.setZValue(7)
        plot.plot.addItem(dots)
        self._dots.append(dots)
        return plot

    def show_scans(
        self, untouched: RowScan, changed: RowScan, rows: tuple[int, int] | None
    ) -> None:
        """Show one image's guesses both ways; `rows`: the band of rows changed (None: all)."""
        self.set_blank_steps(untouched.blank_steps)
        blank = np.zeros((untouched.blank_steps, IMAGE_SIDE), dtype=np.float32)
        self.input.set_image(np.concatenate([untouched.image, blank]), (0.0, 1.0))
        for plot, dots, scan in zip(
            (self.untouched, self.changed), self._dots, (untouched, changed), strict=True
        ):
            plot.set_image(scan.probabilities, (0.0, 1.0))
            dots.setData(scan.guesses + 0.5, np.arange(scan.entries) + 0.5)
        first, last = rows or (1, self.input.rows)
        for band, plot in zip(self._bands, (self.input, self.untouched, self.changed), strict=True):
            band.setRect(QRectF(0, first - 1, plot.width, last - first + 1))
            band.show()

    def guesses_shown(self) -> tuple[np.ndarray, np.ndarray]:
        """The guess after each row the dots mark: untouched, then under the intervention."""
        untouched, changed = (np.asarray(dots.getData()[0]) - 0.5 for dots in self._dots)
        return untouched.round().astype(int), changed.round().astype(int)

    def band_rows(self) -> tuple[int, int] | None:
        """The rows the band covers (1-based, inclusive), None when it is hidden."""
        band = self._bands[0]
        if not band.isVisible():
            return None
        rect = band.rect()
        return round(rect.top()) + 1, round(rect.bottom())
