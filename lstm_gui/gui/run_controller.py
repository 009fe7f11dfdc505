"""RunController: one training run's lifecycle in the GUI — start, pause, stop, +1 epoch, after.

The controller owns the worker, its thread and the TrainingControl flags; it forwards the
worker's records as its own signals and decides what happens once a run's thread has ended
(close the window, train more epochs, retry with another data folder). Widgets never see the
worker; the window and the Train tab only call these methods and listen to these signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from lstm_gui.core.run.progress import RunStatus
from lstm_gui.gui.train.training_worker import TrainingJob, TrainingWorker
from lstm_gui.gui.widgets.threads import start_in_thread

if TYPE_CHECKING:
    from lstm_gui.core.run.checkpoint import Checkpoint
    from lstm_gui.core.run.data import DatasetSplits
    from lstm_gui.core.run.progress import RunFinished
    from lstm_gui.core.run.session import RunPlan
    from lstm_gui.core.run.training import TrainingControl
    from lstm_gui.gui.train.training_worker import DataReady

FAILED = "failed"  # how run_ended reports a run that ended with an error


@dataclass(frozen=True)
class Launch:
    """A run's worker has started: its plan, and whether the curves shown so far go on."""

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

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._control: TrainingControl | None = None
        self._worker: TrainingWorker | None = None
        self._thread: QThread | None = None
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

    # ------------------------------------------------------------------ state

    @property
    def is_training(self) -> bool:
        """True from start until the worker's thread has ended."""
        return self._thread is not None

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
        """Start a worker thread for `plan`; False when a run is already training."""
        if self.is_training:
            return False
        data = self._data
        if data is not None and data.spec.name != plan.train_config.dataset:
            data = None
        job = TrainingJob(plan, data_dir, data)
        self._job = job
        from lstm_gui.core.run.training import TrainingControl

        self._control = TrainingControl()
        worker = TrainingWorker(job, self._control)
        worker.download_progressed.connect(self.download_progressed)
        worker.data_ready.connect(self._on_data_ready)
        worker.progressed.connect(self.progressed)
        worker.predictions_ready.connect(self.predictions_ready)
        worker.epoch_finished.connect(self.epoch_finished)
        worker.finished.connect(self._on_run_finished)
        worker.failed.connect(self._on_run_failed)
        worker.data_missing.connect(self._on_data_missing)
        worker.unsaved_model.connect(self._on_unsaved_model)
        self.unsaved_model = None
        self._worker = worker
        self._thread = start_in_thread(worker, "TrainingThread", self._on_thread_finished)
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
        self.stop()
        thread = self._thread
        if thread is None or not shiboken6.isValid(thread):
            return True
        # Safe: the worker's terminal signals call thread.quit() directly, not via this thread.
        return thread.wait(timeout_ms)

    # ------------------------------------------------------------------ worker events

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
    def _on_data_ready(self, ready: DataReady) -> None:
        self._data = ready.data
        self.data_ready.emit(ready)

    @Slot(object)
    def _on_run_finished(self, finished: RunFinished) -> None:
        plan = self._job.plan if self._job is not None else None
        if plan is not None and plan.paths.latest.is_file():
            self.last_run = plan
        if finished.status != RunStatus.COMPLETED:
            self._extra_epochs = 0
        self._ended_status = str(finished.status)
        self.run_finished.emit(finished)

    @Slot(object)
    def _on_unsaved_model(self, checkpoint: Checkpoint) -> None:
        self.unsaved_model = checkpoint

    @Slot(str)
    def _on_run_failed(self, message: str) -> None:
        self._extra_epochs = 0
        self._ended_status = FAILED
        self.run_failed.emit(message)

    @Slot(str)
    def _on_data_missing(self, message: str) -> None:
        self._extra_epochs = 0
        self._ended_status = FAILED
        self.data_missing.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        """The worker's thread has ended: forget it, then do what was waiting for it."""
        if self._thread is not None and shiboken6.isValid(self._thread):
            # `finished` arrives while the thread may still be deleting the worker
            # (deleteLater); dropping our reference before that ends would delete it twice.
            self._thread.wait()
        job = self._job
        self._worker = None
        self._thread = None
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
