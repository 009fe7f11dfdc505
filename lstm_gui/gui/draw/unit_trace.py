"""The unit trace: one unit's hidden state, memory and gates plotted row by row."""

from __future__ import annotations

import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.draw.draw_style import SCAN_LINE
from lstm_gui.gui.draw.state_heatmaps import StateLayer

# One colour per curve, in the layers' order (h, c, then the gates).
TRACE_COLOURS = ("#2f6fdf", "#e0245e", "#15803d", "#c2410c", "#7c3aed", "#0891b2")


class UnitTrace(QObject):
    """A plot of one unit's values after each row, one curve per layer; its title is the legend."""

    def __init__(self, plot: pg.PlotItem, layers: list[StateLayer], blank_steps: int = 0) -> None:
        super().__init__()
        self._plot = plot
        self._layers = layers
        self._title = ""
        self._rows = IMAGE_SIDE + blank_steps  # the image's rows, then any blank steps
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setXRange(1, self._rows, padding=0.02)
        plot.setLabel("bottom", self.tr("row"))
        plot.showGrid(x=True, y=True, alpha=0.2)
        self._scan_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(SCAN_LINE, width=2))
        plot.addItem(self._scan_line)
        self._colours = [TRACE_COLOURS[i % len(TRACE_COLOURS)] for i in range(len(layers))]
        self._curves = [
            plot.plot([], [], pen=pg.mkPen(colour, width=2)) for colour in self._colours
        ]

    def legend_text(self) -> str:
        """The title as plain text, e.g. "unit 1 (hover a unit): h c i f g o"."""
        return re.sub(r"<[^>]+>", "", self._title)

    def set_row(self, row: int) -> None:
        """Mark the row the scan line is at."""
        self._scan_line.setValue(row)

    def show_unit(self, unit: int, states: dict[str, np.ndarray] | None) -> None:
        """Plot unit `unit` (0-based) of each layer's (rows, units) values; None: no curves."""
        # The title is the legend: each symbol in its curve's colour.
        symbols = " ".join(
            f"<span style='color:{colour}'><b>{layer.symbol}</b></span>"
            for colour, layer in zip(self._colours, self._layers, strict=True)
        )
        title = self.tr("unit {unit} (hover a unit): {symbols}").format(
            unit=unit + 1, symbols=symbols
        )
        if title != self._title:
            self._title = title
            self._plot.setTitle(title, size="9pt")
        rows = np.arange(1, self._rows + 1)
        for layer, curve in zip(self._layers, self._curves, strict=True):
            if states is None:
                curve.setData([], [])
            else:
                curve.setData(rows, states[layer.key][:, unit])
