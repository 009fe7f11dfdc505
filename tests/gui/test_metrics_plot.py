"""MetricsPlot on its own: buffers, smoothing, ranges, hover read-out, log scales, overlays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from lstm_gui.core.run.curves import RunCurves
from lstm_gui.core.run.progress import BatchProgress
from lstm_gui.gui.train.metrics_plot import MetricsPlot, OverlayRun


@pytest.fixture
def plot(qtbot: Any) -> MetricsPlot:
    widget = MetricsPlot()
    qtbot.addWidget(widget)
    widget.resize(600, 600)
    widget.show()
    return widget


def append(
    plot: MetricsPlot,
    epoch: int,
    batch: int,
    batches: int,
    step: int,
    loss: float,
    acc: float,
    grad_norm: float,
    lr: float,
) -> None:
    """One progress record, as the trainer would yield it (interval and running figures equal)."""
    plot.append_batch(
        BatchProgress(
            epoch=epoch,
            epochs=max(epoch, 3),
            batch=batch,
            batches=batches,
            global_step=step,
            loss=loss,
            acc=acc,
            running_loss=loss,
            running_acc=acc,
            grad_norm=grad_norm,
            samples_per_s=1000.0,
            lr=lr,
        )
    )


def feed(plot: MetricsPlot, records: int, batches: int = 100) -> None:
    for index in range(1, records + 1):
        batch = index * batches // records
        append(
            plot,
            1,
            batch,
            batches,
            batch,
            2.0 / index,
            0.5 + 0.4 * index / records,
            1.0 + index,
            0.001,
        )


def test_buffers_grow_past_their_first_capacity(plot: MetricsPlot) -> None:
    for step in range(1, 3001):
        append(
            plot, 1 + (step - 1) // 1000, (step - 1) % 1000 + 1, 1000, step, 1.0, 0.5, 2.0, 0.001
        )
    assert plot.point_count()["batch_loss"] == 3000
    columns = plot.batch_columns()
    assert columns["epoch"][-1] == pytest.approx(3.0)
    assert columns["step"][-1] == 3000


def test_hover_reads_the_nearest_values(plot: MetricsPlot) -> None:
    feed(plot, 10)
    plot.append_epoch({"epoch": 1, "loss": 0.5, "acc": 0.8, "val_loss": 0.4, "val_acc": 0.875})
    plot.show_readout_at(0.49)
    text = plot.readout.text()
    assert text.startswith("Epoch 0.49")
    assert "loss 0.4000" in text  # the record at epoch 0.5: loss 2 / 5
    assert "gradient norm 6.0000" in text
    assert "learning rate 0.0010" in text
    plot.show_readout_at(0.95)
    assert "validation after epoch 1: loss 0.4000, accuracy 87.50%" in plot.readout.text()


def test_smoothing_follows_the_spacing_of_records(plot: MetricsPlot) -> None:
    feed(plot, 4, batches=4)  # records a quarter epoch apart: little smoothing
    smooth = plot.curves.batches["smooth_loss"]  # what the smoothed curve shows
    assert smooth[-1] == pytest.approx(0.5, abs=0.01)


def test_log_scales_toggle(plot: MetricsPlot) -> None:
    feed(plot, 10)
    assert plot.gradient_plot.getPlotItem().getAxis("left").logMode
    plot.log_loss.setChecked(True)
    assert plot.loss_plot.getPlotItem().getAxis("left").logMode
    low, high = plot.loss_plot.getPlotItem().vb.viewRange()[1]
    assert low < np.log10(0.2) and high > np.log10(2.0)  # fitted in log10 units
    plot.log_loss.setChecked(False)
    assert not plot.loss_plot.getPlotItem().getAxis("left").logMode


def test_ranges_follow_the_data_in_steps(plot: MetricsPlot) -> None:
    feed(plot, 10)
    plot.redraw()
    x_low, x_high = plot.loss_plot.getPlotItem().vb.viewRange()[0]
    assert x_low <= 0 and 1 <= x_high < 1.1  # a whole epoch
    y_range = plot.accuracy_plot.getPlotItem().vb.viewRange()[1]
    append(plot, 2, 10, 100, 110, 0.1, 0.91, 2.0, 0.001)
    plot.redraw()
    assert plot.accuracy_plot.getPlotItem().vb.viewRange()[1] == y_range  # still inside


class PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_a_redraw_that_moves_the_ranges_repaints_each_plot_once(
    plot: MetricsPlot, qtbot: Any, settle: Callable[[], None]
) -> None:
    feed(plot, 10)
    plot.redraw()
    settle()
    views = (plot.loss_plot, plot.accuracy_plot)
    counters = [PaintCounter(view.viewport()) for view in views]
    y_ranges = [view.getPlotItem().vb.viewRange()[1] for view in views]
    # Far outside both ranges, even smoothed: both plots refit their y axes. (The gradient
    # norm stays put: a wider tick label would re-lay its plot out, a repaint of its own.)
    for batch in range(91, 101):
        append(plot, 1, batch, 100, batch, 50.0, 0.0, 2.0, 0.001)
    plot.redraw()
    qtbot.waitUntil(lambda: min(counter.count for counter in counters) >= 1, timeout=10_000)
    settle()  # and any repaint that the first one asks for
    assert all(
        view.getPlotItem().vb.viewRange()[1] != before
        for view, before in zip(views, y_ranges, strict=True)
    )
    # pyqtgraph moves the curves to a new range when it paints, which asked for a second
    # repaint of the whole plot right after the first.
    assert [counter.count for counter in counters] == [1, 1]


def test_the_three_plots_take_turns_to_take_in_new_records(plot: MetricsPlot) -> None:
    feed(plot, 10)
    plot.redraw()
    curves = (plot.smooth_loss_curve, plot.smooth_acc_curve, plot.gradient_curve)
    assert [len(curve.xData) for curve in curves] == [10, 10, 10]
    append(plot, 1, 100, 100, 100, 0.15, 0.91, 11.0, 0.001)
    drawn = []
    for _ in range(3):  # what the redraw timer does at each tick
        plot._on_redraw_timer()
        drawn.append(sorted(len(curve.xData) for curve in curves))
    # One plot per tick (painting all three at once was the longest pause while training).
    assert drawn == [[10, 10, 11], [10, 11, 11], [11, 11, 11]]


def test_a_moving_curve_does_not_repaint_the_axes(
    plot: MetricsPlot, qtbot: Any, settle: Callable[[], None]
) -> None:
    feed(plot, 10)
    plot.redraw()
    settle()
    axes = [plot.loss_plot.getPlotItem().getAxis(side) for side in ("left", "bottom")]
    painted: list[str] = []
    for axis in axes:
        original = axis.paint
        axis.paint = lambda *args, axis=axis, original=original: (
            painted.append(axis.orientation),
            original(*args),
        )
    loss_range = plot.loss_plot.getPlotItem().vb.viewRange()
    repainted = PaintCounter(plot.loss_plot.viewport())
    append(plot, 1, 100, 100, 100, 0.15, 0.91, 11.0, 0.001)  # inside the current ranges
    plot.redraw()
    qtbot.waitUntil(lambda: repainted.count >= 1, timeout=10_000)  # the curve was repainted
    settle()
    assert plot.loss_plot.getPlotItem().vb.viewRange() == loss_range
    assert plot.point_count()["batch_loss"] == 11
    assert painted == []


def test_overlays_are_drawn_and_listed(plot: MetricsPlot) -> None:
    history = [
        {"epoch": 1, "val_loss": 0.5, "val_acc": 0.9},
        {"epoch": 2, "val_loss": 0.4, "val_acc": 0.92},
    ]
    batches = {"epoch": np.array([0.5, 1.0]), "grad_norm": np.array([1.0, 0.0])}
    plot.set_overlays([OverlayRun("GRU", history, batches), OverlayRun("RNN", history, None)])
    assert plot.overlay_names() == [
        "GRU (validation)",
        "GRU (validation)",
        "GRU",
        "RNN (validation)",
        "RNN (validation)",
    ]
    assert "GRU (validation)" in plot.legend_text()
    plot.set_overlays([])
    assert plot.overlay_names() == []
    assert "GRU" not in plot.legend_text()


def test_png_export(plot: MetricsPlot, tmp_path: Path, dialog_log: Any) -> None:
    feed(plot, 5)
    plot.redraw()
    assert plot.figure.save(tmp_path / "plot.png")
    assert QImage(str(tmp_path / "plot.png")).size() == 2 * plot.plots.size()
    assert not plot.figure.save(tmp_path / "missing-folder" / "plot.png")
    assert len(dialog_log.errors) == 1


def test_the_plot_draws_the_curves_it_is_given(qtbot: Any) -> None:
    curves = RunCurves(MetricsPlot.BATCH_COLUMNS)
    curves.append_epoch({"epoch": 1, "loss": 0.5, "acc": 0.8, "val_loss": 0.4, "val_acc": 0.9})
    widget = MetricsPlot(curves=curves)
    qtbot.addWidget(widget)
    assert widget.point_count() == {"batch_loss": 0, "val_loss": 1, "val_acc": 1, "gradient": 0}
    assert widget.val_acc_curve.yData.tolist() == [90.0]  # percent
    assert widget.history == curves.history
