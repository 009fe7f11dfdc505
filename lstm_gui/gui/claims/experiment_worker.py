"""A worker that runs a claim's experiment in a QThread and reports it by signals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.widgets.threads import returns_to_gui_thread

if TYPE_CHECKING:
    from lstm_gui.core.claims.experiments import ExperimentSettings


class ExperimentWorker(QObject):
    """Runs core.claims.experiments.run_experiment and saves the result; always ends `finished`.

    Moved to a QThread by start_in_thread. The GUI thread calls `stop()` directly: the
    current run ends after its batch (its folder keeps what it trained) and the runs that
    finished are saved as the experiment.
    """

    progressed = Signal(object)  # ExperimentProgress or CostProgress: the share done, the run
    run_finished = Signal(object)  # ClaimRun: one cell at one length and seed, done
    timing_finished = Signal(object)  # CostTiming: one network timed on every repeat
    experiment_finished = Signal(object)  # Experiment, saved (its path set)
    failed = Signal(str)  # one sentence for the person
    finished = Signal()

    def __init__(
        self,
        claim: str,
        settings: ExperimentSettings,
        runs_root: Path | None,
        data_dir: Path | None,
    ) -> None:
        super().__init__()
        from lstm_gui.core.run.training import TrainingControl

        self._claim = claim
        self._settings = settings
        self._runs_root = runs_root
        self._data_dir = data_dir
        self._control = TrainingControl()

    def stop(self) -> None:
        """End the current run after its batch, and the experiment with it (GUI thread)."""
        self._control.stop()

    def terminal_signals(self) -> list[SignalInstance]:
        """The signal that ends every experiment (for start_in_thread)."""
        return [self.finished]

    @Slot()
    @returns_to_gui_thread
    def run(self) -> None:
        """Run the experiment, then save what finished."""
        try:
            self._run()
        except LstmGuiError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must never let an error escape
            self.failed.emit(f"The experiment failed: {exc}")
        finally:
            self.finished.emit()

    def _run(self) -> None:
        from lstm_gui.core.claims.cost import CostProgress
        from lstm_gui.core.claims.experiments import (
            ClaimRun,
            CostTiming,
            Experiment,
            ExperimentProgress,
            claims_dir,
            run_experiment,
            save_experiment,
        )

        for item in run_experiment(
            self._claim,
            self._settings,
            runs_root=self._runs_root,
            data_dir=self._data_dir,
            control=self._control,
        ):
            if isinstance(item, ExperimentProgress | CostProgress):
                self.progressed.emit(item)
            elif isinstance(item, ClaimRun):
                self.run_finished.emit(item)
            elif isinstance(item, CostTiming):
                self.timing_finished.emit(item)
            elif isinstance(item, Experiment):
                self.experiment_finished.emit(save_experiment(item, claims_dir(self._runs_root)))
