"""A worker that computes the rows-needed curve in a QThread and reports it through signals."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from lstm_gui.core.errors import LstmGuiError
from lstm_gui.gui.widgets.threads import returns_to_gui_thread

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor


class RowsNeededWorker(QObject):
    """Reads the test set with one model and emits the accuracy after each row, batch by batch.

    Moved to a QThread: `thread.started -> run`, `finished -> thread.quit`. The GUI thread
    calls `stop()` directly; the flag is checked between batches.
    """

    # Each signal carries the run's number: a stopped run's last signals, still queued when the
    # next run starts, are told apart by it (the sender may be deleted before they arrive).
    progressed = Signal(int, object)  # run number, RowsNeededProgress
    failed = Signal(int, str)  # run number, one sentence for the user
    finished = Signal()

    def __init__(self, run: int, predictor: Predictor, data_dir: Path | None) -> None:
        super().__init__()
        self._run = run
        self._predictor = predictor
        self._data_dir = data_dir
        self._stopping = False

    def stop(self) -> None:
        """Ask the run to end after the current batch (called from the GUI thread)."""
        self._stopping = True

    def terminal_signals(self) -> list[SignalInstance]:
        """The signal that ends every run (for start_in_thread)."""
        return [self.finished]

    @Slot()
    @returns_to_gui_thread
    def run(self) -> None:
        """Load the test set and compute the curve; always ends with `finished`."""
        try:
            self._compute()
        except LstmGuiError as exc:
            self.failed.emit(self._run, str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must never let an error escape
            self.failed.emit(self._run, f"The curve could not be computed: {exc}")
        finally:
            self.finished.emit()

    def _compute(self) -> None:
        import torch

        from lstm_gui.core.reading.row_experiments import load_test_digits, rows_needed_curve

        # One thread: the curve takes about a second and must not slow training or drawing.
        torch.set_num_threads(1)
        dataset = self._predictor.checkpoint.train_config.dataset
        test = load_test_digits(dataset, self._data_dir)
        for progress in rows_needed_curve(self._predictor, test.images, test.labels):
            if self._stopping:
                return
            self.progressed.emit(self._run, progress)
