"""ExperimentForm: a claim's experiment settings, starting from its quick or reference budget.

The form shows what a claim's experiment uses (training settings for claims 1 and 2, timing
sizes for claim 3) and keeps every other setting of the budget it was given, so nothing the
person did not see is lost. `settings()` raises ConfigError with one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from lstm_gui.core.claims.budgets import QUICK, REFERENCE, budget_settings
from lstm_gui.core.claims.experiments import COST, GRADIENTS
from lstm_gui.core.claims.records import FINER, MEMORY, ExperimentSettings
from lstm_gui.core.config import IMAGE_PIXELS, IMAGE_SIDE, MAX_BLANK_STEPS, STEP_CHOICES
from lstm_gui.core.errors import ConfigError
from lstm_gui.gui.widgets.labels import NOTE_STYLE, wrapped_label

CELL_NAMES = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return row


def _combo(choices: Sequence[tuple[str, object]], tip: str) -> QComboBox:
    """A drop-down of (text, data) choices with its tool tip."""
    combo = QComboBox()
    for text, data in choices:
        combo.addItem(text, data)
    combo.setToolTip(tip)
    return combo


class ExperimentForm(QWidget):
    """Budget, seeds, cells, task, lengths, training budget, model; or the timing sizes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._claim = GRADIENTS
        self._base = budget_settings(GRADIENTS, QUICK)
        self.budget = _combo(
            (
                (self.tr("Quick (a few minutes)"), QUICK),
                (self.tr("Reference settings (long)"), REFERENCE),
            ),
            self.tr(
                "The quick budget may well be inconclusive; the reference settings are what "
                "the shipped reference results ran with."
            ),
        )
        self.budget.activated.connect(self._on_budget_chosen)
        self.seeds = self._spin(1, 50, 1)
        self.seeds.setToolTip(
            self.tr(
                "Each cell and length is trained once per seed; the spread over seeds "
                "decides whether a difference is real."
            )
        )
        self.cells = {cell: QCheckBox(name) for cell, name in CELL_NAMES.items()}
        self.task = _combo(
            ((self.tr("28 rows + blank steps"), MEMORY), (self.tr("The image cut finer"), FINER)),
            self.tr(
                "28 rows + blank steps: the digit's rows, then blank steps up to the length; "
                "the answer is read after the last, so the net must remember the digit. "
                "Cut finer: the image's 784 pixels cut into that many steps."
            ),
        )
        self.lengths = QLineEdit()
        self.train_limit = self._spin(28, 60_000, 800)
        self.updates = QLabel()
        self.updates.setStyleSheet(NOTE_STYLE)
        self.epochs = self._spin(1, 50, 1)
        self.hidden = self._spin(1, 1024, 8)
        self.batch = self._spin(1, 4096, 8)
        self.keras_bias = QCheckBox(self.tr("Keras default"))
        self.keras_bias.setToolTip(
            self.tr(
                "Keras starts the LSTM's forget gate at 1 (the GRU's update gate at 0). A "
                "higher bias, say 5, makes the LSTM keep its memory across more blank steps "
                "from the start."
            )
        )
        self.forget_bias = QDoubleSpinBox()
        self.forget_bias.setRange(-10.0, 20.0)
        self.forget_bias.setSingleStep(1.0)
        self.forget_bias.setDecimals(1)
        self.forget_bias.setValue(5.0)
        # Its row is labelled as a whole (with the Keras default box): a name of its own.
        self.forget_bias.setAccessibleName(self.tr("Forget-gate bias value"))
        self.init = _combo(
            ((self.tr("Keras-like"), True), (self.tr("PyTorch default"), False)),
            self.tr(
                "Keras-like: Glorot input weights, orthogonal recurrent weights, forget "
                "bias 1. PyTorch default: every weight and bias uniform in ±1/√units."
            ),
        )
        self.depths = QLineEdit()
        self.depths.setToolTip(self.tr("Layer counts timed at the shortest length, e.g. 1, 2, 3."))
        self.repeats = self._spin(1, 50, 1)
        self.timed_updates = self._spin(1, 10_000, 5)
        self.problem = wrapped_label(style="color: #c0392b;")
        self.problem.hide()
        # Every field re-checks the form (the spin boxes connect themselves in _spin).
        for signal in (
            *(box.toggled for box in self.cells.values()),
            self.task.currentIndexChanged,
            self.lengths.textChanged,
            self.keras_bias.toggled,
            self.forget_bias.valueChanged,
            self.init.currentIndexChanged,
            self.depths.textChanged,
        ):
            signal.connect(self._on_changed)

        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(3)
        # Fields as wide as the column, not as their widest text: the column is narrow.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        bias_row = _row(self.keras_bias, self.forget_bias)
        rows: tuple[tuple[str, QWidget], ...] = (
            (self.tr("Budget"), self.budget),
            (self.tr("Seeds"), self.seeds),
            (self.tr("Cells"), _row(*self.cells.values())),
            (self.tr("Task"), self.task),
            (self.tr("Lengths"), self.lengths),
            (self.tr("Training digits"), self.train_limit),
            ("", self.updates),
            (self.tr("Epochs"), self.epochs),
            (self.tr("Hidden units"), self.hidden),
            (self.tr("Batch"), self.batch),
            (self.tr("Forget-gate bias"), bias_row),
            (self.tr("Initialisation"), self.init),
            (self.tr("Depths"), self.depths),
            (self.tr("Repeats"), self.repeats),
            (self.tr("Timed updates"), self.timed_updates),
        )
        for label, field in rows:
            form.addRow(label, field)
        form.addRow(self.problem)
        self._training_rows: list[QWidget] = [self.seeds, self.train_limit, self.updates]
        self._training_rows += [self.epochs, bias_row, self.init]
        self._cost_rows = [self.depths, self.repeats, self.timed_updates]
        self.set_claim(GRADIENTS)

    def _spin(self, low: int, high: int, step: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setGroupSeparatorShown(True)
        spin.valueChanged.connect(self._on_changed)
        return spin

    # ------------------------------------------------------------------ public

    def set_claim(self, claim: str, budget: str = QUICK) -> None:
        """Show the claim's settings at a budget (the quick one unless told)."""
        self._claim = claim
        cost = claim == COST
        for widget in self._training_rows:
            self.form.setRowVisible(widget, not cost)
        for widget in self._cost_rows:
            self.form.setRowVisible(widget, cost)
        self.budget.setCurrentIndex(max(0, self.budget.findData(budget)))
        self.set_settings(budget_settings(claim, budget))

    def set_settings(self, settings: ExperimentSettings) -> None:
        """Show these settings; those the form does not show are kept as they are."""
        self._base = settings
        widgets = [self, *self.findChildren(QWidget)]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.seeds.setValue(settings.seeds)
            for cell, box in self.cells.items():
                box.setChecked(cell in settings.cells)
            self.task.setCurrentIndex(max(0, self.task.findData(settings.task)))
            self.lengths.setText(", ".join(str(steps) for steps in settings.lengths))
            self.train_limit.setValue(settings.digits)
            self.epochs.setValue(settings.epochs)
            self.hidden.setValue(settings.hidden)
            self.batch.setValue(settings.batch_size)
            self.keras_bias.setChecked(settings.forget_bias is None)
            if settings.forget_bias is not None:
                self.forget_bias.setValue(settings.forget_bias)
            self.init.setCurrentIndex(0 if settings.keras_init else 1)
            self.depths.setText(", ".join(str(depth) for depth in settings.depths))
            self.repeats.setValue(settings.repeats)
            self.timed_updates.setValue(settings.timed_updates)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._on_changed()

    def settings(self) -> ExperimentSettings:
        """The settings in the form; raises ConfigError with one sentence when unusable."""
        cells = tuple(cell for cell, box in self.cells.items() if box.isChecked())
        if not cells:
            raise ConfigError(self.tr("Choose at least one cell: RNN, GRU or LSTM."))
        lengths = self._numbers(self.lengths.text())
        if lengths is None or not lengths:
            raise ConfigError(
                self.tr("Write the lengths as whole numbers separated by commas, e.g. 28, 128.")
            )
        task = self.task.currentData()
        self._check_lengths(task, lengths)
        depths = self._numbers(self.depths.text())
        if self._claim == COST and (not depths or not all(1 <= d <= 8 for d in depths)):
            raise ConfigError(
                self.tr("Write the depths as layer counts from 1 to 8, separated by commas.")
            )
        # A train limit of all of MNIST is kept as None: "every digit", as the budget says.
        digits = self.train_limit.value()
        keep_all = self._base.train_limit is None and digits == self._base.digits
        return replace(
            self._base,
            cells=cells,
            task=task,
            lengths=lengths,
            seeds=self.seeds.value(),
            train_limit=None if keep_all else digits,
            epochs=self.epochs.value(),
            hidden=self.hidden.value(),
            batch_size=self.batch.value(),
            forget_bias=None if self.keras_bias.isChecked() else self.forget_bias.value(),
            keras_init=bool(self.init.currentData()),
            depths=depths if depths else self._base.depths,
            repeats=self.repeats.value(),
            timed_updates=self.timed_updates.value(),
        )

    def problem_text(self) -> str:
        """The sentence saying what is wrong ("" when the settings are usable)."""
        return "" if self.problem.isHidden() else self.problem.text()

    # ------------------------------------------------------------------ checks

    @staticmethod
    def _numbers(text: str) -> tuple[int, ...] | None:
        try:
            return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
        except ValueError:
            return None

    def _check_lengths(self, task: str, lengths: tuple[int, ...]) -> None:
        longest = IMAGE_SIDE + MAX_BLANK_STEPS
        if task == MEMORY and any(not IMAGE_SIDE <= s <= longest for s in lengths):
            raise ConfigError(
                self.tr(
                    "With 28 rows + blank steps, each length counts the 28 rows and the blank "
                    "steps after them: choose lengths from {0} to {1}."
                ).format(IMAGE_SIDE, longest)
            )
        if task == FINER and any(steps not in STEP_CHOICES for steps in lengths):
            raise ConfigError(
                self.tr(
                    "Cutting the image finer needs lengths that divide its {0} pixels: {1}."
                ).format(IMAGE_PIXELS, ", ".join(str(steps) for steps in STEP_CHOICES))
            )

    # ------------------------------------------------------------------ slots

    def _on_budget_chosen(self, _index: int) -> None:
        self.set_claim(self._claim, self.budget.currentData())

    def _on_changed(self, *_: object) -> None:
        self.forget_bias.setEnabled(not self.keras_bias.isChecked())
        self.updates.setText(self._updates_text())
        try:
            self.settings()
        except ConfigError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
        else:
            self.problem.hide()
        self.changed.emit()

    def _updates_text(self) -> str:
        try:
            sized = ExperimentSettings(
                train_limit=self.train_limit.value(),
                epochs=self.epochs.value(),
                batch_size=self.batch.value(),
            )
        except ConfigError:
            return ""
        return self.tr("= {0} weight updates per run").format(f"{sized.updates:,}")
