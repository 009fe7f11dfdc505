"""A run's curves as it trains: growing columns, smoothing, and the arithmetic plots need.

Qt-free and torch-free, so that the curves a window draws can be computed and tested without
a display; the widgets in gui/train only push these arrays into pyqtgraph items.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# The smoothed curves average over about this fraction of an epoch (an exponential moving
# average whose weight follows the spacing of the records, so short and long runs look alike).
SMOOTHING_EPOCHS = 0.05

# Per-epoch figures as plotted: accuracies in percent.
EPOCH_COLUMNS = ("epoch", "loss", "acc", "val_loss", "val_acc")
SMOOTHED_COLUMNS = ("smooth_loss", "smooth_acc")


class ColumnBuffer:
    """Columns of floats that grow by doubling; views of the filled part for plotting."""

    def __init__(self, names: Sequence[str], capacity: int = 1024) -> None:
        self._columns = {name: np.full(capacity, np.nan) for name in names}
        self.count = 0

    def append(self, **values: float) -> None:
        """One row; columns not named get NaN."""
        unknown = values.keys() - self._columns.keys()
        if unknown:
            raise KeyError(f"no such columns: {sorted(unknown)}")
        capacity = len(next(iter(self._columns.values())))
        if self.count == capacity:
            for name, column in self._columns.items():
                grown = np.full(2 * capacity, np.nan)
                grown[:capacity] = column
                self._columns[name] = grown
        for name in self._columns:
            self._columns[name][self.count] = values.get(name, math.nan)
        self.count += 1

    def __getitem__(self, name: str) -> np.ndarray:
        return self._columns[name][: self.count]

    def clear(self) -> None:
        """Forget every row (the storage is kept for the next run)."""
        self.count = 0


def smoothing_weight(spacing: float, smoothing_epochs: float = SMOOTHING_EPOCHS) -> float:
    """Weight of a new value in the moving average, for records `spacing` epochs apart."""
    return 1.0 - math.exp(-max(spacing, 0.0) / smoothing_epochs)


def positive_or_nan(values: np.ndarray) -> np.ndarray:
    """The values with zeros and negatives as NaN: gaps, since a log axis cannot show them."""
    values = np.asarray(values, dtype=float)
    return np.where(values > 0, values, np.nan)


class RunCurves:
    """One run's curves: per-batch columns with smoothed loss and accuracy, per-epoch figures."""

    def __init__(self, batch_columns: Sequence[str]) -> None:
        self.batch_names = tuple(batch_columns)
        self.batches = ColumnBuffer((*self.batch_names, *SMOOTHED_COLUMNS))
        self.epochs = ColumnBuffer(EPOCH_COLUMNS)
        self._history: list[dict[str, Any]] = []

    def clear(self) -> None:
        """Forget every point (a new run starts)."""
        self.batches.clear()
        self.epochs.clear()
        self._history = []

    def append_batch(self, values: Mapping[str, float]) -> None:
        """One progress record: a value for each batch column, `epoch` fractional."""
        batches = self.batches
        row = {name: float(values[name]) for name in self.batch_names}
        epoch, loss, acc = row["epoch"], row["loss"], row["acc"]
        if batches.count and math.isfinite(batches["smooth_loss"][-1]) and math.isfinite(loss):
            weight = smoothing_weight(epoch - batches["epoch"][-1])
            smooth_loss = (1 - weight) * batches["smooth_loss"][-1] + weight * loss
            smooth_acc = (1 - weight) * batches["smooth_acc"][-1] + weight * acc
        else:  # the first point, or the first after a diverged one: start afresh
            smooth_loss, smooth_acc = loss, acc
        if "grad_norm" in row and not row["grad_norm"] > 0:
            row["grad_norm"] = math.nan  # log axis: no zeros
        batches.append(**row, smooth_loss=smooth_loss, smooth_acc=smooth_acc)

    def extend_batches(self, columns: Mapping[str, np.ndarray]) -> None:
        """Stored per-batch curves (core.run.runs' columns), row by row as they were recorded."""
        for index in range(len(columns["epoch"])):
            self.append_batch({name: float(columns[name][index]) for name in self.batch_names})

    def append_epoch(self, figures: Mapping[str, Any]) -> None:
        """An epoch's figures (EpochResult.to_dict() or a stored history entry)."""
        self._history.append(dict(figures))
        self.epochs.append(
            epoch=float(figures["epoch"]),
            loss=float(figures.get("loss", math.nan)),
            acc=100 * float(figures.get("acc", math.nan)),
            val_loss=float(figures.get("val_loss", math.nan)),
            val_acc=100 * float(figures.get("val_acc", math.nan)),
        )

    @property
    def history(self) -> list[dict[str, Any]]:
        """The per-epoch figures as they came (copies of the list, not of the entries)."""
        return list(self._history)

    def batch_columns(self) -> dict[str, np.ndarray]:
        """The per-batch curves (copies), as core.run.runs stores them."""
        return {name: self.batches[name].copy() for name in self.batch_names}

    @property
    def is_empty(self) -> bool:
        """True before the first batch or epoch."""
        return not (self.batches.count or self.epochs.count)

    def nearest_batch(self, epoch: float) -> int | None:
        """Index of the record nearest to `epoch` (x), None when there is none."""
        x = self.batches["epoch"]
        if not len(x):
            return None
        index = int(np.clip(np.searchsorted(x, epoch), 0, len(x) - 1))
        if index > 0 and abs(x[index - 1] - epoch) < abs(x[index] - epoch):
            index -= 1
        return index

    def nearest_epoch(self, epoch: float, within: float = 0.25) -> int | None:
        """Index of the epoch end within `within` epochs of `epoch`, None when none is."""
        epochs = self.epochs["epoch"]
        if not len(epochs):
            return None
        nearest = int(np.argmin(np.abs(epochs - epoch)))
        return nearest if abs(epochs[nearest] - epoch) < within else None


@dataclass(frozen=True)
class OverlayRun:
    """A stored run drawn beside the current one."""

    name: str
    history: Sequence[Mapping[str, Any]]
    batches: Mapping[str, np.ndarray] | None


@dataclass(frozen=True)
class OverlayCurves:
    """What an overlaid run contributes: validation per epoch (percent), gradient norms."""

    epochs: np.ndarray
    val_loss: np.ndarray
    val_acc: np.ndarray
    gradient: tuple[np.ndarray, np.ndarray] | None  # (epoch, norm), None without batch curves


def overlay_curves(run: OverlayRun) -> OverlayCurves:
    """The curves of a stored run; gradient norms only when it kept per-batch curves."""
    history = run.history
    gradient = None
    if run.batches is not None and len(run.batches["epoch"]):
        gradient = (
            np.asarray(run.batches["epoch"], dtype=float),
            positive_or_nan(run.batches["grad_norm"]),
        )
    return OverlayCurves(
        epochs=np.array([float(h["epoch"]) for h in history]),
        val_loss=np.array([float(h.get("val_loss", math.nan)) for h in history]),
        val_acc=np.array([100 * float(h.get("val_acc", math.nan)) for h in history]),
        gradient=gradient,
    )


def whole_epochs(x_values: Iterable[np.ndarray]) -> float:
    """The x extent that shows every point, in whole epochs (at least one)."""
    x_max = max((float(np.nanmax(v)) for v in x_values if len(v)), default=1.0)
    return max(1.0, math.ceil(x_max - 1e-9))


# How far past the data a range reaches on the side the data left it, as a share of the data's
# span: a curve that keeps falling (loss) or rising (accuracy) then stays inside for a while.
HEADROOM = 0.3


def refitted_range(
    values: Iterable[np.ndarray],
    current: tuple[float, float],
    log: bool,
    limits: tuple[float | None, float | None] = (None, None),
) -> tuple[float, float] | None:
    """A new y range when the data left `current` or fills less than 40% of it; else None.

    Ranges in log10 units when `log` (as pyqtgraph's log axes take them). Changing the range
    only in steps keeps the axes still while a run trains: every change re-renders them and
    repaints the plot. The new range pads the data by 12% of its span; on a side the data
    left, it reaches HEADROOM further, but not past `limits` (values the data cannot pass,
    such as 0 and 100 for an accuracy in percent) plus that padding.
    """
    finite = [np.asarray(v, dtype=float) for v in values if len(v)]
    data = np.concatenate(finite) if finite else np.zeros(0)
    if log:
        data = np.log10(data[data > 0])
    data = data[np.isfinite(data)]
    if not len(data):
        return None
    low, high = float(data.min()), float(data.max())
    current_low, current_high = current
    span = max(high - low, 1e-6 if not log else 0.05)
    too_wide = (current_high - current_low) > span / 0.4
    if not (low < current_low or high > current_high or too_wide):
        return None
    padding = 0.12 * span
    new_low, new_high = low - padding, high + padding
    lower, upper = limits
    if low < current_low:
        reach = new_low - HEADROOM * span
        new_low = min(new_low, max(reach, lower - padding)) if lower is not None else reach
    if high > current_high:
        reach = new_high + HEADROOM * span
        new_high = max(new_high, min(reach, upper + padding)) if upper is not None else reach
    return new_low, new_high
