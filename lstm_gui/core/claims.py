"""The tutorial's three claims put to the test: experiments, their saved results, verdicts.

An experiment is a sweep (core.sweep) over cells and sequence lengths with a small training
budget. `run_experiment` runs it as a generator, like training, and gathers each finished run's
figures and gradient profiles into an `Experiment`, which is saved as JSON and reopened later.

What the numbers say about each claim is written by core.claim_verdicts.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lstm_gui.core.config import TrainConfig, check_steps
from lstm_gui.core.errors import ConfigError, LstmGuiError
from lstm_gui.core.progress import EpochResult

if TYPE_CHECKING:  # torch is imported by running an experiment, not by reading one
    from lstm_gui.core.data import DatasetSplits
    from lstm_gui.core.sweep import SweepProgress, SweepResult
    from lstm_gui.core.training import TrainingControl

GRADIENTS = "gradients"
LENGTH = "length"
COST = "cost"
CLAIMS = (GRADIENTS, LENGTH, COST)

CLAIMS_FOLDER = ".claims"  # under the runs root; hidden, so the runs list leaves it alone


@dataclass(frozen=True)
class ExperimentSettings:
    """What an experiment trains: cells x lengths, each on the same small budget."""

    cells: tuple[str, ...] = ("rnn", "gru", "lstm")
    lengths: tuple[int, ...] = (28, 112)
    train_limit: int = 2000
    test_limit: int = 1000
    epochs: int = 1
    hidden: int = 32
    batch_size: int = 28
    keras_init: bool = True
    grad_clip: float | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.cells or not self.lengths:
            raise ConfigError("An experiment needs at least one cell and one sequence length.")
        for steps in self.lengths:
            check_steps(steps)

    def train_config(self) -> TrainConfig:
        """The training settings every run of the experiment shares."""
        return TrainConfig(
            epochs=self.epochs,
            batch_size=self.batch_size,
            train_limit=self.train_limit,
            test_limit=self.test_limit,
            grad_clip=self.grad_clip,
            seed=self.seed,
        )

    def model_overrides(self) -> dict[str, Any]:
        """The model settings every run shares (the cell and input width vary)."""
        return {"hidden_size": self.hidden, "keras_init": self.keras_init}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        values = dict(self.__dict__)
        values["cells"] = list(self.cells)
        values["lengths"] = list(self.lengths)
        return values

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ExperimentSettings:
        """Read back what to_dict wrote; raises ConfigError for anything else."""
        try:
            known = {name: values[name] for name in cls.__dataclass_fields__ if name in values}
            known["cells"] = tuple(str(cell) for cell in known.get("cells", ()))
            known["lengths"] = tuple(int(steps) for steps in known.get("lengths", ()))
            return cls(**known)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"Invalid experiment settings: {exc}.") from None


# Each claim's one-click experiment: small enough for a few minutes on two CPU cores.
DEFAULT_SETTINGS = {
    GRADIENTS: ExperimentSettings(lengths=(28, 112)),
    LENGTH: ExperimentSettings(lengths=(28, 112, 784), train_limit=3000),
    COST: ExperimentSettings(lengths=(28, 112), hidden=64),
}


@dataclass(frozen=True)
class ClaimRun:
    """One finished run of an experiment: the sweep's figures and its gradient profiles."""

    cell: str
    steps: int
    params: int
    macs_per_sample: int
    samples_per_s: float
    seconds: float
    val_acc: float
    early_late_ratio: float  # after training (NaN: not measurable)
    initial_early_late_ratio: float  # at initialisation
    profile: tuple[float, ...]  # mean ||dL/dx_t|| per step after the last epoch
    initial_profile: tuple[float, ...]  # the same before training
    status: str
    checkpoint: str

    @classmethod
    def from_sweep(cls, result: SweepResult, epochs: Sequence[EpochResult]) -> ClaimRun:
        """The sweep's result with the profiles its epoch records carried."""
        initial = epochs[0].initial_step_gradient_norms if epochs else None
        return cls(
            cell=result.cell,
            steps=result.steps,
            params=result.params,
            macs_per_sample=result.macs_per_sample,
            samples_per_s=result.samples_per_s,
            seconds=result.seconds,
            val_acc=result.val_acc,
            early_late_ratio=result.early_late_gradient_ratio,
            initial_early_late_ratio=result.initial_early_late_gradient_ratio,
            profile=tuple(epochs[-1].step_gradient_norms) if epochs else (),
            initial_profile=tuple(initial or ()),
            status=result.status,
            checkpoint=str(result.checkpoint),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (NaN as null)."""
        values: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            values[name] = list(value) if isinstance(value, tuple) else value
        return values

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ClaimRun:
        """Read back what to_dict wrote."""

        def number(name: str) -> float:
            value = values.get(name)
            return math.nan if value is None else float(value)

        return cls(
            cell=str(values["cell"]),
            steps=int(values["steps"]),
            params=int(values["params"]),
            macs_per_sample=int(values["macs_per_sample"]),
            samples_per_s=number("samples_per_s"),
            seconds=number("seconds"),
            val_acc=number("val_acc"),
            early_late_ratio=number("early_late_ratio"),
            initial_early_late_ratio=number("initial_early_late_ratio"),
            profile=tuple(float(v) for v in values.get("profile") or ()),
            initial_profile=tuple(float(v) for v in values.get("initial_profile") or ()),
            status=str(values.get("status", "completed")),
            checkpoint=str(values.get("checkpoint", "")),
        )


@dataclass(frozen=True)
class Experiment:
    """A claim's experiment: its settings, the runs that finished, and whether it was stopped."""

    claim: str
    settings: ExperimentSettings
    runs: tuple[ClaimRun, ...] = ()
    created: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    stopped: bool = False
    threads: int | None = None  # PyTorch's CPU threads during the runs
    path: Path | None = None  # the file it was saved to or read from

    def to_dict(self) -> dict[str, Any]:
        """The JSON file's contents."""
        return {
            "claim": self.claim,
            "created": self.created,
            "stopped": self.stopped,
            "threads": self.threads,
            "settings": self.settings.to_dict(),
            "runs": [run.to_dict() for run in self.runs],
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any], path: Path | None = None) -> Experiment:
        """Read back what to_dict wrote; raises LstmGuiError for anything else."""
        try:
            claim = str(values["claim"])
            if claim not in CLAIMS:
                raise ValueError(f"unknown claim {claim!r}")
            return cls(
                claim=claim,
                settings=ExperimentSettings.from_dict(values["settings"]),
                runs=tuple(ClaimRun.from_dict(run) for run in values["runs"]),
                created=str(values.get("created", "")),
                stopped=bool(values.get("stopped", False)),
                threads=values.get("threads"),
                path=path,
            )
        except (KeyError, TypeError, ValueError, ConfigError) as exc:
            name = path.name if path is not None else "The file"
            raise LstmGuiError(f"{name} is not a saved experiment: {exc}.") from None

    @property
    def title(self) -> str:
        """The cells and lengths, e.g. "rnn, gru, lstm × 28, 112"."""
        cells = ", ".join(self.settings.cells)
        lengths = ", ".join(str(steps) for steps in self.settings.lengths)
        return f"{cells} × {lengths}"


def claims_dir(runs_root: str | os.PathLike[str] | None = None) -> Path:
    """Where experiments are saved: a hidden folder in the runs folder."""
    from lstm_gui.core.runs import runs_dir

    return (Path(runs_root) if runs_root is not None else runs_dir()) / CLAIMS_FOLDER


def save_experiment(experiment: Experiment, folder: str | os.PathLike[str]) -> Experiment:
    """Write the experiment as <folder>/<time stamp>-<claim>.json; returns it with its path."""
    base = Path(folder)
    stamp = experiment.created.replace(":", "").replace("-", "")
    path = base / f"{stamp}-{experiment.claim}.json"
    counter = 2
    while path.exists():
        path = base / f"{stamp}-{experiment.claim}-{counter}.json"
        counter += 1
    try:
        base.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps(experiment.to_dict(), indent=1), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        raise LstmGuiError(
            f"Cannot save the experiment in {base}: {exc.strerror or exc}."
        ) from None
    return replace(experiment, path=path)


def load_experiment(path: str | os.PathLike[str]) -> Experiment:
    """Read a saved experiment; raises LstmGuiError with one sentence when it cannot."""
    path = Path(path)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise LstmGuiError(f"Cannot read the experiment {path.name}: {exc}.") from None
    if not isinstance(values, dict):
        raise LstmGuiError(f"{path.name} is not a saved experiment.")
    return Experiment.from_dict(values, path)


def list_experiments(folder: str | os.PathLike[str]) -> list[Experiment]:
    """The readable experiments saved in `folder`, newest first (unreadable files are skipped)."""
    try:
        paths = sorted(Path(folder).glob("*.json"), reverse=True)
    except OSError:
        return []
    experiments = []
    for path in paths:
        try:
            experiments.append(load_experiment(path))
        except LstmGuiError:
            continue
    return experiments


def run_experiment(
    claim: str,
    settings: ExperimentSettings,
    *,
    runs_root: Path | None = None,
    data_dir: Path | None = None,
    download: bool = True,
    control: TrainingControl | None = None,
    data: DatasetSplits | None = None,
    progress: Callable[[Any], None] | None = None,
) -> Iterator[SweepProgress | ClaimRun | Experiment]:
    """Run the experiment's sweep; yields its progress, each finished run, then the Experiment.

    A stop through `control` ends the current run (its folder keeps what it trained) and the
    experiment, which still ends with an Experiment holding the runs that finished.
    """
    from lstm_gui.core.sweep import SweepProgress, run_sweep
    from lstm_gui.core.training import TrainingControl

    if claim not in CLAIMS:
        raise ConfigError(f"Unknown claim {claim!r}; choose one of {', '.join(CLAIMS)}.")
    control = control or TrainingControl()
    runs: list[ClaimRun] = []
    epochs: list[EpochResult] = []
    for item in run_sweep(
        settings.cells,
        settings.lengths,
        settings.train_config(),
        model_overrides=settings.model_overrides(),
        runs_root=runs_root,
        data_dir=data_dir,
        download=download,
        progress=progress,
        control=control,
        data=data,
    ):
        if isinstance(item, SweepProgress):
            if isinstance(item.record, EpochResult):
                epochs.append(item.record)
            yield item
        else:
            run = ClaimRun.from_sweep(item, epochs)
            epochs = []
            runs.append(run)
            yield run
    threads = settings.train_config().with_run_defaults().torch_threads
    yield Experiment(claim, settings, tuple(runs), stopped=control.stopped, threads=threads)
