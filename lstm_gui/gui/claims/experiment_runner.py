"""ExperimentRunner: one claim experiment at a time in a BackgroundTask, its items sorted out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from lstm_gui.gui.claims.experiment_worker import experiment_items
from lstm_gui.gui.widgets.background_task import TaskSlot

if TYPE_CHECKING:
    from lstm_gui.core.claims.records import ExperimentSettings
    from lstm_gui.core.run.control import TrainingControl


class ExperimentRunner(QObject):
    """Starts, stops and waits for an experiment; `ended` once its thread is done."""

    progressed = Signal(object)  # ExperimentProgress or CostProgress
    run_finished = Signal(object)  # ClaimRun
    timing_finished = Signal(object)  # CostTiming
    experiment_finished = Signal(object)  # Experiment, saved
    failed = Signal(str)
    ended = Signal()  # the thread is done (after finishing, failing or a stop)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task = TaskSlot(self)
        self._control: TrainingControl | None = None

    @property
    def is_running(self) -> bool:
        """True from start until the thread has ended."""
        return self._task.busy

    def start(
        self,
        claim: str,
        settings: ExperimentSettings,
        runs_root: Path | None,
        data_dir: Path | None,
    ) -> None:
        """Run the experiment in a new thread."""
        from lstm_gui.core.run.control import TrainingControl

        self._control = control = TrainingControl()
        self._task.start(
            lambda: experiment_items(claim, settings, runs_root, data_dir, control),
            "ClaimsExperimentThread",
            failure="The experiment failed",
            on_item=self._on_item,
            on_failed=self.failed.emit,
            on_finished=self._on_task_finished,
        )

    def stop(self) -> bool:
        """Ask the experiment to end after the current batch; False when none runs."""
        # The control, not the task's stop(): the task would drop the items still to come,
        # and the last one is the experiment with the runs that finished, saved.
        if self._control is None:
            return False
        self._control.stop()
        return True

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the experiment and wait for its thread (closing the window); True when done."""
        self.stop()
        return self._task.wait(timeout_ms)

    @Slot(object)
    def _on_item(self, item: object) -> None:
        from lstm_gui.core.claims.cost import CostProgress
        from lstm_gui.core.claims.experiments import (
            ClaimRun,
            CostTiming,
            Experiment,
            ExperimentProgress,
        )

        routes = (
            (ExperimentProgress | CostProgress, self.progressed),
            (ClaimRun, self.run_finished),
            (CostTiming, self.timing_finished),
            (Experiment, self.experiment_finished),
        )
        signal = next((signal for kinds, signal in routes if isinstance(item, kinds)), None)
        if signal is not None:
            signal.emit(item)

    def _on_task_finished(self) -> None:
        self._control = None
        self.ended.emit()
