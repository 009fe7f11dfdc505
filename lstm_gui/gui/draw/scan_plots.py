"""The row scan's figure: the input, guesses, row influence, state heatmaps and unit trace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsRectItem

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import DECIDED, PROBABILITY_MAP, colour_map
from lstm_gui.gui.draw.row_influence_plot import RowInfluencePlot
from lstm_gui.gui.draw.row_plot import BLANK_EDGE, ROW_TICKS, RowPlot
from lstm_gui.gui.draw.state_heatmaps import SPAN, StateHeatmaps, StateLayer
from lstm_gui.gui.draw.unit_trace import UnitTrace
from lstm_gui.gui.widgets.view_box import menuless_view_box

if TYPE_CHECKING:  # the view is built before torch is imported; RowScan only types it
    from lstm_gui.core.reading.inference import RowScan

CLASSES = 10
# Preferred widths of the input, guesses and influence columns, in lines of text (the font's
# height), so that they grow with the zoom like the tick labels they must hold.
INPUT_COLUMN_LINES = 10.7
GUESS_COLUMN_LINES = 7.2
INFLUENCE_COLUMN_LINES = 5.0
# The heatmaps' area is at least this many lines high: titles, axes and 28 rows of about a
# fifth of a line each, which the row ticks (1, 7, 14, 21, 28) need to stay apart. At 200% the
# window scrolls rather than squeeze the heatmaps to slivers.
HEATMAPS_LINES = 22.0
# The state heatmaps start in this grid column: input, guesses and row influence come first.
FIRST_STATE_COLUMN = 3
TRACE_TITLE_SLACK = 24
# The blank steps' rows of the input: hatched, so that they read as "nothing here".
BLANK_HATCH = QColor(138, 148, 166, 200)


class ScanPlots:
    """The plots of one cell type and number of blank steps, laid out in `graphics` (cleared).

    Its texts keep the RowScanView context, where the translations have them.
    """

    def __init__(
        self,
        graphics: pg.GraphicsLayoutWidget,
        layers: list[StateLayer],
        hidden_size: int,
        blank_steps: int,
        unit: int,
    ) -> None:
        self._graphics = graphics
        graphics.clear()
        self.input = self._input_plot(blank_steps)
        guesses_plot = graphics.addPlot(row=0, col=1, viewBox=menuless_view_box())
        self.guesses = RowPlot(
            guesses_plot,
            QCoreApplication.translate("RowScanView", "guess after each row"),
            CLASSES,
            blank_steps,
        )
        guesses_plot.setYLink(self.input.plot)
        guesses_plot.hideAxis("left")
        guesses_plot.getAxis("bottom").setTicks([[(d + 0.5, str(d)) for d in range(10)]])
        guesses_plot.setLabel("bottom", QCoreApplication.translate("RowScanView", "digit"))
        self.guess_dots = pg.ScatterPlotItem(
            size=6, brush=pg.mkBrush("w"), pen=pg.mkPen("#111", width=1)
        )
        self.guess_dots.setZValue(4)
        guesses_plot.addItem(self.guess_dots)
        self.decided_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen(DECIDED, width=2.5, style=Qt.PenStyle.DashLine)
        )
        self.decided_line.setZValue(11)
        guesses_plot.addItem(self.decided_line)

        self.influence = RowInfluencePlot(
            graphics.addPlot(row=0, col=2, viewBox=menuless_view_box()),
            QCoreApplication.translate("RowScanView", "influence"),
            self.input.plot,
            blank_steps,
        )
        self.heatmaps = StateHeatmaps(
            graphics, layers, hidden_size, FIRST_STATE_COLUMN, self.input.plot, blank_steps
        )
        self.heatmaps.set_unit(unit)
        self.trace_plot = graphics.addPlot(
            row=1, col=0, colspan=FIRST_STATE_COLUMN, viewBox=menuless_view_box()
        )
        self.trace = UnitTrace(self.trace_plot, layers, blank_steps)
        self._add_colour_bar()
        grid = graphics.ci.layout
        for column in range(FIRST_STATE_COLUMN):
            grid.setColumnStretchFactor(column, 0)
        for column in range(FIRST_STATE_COLUMN, FIRST_STATE_COLUMN + SPAN):
            grid.setColumnStretchFactor(column, 1)
        grid.setRowStretchFactor(0, 1)
        grid.setRowStretchFactor(1, 1)
        grid.setRowStretchFactor(2, 0)

    def _input_plot(self, blank_steps: int) -> RowPlot:
        title = (
            QCoreApplication.translate("RowScanView", "input: 28 rows + {blank} blank").format(
                blank=blank_steps
            )
            if blank_steps
            else QCoreApplication.translate("RowScanView", "input: 28 rows")
        )
        plot = RowPlot(
            self._graphics.addPlot(row=0, col=0, viewBox=menuless_view_box()),
            title,
            IMAGE_SIDE,
            blank_steps,
        )
        # Square pixels, unless a long delay would shrink the image to a sliver.
        plot.plot.setAspectLocked(blank_steps <= IMAGE_SIDE)
        if blank_steps:
            add_blank_band(plot.plot, blank_steps)
        plot.plot.getAxis("bottom").setTicks([[(c - 0.5, str(c)) for c in ROW_TICKS]])
        plot.plot.setLabel("left", QCoreApplication.translate("RowScanView", "row"))
        plot.plot.setLabel("bottom", QCoreApplication.translate("RowScanView", "column"))
        return plot

    def _add_colour_bar(self) -> None:
        bar = pg.ColorBarItem(
            values=(0.0, 1.0),
            colorMap=colour_map(PROBABILITY_MAP),
            label=QCoreApplication.translate("RowScanView", "probability"),
            interactive=False,
            orientation="horizontal",
            width=12,
        )
        bar.setImageItem([self.guesses.image, self.input.image])
        self._graphics.addItem(bar, row=2, col=0, colspan=FIRST_STATE_COLUMN)
        # The input image is grey, like the preview, whatever the probability colours.
        self.input.image.setColorMap(pg.ColorMap([0.0, 1.0], [(0, 0, 0), (255, 255, 255)]))

    def clear(self, unit: int) -> None:
        """Show nothing (no digit)."""
        self.input.image.clear()
        self.guesses.image.clear()
        self.heatmaps.clear()
        self.trace.show_unit(unit, None)
        self.decided_line.hide()
        self.guess_dots.setData([], [])
        self.influence.show(None)

    def show(self, scan: RowScan, unit: int) -> None:
        """Show a row scan, with unit `unit`'s trace."""
        blank = np.zeros((scan.blank_steps, IMAGE_SIDE), dtype=np.float32)
        self.input.set_image(np.concatenate([scan.image, blank]), (0.0, 1.0))
        self.guesses.set_image(scan.probabilities, (0.0, 1.0))
        self.heatmaps.show_states(scan.states)
        self.guess_dots.setData(scan.guesses + 0.5, np.arange(scan.entries) + 0.5)
        self.decided_line.setValue(scan.decided_at - 1)
        self.decided_line.show()
        self.trace.show_unit(unit, scan.states)

    def set_row(self, row: int) -> None:
        """Veil the rows below the scan line in every plot."""
        for plot in (self.input, self.guesses, *self.heatmaps.plots()):
            plot.set_row(row)
        self.influence.set_row(row)
        self.trace.set_row(row)

    def fit_to_font(self, font: QFont) -> None:
        """Give the input and guesses columns the width the unit trace's title needs.

        The trace spans those two columns, which do not stretch: when its title (longer in
        Chinese, or for a three-digit unit) needs more than they prefer, Qt's grid gives them
        every pixel and the heatmaps none.
        """
        line = QFontMetricsF(font).height()
        columns = (INPUT_COLUMN_LINES, GUESS_COLUMN_LINES, INFLUENCE_COLUMN_LINES)
        widths = [lines * line for lines in columns]
        needed = self.trace_plot.minimumWidth() + TRACE_TITLE_SLACK
        extra = max(0.0, needed - sum(widths))
        grid = self._graphics.ci.layout
        grid.setColumnPreferredWidth(0, widths[0] + extra / 2)
        grid.setColumnPreferredWidth(1, widths[1] + extra / 2)
        grid.setColumnPreferredWidth(2, widths[2])
        self.influence.fit_to_font(line)
        self._graphics.setMinimumHeight(round(HEATMAPS_LINES * line))


def add_blank_band(plot: pg.PlotItem, blank_steps: int) -> None:
    """Hatch the input's rows after the image and name them: the network reads zeros."""
    band = QGraphicsRectItem(QRectF(0, IMAGE_SIDE, IMAGE_SIDE, blank_steps))
    band.setBrush(QBrush(BLANK_HATCH, Qt.BrushStyle.BDiagPattern))
    band.setPen(pg.mkPen(BLANK_EDGE, width=1))
    band.setZValue(4)
    plot.addItem(band)
    label = pg.TextItem(
        QCoreApplication.translate("RowScanView", "blank"), color=BLANK_EDGE, anchor=(0.5, 0.5)
    )
    label.setPos(IMAGE_SIDE / 2, IMAGE_SIDE + blank_steps / 2)
    label.setZValue(4)
    plot.addItem(label)
