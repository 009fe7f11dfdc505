"""Settings in, a ready run out: the one place the CLI and the GUI start, resume and end a run.

A front end describes a run with a `RunPlan` (`plan_new_run` or `plan_resume`), turns it into
a `PreparedRun` with `prepare_run` (data read, device chosen, model built or restored), and
iterates `PreparedRun.records()`: the trainer's progress records, each also appended to the
run folder's curve file. Failures arrive as typed errors (`DataError`, `OutOfMemory`,
`CheckpointError`, ...), never as text to match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import torch

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import CheckpointError, ConfigError, OutOfMemory, StorageError
from lstm_gui.core.inside.gradients import StepGradientLog
from lstm_gui.core.numerics import effective_precision
from lstm_gui.core.run.checkpoint import Checkpoint, load_checkpoint
from lstm_gui.core.run.checkpoint_header import read_checkpoint_metadata
from lstm_gui.core.run.control import (
    CheckpointPaths,
    TrainingControl,
    TrainingState,
    prepare_thread,
    select_device,
)
from lstm_gui.core.run.curve_file import CurveLog
from lstm_gui.core.run.data import DatasetSplits, load_dataset
from lstm_gui.core.run.model import SequenceClassifier
from lstm_gui.core.run.progress import (
    BatchProgress,
    DownloadProgress,
    EpochResult,
    EvalResult,
    Progress,
)
from lstm_gui.core.run.run_lock import RunFolderLock
from lstm_gui.core.run.runs import LATEST, new_run_paths, run_name
from lstm_gui.core.run.sequences import SequenceEncoder
from lstm_gui.core.run.training import evaluate, train

OUT_OF_MEMORY = (
    "Training ran out of memory; what was saved so far is kept. Use a smaller batch size, "
    "fewer hidden units or fewer layers."
)


@dataclass(frozen=True)
class RunPlan:
    """What to train, how, and where it is saved: a new run or the continuation of one."""

    model_config: ModelConfig
    train_config: TrainConfig  # with the report interval and thread count filled in
    name: str
    paths: CheckpointPaths
    resume_from: Path | None = None  # a checkpoint whose weights and state continue
    epochs_done: int = 0  # epochs already trained (a resumed run)

    @property
    def folder(self) -> Path:
        """The run folder: checkpoints and the curve file."""
        return self.paths.latest.parent


def plan_new_run(
    model_config: ModelConfig,
    train_config: TrainConfig,
    *,
    output: Path | None = None,
    runs_root: Path | None = None,
) -> RunPlan:
    """A new run: saved beside `output` (its `latest`), else in a new folder under runs_root."""
    train_config = train_config.with_run_defaults()
    paths = (
        CheckpointPaths.beside(output)
        if output is not None
        else new_run_paths(model_config, train_config, runs_root)
    )
    return RunPlan(model_config, train_config, run_name(model_config, train_config), paths)


def plan_resume(
    checkpoint: Path,
    epochs: int,
    *,
    threads: int | None = None,
    output: Path | None = None,
) -> RunPlan:
    """Continue a saved run up to `epochs` in all, with the settings it was started with.

    Only the epoch count and the thread count may change. The run keeps saving in its own
    folder (`latest` beside `checkpoint`) unless `output` says otherwise. Reads only the
    checkpoint's header; prepare_run() loads and checks the weights.
    """
    metadata = read_checkpoint_metadata(checkpoint)
    try:
        model_config = ModelConfig.from_dict(metadata["model_config"])
        train_config = TrainConfig.from_dict(metadata["train_config"])
        epochs_done = int(metadata.get("epochs_done", 0))
    except (KeyError, TypeError, ValueError, ConfigError) as exc:
        raise CheckpointError(f"{checkpoint.name} has invalid settings: {exc}") from None
    if epochs_done >= epochs:
        raise ConfigError(
            f"{checkpoint.name} has already trained {epochs_done} epochs; "
            f"ask for more than {epochs_done} epochs to continue it."
        )
    train_config = replace(
        train_config, epochs=epochs, torch_threads=threads or train_config.torch_threads
    ).with_run_defaults()
    paths = CheckpointPaths.beside(output or checkpoint.with_name(LATEST))
    name = str(metadata.get("name") or run_name(model_config, train_config))
    return RunPlan(model_config, train_config, name, paths, checkpoint, epochs_done)


class PreparedRun:
    """A run ready to train: its data in memory, its model built or restored, its device."""

    def __init__(
        self,
        plan: RunPlan,
        data: DatasetSplits,
        model: SequenceClassifier,
        device: torch.device,
        state: TrainingState | None,
        notice: str = "",
    ) -> None:
        self.plan = plan
        self.notice = notice  # a sentence about a setting this machine could not honour
        self.data = data
        self.model = model
        self.device = device
        # The trainer updates this state as epochs end, so checkpoint() sees how far it got.
        self._state = state if state is not None else TrainingState()
        config = plan.train_config
        self.train_samples = len(data.train.head(config.train_limit))
        self.test_set = data.test.head(config.test_limit)

    def records(self, control: TrainingControl | None = None) -> Iterator[Progress]:
        """Train, yielding the trainer's records; each is appended to the run's curve file.

        Ends with a RunFinished record; `latest` and `best` are saved as the trainer does.
        Raises OutOfMemory when the device runs out of memory (checkpoints already saved stay).
        """
        # Before anything of the run is written. A refusal is about another run, so it does not
        # end with where this run's last good checkpoint is, as the errors of its own writes do.
        with RunFolderLock(self.plan.folder):
            yield from self._locked_records(control)

    def _locked_records(self, control: TrainingControl | None) -> Iterator[Progress]:
        plan = self.plan
        try:
            with (
                CurveLog(plan.folder, keep_epochs=plan.epochs_done) as curves,
                StepGradientLog(plan.folder, keep_epochs=plan.epochs_done) as profiles,
            ):
                for record in train(
                    self.model,
                    self.data,
                    plan.train_config,
                    device=self.device,
                    control=control,
                    state=self._state,
                    checkpoints=plan.paths,
                    run_name=plan.name,
                ):
                    if isinstance(record, (BatchProgress, EpochResult)):
                        curves.append(record)
                    if isinstance(record, EpochResult) and record.step_gradient_norms:
                        # The gradient profiles go beside curves.csv, one row per epoch.
                        if record.initial_step_gradient_norms is not None:
                            profiles.append(0, record.initial_step_gradient_norms)
                        profiles.append(record.epoch, record.step_gradient_norms)
                    yield record
        except StorageError as exc:
            raise StorageError(
                f"{str(exc).rstrip('.')}; {self._last_good_checkpoint()}", exc.path, exc.errno
            ) from None
        except BaseException as exc:
            if is_out_of_memory(exc):
                raise OutOfMemory(OUT_OF_MEMORY) from None
            raise

    def _last_good_checkpoint(self) -> str:
        """Where the run's last good checkpoint is, as the end of a sentence.

        Checkpoints are written atomically, so a file that is there is whole.
        """
        for path in (self.plan.paths.latest, self.plan.paths.best):
            if path.is_file():
                return f"the last good checkpoint is {path}."
        return "no checkpoint of this run is on disk."

    def checkpoint(self) -> Checkpoint:
        """The model as it is now, with its history: to save elsewhere when saving failed."""
        state = self._state
        return Checkpoint(
            model_config=self.plan.model_config,
            train_config=self.plan.train_config,
            state_dict={
                name: tensor.detach().cpu().clone()
                for name, tensor in self.model.state_dict().items()
            },
            epochs_done=state.epochs_done,
            history=list(state.history),
            best_val_acc=state.best_val_acc,
            status="stopped",
            name=self.plan.name,
        )

    def evaluate(self) -> EvalResult:
        """Loss, accuracy and confusion matrix of the model as it is now, on the run's test set."""
        encoder = SequenceEncoder.for_config(self.plan.train_config)
        return evaluate(self.model, self.test_set, encoder, self.device)


def prepare_run(
    plan: RunPlan,
    *,
    data_dir: Path | None = None,
    download: bool = True,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    data: DatasetSplits | None = None,
) -> PreparedRun:
    """Read the data (or reuse `data` of the same dataset), choose the device, build the model.

    A resumed run's checkpoint is loaded and checked here, its weights and optimizer state
    restored. Raises DataError when the dataset cannot be had, CheckpointError for a bad
    checkpoint, ConfigError for a device this machine lacks.
    """
    config = plan.train_config
    prepare_thread(config)  # before any tensor work: helper threads inherit the settings
    device = select_device(config.device)
    precision, notice = effective_precision(config.precision, device)
    if precision != config.precision:  # the run records what it really used
        plan = replace(plan, train_config=replace(config, precision=precision))
    checkpoint = load_checkpoint(plan.resume_from) if plan.resume_from is not None else None
    if data is None or data.spec.name != config.dataset:
        data = load_dataset(
            config.dataset, data_dir, download=download, progress=progress, cancelled=cancelled
        )
    try:
        torch.manual_seed(config.seed)
        model = SequenceClassifier(plan.model_config)
        state = None
        if checkpoint is not None:
            model.load_state_dict(checkpoint.state_dict)
            state = TrainingState.from_checkpoint(checkpoint)
    except BaseException as exc:
        if is_out_of_memory(exc):
            raise OutOfMemory(OUT_OF_MEMORY) from None
        raise
    return PreparedRun(plan, data, model, device, state, notice)


def is_out_of_memory(exc: BaseException) -> bool:
    """Whether an exception means the CPU or GPU ran out of memory.

    PyTorch raises torch.OutOfMemoryError for a full GPU but a plain RuntimeError from its CPU
    allocator; this is the one place that tells them apart, so that front ends get a type.
    """
    if isinstance(exc, (MemoryError, torch.OutOfMemoryError)):
        return True
    return isinstance(exc, RuntimeError) and "DefaultCPUAllocator" in str(exc)
