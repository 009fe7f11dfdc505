"""Frozen records the trainer yields; the CLI prints them and the GUI plots them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from lstm_gui.core.choices import ClosedSet


class RunStatus(ClosedSet):
    """How a run stands or ended; stored in checkpoints as the plain string."""

    TRAINING = "training"  # saved mid-run (interrupted, unless it is running now)
    COMPLETED = "completed"
    STOPPED = "stopped"  # by the person; what was trained is kept
    DIVERGED = "diverged"  # the loss became NaN or infinite; the last good weights are kept
    CANCELLED = "cancelled"  # ended before training began (the download was cancelled)


@dataclass(frozen=True)
class BatchProgress:
    """A few batches into an epoch: running figures since the epoch began."""

    epoch: int  # 1-based
    epochs: int
    batch: int  # 1-based, batches done in this epoch
    batches: int  # batches per epoch
    global_step: int  # batches done in the whole run
    loss: float  # mean loss of the batches since the previous record
    acc: float  # accuracy of the batches since the previous record, 0..1
    running_loss: float  # mean loss of this epoch so far
    running_acc: float  # accuracy of this epoch so far, 0..1
    grad_norm: float  # global L2 norm of the gradients of the last batch (before clipping)
    samples_per_s: float
    lr: float

    @property
    def epoch_fraction(self) -> float:
        """Fraction of the current epoch done, 0..1."""
        return self.batch / self.batches


# The per-batch curves a run keeps and plots: BatchProgress figures by step.
BATCH_COLUMNS = ("epoch", "step", "loss", "acc", "running_acc", "grad_norm", "lr")


@dataclass(frozen=True)
class EvalResult:
    """Loss, accuracy and confusion matrix on a labelled set."""

    loss: float
    acc: float
    confusion: np.ndarray  # [true class, predicted class] counts
    predictions: np.ndarray  # (samples,) int64: the predicted class of every sample, in order

    @property
    def samples(self) -> int:
        """Number of samples evaluated."""
        return int(self.confusion.sum())


@dataclass(frozen=True)
class EvaluationProgress:
    """Samples evaluated so far; `result` is set on the last record, when all are done."""

    done: int
    total: int
    result: EvalResult | None = None


@dataclass(frozen=True)
class EpochResult:
    """One epoch done: training and validation figures."""

    epoch: int
    epochs: int
    loss: float
    acc: float
    val_loss: float
    val_acc: float
    train_seconds: float  # training only, without evaluation
    seconds: float  # training and evaluation
    samples_per_s: float  # training samples per second of training time
    lr: float
    confusion: np.ndarray
    predictions: np.ndarray  # the predicted class of every validation sample (for galleries)
    # Gradient through time after this epoch: for each step t, the mean over a fixed probe
    # batch (core.inside.gradients.PROBE_SAMPLES test images) of ||dL/dx_t||; () when not measured.
    step_gradient_norms: tuple[float, ...] = ()
    # The same before training; only on a new run's first epoch.
    initial_step_gradient_norms: tuple[float, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able figures (no confusion matrix, no predictions).

        Gradient profiles keep PROFILE_DIGITS significant digits; the profile before training
        appears only when there is one.
        """
        values = {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name not in ("confusion", "predictions", "initial_step_gradient_norms")
        }
        values["step_gradient_norms"] = rounded_profile(self.step_gradient_norms)
        if self.initial_step_gradient_norms is not None:
            values["initial_step_gradient_norms"] = rounded_profile(
                self.initial_step_gradient_norms
            )
        return values


# Significant digits of a stored gradient profile: plenty for a plot, and 784 steps x many
# epochs stay small in a checkpoint's header.
PROFILE_DIGITS = 4


def rounded_profile(norms: Any) -> list[float]:
    """A gradient profile to PROFILE_DIGITS significant digits, as JSON and files keep it."""
    return [float(f"{float(value):.{PROFILE_DIGITS}g}") for value in norms]


@dataclass(frozen=True)
class RunFinished:
    """The run ended: completed, stopped by the user, or diverged (last good weights kept)."""

    status: RunStatus
    epochs_done: int
    message: str = ""


@dataclass(frozen=True)
class DownloadProgress:
    """Bytes of one dataset file downloaded so far (total 0 when unknown)."""

    filename: str
    done: int
    total: int


Progress = BatchProgress | EpochResult | RunFinished


class TimeLeft:
    """Estimates the seconds left in the current epoch and in the run, as records arrive.

    Speed is smoothed so that the estimate does not jump with every record, and the time
    the test-set evaluation takes after each epoch is learnt from the first one.
    """

    def __init__(self, batch_size: int) -> None:
        self._batch_size = batch_size
        self._samples_per_s: float | None = None
        self._eval_seconds = 0.0

    def update(
        self, epoch: int, epochs: int, batch: int, batches: int, samples_per_s: float
    ) -> tuple[float, float]:
        """Seconds left in the epoch (its training) and in the run (training and testing)."""
        if self._samples_per_s is None:
            self._samples_per_s = samples_per_s
        else:
            self._samples_per_s = 0.8 * self._samples_per_s + 0.2 * samples_per_s
        speed = max(self._samples_per_s, 1e-9)
        epoch_left = (batches - batch) * self._batch_size / speed
        whole_epoch = batches * self._batch_size / speed + self._eval_seconds
        run_left = epoch_left + self._eval_seconds + (epochs - epoch) * whole_epoch
        return epoch_left, run_left

    def epoch_finished(self, eval_seconds: float) -> None:
        """Learn how long evaluating an epoch takes."""
        self._eval_seconds = eval_seconds
