"""SettingsForm: the hyperparameter form of the training panel, checked as it is edited.

Its fields come in three parts (settings_fields): what the model reads, the model, the
optimisation. The form lays them out in one form, checks them together, gives a hint about
them, and offers the tutorial's settings and the fast preset.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.choices import PRESET_SETTINGS, Preset
from lstm_gui.core.config import IMAGE_PIXELS, IMAGE_SIDE, ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.gui.train.settings_fields import (
    KERAS_GATE_BIAS,
    MAX_GATE_BIAS,
    MAX_HIDDEN,
    MAX_LAYERS,
    ModelFields,
    OptimisationFields,
    SequenceFields,
    button,
)
from lstm_gui.gui.widgets.labels import wrapped_label

__all__ = ["KERAS_GATE_BIAS", "MAX_GATE_BIAS", "MAX_HIDDEN", "MAX_LAYERS", "SettingsForm"]

# The strings here are translated in the TrainingPanel context: the form was part of
# TrainingPanel, and the catalogue keeps its strings there.
translate = QCoreApplication.translate


class SettingsForm(QGroupBox):
    """Settings (the tutorial's by default), why they are invalid, and a hint about them."""

    changed = Signal()
    learning_rate_edited = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("TrainingPanel", "Settings"), parent)
        self._editable = True
        self._build()
        self.reset_to_tutorial()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.data_part = SequenceFields(self._on_field_changed)
        self.data_part.sequence.currentIndexChanged.connect(self._on_sequence_changed)
        self.model_part = ModelFields(self._on_field_changed)
        self.optimisation_part = OptimisationFields(
            self._on_field_changed, self._on_learning_rate_edited
        )
        # The fields by name, as the panel and the tests reach them.
        data, model, optimisation = self.data_part, self.model_part, self.optimisation_part
        self.dataset, self.sequence, self.steps = data.dataset, data.sequence, data.steps
        self.blank_steps = data.blank_steps
        self.train_limit, self.test_limit = data.train_limit, data.test_limit
        self.cell, self.hidden, self.layers = model.cell, model.hidden, model.layers
        self.dropout, self.forget_bias = model.dropout, model.forget_bias
        self.forget_bias_default, self.forget_bias_row = (
            model.forget_bias_default,
            model.forget_bias_row,
        )
        self.optimizer, self.lr_schedule = optimisation.optimizer, optimisation.lr_schedule
        self.learning_rate, self.batch_size = optimisation.learning_rate, optimisation.batch_size
        self.epochs, self.seed = optimisation.epochs, optimisation.seed
        self.device, self.precision = optimisation.device, optimisation.precision

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(3)
        rows = [
            (translate("TrainingPanel", "Dataset"), self.dataset),
            (translate("TrainingPanel", "Read images as"), self.sequence),
            (translate("TrainingPanel", "Steps"), self.steps),
            (translate("TrainingPanel", "Blank steps"), self.blank_steps),
            (translate("TrainingPanel", "Cell"), self.cell),
            (translate("TrainingPanel", "Hidden units"), self.hidden),
            (translate("TrainingPanel", "Layers"), self.layers),
            (translate("TrainingPanel", "Dropout"), self.dropout),
            (translate("TrainingPanel", "Forget-gate bias"), self.forget_bias_row),
            (translate("TrainingPanel", "Optimizer"), self.optimizer),
            (translate("TrainingPanel", "Learning rate"), self.learning_rate),
            (translate("TrainingPanel", "Rate schedule"), self.lr_schedule),
            (translate("TrainingPanel", "Batch size"), self.batch_size),
            (translate("TrainingPanel", "Epochs"), self.epochs),
            (translate("TrainingPanel", "Seed"), self.seed),
            (translate("TrainingPanel", "Device"), self.device),
            (translate("TrainingPanel", "Precision"), self.precision),
            (translate("TrainingPanel", "Training digits"), self.train_limit),
            (translate("TrainingPanel", "Test digits"), self.test_limit),
        ]
        for text, field in rows:
            form.addRow(text, field)
            # A combo box announces its current choice; the label says what is chosen.
            field.setAccessibleName(text)
        self._form = form
        self.forget_bias.setAccessibleName(translate("TrainingPanel", "Forget-gate bias"))

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        self.hint.setStyleSheet("color: palette(mid);")
        self.problem = wrapped_label(style="color: #c0392b;")
        self.reset_button = button(
            translate("TrainingPanel", "Reset to tutorial settings"),
            self._on_reset_clicked,
            translate(
                "TrainingPanel",
                "LSTM(128) → Dense(10), Adam, learning rate 0.001, batch 28, 20 epochs",
            ),
        )
        self.fast_button = button(
            translate("TrainingPanel", "Fast preset"),
            self._on_fast_clicked,
            translate(
                "TrainingPanel",
                "The quickest recipe found to the tutorial's 98.98%: batch 128, learning rate "
                "0.003 with a cosine decay, 12 epochs, bf16 where the CPU has it",
            ),
        )
        presets = QHBoxLayout()
        presets.addWidget(self.reset_button, 1)
        presets.addWidget(self.fast_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addLayout(presets)
        fields = (self.hidden, self.batch_size, self.epochs, self.seed, self.learning_rate)
        for field in (*fields, self.blank_steps):
            field.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)

    # ------------------------------------------------------------------ settings

    def configs(self) -> tuple[ModelConfig, TrainConfig]:
        """The model and training settings in the form; raises ConfigError when invalid."""
        train = TrainConfig(**self.data_part.values(), **self.optimisation_part.values())
        return train.model_config(**self.model_part.values()), train

    def valid_configs(self) -> tuple[ModelConfig, TrainConfig] | None:
        """The settings, or None when they are invalid (the reason is shown in the form)."""
        try:
            return self.configs()
        except ConfigError:
            return None

    def is_valid(self) -> bool:
        """Whether the settings can start a run (no problem is shown)."""
        return not self.problem.text()

    def set_configs(self, model: ModelConfig, train: TrainConfig) -> None:
        """Show these settings in the form (the last session's, a resumed run's)."""
        fields: list[QWidget] = [self.dataset, self.sequence, self.steps, self.cell]
        fields += [self.optimizer, self.device, self.precision, self.lr_schedule]
        fields += [self.forget_bias_default, self.forget_bias, self.blank_steps]
        for field in fields:
            field.blockSignals(True)
        try:
            self.data_part.show(train)
            self.model_part.show(model)
            self.optimisation_part.show(train)
        finally:
            for field in fields:
                field.blockSignals(False)
        self._on_field_changed()

    def reset_to_tutorial(self) -> None:
        """The tutorial's settings: LSTM(128), Adam 0.001, batch 28, 20 epochs, all of MNIST."""
        train = TrainConfig()
        self.set_configs(train.model_config(), train)

    def apply_preset(self, preset: Preset) -> None:
        """The tutorial's settings with a preset's changes (core's PRESET_SETTINGS)."""
        train = replace(TrainConfig(), **PRESET_SETTINGS[preset])
        self.set_configs(train.model_config(), train)

    def set_editable(self, editable: bool, learning_rate_editable: bool) -> None:
        """Lock the fields during a run; the learning rate may stay open while it trains."""
        self._editable = editable
        fields = [*self.data_part.fields(), *self.optimisation_part.fields()]
        for field in (*fields, self.reset_button, self.fast_button):
            field.setEnabled(editable)
        self.data_part.enable_steps(editable)
        self._show_model_fields()
        self.learning_rate.setEnabled(learning_rate_editable)

    def _on_sequence_changed(self, *_: object) -> None:
        self.data_part.follow_view(self._editable)

    def _show_model_fields(self) -> None:
        """The model's fields opened as the cell and depth allow; the bias row named for it."""
        self.model_part.enable(self._editable)
        label = self._form.labelForField(self.forget_bias_row)
        text = self.model_part.gate_bias_label()
        if isinstance(label, QLabel) and label.text() != text:
            label.setText(text)
            self.forget_bias_row.setAccessibleName(text)
            self.forget_bias.setAccessibleName(text)

    def _on_field_changed(self, *_: object) -> None:
        self._show_model_fields()
        self.data_part.enable_steps(self._editable)
        try:
            self.configs()
            self.problem.setText("")
            self.problem.hide()
        except ConfigError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
        steps, blank = self.steps.currentData(), self.blank_steps.value()
        self.hint.setText(hint_text(steps, blank, str(self.cell.currentData())))
        self.hint.setVisible(bool(self.hint.text()))
        self.changed.emit()

    def _on_reset_clicked(self) -> None:
        self.reset_to_tutorial()

    def _on_fast_clicked(self) -> None:
        self.apply_preset(Preset.FAST)

    def _on_learning_rate_edited(self, value: float) -> None:
        self._on_field_changed()
        self.learning_rate_edited.emit(value)


def hint_text(steps: int, blank: int, cell: str) -> str:
    """What these choices cost or show, in a sentence; empty for the tutorial's."""
    if blank:
        return translate(
            "TrainingPanel",
            "The memory task: {0} blank steps after the image, {1} steps in all; the "
            "network must carry the digit across them. An epoch takes about {2} times "
            "longer than with 28 steps.",
        ).format(blank, steps + blank, f"{(steps + blank) / IMAGE_SIDE:.2g}")
    if steps == IMAGE_PIXELS:
        return translate(
            "TrainingPanel",
            "784 steps per image: an epoch takes about 28 times longer, and plain RNNs "
            "barely learn — the tutorial's point about long sequences.",
        )
    if steps > IMAGE_SIDE:
        return translate(
            "TrainingPanel",
            "{0} steps per image: an epoch takes roughly {1} times longer than with 28, "
            "and gradients must travel back further.",
        ).format(steps, f"{steps / IMAGE_SIDE:g}")
    if cell == "rnn":
        return translate(
            "TrainingPanel",
            "A plain RNN: watch the gradient norm, it tends to vanish or explode.",
        )
    return ""
