"""core.run.curves: growing columns, smoothing, nearest points, overlays and range fitting."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_gui.core.run.curves import (
    SMOOTHING_EPOCHS,
    ColumnBuffer,
    OverlayRun,
    RunCurves,
    overlay_curves,
    refitted_range,
    whole_epochs,
)

COLUMNS = ("epoch", "step", "loss", "acc", "grad_norm", "lr")


def feed(curves: RunCurves, epochs: np.ndarray, losses: np.ndarray, accs: np.ndarray) -> None:
    for step, (epoch, loss, acc) in enumerate(zip(epochs, losses, accs, strict=True), start=1):
        curves.append_batch(
            {"epoch": epoch, "step": step, "loss": loss, "acc": acc, "grad_norm": 1.0, "lr": 0.1}
        )


def test_columns_grow_past_their_capacity_and_keep_every_value() -> None:
    buffer = ColumnBuffer(("a", "b"), capacity=4)
    for value in range(11):
        buffer.append(a=value, b=-value)
    assert buffer.count == 11
    np.testing.assert_array_equal(buffer["a"], np.arange(11.0))
    np.testing.assert_array_equal(buffer["b"], -np.arange(11.0))


def test_a_cleared_buffer_forgets_old_rows_and_unknown_columns_are_refused() -> None:
    buffer = ColumnBuffer(("a", "b"), capacity=2)
    buffer.append(a=1.0, b=2.0)
    buffer.clear()
    buffer.append(a=3.0)
    assert buffer["a"].tolist() == [3.0]
    assert math.isnan(buffer["b"][0])  # not the 2.0 of the run before
    with pytest.raises(KeyError):
        buffer.append(c=1.0)


def test_smoothing_is_an_average_weighted_by_the_spacing_of_records() -> None:
    rng = np.random.default_rng(0)
    epochs = np.cumsum(rng.uniform(0.001, 0.2, size=40))
    losses = rng.uniform(0.1, 2.0, size=40)
    accs = rng.uniform(0.0, 1.0, size=40)
    curves = RunCurves(COLUMNS)
    feed(curves, epochs, losses, accs)

    # Closed form of the recurrence: the first value weighs 1, each later one
    # 1 - exp(-spacing / tau), and every weight decays by exp(-(elapsed epochs) / tau).
    weights = np.concatenate([[1.0], 1.0 - np.exp(-np.diff(epochs) / SMOOTHING_EPOCHS)])
    decay = np.exp(-(epochs[:, None] - epochs[None, :]) / SMOOTHING_EPOCHS)
    mask = np.tril(np.ones((40, 40)))
    expected_loss = (mask * decay * weights[None, :]) @ losses
    expected_acc = (mask * decay * weights[None, :]) @ accs
    np.testing.assert_allclose(curves.batches["smooth_loss"], expected_loss, rtol=1e-12)
    np.testing.assert_allclose(curves.batches["smooth_acc"], expected_acc, rtol=1e-12)


def test_smoothing_starts_afresh_after_a_diverged_loss() -> None:
    curves = RunCurves(COLUMNS)
    feed(curves, np.array([0.1, 0.2, 0.3]), np.array([1.0, math.nan, 3.0]), np.full(3, 0.5))
    smooth = curves.batches["smooth_loss"]
    assert smooth[0] == 1.0 and math.isnan(smooth[1]) and smooth[2] == 3.0


def test_zero_gradient_norms_become_gaps_for_the_log_axis() -> None:
    curves = RunCurves(COLUMNS)
    for norm in (2.0, 0.0, -1.0):
        curves.append_batch(
            {"epoch": 0.5, "step": 1, "loss": 1, "acc": 0.5, "grad_norm": norm, "lr": 0.1}
        )
    norms = curves.batch_columns()["grad_norm"]
    assert norms[0] == 2.0 and np.isnan(norms[1:]).all()


def test_stored_batches_load_as_they_were_recorded() -> None:
    stored = {name: np.array([0.25, 0.5, 0.75]) * (index + 1) for index, name in enumerate(COLUMNS)}
    curves = RunCurves(COLUMNS)
    curves.extend_batches(stored)
    columns = curves.batch_columns()
    for name in COLUMNS:
        np.testing.assert_array_equal(columns[name], stored[name])
    columns["loss"][0] = 99.0  # a copy: the curves keep their values
    assert curves.batches["loss"][0] == 0.75


def test_epoch_figures_are_kept_and_accuracies_plotted_in_percent() -> None:
    curves = RunCurves(COLUMNS)
    assert curves.is_empty
    curves.append_epoch({"epoch": 1, "loss": 0.5, "acc": 0.8, "val_acc": 0.875})
    assert not curves.is_empty
    assert curves.history == [{"epoch": 1, "loss": 0.5, "acc": 0.8, "val_acc": 0.875}]
    assert curves.epochs["acc"].tolist() == [80.0]
    assert curves.epochs["val_acc"].tolist() == [87.5]
    assert math.isnan(curves.epochs["val_loss"][0])  # not recorded: a gap
    curves.clear()
    assert curves.is_empty and curves.history == []


def test_the_nearest_record_and_epoch_end_are_found() -> None:
    rng = np.random.default_rng(1)
    epochs = np.sort(rng.uniform(0, 3, size=25))
    curves = RunCurves(COLUMNS)
    assert curves.nearest_batch(1.0) is None and curves.nearest_epoch(1.0) is None
    feed(curves, epochs, np.ones(25), np.ones(25))
    for x in np.linspace(-0.5, 3.5, 81):
        index = curves.nearest_batch(x)
        assert index is not None
        assert abs(epochs[index] - x) == np.min(np.abs(epochs - x))
    for epoch in (1, 2, 3):
        curves.append_epoch({"epoch": epoch})
    assert curves.nearest_epoch(1.9) == 1
    assert curves.nearest_epoch(2.5) is None  # a quarter epoch at most


def test_overlays_carry_validation_in_percent_and_gradient_gaps() -> None:
    history = [{"epoch": 1, "val_loss": 0.5, "val_acc": 0.9}, {"epoch": 2, "val_acc": 0.92}]
    batches = {"epoch": np.array([0.5, 1.0]), "grad_norm": np.array([1.0, 0.0])}
    curves = overlay_curves(OverlayRun("GRU", history, batches))
    assert curves.epochs.tolist() == [1.0, 2.0]
    assert curves.val_acc == pytest.approx([90.0, 92.0])
    assert curves.val_loss[0] == 0.5 and math.isnan(curves.val_loss[1])
    assert curves.gradient is not None
    assert curves.gradient[0].tolist() == [0.5, 1.0]
    assert curves.gradient[1][0] == 1.0 and math.isnan(curves.gradient[1][1])
    assert overlay_curves(OverlayRun("CLI", history, None)).gradient is None


@pytest.mark.parametrize(
    ("x_values", "span"),
    [([], 1.0), ([np.array([0.3])], 1.0), ([np.array([1.0])], 1.0), ([np.array([1.2])], 2.0)],
)
def test_the_x_axis_grows_by_whole_epochs(x_values: list[np.ndarray], span: float) -> None:
    assert whole_epochs(x_values) == span


def test_the_y_range_moves_only_when_the_data_leaves_it_or_shrinks_inside_it() -> None:
    data = [np.array([1.0, 2.0]), np.array([1.5, np.nan])]
    assert refitted_range(data, (0.8, 2.2), log=False) is None  # inside, fills 71%
    low, high = refitted_range(data, (0.0, 1.5), log=False) or (0, 0)
    # Padded by 12% of the span; above, where the data left the range, 30% more.
    assert (low, high) == pytest.approx((1.0 - 0.12, 2.0 + 0.12 + 0.3))
    assert refitted_range(data, (0.0, 10.0), log=False) is not None  # fills 10%: too wide
    assert refitted_range([np.array([np.nan])], (0.0, 1.0), log=False) is None


def test_log_ranges_are_in_decades_and_ignore_zeros() -> None:
    fitted = refitted_range([np.array([0.0, 0.1, 10.0])], (0.0, 0.5), log=True)
    assert fitted == pytest.approx((-1 - 0.24 - 0.6, 1 + 0.24 + 0.6))


def test_the_headroom_stops_at_the_limits_the_data_cannot_pass() -> None:
    accuracy = [np.array([60.0, 95.0])]
    low, high = refitted_range(accuracy, (50.0, 90.0), False, limits=(0.0, 100.0)) or (0, 0)
    assert (low, high) == pytest.approx((60 - 4.2, 100 + 4.2))  # not 95 + 4.2 + 10.5
    loss = [np.array([0.05, 0.5])]
    low, high = refitted_range(loss, (0.2, 0.6), False, limits=(0.0, None)) or (0, 0)
    assert (low, high) == pytest.approx((-0.054, 0.554))  # padding only: 0 is near


def test_a_steadily_rising_curve_moves_the_axis_a_few_times_not_at_every_redraw() -> None:
    # Accuracy in percent rising from 10 to 98 over 200 redraws, as in a first epoch.
    current = (0.0, 100.0)
    changes = 0
    for count in range(2, 201):
        values = [98 - 88 * np.exp(-np.arange(count) / 40)]
        fitted = refitted_range(values, current, False, limits=(0.0, 100.0))
        if fitted is not None:
            current, changes = fitted, changes + 1
        assert current[0] <= values[0].min() and values[0].max() <= current[1]
    assert changes <= 12
