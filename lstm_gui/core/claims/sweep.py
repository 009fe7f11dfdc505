"""A sweep: one ordinary run per cell and sequence length, same seed and data, one after another.

`run_sweep` is a generator, like training, so the CLI prints it and a GUI worker can run it in
a thread: it yields a `SweepProgress` for every training record of the current run and a
`SweepResult` when a run ends on its own (completed or diverged). Stopping through `control`
ends the current run (what it trained is saved in its folder) and the sweep with it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lstm_gui.core.choices import SequenceView
from lstm_gui.core.claims.records import FINER, MEMORY, TASKS, check_memory_length
from lstm_gui.core.config import IMAGE_SIDE, ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.inside.gradients import early_late_ratio
from lstm_gui.core.run.control import TrainingControl
from lstm_gui.core.run.costs import recurrent_macs_per_step
from lstm_gui.core.run.data import DatasetSplits, load_dataset
from lstm_gui.core.run.progress import (
    DownloadProgress,
    EpochResult,
    Progress,
    RunFinished,
    RunStatus,
)
from lstm_gui.core.run.session import PreparedRun, plan_new_run, prepare_run


@dataclass(frozen=True)
class SweepProgress:
    """A training record of the sweep's current run (`index` of `total`, 0-based)."""

    index: int
    total: int
    cell: str
    steps: int
    record: Progress


@dataclass(frozen=True)
class SweepResult:
    """One run of a sweep, ended on its own: its cost, speed, accuracy and gradient profile."""

    cell: str
    steps: int  # the whole sequence: the image's steps and the blank ones
    blank_steps: int
    params: int  # the whole network's
    macs_per_sample: int  # the recurrent layer's: gates x T x (F*H + H*H), over layers
    samples_per_s: float  # training samples per second of training time, all epochs
    seconds: float  # the run's wall time: training, evaluation and gradient probes
    val_acc: float  # after the last epoch
    early_late_gradient_ratio: float  # of the last epoch's profile (core.inside.gradients)
    initial_early_late_gradient_ratio: float  # the same before training
    checkpoint: Path  # the run's `latest`
    status: str  # completed or diverged
    epochs: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON line `lstm-gui sweep --json` prints (NaN ratios as null)."""
        values: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            values[name] = str(value) if isinstance(value, Path) else value
        return values


def sweep_configs(
    cells: Sequence[str],
    lengths: Sequence[int],
    train_config: TrainConfig,
    model_overrides: Mapping[str, Any] | None = None,
    task: str = FINER,
) -> list[tuple[ModelConfig, TrainConfig]]:
    """The settings of every run, cells outermost; all checked before anything trains.

    FINER: each length reads the image row by row (or in the permuted order when
    `train_config`'s view is permuted), cut into that many steps, followed by the config's
    blank steps. MEMORY: each length is the whole sequence, the image's 28 rows and then blank
    steps up to it, so the net must carry the digit across length - 28 steps.
    """
    if not cells or not lengths:
        raise ConfigError("A sweep needs at least one cell and one sequence length.")
    if task not in TASKS:
        raise ConfigError(f"Unknown task {task!r}; choose one of {', '.join(TASKS)}.")
    view = (
        SequenceView.PERMUTED
        if train_config.sequence == SequenceView.PERMUTED
        else SequenceView.ROWS
    )
    overrides = dict(model_overrides or {})
    overrides.pop("cell", None)
    configs = []
    for cell in cells:
        for length in lengths:
            if task == MEMORY:
                check_memory_length(length)
                train = replace(
                    train_config, sequence=view, steps=IMAGE_SIDE, blank_steps=length - IMAGE_SIDE
                )
            else:
                train = replace(train_config, sequence=view, steps=length)
            configs.append((train.model_config(cell=cell, **overrides), train))
    return configs


def train_sweep_run(
    index: int,
    total: int,
    model_config: ModelConfig,
    config: TrainConfig,
    *,
    data: DatasetSplits,
    runs_root: Path | None = None,
    control: TrainingControl | None = None,
) -> Generator[SweepProgress, None, tuple[SweepResult, PreparedRun] | None]:
    """Train one run of a sweep, yielding its records; returns its result and the run.

    Returns None when the run was stopped (what it trained stays in its folder).
    """
    control = control or TrainingControl()
    # Planned just before it trains: a run folder is named when its run starts.
    plan = plan_new_run(model_config, config, runs_root=runs_root)
    run = prepare_run(plan, data=data)
    cell, steps = str(model_config.cell), config.sequence_length
    epochs: list[EpochResult] = []
    finished: RunFinished | None = None
    started = time.perf_counter()
    for record in run.records(control):
        if isinstance(record, EpochResult):
            epochs.append(record)
        elif isinstance(record, RunFinished):
            finished = record
        yield SweepProgress(index, total, cell, steps, record)
    seconds = time.perf_counter() - started
    if finished is None or finished.status == RunStatus.STOPPED or not epochs:
        return None
    train_seconds = sum(epoch.train_seconds for epoch in epochs)
    initial = epochs[0].initial_step_gradient_norms
    result = SweepResult(
        cell=cell,
        steps=steps,
        blank_steps=config.blank_steps,
        params=sum(p.numel() for p in run.model.parameters()),
        macs_per_sample=recurrent_macs_per_step(model_config) * steps,
        samples_per_s=run.train_samples * len(epochs) / max(train_seconds, 1e-9),
        seconds=seconds,
        val_acc=epochs[-1].val_acc,
        early_late_gradient_ratio=early_late_ratio(epochs[-1].step_gradient_norms),
        initial_early_late_gradient_ratio=(
            early_late_ratio(initial) if initial is not None else math.nan
        ),
        checkpoint=plan.paths.latest,
        status=str(finished.status),
        epochs=len(epochs),
    )
    return result, run


def run_sweep(
    configs: Sequence[tuple[ModelConfig, TrainConfig]],
    *,
    runs_root: Path | None = None,
    data_dir: Path | None = None,
    download: bool = True,
    progress: Callable[[DownloadProgress], None] | None = None,
    control: TrainingControl | None = None,
    data: DatasetSplits | None = None,
) -> Iterator[SweepProgress | SweepResult]:
    """Train each of sweep_configs' runs in turn (ordinary runs under `runs_root`).

    The data are read once and every run starts from the same seed; sweep_configs has checked
    every run's settings before this is called, so none is refused after others have trained.
    """
    if not configs:
        return
    control = control or TrainingControl()
    if data is None:
        dataset = configs[0][1].dataset  # one sweep, one dataset
        data = load_dataset(dataset, data_dir, download=download, progress=progress)
    for index, (model_config, config) in enumerate(configs):
        outcome = yield from train_sweep_run(
            index,
            len(configs),
            model_config,
            config,
            data=data,
            runs_root=runs_root,
            control=control,
        )
        if outcome is None:
            return
        yield outcome[0]
