"""A run's gradient-through-time profiles, epoch by epoch, ready for a log-scale heatmap.

Profiles hold exact zeros where a gradient fell below float32's range (denormals are flushed
on the CPU). A log scale cannot draw zero, so the log view puts them at the smallest positive
value it shows and says which they are (`zeros`), rather than leaving a hole or a NaN.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lstm_gui.core.run.progress import EpochResult

# Where a profile of zeros only is drawn: float32's smallest normal number, the edge of what
# a flushed computation can hold.
FLOAT32_FLOOR = float(np.finfo(np.float32).tiny)


@dataclass(frozen=True)
class LogProfiles:
    """log10 of profiles with the zeros shown at `floor` (zeros marks where they were)."""

    values: np.ndarray  # (E, T) log10(max(norm, floor))
    zeros: np.ndarray  # (E, T) bool: the norm was exactly 0
    floor: float  # the smallest positive norm shown (or FLOAT32_FLOOR when none is)


def log_profiles(norms: np.ndarray, floor: float | None = None) -> LogProfiles:
    """log10 of (E, T) norms, zeros clamped to `floor` (None: the smallest positive norm)."""
    array = np.atleast_2d(np.asarray(norms, dtype=np.float64))
    zeros = array <= 0
    if floor is None:
        positive = array[~zeros]
        floor = float(positive.min()) if positive.size else FLOAT32_FLOOR
    return LogProfiles(np.log10(np.where(zeros, floor, array)), zeros, floor)


def smallest_positive(profiles: Sequence[np.ndarray]) -> float:
    """The smallest positive norm among several profiles (FLOAT32_FLOOR when none is)."""
    positives = [float(p[p > 0].min()) for p in map(np.asarray, profiles) if (p > 0).any()]
    return min(positives) if positives else FLOAT32_FLOOR


class GradientHistory:
    """The input-gradient profile of one run at each epoch (0: before training), in order.

    Filled from the run's step_gradients.csv when a run is opened, and from its epoch records
    as it trains; an epoch recorded again (a resumed run redoing it) replaces the old row.
    """

    def __init__(self) -> None:
        self._rows: dict[int, np.ndarray] = {}

    @classmethod
    def from_folder(
        cls, folder: str | os.PathLike[str], up_to_epoch: int | None = None
    ) -> GradientHistory:
        """The profiles stored in a run folder (epochs after `up_to_epoch` left out)."""
        from lstm_gui.core.inside.gradients import load_step_gradients

        history = cls()
        loaded = load_step_gradients(folder)
        if loaded is not None:
            for epoch, norms in zip(*loaded, strict=True):
                if up_to_epoch is None or epoch <= up_to_epoch:
                    history.add(int(epoch), norms)
        return history

    def add(self, epoch: int, norms: Sequence[float] | np.ndarray) -> None:
        """Record one epoch's profile; a profile of another length starts the history anew."""
        profile = np.asarray(norms, dtype=np.float64)
        if not profile.size:
            return
        if self._rows and next(iter(self._rows.values())).shape != profile.shape:
            self._rows = {}
        self._rows = {e: row for e, row in self._rows.items() if e < epoch}
        self._rows[epoch] = profile

    def add_result(self, result: EpochResult) -> None:
        """Record an epoch's profile, and the one before training when the record has it."""
        if result.initial_step_gradient_norms is not None:
            self.add(0, result.initial_step_gradient_norms)
        self.add(result.epoch, result.step_gradient_norms)

    @property
    def epochs(self) -> np.ndarray:
        """(E,) the epochs recorded, ascending."""
        return np.array(sorted(self._rows), dtype=np.int64)

    @property
    def norms(self) -> np.ndarray:
        """(E, T) the profiles, one row per epoch in `epochs` order; (0, 0) when empty."""
        if not self._rows:
            return np.zeros((0, 0))
        return np.stack([self._rows[epoch] for epoch in sorted(self._rows)])

    @property
    def latest(self) -> np.ndarray | None:
        """The last epoch's profile, or None."""
        return self._rows[max(self._rows)] if self._rows else None

    def __len__(self) -> int:
        return len(self._rows)


def latest_profile(folder: str | os.PathLike[str], history: Sequence[dict]) -> np.ndarray | None:
    """A stored run's last profile: from its step_gradients.csv, else its checkpoint history."""
    latest = GradientHistory.from_folder(folder).latest
    if latest is not None:
        return latest
    for entry in reversed(history):
        norms = entry.get("step_gradient_norms")
        if norms:
            return np.asarray(norms, dtype=np.float64)
    return None
