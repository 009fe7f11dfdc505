"""MetricsPlot: live loss, accuracy and gradient-norm curves, redrawn by a timer.

Progress records only append to the growing columns of a core.run.curves.RunCurves; a timer
pushes them into curves created once (setData), one plot per tick, each plot three times a
second, with clipping to the view and automatic downsampling. Redrawing on every record
instead halves training speed (measured; see issue 3).
The legend, the hover read-out and the overlaid runs live in modules of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg

from lstm_gui.core.run.curves import OverlayRun, RunCurves, whole_epochs
from lstm_gui.core.run.progress import BATCH_COLUMNS, BatchProgress
from lstm_gui.gui.train.metrics_legend import MetricsLegend
from lstm_gui.gui.train.metrics_overlays import RunOverlays
from lstm_gui.gui.train.metrics_readout import HoverReadout
from lstm_gui.gui.train.plot_parts import (
    GRADIENT_COLOUR,
    TRAIN_COLOUR,
    VALIDATION_COLOUR,
    configure_pyqtgraph,
    fit_y,
    new_curve,
    new_plot,
)
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.look_for import attach_look_for

# Imported from here by the main window and the tests.
__all__ = ["MetricsPlot", "OverlayRun", "configure_pyqtgraph"]

REDRAW_INTERVAL_MS = 300  # each plot 3 times a second: smooth enough, and light on the GIL
# The three plots take turns, one per tick: painted together, the three made the longest
# pause of the event loop while training (50-65 ms when the machine was slow, measured).
PLOTS = 3


class MetricsPlot(QWidget):
    """Three linked plots (loss, accuracy, gradient norm) with legends and a hover read-out."""

    BATCH_COLUMNS = BATCH_COLUMNS

    def __init__(self, parent: QWidget | None = None, curves: RunCurves | None = None) -> None:
        super().__init__(parent)
        self.curves = curves if curves is not None else RunCurves(self.BATCH_COLUMNS)
        # Which plots have data not drawn yet (loss, accuracy, gradient norm); given curves
        # are drawn at the first ticks.
        self._dirty = [not self.curves.is_empty] * PLOTS
        self._turn = 0  # the plot the next tick may redraw
        self._drawn_epochs = [-1] * PLOTS  # epoch records drawn, per plot
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_INTERVAL_MS // PLOTS)
        self._timer.timeout.connect(self._on_redraw_timer)
        self._timer.start()

    # ------------------------------------------------------------------ building

    def _training_curves(
        self, plot: pg.PlotWidget
    ) -> tuple[pg.PlotDataItem, pg.PlotDataItem, pg.PlotDataItem]:
        """The loss's or accuracy's curves: training smoothed, training and validation per epoch."""
        return (
            new_curve(plot, self.tr("training (smoothed)"), TRAIN_COLOUR),
            new_curve(plot, self.tr("training, per epoch"), TRAIN_COLOUR, width=0, symbol="o"),
            new_curve(plot, self.tr("validation, per epoch"), VALIDATION_COLOUR, symbol="s"),
        )

    def _build(self) -> None:
        epoch = self.tr("Epoch")
        self.loss_plot = new_plot(self.tr("Loss (cross-entropy)"), epoch)
        self.accuracy_plot = new_plot(self.tr("Accuracy (%)"), epoch)
        self.gradient_plot = new_plot(self.tr("Gradient norm (L2)"), epoch)
        self.accuracy_plot.setXLink(self.loss_plot)
        self.gradient_plot.setXLink(self.loss_plot)
        # One legend above the three plots instead of one inside each: the curves mean the
        # same in all three, and legends inside the plots covered the curves.
        self.legend = MetricsLegend()

        self.batch_loss_curve = new_curve(self.loss_plot, None, TRAIN_COLOUR, width=1, alpha=60)
        self.smooth_loss_curve, self.epoch_loss_curve, self.val_loss_curve = self._training_curves(
            self.loss_plot
        )
        self.smooth_acc_curve, self.epoch_acc_curve, self.val_acc_curve = self._training_curves(
            self.accuracy_plot
        )
        self.gradient_curve = new_curve(
            self.gradient_plot, self.tr("gradient norm"), GRADIENT_COLOUR, width=1.5
        )
        self.overlays = RunOverlays(self.loss_plot, self.accuracy_plot, self.gradient_plot)
        self.readout = HoverReadout(
            (self.loss_plot, self.accuracy_plot, self.gradient_plot), self.curves
        )

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

        options = QHBoxLayout()
        options.addWidget(self.log_loss)
        options.addWidget(self.log_gradient)
        options.addStretch(1)
        self.plots = QWidget()
        self.plots.setAutoFillBackground(True)  # exported PNGs get the window's background
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
        self.figure = register_figure(self.plots, self.tr("Training curves"))
        register_figure(self.loss_plot, self.tr("Loss"))
        register_figure(self.accuracy_plot, self.tr("Accuracy"))
        register_figure(self.gradient_plot, self.tr("Gradient norm"))
        attach_look_for(self.plots, "train.loss", "train.accuracy", "train.gradient_norm")

    def _set_empty_ranges(self, epochs: int) -> None:
        """Sensible axes before any point exists, so that empty plots still read well."""
        self.loss_plot.setXRange(0, max(1, epochs), padding=0.02)
        self.loss_plot.setYRange(0, 2.5, padding=0)
        self.accuracy_plot.setYRange(0, 100, padding=0)
        self.gradient_plot.setYRange(-1, 1, padding=0)  # log10: 0.1 to 10

    # ------------------------------------------------------------------ data in

    def clear(self, epochs: int = 1) -> None:
        """Forget the current run's curves (a new run starts)."""
        self.curves.clear()
        self._drawn_epochs = [-1] * PLOTS
        self.empty_hint.setVisible(True)
        self._set_empty_ranges(epochs)
        self._dirty = [True] * PLOTS

    def load_run(
        self, history: Sequence[Mapping[str, Any]], batches: Mapping[str, np.ndarray] | None
    ) -> None:
        """Show a stored run as the current one (a resumed run's past)."""
        self.clear()
        if batches is not None:
            self.curves.extend_batches(batches)
        for entry in history:
            self.append_epoch(entry)

    def append_batch(self, record: BatchProgress) -> None:
        """A progress record: one point per curve (drawn at the next timer tick)."""
        self.curves.append_batch(
            {
                "epoch": record.epoch - 1 + record.epoch_fraction,
                "step": record.global_step,
                "loss": record.loss,
                "acc": record.acc,
                "running_acc": record.running_acc,
                "grad_norm": record.grad_norm,
                "lr": record.lr,
            }
        )
        self._dirty = [True] * PLOTS

    def append_epoch(self, figures: Mapping[str, Any]) -> None:
        """An epoch's figures (EpochResult.to_dict() or a stored history entry)."""
        self.curves.append_epoch(figures)
        self._dirty = [True] * PLOTS

    @property
    def history(self) -> list[dict[str, Any]]:
        """The current run's per-epoch figures."""
        return self.curves.history

    def batch_columns(self) -> dict[str, np.ndarray]:
        """The current run's per-batch curves (copies), as core.run.runs stores them."""
        return self.curves.batch_columns()

    def point_count(self) -> dict[str, int]:
        """Points drawn per curve (what a person sees; tests check it)."""
        if any(self._dirty):
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
        """Draw stored runs beside the current one (see RunOverlays.show)."""
        self.overlays.show(runs)
        self.legend.show_runs([run.name for run in runs])
        self._dirty = [True] * PLOTS

    def legend_text(self) -> str:
        """The legend as plain text."""
        return self.legend.plain_text()

    def overlay_names(self) -> list[str]:
        """Legend names of the overlaid curves."""
        return self.overlays.names()

    # ------------------------------------------------------------------ drawing

    def _on_redraw_timer(self) -> None:
        plot = self._turn
        self._turn = (self._turn + 1) % PLOTS
        if self._dirty[plot]:
            self._redraw_plot(plot)

    def redraw(self) -> None:
        """Push the columns into the curves of all three plots (normally the timer's job)."""
        for plot in range(PLOTS):
            self._redraw_plot(plot)

    def _redraw_plot(self, plot: int) -> None:
        """Push the columns into one plot's curves: 0 loss, 1 accuracy, 2 gradient norm."""
        self._dirty[plot] = False
        batches, epochs = self.curves.batches, self.curves.epochs
        x = batches["epoch"]
        # The per-epoch markers: a few points, changed once an epoch.
        new_epochs = epochs.count != self._drawn_epochs[plot]
        self._drawn_epochs[plot] = epochs.count
        if plot == 0:
            self.batch_loss_curve.setData(x, batches["loss"])
            self.smooth_loss_curve.setData(x, batches["smooth_loss"])
            if new_epochs:
                self.epoch_loss_curve.setData(epochs["epoch"], epochs["loss"])
                self.val_loss_curve.setData(epochs["epoch"], epochs["val_loss"])
        elif plot == 1:
            self.smooth_acc_curve.setData(x, 100 * batches["smooth_acc"])
            if new_epochs:
                self.epoch_acc_curve.setData(epochs["epoch"], epochs["acc"])
                self.val_acc_curve.setData(epochs["epoch"], epochs["val_acc"])
        else:
            self.gradient_curve.setData(x, batches["grad_norm"])
        has_points = not self.curves.is_empty or bool(self.overlays.items())
        if plot == 0:
            self.empty_hint.setVisible(not has_points)
        if has_points:
            self._fit_ranges(plot)

    def _fit_ranges(self, plot: int) -> None:
        """Fit one plot's axes to the data in steps, not on every redraw.

        Auto-ranging moved the axes at every redraw, and re-rendering six axes five times a
        second was most of the window's work during training. Here x grows a whole epoch at a
        time (the loss plot's x axis; the others are linked to it) and y changes only when the
        data leaves its range or shrinks well inside it.
        """
        if plot == 0:
            x_values = [self.curves.batches["epoch"], self.curves.epochs["epoch"]]
            x_values += [item.xData for item in self.overlays.items() if item.xData is not None]
            self.loss_plot.setXRange(0, whole_epochs(x_values), padding=0.02)
        log_loss, log_gradient = self.log_loss.isChecked(), self.log_gradient.isChecked()
        no_limits: tuple[float | None, float | None] = (None, None)
        view, log, limits = (
            (self.loss_plot, log_loss, no_limits if log_loss else (0.0, None)),
            (self.accuracy_plot, False, (0.0, 100.0)),
            (self.gradient_plot, log_gradient, no_limits if log_gradient else (0.0, None)),
        )[plot]
        faint = {self.batch_loss_curve}  # raw batch losses spike: they may be clipped
        values = [
            item.yData
            for item in view.getPlotItem().listDataItems()
            if item.isVisible() and item not in faint and item.yData is not None
        ]
        fit_y(view, values, log, limits)

    def _on_log_loss_toggled(self, checked: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(y=checked)
        self.redraw()

    def _on_log_gradient_toggled(self, checked: bool) -> None:
        self.gradient_plot.getPlotItem().setLogMode(y=checked)
        self.redraw()

    # ------------------------------------------------------------------ read-out

    def show_readout_at(self, epoch: float) -> None:
        """Show the figures nearest to `epoch` (x) and a cursor line there."""
        self.readout.show_at(epoch)
