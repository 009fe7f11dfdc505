"""TrainingWorker: training_records as a QObject with one signal a kind, for the packaged self-test.

The app runs training through RunController (a BackgroundTask over gui.training_run); this
adapter is kept only because lstm_gui.selftest_training starts a worker of its own with
start_in_thread; it goes once the self-test uses RunController.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from lstm_gui.core.run.progress import BatchProgress, EpochResult, RunFinished
from lstm_gui.core.run.training import TrainingControl
from lstm_gui.gui.training_run import (
    DataMissing,
    DataReady,
    RunFailed,
    TrainingJob,
    UnsavedModel,
    ValidationPredictions,
    training_records,
)
from lstm_gui.gui.widgets.threads import returns_to_gui_thread

__all__ = ["DataReady", "TrainingJob", "TrainingWorker", "ValidationPredictions"]


class TrainingWorker(QObject):
    """Iterates training_records in its thread and emits each record on its kind's signal."""

    download_progressed = Signal(object)  # DownloadProgress
    data_ready = Signal(object)  # DataReady
    progressed = Signal(object)  # BatchProgress
    predictions_ready = Signal(object)  # ValidationPredictions
    epoch_finished = Signal(object)  # EpochResult
    finished = Signal(object)  # RunFinished
    failed = Signal(str)
    data_missing = Signal(str)
    unsaved_model = Signal(object)  # Checkpoint

    def __init__(self, job: TrainingJob, control: TrainingControl) -> None:
        super().__init__()
        self._job = job
        self._control = control

    def terminal_signals(self) -> list[SignalInstance]:
        """The signals of which exactly one ends every run."""
        return [self.finished, self.failed, self.data_missing]

    @Slot()
    @returns_to_gui_thread
    def run(self) -> None:
        """Train until done, stopped or failed; exactly one terminal signal is emitted."""
        signals: list[tuple[type, SignalInstance]] = [
            (DataReady, self.data_ready),
            (BatchProgress, self.progressed),
            (ValidationPredictions, self.predictions_ready),
            (EpochResult, self.epoch_finished),
            (RunFinished, self.finished),
        ]
        for record in training_records(self._job, self._control, self.download_progressed.emit):
            if isinstance(record, UnsavedModel):
                self.unsaved_model.emit(record.checkpoint)
            elif isinstance(record, RunFailed):
                self.failed.emit(record.message)
            elif isinstance(record, DataMissing):
                self.data_missing.emit(record.message)
            else:
                next(signal for kind, signal in signals if isinstance(record, kind)).emit(record)
