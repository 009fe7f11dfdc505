"""What a run is steered and built with: pause/stop control, device, optimizer, schedule, state.

TrainingControl is shared by the thread that trains and the one that asks it to pause or stop;
the rest is what train() and the session build before the first batch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.numerics import flush_denormals
from lstm_gui.core.run.checkpoint import Checkpoint


class TrainingControl:
    """Flags set from any thread (the GUI's, a signal handler) and read between batches."""

    def __init__(self) -> None:
        self._running = threading.Event()
        self._running.set()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending_lr: float | None = None

    def pause(self) -> None:
        """Hold training after the current batch."""
        self._running.clear()

    def resume(self) -> None:
        """Continue a paused run."""
        self._running.set()

    def stop(self) -> None:
        """End the run after the current batch, keeping what was trained."""
        self._stop.set()
        self._running.set()

    @property
    def paused(self) -> bool:
        """True while paused."""
        return not self._running.is_set()

    @property
    def stopped(self) -> bool:
        """True once stop() was called."""
        return self._stop.is_set()

    def set_lr(self, lr: float) -> None:
        """Use this learning rate from the next batch on."""
        if not 1e-7 <= lr <= 10.0:
            raise ConfigError(f"learning rate must be between 1e-07 and 10, not {lr!r}.")
        with self._lock:
            self._pending_lr = lr

    def take_lr(self) -> float | None:
        """The learning rate asked for since the last call, if any."""
        with self._lock:
            lr, self._pending_lr = self._pending_lr, None
            return lr

    def wait_while_paused(self) -> None:
        """Block while paused; return at once when running or stopped."""
        self._running.wait()


def prepare_thread(config: TrainConfig) -> None:
    """Set the calling thread up to train: denormals flushed and its PyTorch thread count.

    Both settings belong to a thread (a CPU flag and OpenMP's per-thread count), and PyTorch's
    helper threads copy them at the thread's first parallel operation: call this in the thread
    that will train, before any tensor work. `session.prepare_run` does, and nothing else in
    the app needs to.
    """
    flush_denormals()
    # The run's thread count, or the default every run records (`or 1` is for the type only).
    torch.set_num_threads(config.with_run_defaults().torch_threads or 1)


def select_device(name: str = "auto") -> torch.device:
    """The torch device for a setting: auto picks CUDA, then Apple's MPS, then the CPU."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError("CUDA was asked for but no CUDA GPU is available; choose cpu or auto.")
    if name == "mps" and not torch.backends.mps.is_available():
        raise ConfigError("MPS was asked for but this machine has none; choose cpu or auto.")
    return torch.device(name)


def make_optimizer(model: nn.Module, config: TrainConfig) -> torch.optim.Optimizer:
    """The optimizer named by the settings."""
    if config.optimizer == "adam":
        return torch.optim.Adam(model.parameters(), lr=config.lr)
    if config.optimizer == "rmsprop":
        return torch.optim.RMSprop(model.parameters(), lr=config.lr)
    return torch.optim.SGD(model.parameters(), lr=config.lr, momentum=0.9)


def make_scheduler(
    optimizer: torch.optim.Optimizer, config: TrainConfig
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """The learning-rate schedule, stepped once per epoch (None for a constant rate)."""
    if config.lr_schedule == "step":
        step = max(1, config.epochs // 4)
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=step, gamma=0.5)
    if config.lr_schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=config.epochs)
    return None


@dataclass(frozen=True)
class CheckpointPaths:
    """Where a run saves `latest` (every epoch and at the end) and `best` (by val accuracy)."""

    latest: Path
    best: Path

    @classmethod
    def beside(cls, latest: str | Path) -> CheckpointPaths:
        """`best` next to `latest`: run/latest.safetensors -> run/best.safetensors."""
        latest = Path(latest)
        if latest.stem == "latest":
            return cls(latest, latest.with_name(f"best{latest.suffix}"))
        return cls(latest, latest.with_name(f"{latest.stem}.best{latest.suffix or '.safetensors'}"))


@dataclass
class TrainingState:
    """Where a run stands; enough to resume it."""

    epochs_done: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    best_val_acc: float | None = None
    optimizer_state: dict[str, Any] | None = None

    @classmethod
    def from_checkpoint(cls, checkpoint: Checkpoint) -> TrainingState:
        """Resume from a saved run."""
        return cls(
            checkpoint.epochs_done,
            list(checkpoint.history),
            checkpoint.best_val_acc,
            checkpoint.optimizer_state,
        )
