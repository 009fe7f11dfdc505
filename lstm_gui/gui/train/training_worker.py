"""TrainingWorker: runs core's training generator in a QThread and reports through signals.

Wiring (DESIGN.md conventions 2-6): one worker per run, moved to its own QThread;
`thread.started -> worker.run`; the worker's terminal signals -> `thread.quit`; `deleteLater`
on both when the thread finishes. The GUI thread steers the run only through the
TrainingControl flags, never through queued slots (a busy worker would never run them).
Core modules, and so torch, are imported inside run(), off the GUI thread's start-up path.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, SignalInstance, Slot

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import DataError, LstmGuiError

if TYPE_CHECKING:
    from lstm_gui.core.data import DatasetSplits
    from lstm_gui.core.training import CheckpointPaths, TrainingControl

_log = logging.getLogger(__name__)

# RunFinished status of a run cancelled while its data was downloading (before training).
CANCELLED = "cancelled"


def default_torch_threads() -> int:
    """CPU threads for training: all cores but one, which stays free for the window (max 4).

    A recurrent layer of 128 units on batches of 28 gains little from more threads, and
    OpenMP threads fighting the GUI thread for a core stall both.
    """
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def report_interval(batch_size: int) -> int:
    """Batches between progress records: about one per 400 samples.

    That is 10-20 records a second on a laptop CPU: smooth curves, no flood of events.
    """
    return max(1, round(400 / batch_size))


@dataclass(frozen=True)
class TrainingJob:
    """Everything one run needs: what to build, how to train it, where to save, what data."""

    model_config: ModelConfig
    train_config: TrainConfig
    run_name: str
    paths: CheckpointPaths | None = None
    resume_from: Path | None = None  # a checkpoint whose weights and state continue
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

    def __init__(self, job: TrainingJob, control: TrainingControl) -> None:
        super().__init__()
        self._job = job
        self._control = control

    def terminal_signals(self) -> list[SignalInstance]:
        """The signals of which exactly one ends every run."""
        return [self.finished, self.failed, self.data_missing]

    @Slot()
    def run(self) -> None:
        """Train until done, stopped or failed; exactly one terminal signal is emitted."""
        try:
            self._run()
        except DataError as exc:
            if self._control.stopped:  # the person cancelled the download
                self._emit_cancelled()
            else:
                self.data_missing.emit(str(exc))
        except LstmGuiError as exc:
            self.failed.emit(str(exc))
        except MemoryError:
            self.failed.emit(_out_of_memory())
        except RuntimeError as exc:  # torch.OutOfMemoryError is a RuntimeError
            if "out of memory" in str(exc).lower():
                self.failed.emit(_out_of_memory())
            else:
                self._unexpected(exc)
        except Exception as exc:  # noqa: BLE001 - a worker must always end with a signal
            self._unexpected(exc)

    def _emit_cancelled(self) -> None:
        from lstm_gui.core.progress import RunFinished

        message = QCoreApplication.translate("TrainingWorker", "The download was cancelled.")
        self.finished.emit(RunFinished(CANCELLED, 0, message))

    def _unexpected(self, exc: BaseException) -> None:
        _log.exception("training failed")
        message = QCoreApplication.translate(
            "TrainingWorker", "Training stopped because of an unexpected error: {0}"
        ).format(exc)
        self.failed.emit(message)

    def _run(self) -> None:
        import torch

        from lstm_gui.core.checkpoint import load_checkpoint
        from lstm_gui.core.data import load_dataset
        from lstm_gui.core.model import SequenceClassifier
        from lstm_gui.core.progress import BatchProgress, EpochResult, RunFinished
        from lstm_gui.core.training import TrainingState, select_device, train

        job, config = self._job, self._job.train_config
        if config.torch_threads is not None:
            # OpenMP settings belong to the calling thread (core's train() also sets them).
            torch.set_num_threads(config.torch_threads)
        data = job.data
        if data is None or data.spec.name != config.dataset:
            data = load_dataset(
                config.dataset,
                job.data_dir,
                download=True,
                progress=self.download_progressed.emit,
                cancelled=lambda: self._control.stopped,
            )
        device = select_device(config.device)
        test_set = data.test.head(config.test_limit)
        self.data_ready.emit(
            DataReady(data, str(device), len(data.train.head(config.train_limit)), len(test_set))
        )
        torch.manual_seed(config.seed)
        model = SequenceClassifier(job.model_config)
        state = None
        if job.resume_from is not None:
            checkpoint = load_checkpoint(job.resume_from)
            model.load_state_dict(checkpoint.state_dict)
            state = TrainingState.from_checkpoint(checkpoint)
        ending = RunFinished("stopped", 0)
        for record in train(
            model,
            data,
            config,
            device=device,
            control=self._control,
            state=state,
            checkpoints=job.paths,
            run_name=job.run_name,
        ):
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
