"""The pyqtgraph pieces of the training curves: colours, readable log axes, plots and curves."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg

from lstm_gui.core.run.curves import refitted_range
from lstm_gui.gui.widgets.view_box import menuless_view_box

TRAIN_COLOUR = "#1f77b4"
VALIDATION_COLOUR = "#e8710a"
GRADIENT_COLOUR = "#2ca02c"
# Colours of overlaid runs (the current run keeps the ones above).
OVERLAY_COLOURS = ("#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#d62728")


def configure_pyqtgraph() -> None:
    """Light plots that match a light Qt window, antialiased."""
    pg.setConfigOptions(background="w", foreground="#333333", antialias=True)


def overlay_colour(index: int) -> str:
    """The colour of the index-th overlaid run (colours repeat after seven runs)."""
    return OVERLAY_COLOURS[index % len(OVERLAY_COLOURS)]


class ReadableLogAxis(pg.AxisItem):
    """A value axis whose log mode labels decades and 2 and 5 between them, not every digit.

    Its room for tick labels grows but never shrinks (until a zoom measures it afresh): a
    width that followed every change of the widest label ("2.5", then "0.25") re-laid the
    plot out, which moved its curves and repainted it a second time in the same pass.
    """

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.setStyle(autoReduceTextSpace=False)

    def logTickValues(
        self,
        minVal: float,
        maxVal: float,
        size: float,
        stdTicks: list,
    ) -> list:
        """Decades; 2 and 5 when few decades show; every digit within a single decade."""
        low, high = math.floor(minVal), math.ceil(maxVal)

        def inside(values: list[float]) -> list[float]:
            return [v for v in values if minVal <= v <= maxVal]

        decades = inside([float(v) for v in range(low, high + 1)])
        between = (2, 5) if high - low <= 3 else ()
        middles = inside([v + math.log10(m) for v in range(low, high) for m in between])
        if len(decades) + len(middles) < 2:
            middles = inside([v + math.log10(m) for v in range(low, high) for m in range(2, 10)])
        return [(1.0, decades), (None, middles)]

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Plain numbers (0.1, 2, 10), which a learner reads faster than powers of ten."""
        return [f"{10.0**value * scale:g}" for value in values]


class TitledBottomAxis(pg.AxisItem):
    """A bottom axis with room for all of its title, whatever the font's size.

    pyqtgraph reserves four fifths of the title's height and sets it a few pixels past the
    axis' bottom; zoomed to 200%, "Epoch" was cut off at the bottom of the plot.
    """

    def __init__(self) -> None:
        super().__init__("bottom")

    def _titled(self) -> bool:
        return self.fixedHeight is None and self.isVisible() and self.label.isVisible()

    def _updateHeight(self) -> None:  # noqa: N802 (pyqtgraph's name)
        super()._updateHeight()
        if self._titled():
            # The fifth pyqtgraph leaves out: the title's full height fits below the ticks.
            height = self.maximumHeight() + self.label.boundingRect().height() * 0.2
            self.setMaximumHeight(height)
            self.setMinimumHeight(height)

    def resizeEvent(self, ev: object = None) -> None:  # noqa: D102 (pyqtgraph override)
        super().resizeEvent(ev)
        if self._titled():
            # Inside the axis, not nudged below it.
            self.label.setY(self.size().height() - self.label.boundingRect().height())


def new_plot(left: str, bottom: str) -> pg.PlotWidget:
    """A plot whose ranges the caller sets (no mouse zoom, no menu, no auto-range)."""
    widget = pg.PlotWidget(
        axisItems={"left": ReadableLogAxis("left"), "bottom": TitledBottomAxis()},
        viewBox=menuless_view_box(),
    )
    widget.setMinimumHeight(150)
    # The view paints every pixel of its viewport (the scene's background first), so Qt need
    # not repaint the tab widgets behind it whenever a curve moves: that had been more pixels
    # painted per redraw than the plots themselves (measured).
    widget.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    item = widget.getPlotItem()
    item.setLabel("left", left)
    item.setLabel("bottom", bottom)
    for side in ("left", "bottom"):
        # Ticks outside the plot: pointing in, they reached into the view, so every moving
        # curve repainted both axes with it (about a third of a plot's repaint, measured).
        item.getAxis(side).setStyle(tickLength=5)
    for side in ("left", "bottom", "right", "top"):
        # "(x0.001)" beside a loss axis puzzles learners; the tick labels say it all. The
        # hidden right and top axes too: with it on, they re-set their label's HTML at
        # every change of range.
        item.getAxis(side).enableAutoSIPrefix(False)
    # No grid: antialiased grid lines doubled the cost of every repaint (measured), and
    # the hover cursor and read-out give exact values.
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")
    item.setMenuEnabled(False)
    item.hideButtons()
    # The ranges follow the data in steps (see MetricsPlot._fit_ranges); dragging would fight.
    item.setMouseEnabled(x=False, y=False)
    item.disableAutoRange()
    item.vb.sigRangeChanged.connect(_move_curves_now)
    item.vb.sigResized.connect(_move_curves_now)
    return widget


def _move_curves_now(view_box: pg.ViewBox, *_: object) -> None:
    """Apply a view box's new range or size to its curves at once, not when it next paints.

    pyqtgraph defers it to the paint; the curves then move during the paint, which asks for
    a second repaint of the whole plot right after the first (measured: two rounds of
    painting the three training plots in one pass of the event loop, 50-70 ms).
    """
    view_box.updateMatrix()


def new_curve(
    plot: pg.PlotWidget,
    name: str | None,
    colour: str,
    *,
    width: float = 2,
    alpha: int = 255,
    symbol: str | None = None,
    style: Qt.PenStyle = Qt.PenStyle.SolidLine,
) -> pg.PlotDataItem:
    """A curve created once (then fed with setData); width 0 draws markers only."""
    line_colour = pg.mkColor(colour)
    line_colour.setAlpha(alpha)
    pen = pg.mkPen(line_colour, width=width, style=style) if width else None
    return plot.plot(
        [],
        [],
        name=name,
        pen=pen,
        symbol=symbol,
        symbolSize=7,
        symbolBrush=pg.mkBrush(colour),
        symbolPen=pg.mkPen("w"),
        connect="finite",
    )


def fit_y(
    plot: pg.PlotWidget,
    values: list[np.ndarray],
    log: bool,
    limits: tuple[float | None, float | None] = (None, None),
) -> None:
    """Move the y range only when core.run.curves.refitted_range says it no longer fits."""
    (low, high) = plot.getPlotItem().vb.viewRange()[1]
    fitted = refitted_range(values, (low, high), log, limits)
    if fitted is not None:
        plot.setYRange(*fitted, padding=0)
