"""Frozen dataclasses for the model and the training run, with the tutorial's defaults."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from lstm_gui.core.errors import ConfigError

CELLS = ("lstm", "gru", "rnn")
DATASETS = ("mnist", "fashion-mnist", "kmnist")
SEQUENCE_VIEWS = ("rows", "pixels", "permuted")
OPTIMIZERS = ("adam", "sgd", "rmsprop")
LR_SCHEDULES = ("none", "step", "cosine")
DEVICES = ("auto", "cpu", "cuda", "mps")

IMAGE_SIDE = 28


def sequence_shape(view: str) -> tuple[int, int]:
    """Return (time steps, features per step) for a sequence view of a 28x28 image."""
    if view == "rows":
        return IMAGE_SIDE, IMAGE_SIDE
    if view in ("pixels", "permuted"):
        return IMAGE_SIDE * IMAGE_SIDE, 1
    raise ConfigError(f"Unknown sequence view {view!r}; choose one of {', '.join(SEQUENCE_VIEWS)}.")


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"Unknown {name} {value!r}; choose one of {', '.join(choices)}.")


def _check_range(name: str, value: float, low: float, high: float) -> None:
    # `not (low <= value <= high)` also rejects NaN.
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, not {value!r}.")


@dataclass(frozen=True)
class ModelConfig:
    """The network: a recurrent layer over the sequence, its last hidden state to ten classes."""

    cell: str = "lstm"
    input_size: int = IMAGE_SIDE
    hidden_size: int = 128
    num_layers: int = 1
    num_classes: int = 10
    dropout: float = 0.0
    bidirectional: bool = False
    # Keras-style initialisation: Glorot-uniform input weights, orthogonal recurrent
    # weights, zero biases with the LSTM forget gate at 1. It learns faster than PyTorch's
    # uniform default on this task (see benchmarks/README.md).
    keras_init: bool = True

    def __post_init__(self) -> None:
        _check_choice("cell", self.cell, CELLS)
        _check_range("input size", self.input_size, 1, 4096)
        _check_range("hidden size", self.hidden_size, 1, 4096)
        _check_range("layers", self.num_layers, 1, 8)
        _check_range("classes", self.num_classes, 2, 1000)
        _check_range("dropout", self.dropout, 0.0, 0.9)
        if self.dropout > 0 and self.num_layers == 1:
            raise ConfigError("Dropout acts between recurrent layers; use 2 or more layers or 0.")

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as plain JSON-able values."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ModelConfig:
        """Build from a dict, refusing unknown keys (they mean another program's file)."""
        return _from_dict(cls, values)


@dataclass(frozen=True)
class TrainConfig:
    """How to train: the tutorial's settings unless told otherwise."""

    dataset: str = "mnist"
    sequence: str = "rows"
    optimizer: str = "adam"
    lr: float = 1e-3
    batch_size: int = 28
    epochs: int = 20
    seed: int = 0
    grad_clip: float | None = None
    lr_schedule: str = "none"
    standardize: bool = False
    augment: bool = False
    device: str = "auto"
    # Use only the first N training / test samples (None: all); for quick runs and tests.
    train_limit: int | None = None
    test_limit: int | None = None
    # Seed of the fixed pixel order of the `permuted` view (same for train and test).
    permutation_seed: int = 0
    # A progress record every this many batches.
    report_every: int = 50
    torch_threads: int | None = None

    def __post_init__(self) -> None:
        _check_choice("dataset", self.dataset, DATASETS)
        _check_choice("sequence view", self.sequence, SEQUENCE_VIEWS)
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        _check_choice("learning-rate schedule", self.lr_schedule, LR_SCHEDULES)
        _check_choice("device", self.device, DEVICES)
        _check_range("learning rate", self.lr, 1e-7, 10.0)
        _check_range("batch size", self.batch_size, 1, 65536)
        _check_range("epochs", self.epochs, 1, 10000)
        _check_range("seed", self.seed, 0, 2**32 - 1)
        _check_range("report interval", self.report_every, 1, 1_000_000)
        if self.grad_clip is not None:
            _check_range("gradient clip", self.grad_clip, 1e-6, 1e6)
        if self.train_limit is not None:
            _check_range("training sample limit", self.train_limit, 1, 10**9)
        if self.test_limit is not None:
            _check_range("test sample limit", self.test_limit, 1, 10**9)
        if self.torch_threads is not None:
            _check_range("threads", self.torch_threads, 1, 1024)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as plain JSON-able values."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainConfig:
        """Build from a dict, refusing unknown keys."""
        return _from_dict(cls, values)

    def model_config(self, **overrides: Any) -> ModelConfig:
        """The tutorial's model for this run's sequence view, with `overrides` applied."""
        _, features = sequence_shape(self.sequence)
        return ModelConfig(input_size=features, **overrides)


def _from_dict(cls: Any, values: dict[str, Any]) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"Expected a mapping of {cls.__name__} settings.")
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"Unknown {cls.__name__} setting(s): {', '.join(unknown)}.")
    try:
        return cls(**values)
    except TypeError as exc:
        raise ConfigError(f"Invalid {cls.__name__}: {exc}.") from None
