"""ExperimentRunner: one claim experiment at a time in its own thread, and its safe ending.

It owns the worker and its QThread (lstm_gui.gui.widgets.threads), passes the worker's
reports on, and forgets both only after the thread has finished and been waited for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal

from lstm_gui.gui.claims.experiment_worker import ExperimentWorker
from lstm_gui.gui.widgets.threads import start_in_thread

if TYPE_CHECKING:
    from lstm_gui.core.claims.records import ExperimentSettings


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
        self._worker: ExperimentWorker | None = None
        self._thread: QThread | None = None

    @property
    def is_running(self) -> bool:
        """True from start until the thread has ended."""
        return self._thread is not None

    def start(
        self,
        claim: str,
        settings: ExperimentSettings,
        runs_root: Path | None,
        data_dir: Path | None,
    ) -> None:
        """Run the experiment in a new thread."""
        worker = ExperimentWorker(claim, settings, runs_root, data_dir)
        worker.progressed.connect(self.progressed)
        worker.run_finished.connect(self.run_finished)
        worker.timing_finished.connect(self.timing_finished)
        worker.experiment_finished.connect(self.experiment_finished)
        worker.failed.connect(self.failed)
        thread = start_in_thread(worker, "ClaimsExperimentThread", self._on_thread_finished)
        self._thread, self._worker = thread, worker

    def stop(self) -> bool:
        """Ask the experiment to end after the current batch; False when none runs."""
        if self._worker is None:
            return False
        self._worker.stop()
        return True

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the experiment and wait for its thread (closing the window); True when done."""
        if self._thread is None or self._worker is None:
            return True
        self._worker.stop()
        done = self._thread.wait(timeout_ms)
        if done:
            self._forget_thread()
        return done

    def _on_thread_finished(self) -> None:
        thread = self._thread
        if self.sender() is not thread or thread is None or not shiboken6.isValid(thread):
            return
        # Only after wait() has returned is the worker's deleteLater done (see start_in_thread).
        thread.wait()
        self._forget_thread()
        self.ended.emit()

    def _forget_thread(self) -> None:
        self._thread = None
        self._worker = None
