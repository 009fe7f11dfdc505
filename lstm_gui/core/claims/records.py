"""What a claim's experiment trains (its settings and budget) and what each run leaves behind.

Plain data, read and written as JSON; no torch, so saved experiments open without it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING, Any

from lstm_gui.core.config import IMAGE_SIDE, TrainConfig, check_steps
from lstm_gui.core.errors import ConfigError

if TYPE_CHECKING:
    from lstm_gui.core.claims.sweep import SweepResult

# How an experiment's lengths make sequences: cut the image into that many steps, or read its
# 28 rows and then blank steps up to that length (the memory task).
FINER = "finer"
MEMORY = "memory"
TASKS = (FINER, MEMORY)


def check_memory_length(length: object) -> None:
    """Refuse a memory-task length shorter than the image's rows (or not a whole number)."""
    if isinstance(length, bool) or not isinstance(length, int) or length < IMAGE_SIDE:
        raise ConfigError(
            f"A memory-task length counts the image's {IMAGE_SIDE} rows and the blank steps "
            f"after them, so it must be {IMAGE_SIDE} or more, not {length!r}."
        )


@dataclass(frozen=True)
class ExperimentSettings:
    """Cells x lengths x seeds, each run on the same budget; the cost claim's timing sizes.

    `lengths` are whole sequences: for the MEMORY task the image's 28 rows and then blank steps
    up to the length; for FINER, the image cut into that many steps.
    """

    cells: tuple[str, ...] = ("rnn", "lstm")
    task: str = MEMORY
    lengths: tuple[int, ...] = (28, 128)
    seeds: int = 3
    seed: int = 0  # the first seed; the others follow it
    train_limit: int | None = 16000
    test_limit: int | None = 1000
    epochs: int = 1
    hidden: int = 32
    layers: int = 1
    batch_size: int = 32
    lr: float = 1e-3
    keras_init: bool = True
    forget_bias: float | None = None  # None: Keras's (LSTM forget gate 1, GRU update gate 0)
    grad_clip: float | None = 1.0
    # The cost claim: depths timed at the shortest length, repeats, updates timed per repeat.
    depths: tuple[int, ...] = (1, 2, 3)
    repeats: int = 3
    timed_updates: int = 5

    def __post_init__(self) -> None:
        if not self.cells or not self.lengths:
            raise ConfigError("An experiment needs at least one cell and one sequence length.")
        if self.task not in TASKS:
            raise ConfigError(f"Unknown task {self.task!r}; choose one of {', '.join(TASKS)}.")
        for steps in self.lengths:
            if self.task == FINER:
                check_steps(steps)
            else:
                check_memory_length(steps)
        for name, value, low, high in (
            ("seeds", self.seeds, 1, 50),
            ("repeats", self.repeats, 1, 50),
            ("timed updates", self.timed_updates, 1, 10000),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ConfigError(f"{name} must be a whole number from {low} to {high}.")
        if not self.depths or any(not 1 <= depth <= 8 for depth in self.depths):
            raise ConfigError("depths must be layer counts from 1 to 8.")
        self.train_config(self.seed)  # the shared training settings are checked here
        self.model_overrides()

    @property
    def seed_list(self) -> tuple[int, ...]:
        """The seeds every cell and length is trained with."""
        return tuple(self.seed + index for index in range(self.seeds))

    @property
    def digits(self) -> int:
        """Training digits each run reads per epoch (MNIST has 60,000)."""
        return min(self.train_limit or 60000, 60000)

    @property
    def updates(self) -> int:
        """Weight updates each run makes: the budget the verdicts name."""
        return self.epochs * math.ceil(self.digits / self.batch_size)

    def train_config(self, seed: int) -> TrainConfig:
        """The training settings every run of one seed shares (lengths are the sweep's)."""
        return TrainConfig(
            epochs=self.epochs,
            batch_size=self.batch_size,
            lr=self.lr,
            train_limit=self.train_limit,
            test_limit=self.test_limit,
            grad_clip=self.grad_clip,
            seed=seed,
        )

    def model_overrides(self) -> dict[str, Any]:
        """The model settings every run shares (the cell and input width vary)."""
        from lstm_gui.core.config import ModelConfig

        overrides: dict[str, Any] = {
            "hidden_size": self.hidden,
            "num_layers": self.layers,
            "keras_init": self.keras_init,
            "forget_bias": self.forget_bias,
        }
        ModelConfig(**overrides)  # checked now, not after the first run
        return overrides

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        values = dict(self.__dict__)
        for name in ("cells", "lengths", "depths"):
            values[name] = list(values[name])
        return values

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ExperimentSettings:
        """Read back what to_dict wrote; raises ConfigError for anything else.

        Files from before seeds and tasks were settings trained one seed, cutting finer.
        """
        try:
            known = {name: values[name] for name in cls.__dataclass_fields__ if name in values}
            known.setdefault("seeds", 1)
            known.setdefault("task", FINER)
            known["cells"] = tuple(str(cell) for cell in known.get("cells", ()))
            known["lengths"] = tuple(int(steps) for steps in known.get("lengths", ()))
            if "depths" in known:
                known["depths"] = tuple(int(depth) for depth in known["depths"])
            return cls(**known)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"Invalid experiment settings: {exc}.") from None


@dataclass(frozen=True)
class ClaimRun:
    """One finished run: its figures and gradient profiles (mean norms per step).

    `profiles` holds, by name: "input", "hidden", "cell" (LSTM) after training; the same with
    "_init" before training; "hidden_init_keras", "hidden_init_pytorch" (and "cell_init_...")
    before training under each initialisation, from the same seed. Only the gradients claim
    measures them.
    """

    cell: str
    steps: int  # the whole sequence, blank steps included
    seed: int
    params: int
    macs_per_sample: int
    samples_per_s: float
    seconds: float
    val_acc: float
    early_late_ratio: float  # input gradient, first quarter ÷ last quarter, after training
    initial_early_late_ratio: float  # the same at initialisation
    status: str
    checkpoint: str
    blank_steps: int = 0
    updates: int = 0
    profiles: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    @property
    def memory_state(self) -> str:
        """The state that carries memory from step to step: an LSTM's cell, else h."""
        return "cell" if self.cell == "lstm" else "hidden"

    @property
    def image_steps(self) -> int:
        """Steps that read the image (the rest are blank)."""
        return self.steps - self.blank_steps

    @property
    def profile(self) -> tuple[float, ...]:
        """The input-gradient profile after training (older files: the only one)."""
        return self.profiles.get("input", ())

    @property
    def initial_profile(self) -> tuple[float, ...]:
        """The input-gradient profile at initialisation."""
        return self.profiles.get("input_init", ())

    @classmethod
    def from_sweep(
        cls,
        result: SweepResult,
        seed: int,
        updates: int,
        profiles: Mapping[str, Sequence[float]],
    ) -> ClaimRun:
        """The sweep's result, the seed it trained with and the profiles measured."""
        return cls(
            cell=result.cell,
            steps=result.steps,
            seed=seed,
            params=result.params,
            macs_per_sample=result.macs_per_sample,
            samples_per_s=result.samples_per_s,
            seconds=result.seconds,
            val_acc=result.val_acc,
            early_late_ratio=result.early_late_gradient_ratio,
            initial_early_late_ratio=result.initial_early_late_gradient_ratio,
            status=result.status,
            checkpoint=str(result.checkpoint),
            blank_steps=result.blank_steps,
            updates=updates,
            profiles={name: tuple(values) for name, values in profiles.items()},
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (NaN as null)."""
        values: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            if name == "profiles":
                value = {key: list(numbers) for key, numbers in value.items()}
            values[name] = value
        return values

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ClaimRun:
        """Read back what to_dict wrote (and the single-seed files before it)."""

        def number(name: str) -> float:
            value = values.get(name)
            return math.nan if value is None else float(value)

        profiles = {
            str(name): tuple(float(v) for v in numbers)
            for name, numbers in (values.get("profiles") or {}).items()
        }
        for old, new in (("profile", "input"), ("initial_profile", "input_init")):
            if values.get(old):
                profiles.setdefault(new, tuple(float(v) for v in values[old]))
        return cls(
            cell=str(values["cell"]),
            steps=int(values["steps"]),
            seed=int(values.get("seed", 0)),
            params=int(values["params"]),
            macs_per_sample=int(values["macs_per_sample"]),
            samples_per_s=number("samples_per_s"),
            seconds=number("seconds"),
            val_acc=number("val_acc"),
            early_late_ratio=number("early_late_ratio"),
            initial_early_late_ratio=number("initial_early_late_ratio"),
            status=str(values.get("status", "completed")),
            checkpoint=str(values.get("checkpoint", "")),
            blank_steps=int(values.get("blank_steps", 0)),
            updates=int(values.get("updates", 0)),
            profiles=profiles,
        )


@dataclass(frozen=True)
class CostTiming:
    """Seconds per training update of one network, once per repeat (the cost claim)."""

    cell: str
    steps: int
    layers: int
    macs_per_sample: int
    seconds: tuple[float, ...]  # one per repeat, each the mean of the timed updates

    @property
    def median(self) -> float:
        """The median seconds per update over the repeats."""
        return float(median(self.seconds)) if self.seconds else math.nan

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        values = dict(self.__dict__)
        values["seconds"] = [float(f"{s:.6g}") for s in self.seconds]
        return values

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> CostTiming:
        """Read back what to_dict wrote."""
        return cls(
            cell=str(values["cell"]),
            steps=int(values["steps"]),
            layers=int(values["layers"]),
            macs_per_sample=int(values["macs_per_sample"]),
            seconds=tuple(float(s) for s in values["seconds"]),
        )
