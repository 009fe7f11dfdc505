"""Interventions: hold a gate, empty the memory or silence units, and see what the network reads."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
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
from lstm_gui.gui.draw.layout_parts import make_bold
from lstm_gui.gui.draw.prediction_panel import PredictionPanel
from lstm_gui.gui.draw.test_digits import TestDigits
from lstm_gui.gui.inside.intervene_form import InterveneForm
from lstm_gui.gui.inside.intervene_plots import InterveneGuesses
from lstm_gui.gui.inside.intervene_work import (
    AccuracyResult,
    ScanPair,
    accuracy_records,
    load_predictor,
    read_both,
)
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.background_task import BackgroundTask, TaskSlot
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.labels import wrapped_label
from lstm_gui.gui.widgets.look_for import attach_look_for

if TYPE_CHECKING:  # torch is imported in the tasks' threads, not with the window
    from lstm_gui.core.reading.inference import Predictor
    from lstm_gui.core.run.data import ImageSet

LEFT_COLUMN_WIDTH = 330


class InterveneView(QWidget):
    """A form for one intervention, a digit read both ways, and the test-set accuracy both ways.

    The model is the one in use (state.model_path, else the bundled one). The digit is a test
    digit chosen here or one handed in with set_image (the Draw tab's drawing).
    """

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._predictor: Predictor | None = None
        self._image: np.ndarray | None = None
        self._untouched_accuracy: float | None = None
        self._read_again = False
        self._loading, self._reading, self._evaluating = (TaskSlot(self) for _ in range(3))
        self._test_digits = TestDigits(state, self)  # from the state's data folder

        self._model = wrapped_label(parent=self)
        self.form = InterveneForm(self)
        self._digit_number = QSpinBox(self)
        self._digit_number.setRange(1, 10_000)
        self._digit_number.setPrefix(self.tr("test digit "))
        self._digit_number.setAccessibleName(self.tr("Test digit to read"))
        self._read_digit = QPushButton(self.tr("Read test digit"), self)
        self._digit_source = wrapped_label(
            self.tr("No digit yet: draw one or read a test digit."), parent=self
        )
        self._accuracy_button = QPushButton(self.tr("Test-set accuracy"), self)
        self._progress = QProgressBar(self)
        self._progress.setVisible(False)
        self._accuracy = wrapped_label(parent=self)
        # Both panels are explained by one "?" over the pair (the Draw tab's text is its own).
        self._answers = QWidget(self)
        self.untouched_panel = PredictionPanel(
            self._answers, self.tr("Prediction, untouched"), look_for_key=None
        )
        self.changed_panel = PredictionPanel(
            self._answers, self.tr("Prediction under the intervention"), look_for_key=None
        )
        self.guesses = InterveneGuesses(self)
        self.guesses_figure = register_figure(
            self.guesses, self.tr("Guess after each row, untouched and intervened")
        )
        self._lay_out()
        attach_look_for(self._answers, "inside.intervention_answers")
        attach_look_for(self.guesses, "inside.interventions")

        self.form.changed.connect(self._on_form_changed)
        self._read_digit.clicked.connect(self._on_read_digit_clicked)
        self._accuracy_button.clicked.connect(self._on_accuracy_clicked)
        self._test_digits.ready.connect(self._on_test_digits_ready)
        self._test_digits.missing.connect(self._on_failed)
        self._test_digits.failed.connect(self._on_failed)
        state.model_changed.connect(self._on_model_changed)
        state.data_dir_changed.connect(self._on_data_dir_changed)
        # The model is loaded when the view is first shown, not with the window: loading it
        # imports PyTorch, which took the GIL from the window's first paint (0.8 s -> 1.4 s).
        self._model_stale = True

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self._model)
        left.addWidget(self.form)
        digit_row = QHBoxLayout()
        digit_row.addWidget(self._digit_number, 1)
        digit_row.addWidget(self._read_digit)
        left.addLayout(digit_row)
        widget: QWidget
        for widget in (
            self._digit_source,
            self._accuracy_button,
            self._progress,
            self._accuracy,
        ):
            left.addWidget(widget)
        left.addStretch(1)
        left_widget = QWidget(self)
        left_widget.setLayout(left)
        left_widget.setFixedWidth(LEFT_COLUMN_WIDTH)
        answers = QGridLayout(self._answers)
        answers.setContentsMargins(0, 0, 0, 0)
        for column, (title, panel) in enumerate(
            (
                (self.tr("Untouched"), self.untouched_panel),
                (self.tr("Under the intervention"), self.changed_panel),
            )
        ):
            label = QLabel(title, self._answers)
            make_bold(label, 1.15)
            answers.addWidget(label, 0, column, Qt.AlignmentFlag.AlignHCenter)
            answers.addWidget(panel, 1, column)
        right = QVBoxLayout()
        right.addWidget(self._answers)
        right.addWidget(self.guesses, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addLayout(right, 1)

    # ---------------------------------------------------------------- what others call

    def set_image(self, image28x28: np.ndarray) -> None:
        """Read this 28x28 image (ink high; floats in [0, 1] or uint8) both ways."""
        image = np.asarray(image28x28)
        scale = 255.0 if image.dtype == np.uint8 else 1.0
        self._image = np.ascontiguousarray(image, dtype=np.float32) / np.float32(scale)
        self._digit_source.setText(self.tr("The digit handed in (drawn)."))
        self._read()

    def is_busy(self) -> bool:
        """Whether a model is loading, a digit being read or the test set evaluated."""
        return self._loading.busy or self._reading.busy or self._evaluating.busy

    def accuracy_text(self) -> str:
        """The line with the last test-set accuracies."""
        return self._accuracy.text()

    def digit_source_text(self) -> str:
        """The line saying which digit is shown."""
        return self._digit_source.text()

    def shutdown(self) -> None:
        """Stop the work going on and wait for its threads (before the window closes)."""
        for slot in (self._evaluating, self._reading, self._loading):
            slot.stop()
        self._test_digits.wait()

    # ---------------------------------------------------------------- the model

    def showEvent(self, event: QShowEvent) -> None:  # noqa: D102 (Qt override)
        super().showEvent(event)
        if self._model_stale:
            self._load_model()

    def _load_model(self) -> None:
        self._model_stale = False
        self._loading.stop(wait=False)
        self._predictor = None
        self._untouched_accuracy = None
        self._accuracy.setText("")
        self._model.setText(self.tr("Loading the model…"))
        path = self._state.model_path
        self._loading.start(
            lambda: load_predictor(path),
            "InterveneModelThread",
            failure="The model could not be loaded",
            on_value=self._on_model_loaded,
            on_failed=self._on_failed,
        )

    def _on_data_dir_changed(self, folder: Path | None) -> None:
        # Another test set (TestDigits reads it at the next digit): the untouched accuracy
        # measured on the old one no longer holds.
        self._evaluating.stop(wait=False)
        self._on_evaluation_finished()
        self._untouched_accuracy = None
        self._accuracy.setText("")

    def _on_model_changed(self, path: Path | None, name: str) -> None:
        self._evaluating.stop(wait=False)
        self._reading.stop(wait=False)  # the old model's reading must not land by the new one
        if self.isVisible():
            self._load_model()
        else:  # loaded when next shown
            self._loading.stop(wait=False)
            self._predictor = None
            self._model_stale = True

    def _on_model_loaded(self, predictor: Predictor) -> None:
        if not self._loading.is_current(self.sender()):  # a model replaced while it loaded
            return
        self._predictor = predictor
        model = self.tr("Model: {name}").format(name=predictor.name)
        bidirectional = predictor.intervention_limits.bidirectional
        if bidirectional:
            model += " " + self.tr(
                "It reads in both directions, and its reverse direction cannot be changed as it "
                "reads: choose a one-direction model for interventions."
            )
        self._model.setText(model)
        self._read_digit.setEnabled(not bidirectional)
        self._accuracy_button.setEnabled(not bidirectional)
        self.form.set_limits(predictor.intervention_limits)
        self._read()

    # ---------------------------------------------------------------- one digit

    def _on_read_digit_clicked(self) -> None:
        if self._predictor is not None:
            self._test_digits.request(str(self._predictor.checkpoint.train_config.dataset))

    def _on_test_digits_ready(self, test: ImageSet) -> None:
        index = min(self._digit_number.value(), len(test)) - 1
        self.set_image(test.images[index].numpy())
        self._digit_source.setText(
            self.tr("Test digit {number}, labelled {label}.").format(
                number=index + 1, label=int(test.labels[index])
            )
        )

    def _on_form_changed(self) -> None:
        self._read()

    def _read(self) -> None:
        predictor, image = self._predictor, self._image
        intervention = self.form.intervention()
        if predictor is None or image is None or intervention is None:
            return
        if self._reading.busy:
            self._read_again = True  # read once more with the newest settings when done
            return
        self._read_again = False
        self._reading.start(
            lambda: read_both(predictor, image, [intervention]),
            "InterveneReadThread",
            failure="The digit could not be read",
            on_value=self._on_read,
            on_failed=self._on_failed,
            on_finished=self._on_read_finished,
        )

    def _on_read(self, pair: ScanPair) -> None:
        if not self._reading.is_current(self.sender()):  # read by a model since replaced
            return
        self.untouched_panel.show_probabilities(pair.untouched.probabilities[-1])
        self.changed_panel.show_probabilities(pair.changed.probabilities[-1])
        (intervention,) = pair.interventions
        self.guesses.show_scans(pair.untouched, pair.changed, intervention.rows)

    def _on_read_finished(self) -> None:
        if self._read_again:
            self._read()

    # ---------------------------------------------------------------- the test set

    def _on_accuracy_clicked(self) -> None:
        if self._evaluating.busy:
            self._evaluating.stop(wait=False)
            self._on_evaluation_finished()
            self._accuracy.setText(self.tr("Stopped."))
            return
        predictor, intervention = self._predictor, self.form.intervention()
        if predictor is None or intervention is None:
            return
        data_dir, untouched = self._state.data_dir, self._untouched_accuracy
        self._progress.setRange(0, 0)
        self._progress.setVisible(True)
        self._accuracy_button.setText(self.tr("Stop"))
        self._accuracy.setText(self.tr("Reading the test set…"))
        self._evaluating.start(
            lambda: accuracy_records(predictor, data_dir, [intervention], untouched),
            "InterveneAccuracyThread",
            failure="The test set could not be evaluated",
            on_item=self._on_evaluation_record,
            on_failed=self._on_failed,
            on_finished=self._on_evaluation_finished,
        )

    def _on_evaluation_record(self, record: Any) -> None:
        if not self._evaluating.is_current(self.sender()):  # queued before a Stop
            return
        if isinstance(record, str):
            self._accuracy.setText("")
            dialogs.show_error(self, record)
        elif isinstance(record, AccuracyResult):
            self._untouched_accuracy = record.untouched
            specs = ", ".join(intervention.spec for intervention in record.interventions)
            self._accuracy.setText(
                self.tr(
                    "On {samples} test digits: {untouched}% untouched, {changed}% with {spec}."
                ).format(
                    samples=f"{record.samples:,}",
                    untouched=f"{100 * record.untouched:.2f}",
                    changed=f"{100 * record.changed:.2f}",
                    spec=specs,
                )
            )
        else:
            self._progress.setRange(0, record.total)
            self._progress.setValue(record.done)

    def _on_evaluation_finished(self) -> None:
        self._progress.setVisible(False)
        self._accuracy_button.setText(self.tr("Test-set accuracy"))

    def _on_failed(self, message: str) -> None:
        sender = self.sender()
        slots = (self._loading, self._reading, self._evaluating)
        if isinstance(sender, BackgroundTask) and not any(s.is_current(sender) for s in slots):
            return  # the failure of work stopped since
        dialogs.show_error(self, message)
