"""The row scan's state heatmaps: h and c on one line, the gates below, and their colour bars."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, QRectF
from PySide6.QtWidgets import QGraphicsRectItem

from lstm_gui.gui.draw.draw_style import GATE_MAP, STATE_MAP, colour_map
from lstm_gui.gui.draw.row_plot import RowPlot
from lstm_gui.gui.widgets.view_box import menuless_view_box

# Colour scales. Hidden states and the tanh candidates lie in [-1, 1], sigmoid gates in
# [0, 1]; the LSTM's cell state is unbounded but 99% of its values on MNIST stay within ±3,
# so its colours stop there.
SIGNED, CELL, GATE = "signed", "cell", "gate"
CELL_LIMIT = 3.0
LEVELS = {SIGNED: (-1.0, 1.0), CELL: (-CELL_LIMIT, CELL_LIMIT), GATE: (0.0, 1.0)}
MAPS = {SIGNED: STATE_MAP, CELL: STATE_MAP, GATE: GATE_MAP}
# The heatmaps share this many grid columns per line: 12 divides evenly by 1, 2, 3 and 4
# heatmaps, so an LSTM's four gates fill the line as its h and c do.
SPAN = 12
UNIT_LINE = "#22c55e"
SELECTED_CELL = "#00e5ff"  # the cell whose numbers the cell-numbers panel shows


@dataclass(frozen=True)
class StateLayer:
    """One state shown as a rows x units heatmap and as a curve of the unit trace."""

    key: str  # a name in RowScan.states: "hidden", "cell" or a core Gate
    title: str
    symbol: str  # its letter in the cell's equations, also the trace legend
    scale: str  # SIGNED, CELL or GATE
    memory: bool  # h and c go on the top line, the gates below


class StateHeatmaps(QObject):
    """Heatmaps for the given layers, laid into `graphics` from grid column `first_column`."""

    def __init__(
        self,
        graphics: pg.GraphicsLayoutWidget,
        layers: list[StateLayer],
        hidden_size: int,
        first_column: int,
        link_rows_to: pg.PlotItem,
        blank_steps: int = 0,
    ) -> None:
        super().__init__(graphics)
        self.layers = layers
        self._hidden_size = hidden_size
        self._plots: dict[str, RowPlot] = {}
        self._unit_lines: list[pg.InfiniteLine] = []
        self._cell_marks: list[QGraphicsRectItem] = []
        unit_ticks = sorted({1, *(hidden_size * q // 4 for q in (1, 2, 3, 4))})
        for line in (True, False):
            group = [layer for layer in layers if layer.memory == line]
            span = SPAN // max(len(group), 1)
            for index, layer in enumerate(group):
                item = graphics.addPlot(
                    row=0 if line else 1,
                    col=first_column + index * span,
                    colspan=span,
                    viewBox=menuless_view_box(),
                )
                plot = RowPlot(item, layer.title, hidden_size, blank_steps)
                item.setYLink(link_rows_to)
                if index > 0:  # rows are labelled once per line of heatmaps
                    item.hideAxis("left")
                item.setLabel("bottom", self.tr("unit"))
                item.getAxis("bottom").setTicks([[(u - 0.5, str(u)) for u in unit_ticks]])
                unit_line = pg.InfiniteLine(pos=0.5, angle=90, pen=pg.mkPen(UNIT_LINE, width=1.5))
                unit_line.setZValue(9)
                item.addItem(unit_line)
                self._unit_lines.append(unit_line)
                self._cell_marks.append(_cell_mark(item))
                self._plots[layer.key] = plot
        self._add_colour_bars(graphics, first_column)

    def _add_colour_bars(self, graphics: pg.GraphicsLayoutWidget, first_column: int) -> None:
        """One colour bar per scale in use, named by the symbols that use it."""
        labels = {GATE: self.tr("gate: 0 closed, 1 open")}
        scales = [s for s in (SIGNED, CELL, GATE) if any(layer.scale == s for layer in self.layers)]
        span = SPAN // max(len(scales), 1)
        for index, scale in enumerate(scales):
            layers = [layer for layer in self.layers if layer.scale == scale]
            symbols = ", ".join(layer.symbol for layer in layers)
            label = labels.get(scale) or self.tr("{symbols} value").format(symbols=symbols)
            bar = pg.ColorBarItem(
                values=LEVELS[scale],
                colorMap=colour_map(MAPS[scale]),
                label=label,
                interactive=False,
                orientation="horizontal",
                width=12,
            )
            bar.setImageItem([self._plots[layer.key].image for layer in layers])
            graphics.addItem(bar, row=2, col=first_column + index * span, colspan=span)

    def plots(self) -> list[RowPlot]:
        """The heatmaps, memory first, in the layers' order."""
        return list(self._plots.values())

    def titles(self) -> list[str]:
        """Each heatmap's title as shown."""
        return [plot.plot.titleLabel.text for plot in self._plots.values()]

    def images(self) -> dict[str, np.ndarray]:
        """The values each heatmap shows, by layer key: (rows, units), row 1 on top."""
        return {
            key: plot.image.image
            for key, plot in self._plots.items()
            if plot.image.image is not None
        }

    def show_states(self, states: dict[str, np.ndarray]) -> None:
        """Show each layer's (rows, units) values: image rows run down, units across."""
        for layer in self.layers:
            self._plots[layer.key].set_image(states[layer.key], LEVELS[layer.scale])

    def clear(self) -> None:
        """Show nothing (no scan)."""
        for plot in self._plots.values():
            plot.image.clear()

    def set_unit(self, unit: int) -> None:
        """Mark unit `unit` (0-based), the one the trace plots."""
        for line in self._unit_lines:
            line.setValue(unit + 0.5)

    def unit_at(self, position: QPointF) -> int | None:
        """The unit under a scene position, or None when it is over no heatmap."""
        for plot in self._plots.values():
            view = plot.plot.getViewBox()
            if view.sceneBoundingRect().contains(position):
                x = view.mapSceneToView(position).x()
                return int(np.clip(np.floor(x), 0, self._hidden_size - 1))
        return None

    def cell_at(self, position: QPointF) -> tuple[int, int] | None:
        """The (row, unit) under a scene position, row 1-based and unit 0-based; None: no cell."""
        for plot in self._plots.values():
            view = plot.plot.getViewBox()
            if view.sceneBoundingRect().contains(position):
                point = view.mapSceneToView(position)
                row = int(np.clip(np.floor(point.y()), 0, plot.rows - 1)) + 1
                return row, int(np.clip(np.floor(point.x()), 0, self._hidden_size - 1))
        return None

    def mark_cell(self, cell: tuple[int, int] | None) -> None:
        """Outline the cell (row 1-based, unit 0-based) in every heatmap; None: no outline."""
        for mark in self._cell_marks:
            mark.setVisible(cell is not None)
            if cell is not None:
                mark.setRect(QRectF(cell[1], cell[0] - 1, 1, 1))


def _cell_mark(plot: pg.PlotItem) -> QGraphicsRectItem:
    """A hidden outline of one cell, above the veil and the scan line."""
    mark = QGraphicsRectItem()
    pen = pg.mkPen(SELECTED_CELL, width=2)
    pen.setCosmetic(True)  # two pixels wide however small the cell is drawn
    mark.setPen(pen)
    mark.setZValue(12)
    mark.setVisible(False)
    plot.addItem(mark)
    return mark
