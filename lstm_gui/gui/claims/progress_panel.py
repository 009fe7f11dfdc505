"""ProgressPanel: how far a claim's experiment has got, how long it has left, what runs now."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from lstm_gui.gui.claims.claim_figures import time_left
from lstm_gui.gui.claims.claim_texts import duration_text
from lstm_gui.gui.widgets.labels import wrapped_label

if TYPE_CHECKING:
    from lstm_gui.core.claims.cost import CostProgress
    from lstm_gui.core.claims.experiments import ExperimentProgress
    from lstm_gui.core.claims.records import ExperimentSettings

STEPS = 1000  # the bar's resolution


class ProgressPanel(QWidget):
    """A bar with the share done and the time left; a line naming the current run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock: Callable[[], float] = time.monotonic  # tests may set their own
        self._started = 0.0
        self.label = wrapped_label()
        self.bar = QProgressBar()
        self.bar.setRange(0, STEPS)
        self.bar.setAccessibleName(self.tr("Experiment progress"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.reset()

    def reset(self) -> None:
        """Nothing running: an empty bar and no words."""
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("not running"))
        self.label.setText("")

    def start(self) -> None:
        """An experiment starts now (its data may take a moment to load)."""
        self._started = self.clock()
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("starting…"))
        self.label.setText(self.tr("Loading the data…"))

    def show_progress(
        self, item: ExperimentProgress | CostProgress, settings: ExperimentSettings
    ) -> None:
        """The share done, the time left at this pace, and the run (or timing) now."""
        fraction = min(1.0, max(0.0, item.fraction))
        self.bar.setValue(round(STEPS * fraction))
        left = time_left(self.clock() - self._started, fraction)
        percent = f"{100 * fraction:.0f}"
        if left is None:
            self.bar.setFormat(self.tr("{0}% done").format(percent))
        else:
            self.bar.setFormat(
                self.tr("{0}% done · about {1} left").format(percent, duration_text(left))
            )
        self.label.setText(self._what_runs(item, settings))

    def _what_runs(
        self, item: ExperimentProgress | CostProgress, settings: ExperimentSettings
    ) -> str:
        from lstm_gui.core.claims.experiments import ExperimentProgress

        if not isinstance(item, ExperimentProgress):  # the cost claim's timings
            return self.tr("Timing {0} at {1} steps, {2} layer(s): {3} of {4} timings").format(
                item.cell.upper(), item.steps, item.layers, item.done, item.total
            )
        seed = item.seed - settings.seed + 1
        return self.tr("Run {0} of {1}: {2} at {3} steps, seed {4} of {5}").format(
            item.index + 1, item.total, item.cell.upper(), item.steps, seed, settings.seeds
        )

    def stopping(self) -> None:
        """Stop was asked for."""
        self.label.setText(self.tr("Stopping after this batch…"))

    def finish(self, text: str, complete: bool) -> None:
        """The experiment ended: the bar full (or where it stopped), `text` below it."""
        if complete:
            self.bar.setValue(STEPS)
        percent = f"{100 * self.bar.value() / STEPS:.0f}"
        elapsed = duration_text(self.clock() - self._started)
        self.bar.setFormat(self.tr("{0}% done in {1}").format(percent, elapsed))
        self.label.setText(text)

    def left_text(self) -> str:
        """The bar's text as shown."""
        return self.bar.text()
