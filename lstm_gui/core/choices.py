"""The closed sets of names the settings choose from (cells, views, datasets, ...), and presets.

Each is a str enum that compares, formats and serialises as its plain string, so settings files
and command lines hold plain words.
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class ClosedSet(str, Enum):
    """A closed set of names that compares, formats and serialises as its plain string.

    Config fields accept the plain string too (`Cell | str`) and store the member.

    (enum.StrEnum is Python 3.11+; this project still runs on 3.10.)
    """

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The plain values, for argument parsers and messages."""
        return tuple(str(member.value) for member in cls)


class Cell(ClosedSet):
    """The recurrent cell."""

    LSTM = "lstm"
    GRU = "gru"
    RNN = "rnn"


class SequenceView(ClosedSet):
    """How a 28x28 image becomes a sequence."""

    # The pixels in reading order (row by row), cut into TrainConfig.steps equal chunks; by
    # default 28 steps of one row each: the tutorial.
    ROWS = "rows"
    PIXELS = "pixels"  # 784 steps of one pixel: the rows order at its longest, by its own name
    PERMUTED = "permuted"  # pixels in a fixed random order; 784 steps unless `steps` says less


class Dataset(ClosedSet):
    """The datasets lstm-gui reads (the four IDX files each)."""

    MNIST = "mnist"
    FASHION_MNIST = "fashion-mnist"
    KMNIST = "kmnist"


class Optimizer(ClosedSet):
    """The optimizer."""

    ADAM = "adam"
    SGD = "sgd"
    RMSPROP = "rmsprop"


class LrSchedule(ClosedSet):
    """The learning-rate schedule, stepped once per epoch."""

    NONE = "none"
    STEP = "step"
    COSINE = "cosine"


class Precision(ClosedSet):
    """The arithmetic of the forward pass: fp32, or bf16 autocast where the hardware has it."""

    FP32 = "fp32"
    BF16 = "bf16"


class Preset(ClosedSet):
    """A named recipe of training settings."""

    TUTORIAL = "tutorial"  # the tutorial's own: Adam 0.001, batch 28, 20 epochs
    FAST = "fast"  # the quickest recipe found to the tutorial's 98.98% on a two-core CPU


# Settings each preset changes from the tutorial's (benchmarks/README.md has the measurements):
# larger batches keep both cores busy, a larger rate with a cosine decay makes up for fewer
# steps, and bf16 doubles the speed of the matrix products where the CPU has it.
PRESET_SETTINGS: dict[Preset, dict[str, Any]] = {
    Preset.TUTORIAL: {},
    Preset.FAST: {
        "batch_size": 128,
        "lr": 3e-3,
        "lr_schedule": "cosine",
        "epochs": 12,
        "precision": "bf16",
    },
}


class Device(ClosedSet):
    """Where to train: auto picks CUDA, then MPS, then the CPU."""

    AUTO = "auto"
    CPU = "cpu"
    CUDA = "cuda"
    MPS = "mps"


CELLS = Cell.names()
DATASETS = Dataset.names()
SEQUENCE_VIEWS = SequenceView.names()
OPTIMIZERS = Optimizer.names()
LR_SCHEDULES = LrSchedule.names()
DEVICES = Device.names()
PRECISIONS = Precision.names()
PRESETS = Preset.names()
