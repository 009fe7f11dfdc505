"""Fine-tune on my digits: settings, a background run with progress and stop, before and after."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.draw.draw_style import TEXT_MUTED
from lstm_gui.gui.draw.layout_parts import make_bold
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.background_task import TaskSlot
from lstm_gui.gui.widgets.labels import wrapped_label
from lstm_gui.resources import bundled_model_path

if TYPE_CHECKING:  # torch is imported in the task's thread, not with the window
    from lstm_gui.core.run.control import TrainingControl
    from lstm_gui.core.run.progress import EvalResult

DEFAULT_STEPS = 60
DEFAULT_SHARE_PERCENT = 50


def percent(result: EvalResult) -> str:
    """An accuracy as a person reads it: 87.5% (21 of 24)."""
    right = int(np.trace(result.confusion))
    return QCoreApplication.translate("MyDigits", "{percent}% ({right} of {total})").format(
        percent=f"{100 * result.acc:.1f}", right=right, total=result.samples
    )


class FineTuneSection(QWidget):
    """Fine-tunes the model in use on the kept digits mixed with MNIST, in a BackgroundTask.

    Stop ends the updates early and still measures after. The result is saved as a new run
    (the original is never overwritten); "Use the fine-tuned model" switches the Draw tab to it.
    """

    use_model_requested = Signal(object, str)  # Path of the new checkpoint, its name
    tuning_finished = Signal()  # the task has ended, whatever the outcome

    def __init__(
        self,
        personal: Callable[[], tuple[np.ndarray, np.ndarray]],
        state: AppState,
        parent: QWidget | None = None,
    ) -> None:
        """`personal` gives the kept digits; `state` the model, data and runs folders at start."""
        super().__init__(parent)
        self._personal = personal
        self._state = state
        self._tuning = TaskSlot(self)
        self._control: TrainingControl | None = None
        self._saved: tuple[Path, str] | None = None

        title = QLabel(self.tr("Fine-tune on my digits"), self)
        make_bold(title)
        explanation = wrapped_label(
            self.tr(
                "Trains a copy of the model a little on batches that mix your digits with MNIST "
                "digits, then measures both again: what it gained on yours, and what it forgot."
            ),
            parent=self,
            style=f"color: {TEXT_MUTED};",
        )
        self.steps = QSpinBox(self)
        self.steps.setRange(5, 5000)
        self.steps.setSingleStep(10)
        self.steps.setValue(DEFAULT_STEPS)
        self.steps.setToolTip(self.tr("How many updates: each learns from one mixed batch"))
        self.share = QSpinBox(self)
        self.share.setRange(5, 100)
        self.share.setSingleStep(5)
        self.share.setSuffix("%")
        self.share.setValue(DEFAULT_SHARE_PERCENT)
        self.share.setToolTip(
            self.tr("The share of each batch taken from your digits; the rest are MNIST digits")
        )
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Steps:"), self.steps)
        form.addRow(self.tr("My digits per batch:"), self.share)

        self.start_button = QPushButton(self.tr("Fine-tune on my digits"), self)
        self.start_button.setToolTip(
            self.tr("Train a copy of the model a little on your digits mixed with MNIST")
        )
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button, 1)
        buttons.addWidget(self.stop_button)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.status = wrapped_label(parent=self, style=f"color: {TEXT_MUTED};")

        self._results: dict[tuple[str, str], QLabel] = {}
        results = QGridLayout()
        results.addWidget(QLabel(self.tr("Before"), self), 0, 1)
        results.addWidget(QLabel(self.tr("After"), self), 0, 2)
        for row, (key, text) in enumerate(
            (("personal", self.tr("My digits")), ("mnist", self.tr("MNIST test set"))), 1
        ):
            results.addWidget(QLabel(text, self), row, 0)
            for column, when in enumerate(("before", "after"), 1):
                label = QLabel("–", self)
                self._results[(key, when)] = label
                results.addWidget(label, row, column)

        self.use_button = QPushButton(self.tr("Use the fine-tuned model"), self)
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self._on_use_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for item in (
            title,
            explanation,
            form,
            buttons,
            self.progress,
            self.status,
            results,
            self.use_button,
        ):
            if isinstance(item, QWidget):
                layout.addWidget(item)
            else:
                layout.addLayout(item)
        layout.addStretch(1)

    # ------------------------------------------------------------------ public API

    def is_running(self) -> bool:
        """True while a fine-tune runs."""
        return self._tuning.busy

    def result_texts(self) -> dict[str, str]:
        """The figures shown, by "personal before", "mnist after", ..."""
        return {f"{key} {when}": label.text() for (key, when), label in self._results.items()}

    def saved(self) -> tuple[Path, str] | None:
        """The last fine-tuned model's checkpoint and name, once saved."""
        return self._saved

    def start(self) -> None:
        """Fine-tune the model in use (ignored while one runs); problems get a message box."""
        if self._tuning.busy:
            return
        from lstm_gui.core.reading.fine_tune import FineTuneSettings, fine_tune_and_save
        from lstm_gui.core.run.control import TrainingControl

        images, labels = self._personal()
        if len(labels) == 0:
            keep_first = self.tr("Keep some digits first: draw one, then press its number at left.")
            dialogs.show_error(self, keep_first, self.tr("Cannot fine-tune"))
            return
        model_path = self._state.model_path or bundled_model_path()  # None: the bundled one
        settings = FineTuneSettings(
            steps=self.steps.value(), personal_share=self.share.value() / 100
        )
        control = TrainingControl()
        data_dir, runs_root = self._state.data_dir, self._state.runs_dir
        self._control = control
        self._saved = None
        for label in self._results.values():
            label.setText("–")
        self.progress.setRange(0, settings.steps)
        self.progress.setValue(0)
        self.status.setText(self.tr("Measuring the model before fine-tuning…"))
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.use_button.setEnabled(False)
        self._tuning.start(
            lambda: fine_tune_and_save(
                model_path,
                images,
                labels,
                data_dir=data_dir,
                runs_root=runs_root,
                settings=settings,
                control=control,
            ),
            "FineTuneThread",
            stop=control.stop,
            failure="Fine-tuning failed",
            on_item=self._on_record,
            on_failed=self._on_failed,
            on_finished=self._on_finished,
        )

    def stop(self) -> None:
        """End the updates early; the figures after are still measured and the model saved."""
        if self._control is not None:
            self._control.stop()  # set directly: the busy worker reads it between steps
            self.status.setText(self.tr("Stopping: measuring after and saving…"))

    def shutdown(self) -> None:
        """Cancel a running fine-tune and wait for its thread (before closing)."""
        self._tuning.stop()

    # ------------------------------------------------------------------ slots

    def _on_record(self, record: Any) -> None:
        from lstm_gui.core.reading.fine_tune import (
            FineTuneBefore,
            FineTuneResult,
            FineTuneSaved,
            FineTuneStep,
        )

        if isinstance(record, FineTuneBefore):
            self._results[("personal", "before")].setText(percent(record.personal))
            self._results[("mnist", "before")].setText(percent(record.mnist))
        elif isinstance(record, FineTuneStep):
            self.progress.setValue(record.step)
            self.status.setText(
                self.tr("Step {step} of {steps} · loss {loss}").format(
                    step=record.step, steps=record.steps, loss=f"{record.loss:.3f}"
                )
            )
        elif isinstance(record, FineTuneResult):
            self._results[("personal", "after")].setText(percent(record.personal))
            self._results[("mnist", "after")].setText(percent(record.mnist))
            self.status.setText(self.tr("Saving the fine-tuned model…"))
        elif isinstance(record, FineTuneSaved):
            self._saved = (record.path, record.name)
            steps = record.result.steps_done
            self.status.setText(
                self.tr("{steps} steps done. Saved as a new run: {name} ({folder}).").format(
                    steps=steps, name=record.name, folder=record.path.parent.name
                )
            )
            self.use_button.setEnabled(True)

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)
        dialogs.show_error(self, message, self.tr("Fine-tuning failed"))

    def _on_finished(self) -> None:
        self._control = None
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.tuning_finished.emit()

    def _on_use_clicked(self) -> None:
        if self._saved is not None:
            self.use_model_requested.emit(*self._saved)
