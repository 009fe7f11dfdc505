"""One training run as a generator of records, for a BackgroundTask; errors become records too.

`training_records(job, control)` reads the data (or takes the previous run's), builds or resumes
the model and yields what happens, in order: DataReady, then core's BatchProgress / EpochResult
(each EpochResult just after its ValidationPredictions), then exactly one ending: RunFinished,
RunFailed or DataMissing (an UnsavedModel before RunFailed when saving failed). Errors are
turned into records here, not left to the task, because each kind of error is handled apart
(a missing dataset offers a folder; a failed save keeps the weights). The GUI thread steers the
run only through the TrainingControl flags. Core, and so torch, is imported in the generator,
off the GUI thread's start-up path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from lstm_gui.core.errors import DataError, LstmGuiError, OutOfMemory, StorageError

if TYPE_CHECKING:
    from lstm_gui.core.run.checkpoint import Checkpoint
    from lstm_gui.core.run.control import TrainingControl
    from lstm_gui.core.run.data import DatasetSplits
    from lstm_gui.core.run.progress import DownloadProgress
    from lstm_gui.core.run.session import PreparedRun, RunPlan

_log = logging.getLogger(__name__)
# Its sentences are translated in the TrainingWorker context, where they were first written
# (a literal in each call: lupdate reads no variables).


@dataclass(frozen=True)
class TrainingJob:
    """One run: the plan (new or resumed), where the data is, data already read."""

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
    precision: str = "fp32"  # what the run really computes in (the plan records the same)
    notice: str = ""  # a sentence about a setting this machine could not honour (bf16 -> fp32)


@dataclass(frozen=True)
class ValidationPredictions:
    """The predicted class of every validation digit after an epoch (for the gallery)."""

    epoch: int
    predictions: np.ndarray  # (test samples,) int64


@dataclass(frozen=True)
class RunFailed:
    """The run ended with an error: one sentence for a dialog."""

    message: str


@dataclass(frozen=True)
class DataMissing:
    """The dataset is missing or unreadable: one sentence; offer to choose a folder."""

    message: str


@dataclass(frozen=True)
class UnsavedModel:
    """Saving failed (disk full, folder gone): the weights in memory, just before RunFailed."""

    checkpoint: Checkpoint


def dispatch_record(record: object, handlers: Mapping[type, Callable[[Any], None]]) -> None:
    """Hand `record` to the handler for its type; a record of a kind not listed is passed over."""
    handler = handlers.get(type(record))
    if handler is not None:
        handler(record)


def training_records(
    job: TrainingJob,
    control: TrainingControl,
    download_progress: Callable[[DownloadProgress], None] | None = None,
) -> Iterator[Any]:
    """Train until done, stopped or failed; the last record is the run's one ending."""
    prepared: list[PreparedRun] = []  # filled once the run is prepared (for a failed save)
    try:
        yield from _records(job, control, download_progress, prepared)
    except DataError as exc:
        if control.stopped:  # the person cancelled the download
            yield _cancelled()
        else:
            yield DataMissing(str(exc))
    except OutOfMemory:
        yield RunFailed(_out_of_memory())
    except StorageError as exc:
        if prepared:
            yield UnsavedModel(prepared[0].checkpoint())
        yield RunFailed(str(exc))
    except LstmGuiError as exc:
        yield RunFailed(str(exc))
    except Exception as exc:  # noqa: BLE001 - every run must end with one ending record
        _log.exception("training failed")
        message = QCoreApplication.translate(
            "TrainingWorker", "Training stopped because of an unexpected error: {0}"
        ).format(exc)
        yield RunFailed(message)


def _records(
    job: TrainingJob,
    control: TrainingControl,
    download_progress: Callable[[DownloadProgress], None] | None,
    prepared: list[PreparedRun],
) -> Iterator[Any]:
    from lstm_gui.core.run.progress import EpochResult, RunFinished, RunStatus
    from lstm_gui.core.run.session import prepare_run

    run = prepare_run(
        job.plan,
        data_dir=job.data_dir,
        progress=download_progress,
        cancelled=lambda: control.stopped,
        data=job.data,
    )
    prepared.append(run)
    yield DataReady(
        run.data,
        str(run.device),
        run.train_samples,
        len(run.test_set),
        precision=str(run.plan.train_config.precision),
        notice=run.notice,
    )
    ending = RunFinished(RunStatus.STOPPED, job.plan.epochs_done)
    for record in run.records(control):
        if isinstance(record, RunFinished):
            ending = record  # yielded last, after anything core might still yield
            continue
        if isinstance(record, EpochResult):
            yield ValidationPredictions(record.epoch, record.predictions)
        yield record
    yield ending


def _cancelled() -> Any:
    from lstm_gui.core.run.progress import RunFinished, RunStatus

    message = QCoreApplication.translate("TrainingWorker", "The download was cancelled.")
    return RunFinished(RunStatus.CANCELLED, 0, message)


def _out_of_memory() -> str:
    return QCoreApplication.translate(
        "TrainingWorker",
        "Training ran out of memory; what was trained so far is saved. Use a smaller batch "
        "size, fewer hidden units or fewer layers.",
    )
