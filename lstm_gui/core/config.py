"""Frozen dataclasses for the model and the training run, with the tutorial's defaults."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from lstm_gui.core.choices import (
    SEQUENCE_VIEWS,
    Cell,
    ClosedSet,
    Dataset,
    Device,
    LrSchedule,
    Optimizer,
    Precision,
    SequenceView,
)
from lstm_gui.core.errors import ConfigError

IMAGE_SIDE = 28
IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE
# The sequence lengths an image can be cut into: every divisor of its 784 pixels.
STEP_CHOICES = tuple(steps for steps in range(1, IMAGE_PIXELS + 1) if IMAGE_PIXELS % steps == 0)
# About one progress record per this many training samples: 10-20 records a second on a
# laptop CPU, smooth curves without a flood of events.
SAMPLES_PER_REPORT = 400
# The longest memory-task delay: enough for "about a thousand steps" and then some.
MAX_BLANK_STEPS = 5000


# Weight blocks (gates) per cell: each is a dense layer from the step's input and from h. The
# LSTM's four are the tutorial's "four dense layers per cell".
GATES_PER_CELL = {"lstm": 4, "gru": 3, "rnn": 1}


def pixels_per_step(steps: int) -> int:
    """Pixels each step reads when the 784 pixels are cut into `steps` equal chunks."""
    check_steps(steps)
    return IMAGE_PIXELS // steps


def sequence_shape(view: str, steps: int | None = None) -> tuple[int, int]:
    """Return (time steps, features per step) for a sequence view of a 28x28 image.

    `steps` cuts the image's 784 pixels into that many equal chunks; None: the view's own
    length (28 for rows, 784 for pixels and permuted).
    """
    if view == SequenceView.ROWS:
        default = IMAGE_SIDE
    elif view in (SequenceView.PIXELS, SequenceView.PERMUTED):
        default = IMAGE_PIXELS
    else:
        choices = ", ".join(SEQUENCE_VIEWS)
        raise ConfigError(f"Unknown sequence view {view!r}; choose one of {choices}.")
    steps = default if steps is None else steps
    return steps, pixels_per_step(steps)


def check_steps(steps: object) -> None:
    """Refuse a sequence length that does not cut 784 pixels into equal chunks."""
    if isinstance(steps, bool) or not isinstance(steps, int) or steps not in STEP_CHOICES:
        choices = ", ".join(str(choice) for choice in STEP_CHOICES)
        raise ConfigError(
            f"steps must cut the image's {IMAGE_PIXELS} pixels into equal chunks, so it must "
            f"be one of {choices}; not {steps!r}."
        )


def report_interval(batch_size: int) -> int:
    """Batches between progress records: about one per SAMPLES_PER_REPORT samples."""
    return max(1, round(SAMPLES_PER_REPORT / batch_size))


def default_torch_threads() -> int:
    """CPU threads for training: all cores but one, which stays free for the window (max 4).

    A recurrent layer of 128 units on batches of 28 gains little from more threads, and
    OpenMP threads fighting the GUI thread for a core stall both.
    """
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def _check_choice(name: str, value: str, choices: type[ClosedSet]) -> ClosedSet:
    try:
        return choices(value)
    except ValueError:
        raise ConfigError(
            f"Unknown {name} {value!r}; choose one of {', '.join(choices.names())}."
        ) from None


def _coerce(instance: Any, field_name: str, label: str, choices: type[ClosedSet]) -> None:
    """Store a closed-set field as its enum member (frozen dataclasses need object.__setattr__)."""
    member = _check_choice(label, getattr(instance, field_name), choices)
    object.__setattr__(instance, field_name, member)


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise ConfigError(f"{name} must be true or false, not {value!r}.")


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} must be a number, not {value!r}.")
    # Integer bounds mean a whole number: 8.0 units would pass the range but break torch.
    if isinstance(low, int) and isinstance(high, int) and not isinstance(value, int):
        raise ConfigError(f"{name} must be a whole number, not {value!r}.")
    # `not (low <= value <= high)` also rejects NaN.
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, not {value!r}.")


@dataclass(frozen=True)
class ModelConfig:
    """The network: a recurrent layer over the sequence, its last hidden state to ten classes."""

    cell: Cell | str = Cell.LSTM
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
    # The bias the memory gate starts from: the LSTM's forget gate, the GRU's update gate (a
    # plain RNN has neither). None: Keras's choice, 1 for the LSTM's forget gate and 0 for the
    # GRU's. Whether a net can carry a digit across a hundred blank steps hangs on it: the
    # memory kept per step is about sigmoid(bias), so sigmoid(1)^100 = 2e-14 and
    # sigmoid(5)^100 = 0.5 (Tallec & Ollivier, "Can recurrent neural networks warp time?",
    # ICLR 2018).
    forget_bias: float | None = None

    def __post_init__(self) -> None:
        _coerce(self, "cell", "cell", Cell)
        _check_range("input size", self.input_size, 1, 4096)
        _check_range("hidden size", self.hidden_size, 1, 4096)
        _check_range("layers", self.num_layers, 1, 8)
        _check_range("classes", self.num_classes, 2, 1000)
        _check_range("dropout", self.dropout, 0.0, 0.9)
        _check_flag("bidirectional", self.bidirectional)
        _check_flag("Keras initialisation", self.keras_init)
        if self.forget_bias is not None:
            _check_range("forget-gate bias", self.forget_bias, -20.0, 20.0)
        if self.dropout > 0 and self.num_layers == 1:
            raise ConfigError("Dropout acts between recurrent layers; use 2 or more layers or 0.")

    @property
    def label(self) -> str:
        """The network as Keras names its layer, e.g. "LSTM(128)" or "GRU(64) x 2 layers"."""
        name = f"{str(self.cell).upper()}({self.hidden_size})"
        if self.bidirectional:
            name = f"Bidirectional({name})"
        return f"{name} x {self.num_layers} layers" if self.num_layers > 1 else name

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as plain JSON-able values."""
        return _plain(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ModelConfig:
        """Build from a dict, refusing unknown keys (they mean another program's file)."""
        return _from_dict(cls, values)


@dataclass(frozen=True)
class TrainConfig:
    """How to train: the tutorial's settings unless told otherwise."""

    dataset: Dataset | str = Dataset.MNIST
    sequence: SequenceView | str = SequenceView.ROWS
    # Time steps the image is cut into (a divisor of 784); None: the view's own length. Filled
    # in on creation, so every stored config says it (older checkpoints lack it).
    steps: int | None = None
    # Blank (all-zero) steps read after the image, the answer taken after the last one: the
    # memory task, in which the net must carry the digit across this many steps.
    blank_steps: int = 0
    optimizer: Optimizer | str = Optimizer.ADAM
    lr: float = 1e-3
    batch_size: int = 28
    epochs: int = 20
    seed: int = 0
    grad_clip: float | None = None
    lr_schedule: LrSchedule | str = LrSchedule.NONE
    standardize: bool = False
    augment: bool = False
    device: Device | str = Device.AUTO
    precision: Precision | str = Precision.FP32
    # Use only the first N training / test samples (None: all); for quick runs and tests.
    train_limit: int | None = None
    test_limit: int | None = None
    # Seed of the fixed pixel order of the `permuted` view (same for train and test).
    permutation_seed: int = 0
    # A progress record every this many batches, and PyTorch's CPU threads; None: the
    # defaults of with_run_defaults(), which every run (CLI or GUI) records filled in.
    report_every: int | None = None
    torch_threads: int | None = None

    def __post_init__(self) -> None:
        _coerce(self, "dataset", "dataset", Dataset)
        _coerce(self, "sequence", "sequence view", SequenceView)
        _settle_steps(self)
        _coerce(self, "optimizer", "optimizer", Optimizer)
        _coerce(self, "lr_schedule", "learning-rate schedule", LrSchedule)
        _coerce(self, "device", "device", Device)
        _coerce(self, "precision", "precision", Precision)
        _check_range("learning rate", self.lr, 1e-7, 10.0)
        _check_range("blank steps", self.blank_steps, 0, MAX_BLANK_STEPS)
        _check_range("batch size", self.batch_size, 1, 65536)
        _check_range("epochs", self.epochs, 1, 10000)
        _check_range("seed", self.seed, 0, 2**32 - 1)
        _check_range("permutation seed", self.permutation_seed, 0, 2**32 - 1)
        _check_flag("standardize", self.standardize)
        _check_flag("augment", self.augment)
        if self.report_every is not None:
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
        return _plain(dataclasses.asdict(self))

    def with_run_defaults(self) -> TrainConfig:
        """These settings with the report interval and thread count filled in.

        Every run goes through here, so a run started from the CLI and one started from the
        GUI with the same settings record the same settings.
        """
        return dataclasses.replace(
            self,
            report_every=self.batches_per_report,
            torch_threads=self.torch_threads or default_torch_threads(),
        )

    @property
    def batches_per_report(self) -> int:
        """How many batches pass between two progress reports (the setting, or its default)."""
        return self.report_every or report_interval(self.batch_size)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainConfig:
        """Build from a dict, refusing unknown keys."""
        return _from_dict(cls, values)

    def model_config(self, **overrides: Any) -> ModelConfig:
        """The tutorial's model for this run's sequence view, with `overrides` applied."""
        _, features = sequence_shape(self.sequence, self.steps)
        return ModelConfig(input_size=features, **overrides)

    @property
    def time_steps(self) -> int:
        """The sequence length (steps is always filled in; this one is typed int)."""
        return self.steps or sequence_shape(self.sequence)[0]

    @property
    def sequence_length(self) -> int:
        """Steps the network reads: the image's steps, then the blank ones."""
        return self.time_steps + self.blank_steps

    @property
    def sequence_name(self) -> str:
        """The view for people: "rows", "pixels", "permuted", "56 steps", "rows + 100 blank"."""
        if self.steps == sequence_shape(self.sequence)[0]:
            name = str(self.sequence)
        elif self.sequence == SequenceView.PERMUTED:
            name = f"permuted {self.steps} steps"
        else:
            name = f"{self.steps} steps"
        return f"{name} + {self.blank_steps} blank" if self.blank_steps else name


def _settle_steps(config: TrainConfig) -> None:
    """Fill in and check the sequence length, naming each reading by one view.

    rows at 784 steps is the pixels view and is stored as such; pixels names only 784 steps.
    """
    steps, _ = sequence_shape(config.sequence, config.steps)
    if config.sequence == SequenceView.PIXELS and steps != IMAGE_PIXELS:
        raise ConfigError(
            f"The pixels view reads {IMAGE_PIXELS} steps of one pixel; for {steps} steps use "
            "the rows view."
        )
    if config.sequence == SequenceView.ROWS and steps == IMAGE_PIXELS:
        object.__setattr__(config, "sequence", SequenceView.PIXELS)
    object.__setattr__(config, "steps", steps)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Closed-set members as their plain strings (JSON and equality with older files)."""
    return {
        key: str(value) if isinstance(value, ClosedSet) else value for key, value in values.items()
    }


def _from_dict(cls: Any, values: dict[str, Any]) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"Expected a mapping of {cls.__name__} settings.")
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        # Quoted and cut short: a damaged file's names can hold anything, line breaks included.
        names = ", ".join(repr(name)[:40] for name in unknown[:5])
        raise ConfigError(f"Unknown {cls.__name__} setting(s): {names}.")
    try:
        return cls(**values)
    except TypeError as exc:
        raise ConfigError(f"Invalid {cls.__name__}: {exc}.") from None
