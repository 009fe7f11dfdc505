"""TrainingWorker: runs core's training generator in a QThread and reports through signals.

Wiring (DESIGN.md conventions 2-6): one worker per run, moved to its own QThread;
`thread.started -> worker.run`; the worker's terminal signals -> `thread.quit`; `deleteLater`
on both when the thread finishes. The GUI thread steers the run only through the
TrainingControl flags, never through queued slots (a busy worker would never run them).
The run itself is core's (lstm_gui.core.run.session), exactly as on the command line; core, and so
torch, is imported inside run(), off the GUI thread's start-up path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, SignalInstance, Slot

from lstm_gui.core.errors import DataError, LstmGuiError, OutOfMemory, StorageError
from lstm_gui.gui.widgets.threads import returns_to_gui_thread

if TYPE_CHECKING:
    from lstm_gui.core.run.data import DatasetSplits
    from lstm_gui.core.run.session import PreparedRun, RunPlan
    from lstm_gui.core.run.training import TrainingControl

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainingJob:
    """One run for the worker: the plan (new or resumed), where the data is, data already read."""

    plan: RunPlan
    data_dir: Path | None = None
    data: DatasetSplits | None = None  # already loaded (the previous run's), skips reading


@dataclass(frozen=True)
class DataReady:
    """The data is in memory and the device chosen; training starts next."""

    data: DatasetSplits
    device: str
    train_samples: int
    test_samples: int


@dataclass(frozen=True)
class ValidationPredictions:
    """The predicted class of every validation digit after an epoch (for the gallery)."""

    epoch: int
    predictions: np.ndarray  # (test samples,) int64


class TrainingWorker(QObject):
    """Loads data, builds or resumes the model and iterates core train() in its thread."""

    download_progressed = Signal(object)  # DownloadProgress
    data_ready = Signal(object)  # DataReady
    progressed = Signal(object)  # BatchProgress
    predictions_ready = Signal(object)  # ValidationPredictions, just before its epoch_finished
    epoch_finished = Signal(object)  # EpochResult
    finished = Signal(object)  # RunFinished: completed, stopped or diverged
    failed = Signal(str)  # one sentence for a dialog
    data_missing = Signal(str)  # the dataset is missing or unreadable: offer a folder
    # Saving failed (disk full, folder gone): the weights in memory, just before `failed`.
    unsaved_model = Signal(object)  # Checkpoint

    def __init__(self, job: TrainingJob, control: TrainingControl) -> None:
        super().__init__()
        self._job = job
        self._control = control
        self._prepared: PreparedRun | None = None

    def terminal_signals(self) -> list[SignalInstance]:
        """The signals of which exactly one ends every run."""
        return [self.finished, self.failed, self.data_missing]

    @Slot()
    @returns_to_gui_thread
    def run(self) -> None:
        """Train until done, stopped or failed; exactly one terminal signal is emitted."""
        try:
            self._run()
        except DataError as exc:
            if self._control.stopped:  # the person cancelled the download
                self._emit_cancelled()
            else:
                self.data_missing.emit(str(exc))
        except OutOfMemory:
            self.failed.emit(_out_of_memory())
        except StorageError as exc:
            if self._prepared is not None:
                self.unsaved_model.emit(self._prepared.checkpoint())
            self.failed.emit(str(exc))
        except LstmGuiError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must always end with a signal
            self._unexpected(exc)

    def _emit_cancelled(self) -> None:
        from lstm_gui.core.run.progress import RunFinished, RunStatus

        message = QCoreApplication.translate("TrainingWorker", "The download was cancelled.")
        self.finished.emit(RunFinished(RunStatus.CANCELLED, 0, message))

    def _unexpected(self, exc: BaseException) -> None:
        _log.exception("training failed")
        message = QCoreApplication.translate(
            "TrainingWorker", "Training stopped because of an unexpected error: {0}"
        ).format(exc)
        self.failed.emit(message)

    def _run(self) -> None:
        from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished, RunStatus
        from lstm_gui.core.run.session import prepare_run

        job = self._job
        run = prepare_run(
            job.plan,
            data_dir=job.data_dir,
            progress=self.download_progressed.emit,
            cancelled=lambda: self._control.stopped,
            data=job.data,
        )
        self._prepared = run
        self.data_ready.emit(
            DataReady(run.data, str(run.device), run.train_samples, len(run.test_set))
        )
        ending = RunFinished(RunStatus.STOPPED, job.plan.epochs_done)
        for record in run.records(self._control):
            if isinstance(record, BatchProgress):
                self.progressed.emit(record)
            elif isinstance(record, EpochResult):
                self.predictions_ready.emit(ValidationPredictions(record.epoch, record.predictions))
                self.epoch_finished.emit(record)
            elif isinstance(record, RunFinished):
                ending = record
        self.finished.emit(ending)


def _out_of_memory() -> str:
    return QCoreApplication.translate(
        "TrainingWorker",
        "Training ran out of memory; what was trained so far is saved. Use a smaller batch "
        "size, fewer hidden units or fewer layers.",
    )
