"""The trajectories' plot: the cloud of one row, class mean paths, a drawn digit's path."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from lstm_gui.gui.widgets.view_box import menuless_view_box

if TYPE_CHECKING:
    from lstm_gui.core.inside.trajectories import Trajectories

# One colour per class, distinct on white (the "tab10" set of most plotting libraries).
CLASS_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
DRAWN_COLOUR = "#111111"


def class_colour(index: int) -> str:
    """The colour of class `index`."""
    return CLASS_COLOURS[index % len(CLASS_COLOURS)]


class TrajectoryPlot(pg.PlotWidget):
    """Points coloured by class, mean paths labelled with their class, a starred drawn path."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, viewBox=menuless_view_box())
        self._brushes: list[pg.QtGui.QBrush] = []
        self.setBackground("w")
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setLabel("bottom", self.tr("principal component 1"))
        self.setLabel("left", self.tr("principal component 2"))
        self.setMinimumSize(420, 320)
        self._legend = self.addLegend(offset=(6, 6), labelTextSize="8pt", colCount=2)
        self._cloud = pg.ScatterPlotItem(size=5, pen=None)
        self.addItem(self._cloud)
        self._mean_curves = [
            self.plot([], [], pen=pg.mkPen(class_colour(k), width=3), name=str(k))
            for k in range(len(CLASS_COLOURS))
        ]
        self._mean_labels = [self._class_label(k) for k in range(len(CLASS_COLOURS))]
        self._drawn_curve = self.plot(
            [],
            [],
            pen=pg.mkPen(DRAWN_COLOUR, width=3, style=Qt.PenStyle.DashLine),
            symbol="o",
            symbolSize=5,
            symbolBrush=DRAWN_COLOUR,
            symbolPen=None,
            name=self.tr("your digit"),
        )
        self._drawn_head = pg.ScatterPlotItem(
            size=18, symbol="star", brush=pg.mkBrush("#ffd60a"), pen=pg.mkPen(DRAWN_COLOUR)
        )
        self.addItem(self._drawn_head)

    def _class_label(self, index: int) -> pg.TextItem:
        label = pg.TextItem(
            str(index), color=class_colour(index), anchor=(0.5, 0.5), fill=(255, 255, 255, 190)
        )
        font = label.textItem.font()
        font.setBold(True)
        font.setPointSize(11)
        label.setFont(font)
        label.setZValue(5)
        self.addItem(label)
        label.hide()
        return label

    def set_classes(self, labels: np.ndarray, names: tuple[str, ...]) -> None:
        """Each point's class (N,) for its colour, and the classes' names for the legend."""
        self._brushes = [pg.mkBrush(class_colour(int(k)) + "99") for k in labels]
        for curve, name in zip(self._mean_curves, names, strict=False):
            self._legend.getLabel(curve).setText(name)

    def fit_ranges(self, paths: Trajectories) -> None:
        """A fixed frame for every row of a fit, so that the cloud moves, not the axes."""
        points = paths.points.reshape(-1, 2)
        low, high = np.percentile(points, 0.2, axis=0), np.percentile(points, 99.8, axis=0)
        self.setXRange(float(low[0]), float(high[0]), padding=0.05)
        self.setYRange(float(low[1]), float(high[1]), padding=0.05)

    def show_row(self, paths: Trajectories | None, row: int, drawn: np.ndarray | None) -> None:
        """The cloud after entry `row` (1-based), the paths up to it; `drawn`: (entries, 2)."""
        if paths is None:
            self._cloud.setData([], [])
        else:
            self._cloud.setData(pos=paths.points[:, row - 1], brush=self._brushes)
        for digit, (curve, label) in enumerate(
            zip(self._mean_curves, self._mean_labels, strict=True)
        ):
            path = np.zeros((0, 2))
            if paths is not None and digit < paths.classes:
                path = paths.mean_paths[digit, :row]
            if len(path) and np.isfinite(path).all():
                curve.setData(path[:, 0], path[:, 1])
                label.setPos(float(path[-1, 0]), float(path[-1, 1]))
                label.show()
            else:
                curve.setData([], [])
                label.hide()
        if drawn is None:
            self._drawn_curve.setData([], [])
            self._drawn_head.setData([], [])
        else:
            self._drawn_curve.setData(drawn[:row, 0], drawn[:row, 1])
            self._drawn_head.setData(pos=drawn[row - 1 : row])

    def points_shown(self) -> np.ndarray:
        """(N, 2) the cloud's points as drawn now."""
        x, y = self._cloud.getData()
        return np.column_stack([x, y]) if x is not None else np.zeros((0, 2))

    def drawn_path_shown(self) -> np.ndarray:
        """(rows so far, 2) the drawn digit's path as drawn now."""
        return _curve_points(self._drawn_curve)

    def mean_path_shown(self, digit: int) -> np.ndarray:
        """(rows so far, 2) a class's mean path as drawn now."""
        return _curve_points(self._mean_curves[digit])


def _curve_points(curve: pg.PlotDataItem) -> np.ndarray:
    x, y = curve.getData()
    return np.column_stack([x, y]) if x is not None else np.zeros((0, 2))
