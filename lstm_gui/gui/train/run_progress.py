"""RunProgress: the epoch and whole-run progress bars, time left, and the latest figures."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from lstm_gui.core.config import TrainConfig
from lstm_gui.core.run.progress import BatchProgress, TimeLeft

# The strings here are translated in the TrainingPanel context: the progress strip was part of
# TrainingPanel, and the catalogue keeps its strings there.
translate = QCoreApplication.translate


def format_duration(seconds: float) -> str:
    """Seconds as m:ss or h:mm:ss; an em dash when unknown."""
    if not math.isfinite(seconds) or seconds < 0:
        return "—"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class RunProgress(QWidget):
    """Two bars (this epoch, the whole run) with time left, and a line of figures under them.

    core.run.progress.TimeLeft estimates the time left; this strip only shows it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._time_left = TimeLeft(TrainConfig().batch_size)
        self.epoch_label = QLabel(translate("TrainingPanel", "Not started"))
        self.epoch_bar = QProgressBar()
        self.run_label = QLabel(translate("TrainingPanel", "Whole run"))
        self.run_bar = QProgressBar()
        self.figures_label = QLabel(" ")
        for bar in (self.epoch_bar, self.run_bar):
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.epoch_label, 0, 0)
        layout.addWidget(self.epoch_bar, 0, 1)
        layout.addWidget(self.run_label, 1, 0)
        layout.addWidget(self.run_bar, 1, 1)
        layout.addWidget(self.figures_label, 2, 0, 1, 2)
        layout.setColumnStretch(1, 1)

    def start(self, epochs_done: int, epochs: int, batch_size: int) -> None:
        """A run begins (or resumes after `epochs_done` epochs)."""
        self._time_left = TimeLeft(batch_size)
        self.epoch_bar.setValue(0)
        self.run_bar.setValue(int(1000 * epochs_done / epochs))
        self.epoch_bar.setFormat("%p%")
        self.run_bar.setFormat("%p%")
        self.epoch_label.setText(translate("TrainingPanel", "Loading data…"))
        self.figures_label.setText(" ")

    def show_progress(self, record: BatchProgress) -> None:
        """A progress record: bars, time left, running loss and accuracy."""
        epoch, epochs, batch, batches = record.epoch, record.epochs, record.batch, record.batches
        epoch_left, run_left = self._time_left.update(
            epoch, epochs, batch, batches, record.samples_per_s
        )
        fraction = batch / batches
        _set_value_later_painted(self.epoch_bar, int(1000 * fraction))
        _set_value_later_painted(self.run_bar, int(1000 * (epoch - 1 + fraction) / epochs))
        left = translate("TrainingPanel", "%p% · {0} left")
        self.epoch_bar.setFormat(left.format(format_duration(epoch_left)))
        self.run_bar.setFormat(left.format(format_duration(run_left)))
        self.epoch_label.setText(
            translate("TrainingPanel", "Epoch {0} of {1} · batch {2} of {3}").format(
                epoch, epochs, f"{batch:,}", f"{batches:,}"
            )
        )
        self.figures_label.setText(
            translate(
                "TrainingPanel", "Loss {0:.4f} · accuracy {1:.2f}% (this epoch so far)"
            ).format(record.running_loss, 100 * record.running_acc)
        )

    def show_epoch(self, epoch: int, epochs: int, val_acc: float, eval_seconds: float) -> None:
        """An epoch ended: the time left learns how long evaluation takes; validation shows."""
        self._time_left.epoch_finished(eval_seconds)
        self.epoch_bar.setValue(1000)
        self.epoch_bar.setFormat("%p%")
        self.run_bar.setValue(int(1000 * epoch / epochs))
        self.figures_label.setText(
            translate("TrainingPanel", "Epoch {0}: validation accuracy {1:.2f}%").format(
                epoch, 100 * val_acc
            )
        )

    def show_finished(self, text: str) -> None:
        """The run ended: the bars stop, the reason is shown."""
        self.epoch_bar.setFormat("%p%")
        self.run_bar.setFormat("%p%")
        self.epoch_label.setText(text)


def _set_value_later_painted(bar: QProgressBar, value: int) -> None:
    """Set a bar's value, painted with the next repaint rather than at once.

    QProgressBar.setValue repaints the bar on the spot, from Python, holding the GIL the
    worker thread needs for about a millisecond each time; painted by the event loop like
    any other widget, it takes no GIL.
    """
    bar.setUpdatesEnabled(False)
    bar.setValue(value)
    bar.setUpdatesEnabled(True)  # and asks for an ordinary repaint
