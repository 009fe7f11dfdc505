"""MetricsPlot: live loss, accuracy and gradient-norm curves, redrawn by a timer.

Progress records only append to preallocated NumPy buffers; a 5 Hz timer pushes the buffers
into curves created once (setData), with clipping to the view and automatic downsampling.
Redrawing on every record instead halves training speed (measured; see issue 3).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QLocale, QPointF, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg

from lstm_gui.core.progress import BATCH_COLUMNS, BatchProgress

REDRAW_INTERVAL_MS = 200  # 5 redraws a second: smooth enough, and cheap for the event loop
# The smoothed curves average over about this fraction of an epoch (an exponential moving
# average whose weight follows the spacing of the records, so short and long runs look alike).
SMOOTHING_EPOCHS = 0.05

TRAIN_COLOUR = "#1f77b4"
VALIDATION_COLOUR = "#e8710a"
GRADIENT_COLOUR = "#2ca02c"
# Colours of overlaid runs (the current run keeps the ones above).
OVERLAY_COLOURS = ("#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#d62728")


def configure_pyqtgraph() -> None:
    """Light plots that match a light Qt window, antialiased."""
    pg.setConfigOptions(background="w", foreground="#333333", antialias=True)


class _ReadableLogAxis(pg.AxisItem):
    """A value axis whose log mode labels decades and 2 and 5 between them, not every digit."""

    def logTickValues(  # noqa: N802 - pyqtgraph override
        self,
        minVal: float,
        maxVal: float,
        size: float,
        stdTicks: list,  # noqa: N803
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

    def logTickStrings(  # noqa: N802 - pyqtgraph override
        self, values: list[float], scale: float, spacing: float
    ) -> list[str]:
        """Plain numbers (0.1, 2, 10), which a learner reads faster than powers of ten."""
        return [f"{10.0**value * scale:g}" for value in values]


class _Buffer:
    """Columns of floats that grow by doubling; views of the filled part for setData()."""

    def __init__(self, names: Sequence[str], capacity: int = 1024) -> None:
        self._columns = {name: np.full(capacity, np.nan) for name in names}
        self.count = 0

    def append(self, **values: float) -> None:
        capacity = len(next(iter(self._columns.values())))
        if self.count == capacity:
            for name, column in self._columns.items():
                grown = np.full(2 * capacity, np.nan)
                grown[:capacity] = column
                self._columns[name] = grown
        for name, value in values.items():
            self._columns[name][self.count] = value
        self.count += 1

    def __getitem__(self, name: str) -> np.ndarray:
        return self._columns[name][: self.count]

    def clear(self) -> None:
        self.count = 0


@dataclass(frozen=True)
class OverlayRun:
    """A stored run drawn beside the current one."""

    name: str
    history: Sequence[Mapping[str, Any]]
    batches: Mapping[str, np.ndarray] | None


class MetricsPlot(QWidget):
    """Three linked plots (loss, accuracy, gradient norm) with legends and a hover read-out."""

    BATCH_COLUMNS = BATCH_COLUMNS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._batches = _Buffer((*self.BATCH_COLUMNS, "smooth_loss", "smooth_acc"))
        self._epochs = _Buffer(("epoch", "loss", "acc", "val_loss", "val_acc"))
        self._history: list[dict[str, Any]] = []
        self._dirty = False
        self._drawn_epochs = -1
        self._overlay_items: list[tuple[pg.PlotItem, pg.PlotDataItem]] = []
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_INTERVAL_MS)
        self._timer.timeout.connect(self._on_redraw_timer)
        self._timer.start()

    # ------------------------------------------------------------------ building

    def _plot(self, left: str) -> pg.PlotWidget:
        widget = pg.PlotWidget(axisItems={"left": _ReadableLogAxis("left")})
        widget.setMinimumHeight(150)
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = widget.getPlotItem()
        item.setLabel("left", left)
        item.setLabel("bottom", self.tr("Epoch"))
        for side in ("left", "bottom"):
            # "(x0.001)" beside a loss axis puzzles learners; the tick labels say it all.
            item.getAxis(side).enableAutoSIPrefix(False)
        # No grid: antialiased grid lines doubled the cost of every repaint (measured), and
        # the hover cursor and read-out give exact values.
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.setMenuEnabled(False)
        item.hideButtons()
        # The ranges follow the data in steps (see _fit_ranges); dragging would fight that.
        item.setMouseEnabled(x=False, y=False)
        item.disableAutoRange()
        return widget

    def _curve(
        self,
        plot: pg.PlotWidget,
        name: str | None,
        colour: str,
        *,
        width: float = 2,
        alpha: int = 255,
        symbol: str | None = None,
        style: Qt.PenStyle = Qt.PenStyle.SolidLine,
    ) -> pg.PlotDataItem:
        """A curve created once; width 0 draws markers only."""
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

    def _build(self) -> None:
        self.loss_plot = self._plot(self.tr("Loss (cross-entropy)"))
        self.accuracy_plot = self._plot(self.tr("Accuracy (%)"))
        self.gradient_plot = self._plot(self.tr("Gradient norm (L2)"))
        self.accuracy_plot.setXLink(self.loss_plot)
        self.gradient_plot.setXLink(self.loss_plot)
        # One legend above the three plots instead of one inside each: the curves mean the
        # same in all three, and legends inside the plots covered the curves.
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)

        self.batch_loss_curve = self._curve(self.loss_plot, None, TRAIN_COLOUR, width=1, alpha=60)
        self.smooth_loss_curve = self._curve(
            self.loss_plot, self.tr("training (smoothed)"), TRAIN_COLOUR
        )
        self.epoch_loss_curve = self._curve(
            self.loss_plot, self.tr("training, per epoch"), TRAIN_COLOUR, width=0, symbol="o"
        )
        self.val_loss_curve = self._curve(
            self.loss_plot, self.tr("validation, per epoch"), VALIDATION_COLOUR, symbol="s"
        )
        self.smooth_acc_curve = self._curve(
            self.accuracy_plot, self.tr("training (smoothed)"), TRAIN_COLOUR
        )
        self.epoch_acc_curve = self._curve(
            self.accuracy_plot, self.tr("training, per epoch"), TRAIN_COLOUR, width=0, symbol="o"
        )
        self.val_acc_curve = self._curve(
            self.accuracy_plot, self.tr("validation, per epoch"), VALIDATION_COLOUR, symbol="s"
        )
        self.gradient_curve = self._curve(
            self.gradient_plot, self.tr("gradient norm"), GRADIENT_COLOUR, width=1.5
        )

        self._cursors = []
        self._mouse_proxies: list[pg.SignalProxy] = []
        for plot in (self.loss_plot, self.accuracy_plot, self.gradient_plot):
            cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#999999", width=1))
            cursor.setVisible(False)
            plot.addItem(cursor, ignoreBounds=True)
            self._cursors.append(cursor)
            # At most 20 read-outs a second: each moves three cursors and repaints three plots.
            proxy = pg.SignalProxy(
                plot.scene().sigMouseMoved, rateLimit=20, slot=self._on_mouse_moved_limited
            )
            self._mouse_proxies.append(proxy)

        self.empty_hint = pg.TextItem(
            self.tr("The curves appear here when training starts."),
            color="#777777",
            anchor=(0.5, 0.5),
        )
        self.loss_plot.addItem(self.empty_hint, ignoreBounds=True)
        self.empty_hint.setPos(0.5, 1.25)
        self._set_empty_ranges(1)

        self.log_loss = QCheckBox(self.tr("Loss on a log scale"))
        self.log_loss.toggled.connect(self._on_log_loss_toggled)
        self.log_gradient = QCheckBox(self.tr("Gradient norm on a log scale"))
        self.log_gradient.setChecked(True)
        self.log_gradient.toggled.connect(self._on_log_gradient_toggled)
        self.gradient_plot.getPlotItem().setLogMode(y=True)
        self.readout = QLabel(self.tr("Point at a curve to read its values."))
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setMinimumWidth(100)
        self.readout.setWordWrap(True)
        self.readout.setMinimumHeight(2 * self.readout.fontMetrics().lineSpacing() + 4)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        options = QHBoxLayout()
        options.addWidget(self.log_loss)
        options.addWidget(self.log_gradient)
        options.addStretch(1)
        self.plots = QWidget()
        self.plots.setAutoFillBackground(True)  # exported PNGs get the window's background
        self._update_legend([])
        plots_layout = QVBoxLayout(self.plots)
        plots_layout.setContentsMargins(0, 0, 0, 0)
        plots_layout.setSpacing(2)
        plots_layout.addWidget(self.legend)
        plots_layout.addWidget(self.loss_plot, 4)
        plots_layout.addWidget(self.accuracy_plot, 3)
        plots_layout.addWidget(self.gradient_plot, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(options)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.readout)

    def _set_empty_ranges(self, epochs: int) -> None:
        """Sensible axes before any point exists, so that empty plots still read well."""
        self.loss_plot.setXRange(0, max(1, epochs), padding=0.02)
        self.loss_plot.setYRange(0, 2.5, padding=0)
        self.accuracy_plot.setYRange(0, 100, padding=0)
        self.gradient_plot.setYRange(-1, 1, padding=0)  # log10: 0.1 to 10

    # ------------------------------------------------------------------ data in

    def clear(self, epochs: int = 1) -> None:
        """Forget the current run's curves (a new run starts)."""
        self._batches.clear()
        self._epochs.clear()
        self._history = []
        self._drawn_epochs = -1
        self.empty_hint.setVisible(True)
        self._set_empty_ranges(epochs)
        self._dirty = True

    def load_run(
        self, history: Sequence[Mapping[str, Any]], batches: Mapping[str, np.ndarray] | None
    ) -> None:
        """Show a stored run as the current one (a resumed run's past)."""
        self.clear()
        if batches is not None:
            for index in range(len(batches["epoch"])):
                self._append_batch(
                    **{name: float(batches[name][index]) for name in self.BATCH_COLUMNS}
                )
        for entry in history:
            self.append_epoch(entry)

    def append_batch(self, record: BatchProgress) -> None:
        """A progress record: one point per curve (drawn at the next timer tick)."""
        self._append_batch(
            epoch=record.epoch - 1 + record.epoch_fraction,
            step=record.global_step,
            loss=record.loss,
            acc=record.acc,
            running_acc=record.running_acc,
            grad_norm=record.grad_norm,
            lr=record.lr,
        )

    def _append_batch(
        self,
        *,
        epoch: float,
        step: float,
        loss: float,
        acc: float,
        running_acc: float,
        grad_norm: float,
        lr: float,
    ) -> None:
        count = self._batches.count
        accuracy = acc
        if count and math.isfinite(self._batches["smooth_loss"][-1]) and math.isfinite(loss):
            spacing = max(epoch - self._batches["epoch"][-1], 0.0)
            weight = 1.0 - math.exp(-spacing / SMOOTHING_EPOCHS)
            smooth_loss = (1 - weight) * self._batches["smooth_loss"][-1] + weight * loss
            smooth_acc = (1 - weight) * self._batches["smooth_acc"][-1] + weight * accuracy
        else:
            smooth_loss, smooth_acc = loss, accuracy
        self._batches.append(
            epoch=epoch,
            step=step,
            loss=loss,
            acc=acc,
            running_acc=running_acc,
            grad_norm=grad_norm if grad_norm > 0 else math.nan,  # log axis: no zeros
            lr=lr,
            smooth_loss=smooth_loss,
            smooth_acc=smooth_acc,
        )
        self._dirty = True

    def append_epoch(self, figures: Mapping[str, Any]) -> None:
        """An epoch's figures (EpochResult.to_dict() or a stored history entry)."""
        self._history.append(dict(figures))
        self._epochs.append(
            epoch=float(figures["epoch"]),
            loss=float(figures.get("loss", math.nan)),
            acc=100 * float(figures.get("acc", math.nan)),
            val_loss=float(figures.get("val_loss", math.nan)),
            val_acc=100 * float(figures.get("val_acc", math.nan)),
        )
        self._dirty = True

    @property
    def history(self) -> list[dict[str, Any]]:
        """The current run's per-epoch figures."""
        return list(self._history)

    def batch_columns(self) -> dict[str, np.ndarray]:
        """The current run's per-batch curves (copies), as core.runs stores them."""
        return {name: self._batches[name].copy() for name in self.BATCH_COLUMNS}

    def point_count(self) -> dict[str, int]:
        """Points drawn per curve (what a person sees; tests check it)."""
        if self._dirty:
            self.redraw()
        curves = {
            "batch_loss": self.smooth_loss_curve,
            "val_loss": self.val_loss_curve,
            "val_acc": self.val_acc_curve,
            "gradient": self.gradient_curve,
        }
        return {
            name: 0 if curve.xData is None else len(curve.xData) for name, curve in curves.items()
        }

    # ------------------------------------------------------------------ overlays

    def set_overlays(self, runs: Sequence[OverlayRun]) -> None:
        """Draw stored runs beside the current one.

        Validation loss and accuracy per epoch, and gradient norms when the run kept
        per-batch curves (runs trained in the app do; CLI runs do not).
        """
        for plot, item in self._overlay_items:
            plot.removeItem(item)
        self._overlay_items = []
        self._update_legend(runs)
        for index, run in enumerate(runs):
            colour = OVERLAY_COLOURS[index % len(OVERLAY_COLOURS)]
            epochs = np.array([float(h["epoch"]) for h in run.history])
            val_loss = np.array([float(h.get("val_loss", math.nan)) for h in run.history])
            val_acc = np.array([100 * float(h.get("val_acc", math.nan)) for h in run.history])
            label = self.tr("{0} (validation)").format(run.name)
            for plot, values in ((self.loss_plot, val_loss), (self.accuracy_plot, val_acc)):
                item = self._curve(plot, label, colour, symbol="t", style=Qt.PenStyle.DashLine)
                item.setData(epochs, values)
                self._overlay_items.append((plot.getPlotItem(), item))
            if run.batches is not None and len(run.batches["epoch"]):
                gradient = np.where(run.batches["grad_norm"] > 0, run.batches["grad_norm"], np.nan)
                item = self._curve(self.gradient_plot, run.name, colour, width=1)
                item.setData(run.batches["epoch"], gradient)
                self._overlay_items.append((self.gradient_plot.getPlotItem(), item))
        self._dirty = True

    def _update_legend(self, runs: Sequence[OverlayRun]) -> None:
        def entry(colour: str, glyph: str, text: str) -> str:
            # Non-breaking spaces keep each entry on one line; lines break between entries.
            # (and non-breaking hyphens, since a line may break after "-", as in "RNN-128").
            glyph = glyph.replace(" ", "&nbsp;")
            text = html.escape(text).replace(" ", "&nbsp;").replace("-", "\u2011")
            return f'<span style="color:{colour}">{glyph}</span>&nbsp;{text}'

        entries = [
            entry(TRAIN_COLOUR, "━━", self.tr("training (smoothed)")),
            entry(TRAIN_COLOUR, "●", self.tr("training, per epoch")),
            entry(VALIDATION_COLOUR, "━■━", self.tr("validation, per epoch")),
            entry(GRADIENT_COLOUR, "━━", self.tr("gradient norm of the last batch of each record")),
        ]
        for index, run in enumerate(runs):
            colour = OVERLAY_COLOURS[index % len(OVERLAY_COLOURS)]
            entries.append(entry(colour, "┅▼┅", self.tr("{0} (validation)").format(run.name)))
        self.legend.setText(" &nbsp;&nbsp; ".join(entries))

    def legend_text(self) -> str:
        """The legend as plain text."""
        document = QTextDocument()
        document.setHtml(self.legend.text())
        return document.toPlainText()

    def overlay_names(self) -> list[str]:
        """Legend names of the overlaid curves."""
        return [item.name() for _, item in self._overlay_items]

    # ------------------------------------------------------------------ drawing

    def _on_redraw_timer(self) -> None:
        if self._dirty:
            self.redraw()

    def redraw(self) -> None:
        """Push the buffers into the curves (normally called by the timer)."""
        self._dirty = False
        batches, epochs = self._batches, self._epochs
        x = batches["epoch"]
        self.batch_loss_curve.setData(x, batches["loss"])
        self.smooth_loss_curve.setData(x, batches["smooth_loss"])
        self.smooth_acc_curve.setData(x, 100 * batches["smooth_acc"])
        self.gradient_curve.setData(x, batches["grad_norm"])
        if epochs.count != self._drawn_epochs:  # a few points, changed once an epoch
            self._drawn_epochs = epochs.count
            self.epoch_loss_curve.setData(epochs["epoch"], epochs["loss"])
            self.val_loss_curve.setData(epochs["epoch"], epochs["val_loss"])
            self.epoch_acc_curve.setData(epochs["epoch"], epochs["acc"])
            self.val_acc_curve.setData(epochs["epoch"], epochs["val_acc"])
        has_points = bool(batches.count or epochs.count or self._overlay_items)
        self.empty_hint.setVisible(not has_points)
        if has_points:
            self._fit_ranges()

    def _fit_ranges(self) -> None:
        """Fit the axes to the data in steps, not on every redraw.

        Auto-ranging moved the axes at every redraw, and re-rendering six axes five times a
        second was most of the window's work during training. Here x grows a whole epoch at a
        time and y changes only when the data leaves its range or shrinks well inside it.
        """
        overlays = [item for _, item in self._overlay_items]
        x_values = [self._batches["epoch"], self._epochs["epoch"]]
        x_values += [item.xData for item in overlays if item.xData is not None]
        x_max = max((float(np.nanmax(v)) for v in x_values if len(v)), default=1.0)
        span = max(1.0, math.ceil(x_max - 1e-9))
        self.loss_plot.setXRange(0, span, padding=0.02)

        def curves_of(plot: pg.PlotWidget) -> list[pg.PlotDataItem]:
            return [item for item in plot.getPlotItem().listDataItems() if item.isVisible()]

        faint = {self.batch_loss_curve}  # raw batch losses spike: they may be clipped
        for plot, log in (
            (self.loss_plot, self.log_loss.isChecked()),
            (self.accuracy_plot, False),
            (self.gradient_plot, self.log_gradient.isChecked()),
        ):
            values = [
                item.yData
                for item in curves_of(plot)
                if item not in faint and item.yData is not None
            ]
            _fit_y(plot, values, log)

    def _on_log_loss_toggled(self, checked: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(y=checked)
        self.redraw()

    def _on_log_gradient_toggled(self, checked: bool) -> None:
        self.gradient_plot.getPlotItem().setLogMode(y=checked)
        self.redraw()

    # ------------------------------------------------------------------ hover

    def _on_mouse_moved_limited(self, arguments: tuple[QPointF]) -> None:
        self._on_mouse_moved(arguments[0])

    def _on_mouse_moved(self, position: QPointF) -> None:
        for plot in (self.loss_plot, self.accuracy_plot, self.gradient_plot):
            item = plot.getPlotItem()
            if item.sceneBoundingRect().contains(position):
                self.show_readout_at(item.vb.mapSceneToView(position).x())
                return

    def show_readout_at(self, epoch: float) -> None:
        """Show the figures nearest to `epoch` (x) and a cursor line there."""
        for cursor in self._cursors:
            cursor.setPos(epoch)
            cursor.setVisible(True)
        locale = QLocale()
        parts = [self.tr("Epoch {0}").format(locale.toString(epoch, "f", 2))]
        x = self._batches["epoch"]
        if len(x):
            index = int(np.clip(np.searchsorted(x, epoch), 0, len(x) - 1))
            if index > 0 and abs(x[index - 1] - epoch) < abs(x[index] - epoch):
                index -= 1
            parts.append(
                self.tr("loss {0} (smoothed {1})").format(
                    _figure(self._batches["loss"][index]),
                    _figure(self._batches["smooth_loss"][index]),
                )
            )
            parts.append(
                self.tr("training accuracy {0}%").format(
                    _figure(100 * self._batches["smooth_acc"][index], 2)
                )
            )
            parts.append(
                self.tr("gradient norm {0}").format(_figure(self._batches["grad_norm"][index]))
            )
            parts.append(self.tr("learning rate {0}").format(_figure(self._batches["lr"][index])))
        epochs = self._epochs["epoch"]
        if len(epochs):
            nearest = int(np.argmin(np.abs(epochs - epoch)))
            if abs(epochs[nearest] - epoch) < 0.25:
                parts.append(
                    self.tr("validation after epoch {0}: loss {1}, accuracy {2}%").format(
                        int(epochs[nearest]),
                        _figure(self._epochs["val_loss"][nearest]),
                        _figure(self._epochs["val_acc"][nearest], 2),
                    )
                )
        self.readout.setText(" · ".join(parts))

    # ------------------------------------------------------------------ export

    def export_png(self, path: Path) -> bool:
        """Save the three plots as they look now; False when the file cannot be written."""
        self.redraw()
        return self.plots.grab().save(str(path), "PNG")


def _fit_y(plot: pg.PlotWidget, values: list[np.ndarray], log: bool) -> None:
    """Set the y range when the data left it or fills less than 40% of it; else keep it."""
    finite = [np.asarray(v, dtype=float) for v in values if len(v)]
    data = np.concatenate(finite) if finite else np.zeros(0)
    if log:
        data = np.log10(data[data > 0])
    data = data[np.isfinite(data)]
    if not len(data):
        return
    low, high = float(data.min()), float(data.max())
    (current_low, current_high) = plot.getPlotItem().vb.viewRange()[1]
    span = max(high - low, 1e-6 if not log else 0.05)
    too_wide = (current_high - current_low) > span / 0.4
    if low < current_low or high > current_high or too_wide:
        padding = 0.12 * span
        plot.setYRange(low - padding, high + padding, padding=0)


def _figure(value: float, decimals: int = 4) -> str:
    if not math.isfinite(value):
        return "—"
    if abs(value) and (abs(value) < 10 ** -(decimals - 1) or abs(value) >= 1e5):
        return QLocale().toString(float(value), "g", 3)
    return QLocale().toString(float(value), "f", decimals)
