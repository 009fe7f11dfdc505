"""The Claims tab's pyqtgraph pieces: cell colours and symbols, bands, error bars, marks.

Plots here draw in plain view coordinates: a logarithmic axis gets log10 of the values from
the caller, and only the axis is told it is logarithmic (so that bands, bars and shading
need no log mode of their own).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg

from lstm_gui.gui.claims.claim_figures import Band, Point
from lstm_gui.gui.widgets.figure_export import FigureExport, register_figure
from lstm_gui.gui.widgets.log_axis import SparseLogAxis
from lstm_gui.gui.widgets.look_for import attach_look_for
from lstm_gui.gui.widgets.view_box import menuless_view_box

# One colour and one marker per cell, the same in every plot and in the table.
CELL_COLOURS = {"rnn": "#d62728", "gru": "#2ca02c", "lstm": "#1f77b4"}
CELL_SYMBOLS = {"rnn": "o", "gru": "t", "lstm": "s"}
SPAN_BRUSH = (120, 120, 120, 38)
CHANCE_COLOUR = "#7f7f7f"
TITLE_SIZE = "9pt"
LEGEND_SIZE = "8pt"


def cell_colour(cell: str) -> str:
    """The cell's colour (grey for a cell without one)."""
    return CELL_COLOURS.get(cell, "#555555")


def new_graphics() -> pg.GraphicsLayoutWidget:
    """A white canvas for a claim's plots, tall enough to read when the window is small."""
    graphics = pg.GraphicsLayoutWidget()
    graphics.setBackground("w")
    graphics.setMinimumHeight(180)
    return graphics


def fill_with_figure(
    owner: QWidget, graphics: pg.GraphicsLayoutWidget, title: str, look_for_key: str
) -> FigureExport:
    """Give `graphics` all of `owner`, exportable as `title`, with its what-to-look-for "?"."""
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(graphics)
    figure = register_figure(graphics, title)
    attach_look_for(graphics, look_for_key)
    return figure


def new_plot(
    graphics: pg.GraphicsLayoutWidget,
    row: int,
    col: int,
    title: str,
    left: str,
    bottom: str,
    log_y: bool = False,
    legend: bool = True,
) -> pg.PlotItem:
    """A plot in `graphics` with a grid (and a legend over it); `log_y`: log10 values come."""
    axes = {"left": SparseLogAxis(orientation="left")} if log_y else {}
    plot = graphics.addPlot(row=row, col=col, axisItems=axes, viewBox=menuless_view_box())
    plot.setTitle(title, size=TITLE_SIZE)
    plot.setLabel("left", left)
    plot.setLabel("bottom", bottom)
    if log_y:
        plot.getAxis("left").setLogMode(True)
    for side in ("left", "bottom"):
        plot.getAxis(side).enableAutoSIPrefix(False)
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    if legend:
        plot.addLegend(offset=(-5, 5), labelTextSize=LEGEND_SIZE)
    return plot


class SideLegend(pg.LegendItem):
    """A legend in a layout cell beside its plot: as tall as its entries, at the cell's top."""

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """Keep to the entries' height; the layout would otherwise spread them apart."""
        super().updateSize()
        self.setMaximumHeight(max(1.0, self.height()))
        self.setMinimumWidth(self.width())


def legend_beside(graphics: pg.GraphicsLayoutWidget, plot: pg.PlotItem, col: int) -> None:
    """Give `plot` a legend in column `col` of `graphics`, beside the plot, not over it."""
    legend = SideLegend(offset=None, labelTextSize=LEGEND_SIZE)
    plot.legend = legend
    graphics.addItem(legend, row=0, col=col)
    graphics.ci.layout.setAlignment(legend, Qt.AlignmentFlag.AlignTop)


@dataclass
class Drawn:
    """What one plot holds now, by name, so it can be cleared and read back by tests."""

    plot: pg.PlotItem
    items: list[pg.GraphicsObject] = field(default_factory=list)
    series: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    ranges: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def add(self, item: pg.GraphicsObject) -> pg.GraphicsObject:
        """Put `item` in the plot and remember it."""
        self.plot.addItem(item)
        self.items.append(item)
        return item

    def clear(self) -> None:
        """Remove everything drawn and its legend entries."""
        for item in self.items:
            self.plot.removeItem(item)
        if self.plot.legend is not None:
            self.plot.legend.clear()
        self.items, self.series, self.ranges = [], {}, {}


def draw_band(drawn: Drawn, band: Band, name: str) -> None:
    """The median over seeds as a line, the lowest-highest seed as a shaded band around it.

    Read back under the cell's name.
    """
    colour = cell_colour(band.cell)
    low = pg.PlotCurveItem(band.steps, band.low, pen=None, connect="finite")
    high = pg.PlotCurveItem(band.steps, band.high, pen=None, connect="finite")
    drawn.add(low)
    drawn.add(high)
    shade = pg.mkColor(colour)
    shade.setAlpha(55)
    drawn.add(pg.FillBetweenItem(low, high, brush=shade))
    line = pg.PlotDataItem(
        band.steps, band.median, pen=pg.mkPen(colour, width=2), name=name, connect="finite"
    )
    drawn.add(line)
    drawn.series[band.cell] = (band.steps, band.median)
    drawn.ranges[band.cell] = (band.low, band.high)


def shade_span(drawn: Drawn, first: float, last: float, text: str) -> None:
    """Shade the steps from `first` to `last` (the blank steps) and label the shading."""
    region = pg.LinearRegionItem(
        values=(first, last), movable=False, brush=pg.mkBrush(*SPAN_BRUSH), pen=pg.mkPen(None)
    )
    region.setZValue(-10)
    drawn.add(region)
    label = pg.InfLineLabel(
        region.lines[0], text=text, position=0.94, anchors=[(0, 0), (0, 0)], color="#555555"
    )
    label.setZValue(-5)


def shifted(by: float) -> Callable[[float], float]:
    """X -> x + by: a second series beside the first, so that their bars stay apart."""

    def shift(x: float) -> float:
        return x + by

    return shift


def draw_points(
    drawn: Drawn,
    points: Sequence[Point],
    key: str,
    name: str | None,
    colour: str,
    symbol: str,
    *,
    x_of: Callable[[float], float] = float,
    scale: float = 1.0,
    reference: bool = False,
) -> None:
    """Means joined by a line, with error bars from the lowest to the highest value.

    Read back under `key`; `name` is the legend's.
    A reference series is drawn with hollow markers and a dashed line, beside the learner's
    own (filled, solid).
    """
    known = [point for point in points if point.spread.known]
    if not known:
        return
    x = np.array([x_of(point.x) for point in known], dtype=np.float64)
    mean = np.array([scale * point.spread.mean for point in known])
    low = np.array([scale * point.spread.low for point in known])
    high = np.array([scale * point.spread.high for point in known])
    style = Qt.PenStyle.DashLine if reference else Qt.PenStyle.SolidLine
    drawn.add(
        pg.ErrorBarItem(
            x=x, y=mean, top=high - mean, bottom=mean - low, beam=0.0, pen=pg.mkPen(colour)
        )
    )
    drawn.add(
        pg.PlotDataItem(
            x,
            mean,
            pen=pg.mkPen(colour, width=1.5 if reference else 2, style=style),
            symbol=symbol,
            symbolSize=8,
            symbolPen=pg.mkPen(colour, width=1.5),
            symbolBrush=pg.mkBrush("w") if reference else pg.mkBrush(colour),
            name=name,
        )
    )
    drawn.series[key] = (x, mean)
    drawn.ranges[key] = (low, high)


def draw_stars(
    drawn: Drawn,
    x: Sequence[float],
    y: Sequence[float],
    colours: Sequence[str],
    tips: Sequence[str],
    key: str,
    name: str,
) -> None:
    """Published figures: stars with their citation as a tool tip, one legend entry."""
    if not x:
        return
    stars = pg.ScatterPlotItem(
        x=list(x),
        y=list(y),
        symbol="star",
        size=16,
        pen=pg.mkPen("#333333", width=1),
        brush=pg.mkBrush("#bbbbbb"),  # the legend's sample: a star of no cell
        data=list(tips),
        hoverable=True,
        tip=lambda x, y, data: data,
        name=name,
    )
    stars.setBrush([pg.mkBrush(colour) for colour in colours])  # each star its cell's colour
    drawn.add(stars)  # named: the plot puts it in its legend
    drawn.series[key] = (np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))


def chance_line(plot: pg.PlotItem, value: float, text: str) -> pg.InfiniteLine:
    """A dashed horizontal line at what guessing scores, labelled."""
    line = pg.InfiniteLine(
        pos=value,
        angle=0,
        movable=False,
        pen=pg.mkPen(CHANCE_COLOUR, width=1, style=Qt.PenStyle.DashLine),
        label=text,
        labelOpts={"position": 0.04, "color": CHANCE_COLOUR, "anchors": [(0, 1), (0, 1)]},
    )
    plot.addItem(line)
    return line
