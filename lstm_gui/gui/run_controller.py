"""RunController: one training run's lifecycle in the GUI — start, pause, stop, +1 epoch, after.

The controller runs core's training generator (gui.training_run) in a BackgroundTask, holds
the TrainingControl flags, dispatches the records by type to its own signals and decides what
happens once a run's thread has ended (close the window, train more epochs, retry with another
data folder). Widgets never see the task; the window and the Train tab only call these methods
and listen to these signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished, RunStatus
from lstm_gui.gui.training_run import (
    DataMissing,
    DataReady,
    RunFailed,
    TrainingJob,
    UnsavedModel,
    ValidationPredictions,
    dispatch_record,
    training_records,
)
from lstm_gui.gui.widgets.background_task import TaskSlot

if TYPE_CHECKING:
    from lstm_gui.core.run.checkpoint import Checkpoint
    from lstm_gui.core.run.control import TrainingControl
    from lstm_gui.core.run.data import DatasetSplits
    from lstm_gui.core.run.session import RunPlan

FAILED = "failed"  # how run_ended reports a run that ended with an error


@dataclass(frozen=True)
class Launch:
    """A run has started: its plan, and whether the curves shown so far go on."""

    plan: RunPlan
    keep_curves: bool  # +1 epoch of the run just shown: its curves continue


class RunController(QObject):
    """Starts, steers and ends training runs, one at a time."""

    launched = Signal(object)  # Launch
    download_progressed = Signal(object)  # DownloadProgress
    data_ready = Signal(object)  # DataReady
    progressed = Signal(object)  # BatchProgress
    predictions_ready = Signal(object)  # ValidationPredictions
    epoch_finished = Signal(object)  # EpochResult
    run_finished = Signal(object)  # RunFinished: completed, stopped, diverged or cancelled
    run_failed = Signal(str)  # one sentence
    data_missing = Signal(str)  # one sentence; offer to choose the data folder
    ended = Signal(str)  # the thread has ended: a RunStatus value or "failed"
    close_requested = Signal()  # the window asked to close while training; now it can
    refused = Signal(str)  # +1 epoch could not continue the last run: one sentence
    # Emitted in the training thread by the download callback; queued to this (GUI) thread.
    _download_relay = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._control: TrainingControl | None = None
        self._task = TaskSlot(self)
        self._job: TrainingJob | None = None
        self._data: DatasetSplits | None = None  # kept between runs: no second read
        self.last_run: RunPlan | None = None  # the last run of this session that saved
        # The weights of the last run whose saving failed, kept to be saved elsewhere.
        self.unsaved_model: Checkpoint | None = None
        self._ended_status = str(RunStatus.STOPPED)
        # What to do once the running thread has ended.
        self._extra_epochs = 0
        self._retry_data_dir: Path | None = None
        self._close_after_run = False
        self._download_relay.connect(self._on_download_progressed)

    # ------------------------------------------------------------------ state

    @property
    def is_training(self) -> bool:
        """True from start until the run's thread has ended."""
        return self._task.busy

    @property
    def plan(self) -> RunPlan | None:
        """The plan of the run in progress (None when idle)."""
        return self._job.plan if self._job is not None and self.is_training else None

    @property
    def extra_epochs(self) -> int:
        """Epochs asked for with +1 while this run trains."""
        return self._extra_epochs

    @property
    def closing(self) -> bool:
        """The window waits for this run to end before closing."""
        return self._close_after_run

    # ------------------------------------------------------------------ commands

    def start(self, plan: RunPlan, data_dir: Path | None, keep_curves: bool = False) -> bool:
        """Start a training thread for `plan`; False when a run is already training."""
        if self.is_training:
            return False
        data = self._data
        if data is not None and data.spec.name != plan.train_config.dataset:
            data = None
        job = TrainingJob(plan, data_dir, data)
        self._job = job
        from lstm_gui.core.run.control import TrainingControl

        control = self._control = TrainingControl()
        relay = self._download_relay.emit
        self.unsaved_model = None
        self._task.start(
            lambda: training_records(job, control, relay),
            "TrainingThread",
            stop=control.stop,
            on_item=self._on_record,
            # Only an error outside training_records (which turns its own into records) fails it.
            on_failed=self._on_run_failed,
            on_finished=self._on_task_finished,
        )
        self.launched.emit(Launch(plan, keep_curves))
        return True

    def resume(self, latest: Path, epochs: int, data_dir: Path | None, keep_curves: bool) -> None:
        """Continue the run saved in `latest` up to `epochs` in all (raises LstmGuiError)."""
        from lstm_gui.core.config import default_torch_threads
        from lstm_gui.core.run.session import plan_resume

        # This machine's thread count, not the one of the machine the run began on.
        plan = plan_resume(latest, epochs, threads=default_torch_threads())
        self.start(plan, data_dir, keep_curves)

    def pause(self) -> None:
        """Hold training after the current batch."""
        if self._control is not None:
            self._control.pause()

    def resume_training(self) -> None:
        """Go on after a pause."""
        if self._control is not None:
            self._control.resume()

    def stop(self) -> None:
        """End the run after the current batch; what was trained is saved."""
        if self._control is not None:
            self._control.stop()

    def set_lr(self, lr: float) -> bool:
        """Use `lr` from the next batch on (raises ConfigError); False when idle."""
        if self._control is None:
            return False
        self._control.set_lr(lr)
        return True

    def add_epoch(self, data_dir: Path | None) -> int:
        """One more epoch: queued while training, else the last run continues now.

        Returns the number of epochs queued (0 when the last run continued at once).
        """
        if self.is_training:
            self._extra_epochs += 1
            return self._extra_epochs
        self._continue_last_run(1, data_dir)
        return 0

    def retry_after_run(self, data_dir: Path) -> None:
        """Start this run again from scratch with `data_dir` once its thread has ended."""
        self._retry_data_dir = data_dir

    def close_after_run(self) -> None:
        """Stop the run and emit close_requested once its thread has ended."""
        self._close_after_run = True
        self.stop()

    def forget_run_in(self, folder: Path) -> None:
        """The run folder was deleted: +1 epoch can no longer continue it."""
        if self.last_run is not None and self.last_run.folder == folder:
            self.last_run = None

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop any run and wait for its thread; True when none runs any more."""
        # Through the flags, not task.stop(): the run ends at its next batch and saves.
        self.stop()
        return self._task.wait(timeout_ms)

    # ------------------------------------------------------------------ run events

    def _continue_last_run(self, extra: int, data_dir: Path | None) -> None:
        plan = self.last_run
        if plan is None or not plan.paths.latest.is_file():
            return
        from lstm_gui.core.errors import LstmGuiError
        from lstm_gui.core.run.checkpoint_header import read_checkpoint_metadata

        try:
            done = int(read_checkpoint_metadata(plan.paths.latest).get("epochs_done", 0))
            self.resume(plan.paths.latest, done + extra, data_dir, keep_curves=True)
        except LstmGuiError as exc:
            self.refused.emit(str(exc))

    @Slot(object)
    def _on_download_progressed(self, progress: object) -> None:
        self.download_progressed.emit(progress)

    @Slot(object)
    def _on_record(self, record: object) -> None:
        """One record of the run, in the GUI thread: to the signal for its kind."""
        # Built per record, not kept: bound methods held by self would make a reference cycle.
        dispatch_record(
            record,
            {
                BatchProgress: self.progressed.emit,
                EpochResult: self.epoch_finished.emit,
                ValidationPredictions: self.predictions_ready.emit,
                DataReady: self._on_data_ready,
                RunFinished: self._on_run_finished,
                UnsavedModel: self._keep_unsaved_model,
                RunFailed: lambda failed: self._on_run_failed(failed.message),
                DataMissing: lambda missing: self._on_data_missing(missing.message),
            },
        )

    def _on_data_ready(self, ready: DataReady) -> None:
        self._data = ready.data  # kept for the next run: no second read
        self.data_ready.emit(ready)

    def _keep_unsaved_model(self, unsaved: UnsavedModel) -> None:
        self.unsaved_model = unsaved.checkpoint

    def _on_run_finished(self, finished: RunFinished) -> None:
        plan = self._job.plan if self._job is not None else None
        if plan is not None and plan.paths.latest.is_file():
            self.last_run = plan
        if finished.status != RunStatus.COMPLETED:
            self._extra_epochs = 0
        self._ended_status = str(finished.status)
        self.run_finished.emit(finished)

    @Slot(str)
    def _on_run_failed(self, message: str) -> None:
        self._extra_epochs = 0
        self._ended_status = FAILED
        self.run_failed.emit(message)

    def _on_data_missing(self, message: str) -> None:
        self._extra_epochs = 0
        self._ended_status = FAILED
        self.data_missing.emit(message)

    def _on_task_finished(self) -> None:
        """The run's thread has ended and its task is forgotten: do what was waiting for it."""
        job = self._job
        self._control = None
        extra, self._extra_epochs = self._extra_epochs, 0
        retry, self._retry_data_dir = self._retry_data_dir, None
        self.ended.emit(self._ended_status)
        if self._close_after_run:
            self.close_requested.emit()
        elif retry is not None and job is not None:
            self.start(job.plan, retry)
        elif extra:
            self._continue_last_run(extra, job.data_dir if job is not None else None)
