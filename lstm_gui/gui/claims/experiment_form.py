"""ExperimentForm: the cells, lengths and training budget of a claim's experiment."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from lstm_gui.core.claims.experiments import ExperimentSettings
from lstm_gui.core.config import STEP_CHOICES
from lstm_gui.core.errors import ConfigError


class ExperimentForm(QWidget):
    """Editable settings of an experiment; `settings()` raises ConfigError with the reason."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells = {cell: QCheckBox(name) for cell, name in CELL_NAMES.items()}
        cells_row = QHBoxLayout()
        cells_row.setContentsMargins(0, 0, 0, 0)
        for box in self.cells.values():
            box.toggled.connect(self._on_changed)
            cells_row.addWidget(box)
        cells_row.addStretch(1)
        self.lengths = QLineEdit()
        self.lengths.setToolTip(
            self.tr("Sequence lengths, separated by commas; each must divide 784: {0}.").format(
                ", ".join(str(steps) for steps in STEP_CHOICES)
            )
        )
        self.lengths.textChanged.connect(self._on_changed)
        self.train_limit = self._spin(28, 60_000, 500)
        self.epochs = self._spin(1, 50, 1)
        self.hidden = self._spin(1, 512, 8)
        self.keras_init = QCheckBox(self.tr("Keras initialisation (forget-gate bias 1)"))
        self.keras_init.toggled.connect(self._on_changed)
        self.grad_clip = QDoubleSpinBox()
        self.grad_clip.setRange(0.0, 100.0)
        self.grad_clip.setSingleStep(0.5)
        self.grad_clip.setSpecialValueText(self.tr("off"))
        self.grad_clip.valueChanged.connect(self._on_changed)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(3)
        cells = QWidget()
        cells.setLayout(cells_row)
        form.addRow(self.tr("Cells"), cells)
        form.addRow(self.tr("Steps"), self.lengths)
        form.addRow(self.tr("Training digits"), self.train_limit)
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Hidden units"), self.hidden)
        form.addRow(self.keras_init)
        form.addRow(self.tr("Clip gradients at"), self.grad_clip)
        form.addRow(self.problem)

    def _spin(self, low: int, high: int, step: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setGroupSeparatorShown(True)
        spin.valueChanged.connect(self._on_changed)
        return spin

    def settings(self) -> ExperimentSettings:
        """The settings in the form; raises ConfigError when they are not usable."""
        cells = tuple(cell for cell, box in self.cells.items() if box.isChecked())
        try:
            lengths = tuple(
                int(part) for part in self.lengths.text().replace(" ", "").split(",") if part
            )
        except ValueError:
            raise ConfigError(
                self.tr("Write the lengths as whole numbers separated by commas, e.g. 28, 112.")
            ) from None
        clip = self.grad_clip.value()
        return ExperimentSettings(
            cells=cells,
            lengths=lengths,
            train_limit=self.train_limit.value(),
            epochs=self.epochs.value(),
            hidden=self.hidden.value(),
            keras_init=self.keras_init.isChecked(),
            grad_clip=clip if clip > 0 else None,
        )

    def set_settings(self, settings: ExperimentSettings) -> None:
        """Show these settings."""
        self.blockSignals(True)
        try:
            for cell, box in self.cells.items():
                box.setChecked(cell in settings.cells)
            self.lengths.setText(", ".join(str(steps) for steps in settings.lengths))
            self.train_limit.setValue(settings.train_limit)
            self.epochs.setValue(settings.epochs)
            self.hidden.setValue(settings.hidden)
            self.keras_init.setChecked(settings.keras_init)
            self.grad_clip.setValue(settings.grad_clip or 0.0)
        finally:
            self.blockSignals(False)
        self._on_changed()

    def is_valid(self) -> bool:
        """Whether the settings can start an experiment (no problem is shown)."""
        return self.problem.isHidden()

    def _on_changed(self, *_: object) -> None:
        try:
            self.settings()
        except ConfigError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
        else:
            self.problem.hide()
        self.changed.emit()


CELL_NAMES = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}
