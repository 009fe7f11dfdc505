"""ExperimentPlots: an experiment's accuracy against length per cell, and its gradient profiles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.log_axis import SparseLogAxis
from lstm_gui.gui.widgets.view_box import menuless_view_box

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import ClaimRun

# One colour per cell, the same in both plots and the table.
CELL_COLOURS = {"rnn": "#d62728", "gru": "#2ca02c", "lstm": "#1f77b4"}
# Profiles of longer sequences are drawn solid, shorter ones dashed, so lengths tell apart.
LENGTH_STYLES = (Qt.PenStyle.DashLine, Qt.PenStyle.SolidLine, Qt.PenStyle.DotLine)


class ExperimentPlots(QWidget):
    """Left: validation accuracy against steps, a line per cell. Right: ||dL/dx_t|| per step.

    The profiles' x axis is the position in the sequence (0 = first step, 1 = last), so runs
    of different lengths share it; the y axis is logarithmic, since gradients span decades.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._graphics = pg.GraphicsLayoutWidget(self)
        self._graphics.setBackground("w")
        self.accuracy_plot = self._graphics.addPlot(row=0, col=0, viewBox=menuless_view_box())
        self.accuracy_plot.setTitle(self.tr("Validation accuracy by sequence length"), size="9pt")
        self.accuracy_plot.setLabel("bottom", self.tr("steps"))
        self.accuracy_plot.setLabel("left", self.tr("accuracy %"))
        self.accuracy_plot.setLogMode(x=True, y=False)
        # Room above 100, which sits at the top: pyqtgraph drops a tick label that would hang
        # past a gridded axis' end, and 100 is the mark a learner looks for.
        self.accuracy_plot.setYRange(0, 100, padding=0.06)
        self.accuracy_plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 101, 20)], []])
        self.accuracy_plot.showGrid(x=True, y=True, alpha=0.2)
        self._accuracy_legend = self.accuracy_plot.addLegend(offset=(-5, 5), labelTextSize="8pt")
        self.profile_plot = self._graphics.addPlot(
            row=0,
            col=1,
            axisItems={"left": SparseLogAxis(orientation="left")},
            viewBox=menuless_view_box(),
        )
        self.profile_plot.setTitle(
            self.tr("Gradient reaching each step after training"), size="9pt"
        )
        self.profile_plot.setLabel("bottom", self.tr("position in the sequence (0 first, 1 last)"))
        self.profile_plot.setLabel("left", "‖∂L/∂x_t‖")
        self.profile_plot.setLogMode(x=False, y=True)
        self.profile_plot.getAxis("left").enableAutoSIPrefix(False)
        self.profile_plot.showGrid(x=True, y=True, alpha=0.2)
        self._profile_legend = self.profile_plot.addLegend(offset=(-5, 5), labelTextSize="8pt")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._graphics)
        self._accuracy: dict[str, pg.PlotDataItem] = {}
        self._profiles: dict[str, pg.PlotDataItem] = {}
        self.figure = register_figure(self._graphics, self.tr("Claim experiment plots"))
        register_figure(self._graphics, self.tr("Accuracy by length"), self.accuracy_plot)
        register_figure(self._graphics, self.tr("Gradient profiles"), self.profile_plot)

    def show_runs(self, runs: Sequence[ClaimRun]) -> None:
        """Draw these finished runs (replacing what was drawn)."""
        self.clear()
        lengths = sorted({run.steps for run in runs})
        for cell in ("rnn", "gru", "lstm"):
            mine = sorted((run for run in runs if run.cell == cell), key=lambda run: run.steps)
            if not mine:
                continue
            colour = CELL_COLOURS[cell]
            curve = self.accuracy_plot.plot(
                [run.steps for run in mine],
                [100 * run.val_acc for run in mine],
                pen=pg.mkPen(colour, width=2),
                symbol="o",
                symbolSize=6,
                symbolBrush=colour,
                name=cell.upper(),
            )
            self._accuracy[cell] = curve
            for run in mine:
                profile = np.asarray(run.profile, dtype=np.float64)
                if not len(profile) or not (profile > 0).any():
                    continue
                style = LENGTH_STYLES[lengths.index(run.steps) % len(LENGTH_STYLES)]
                name = f"{cell.upper()} {run.steps}"
                x = (np.arange(len(profile)) + 0.5) / len(profile)
                # Zero norms (a step the loss ignores entirely) cannot be drawn on a log axis.
                y = np.where(profile > 0, profile, np.nan)
                self._profiles[name] = self.profile_plot.plot(
                    x, y, pen=pg.mkPen(colour, width=1.5, style=style), name=name, connect="finite"
                )
        if lengths:
            self.accuracy_plot.getAxis("bottom").setTicks(
                [[(float(np.log10(steps)), str(steps)) for steps in lengths], []]
            )

    def clear(self) -> None:
        """Nothing drawn."""
        for item in self._accuracy.values():
            self.accuracy_plot.removeItem(item)
        for item in self._profiles.values():
            self.profile_plot.removeItem(item)
        self._accuracy_legend.clear()
        self._profile_legend.clear()
        self._accuracy = {}
        self._profiles = {}

    # ------------------------------------------------------------------ what tests read

    def accuracy_curves(self) -> dict[str, tuple[list[float], list[float]]]:
        """Per cell: the steps and the accuracy in percent, as drawn."""
        curves = {}
        for cell, item in self._accuracy.items():
            x, y = item.getOriginalDataset()
            curves[cell] = ([float(v) for v in x], [float(v) for v in y])
        return curves

    def profile_curves(self) -> dict[str, np.ndarray]:
        """Per run ("LSTM 112"): the profile drawn, one value per step."""
        return {
            name: np.asarray(item.getOriginalDataset()[1]) for name, item in self._profiles.items()
        }
