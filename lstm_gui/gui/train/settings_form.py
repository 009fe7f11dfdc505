"""SettingsForm: the hyperparameter form of the training panel, checked as it is edited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.config import (
    IMAGE_PIXELS,
    IMAGE_SIDE,
    MAX_BLANK_STEPS,
    PRESET_SETTINGS,
    STEP_CHOICES,
    ModelConfig,
    Preset,
    SequenceView,
    TrainConfig,
)
from lstm_gui.core.errors import ConfigError
from lstm_gui.gui.train.learning_rate_spin_box import LearningRateSpinBox

MAX_HIDDEN = 1024
MAX_LAYERS = 4
# The memory gate's bias: ModelConfig's bounds, and Keras's defaults shown while it is unset.
MAX_GATE_BIAS = 20.0
KERAS_GATE_BIAS = {"lstm": 1.0, "gru": 0.0}

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

    def _combo(self, items: Sequence[tuple[object, str]]) -> QComboBox:
        combo = QComboBox()
        # Long choices ("28 steps × 28 pixels (tutorial)") must not widen the
        # settings column past a 1366-pixel screen: the box shrinks, its list shows them whole.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        for value, text in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self._on_field_changed)
        return combo

    def _spin(self, low: int, high: int, step: int = 1) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setGroupSeparatorShown(True)
        spin.setKeyboardTracking(False)
        spin.valueChanged.connect(self._on_field_changed)
        return spin

    def _build(self) -> None:
        self.dataset = self._combo(
            [
                ("mnist", translate("TrainingPanel", "MNIST digits")),
                ("fashion-mnist", translate("TrainingPanel", "Fashion-MNIST clothes")),
                ("kmnist", translate("TrainingPanel", "Kuzushiji-MNIST (KMNIST)")),
            ]
        )
        self.sequence = self._combo(
            [
                ("rows", translate("TrainingPanel", "Rows: 28 steps × 28 pixels")),
                ("pixels", translate("TrainingPanel", "Pixels: 784 steps × 1 pixel")),
                ("permuted", translate("TrainingPanel", "Shuffled pixels: 784 steps")),
            ]
        )
        self.sequence.setToolTip(
            translate(
                "TrainingPanel",
                "How an image becomes a sequence. The tutorial reads one row of 28 pixels per "
                "step; reading single pixels makes the sequence 28 times longer.",
            )
        )
        self.steps = self._combo(self._step_items())
        self.steps.setToolTip(
            translate(
                "TrainingPanel",
                "How many steps the 784 pixels are cut into, read in order: 28 steps read a row "
                "each (the tutorial), 56 half a row, 784 one pixel.",
            )
        )
        self.blank_steps = self._spin(0, MAX_BLANK_STEPS, 10)
        self.blank_steps.setSpecialValueText(translate("TrainingPanel", "none"))
        self.blank_steps.setToolTip(
            translate(
                "TrainingPanel",
                "The memory task: this many all-zero steps follow the image, and the answer is "
                "read after the last one, so the network must remember the digit that long. "
                "A plain RNN soon forgets; an LSTM with a high forget-gate bias remembers.",
            )
        )
        self.sequence.currentIndexChanged.connect(self._on_sequence_changed)
        # Long item texts must not widen the settings column (it scrolls, clipped, at 1366 px).
        for combo in (self.sequence, self.steps):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        self.precision = self._combo(
            [
                ("fp32", translate("TrainingPanel", "fp32 (exact)")),
                ("bf16", translate("TrainingPanel", "bf16 (faster where the CPU has it)")),
            ]
        )
        self.precision.setToolTip(
            translate(
                "TrainingPanel",
                "bf16 computes the forward pass in 16-bit floats on CPUs and GPUs that have "
                "them; elsewhere the run uses fp32 and says so.",
            )
        )
        self.precision.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.precision.setMinimumContentsLength(14)
        self.cell = self._combo(
            [("lstm", "LSTM"), ("gru", "GRU"), ("rnn", translate("TrainingPanel", "Plain RNN"))]
        )
        self.hidden = self._spin(1, MAX_HIDDEN)
        self.layers = self._spin(1, MAX_LAYERS)
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.9)
        self.dropout.setSingleStep(0.1)
        self.dropout.setDecimals(2)
        self.dropout.setKeyboardTracking(False)
        self.dropout.valueChanged.connect(self._on_field_changed)
        self.forget_bias = QDoubleSpinBox()
        self.forget_bias.setRange(-MAX_GATE_BIAS, MAX_GATE_BIAS)
        self.forget_bias.setSingleStep(0.5)
        self.forget_bias.setDecimals(1)
        self.forget_bias.setKeyboardTracking(False)
        self.forget_bias.valueChanged.connect(self._on_field_changed)
        self.forget_bias_default = QCheckBox(translate("TrainingPanel", "Keras default"))
        self.forget_bias_default.setToolTip(
            translate(
                "TrainingPanel",
                "Keras's starting bias: 1 for the LSTM's forget gate, 0 for the GRU's update gate.",
            )
        )
        self.forget_bias_default.toggled.connect(self._on_field_changed)
        self.forget_bias_row = QWidget()
        self.forget_bias_row.setToolTip(
            translate(
                "TrainingPanel",
                "Where the memory gate starts: the LSTM's forget gate, the GRU's update gate (a "
                "plain RNN has none). About sigmoid(bias) of the memory is kept each step, so "
                "a bias of 5 keeps half of it across 100 blank steps, a bias of 1 almost none.",
            )
        )
        bias_layout = QHBoxLayout(self.forget_bias_row)
        bias_layout.setContentsMargins(0, 0, 0, 0)
        bias_layout.addWidget(self.forget_bias, 1)
        bias_layout.addWidget(self.forget_bias_default)
        self.optimizer = self._combo(
            [
                ("adam", "Adam"),
                ("sgd", translate("TrainingPanel", "SGD with momentum")),
                ("rmsprop", "RMSprop"),
            ]
        )
        self.lr_schedule = self._combo(
            [
                ("none", translate("TrainingPanel", "constant")),
                ("step", translate("TrainingPanel", "halved every quarter of the epochs")),
                ("cosine", translate("TrainingPanel", "cosine decay to zero")),
            ]
        )
        self.learning_rate = LearningRateSpinBox()
        self.learning_rate.setToolTip(
            translate("TrainingPanel", "Can be changed while training; used from the next batch.")
        )
        self.learning_rate.valueChanged.connect(self._on_learning_rate_edited)
        self.batch_size = self._spin(1, 4096)
        self.epochs = self._spin(1, 1000)
        self.seed = self._spin(0, 2**31 - 1)
        self.device = self._combo(
            [
                ("auto", translate("TrainingPanel", "Automatic (GPU if any)")),
                ("cpu", translate("TrainingPanel", "CPU")),
                ("cuda", translate("TrainingPanel", "NVIDIA GPU (CUDA)")),
                ("mps", translate("TrainingPanel", "Apple GPU (MPS)")),
            ]
        )
        self.train_limit = self._spin(0, 1_000_000, 1000)
        self.train_limit.setSpecialValueText(translate("TrainingPanel", "all"))
        self.train_limit.setToolTip(
            translate("TrainingPanel", "Train on the first N digits only, for a quick run.")
        )
        self.test_limit = self._spin(0, 1_000_000, 1000)
        self.test_limit.setSpecialValueText(translate("TrainingPanel", "all"))

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
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.reset_button = QPushButton(translate("TrainingPanel", "Reset to tutorial settings"))
        self.reset_button.setToolTip(
            translate(
                "TrainingPanel",
                "LSTM(128) → Dense(10), Adam, learning rate 0.001, batch 28, 20 epochs",
            )
        )
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.fast_button = QPushButton(translate("TrainingPanel", "Fast preset"))
        self.fast_button.setToolTip(
            translate(
                "TrainingPanel",
                "The quickest recipe found to the tutorial's 98.98%: batch 128, learning rate "
                "0.003 with a cosine decay, 12 epochs, bf16 where the CPU has it",
            )
        )
        self.fast_button.clicked.connect(self._on_fast_clicked)
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
        batch_size = self.batch_size.value()
        train = TrainConfig(
            dataset=self.dataset.currentData(),
            sequence=self.sequence.currentData(),
            steps=self.steps.currentData(),
            blank_steps=self.blank_steps.value(),
            optimizer=self.optimizer.currentData(),
            lr=self.learning_rate.value(),
            lr_schedule=self.lr_schedule.currentData(),
            batch_size=batch_size,
            epochs=self.epochs.value(),
            seed=self.seed.value(),
            device=self.device.currentData(),
            precision=self.precision.currentData(),
            train_limit=self.train_limit.value() or None,
            test_limit=self.test_limit.value() or None,
        )
        layers = self.layers.value()
        cell = self.cell.currentData()
        model = train.model_config(
            cell=cell,
            hidden_size=self.hidden.value(),
            num_layers=layers,
            dropout=self.dropout.value() if layers > 1 else 0.0,
            forget_bias=self._forget_bias(cell),
        )
        return model, train

    def _forget_bias(self, cell: str) -> float | None:
        """The memory gate's bias asked for; None: Keras's default, or no such gate (RNN)."""
        if cell not in KERAS_GATE_BIAS or self.forget_bias_default.isChecked():
            return None
        return self.forget_bias.value()

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
            self._select(self.dataset, train.dataset)
            self._select(self.sequence, train.sequence)
            self._select(self.steps, train.time_steps)
            self._select(self.precision, train.precision)
            self._select(self.cell, model.cell)
            self._select(self.optimizer, train.optimizer)
            self._select(self.lr_schedule, train.lr_schedule)
            self._select(self.device, train.device)
            self.hidden.setValue(min(model.hidden_size, MAX_HIDDEN))
            self.layers.setValue(min(model.num_layers, MAX_LAYERS))
            self.dropout.setValue(model.dropout)
            self.blank_steps.setValue(train.blank_steps)
            self.forget_bias_default.setChecked(model.forget_bias is None)
            if model.forget_bias is not None:
                self.forget_bias.setValue(model.forget_bias)
            self.learning_rate.blockSignals(True)
            self.learning_rate.setValue(train.lr)
            self.learning_rate.blockSignals(False)
            self.batch_size.setValue(train.batch_size)
            self.epochs.setValue(train.epochs)
            self.seed.setValue(min(train.seed, self.seed.maximum()))
            self.train_limit.setValue(train.train_limit or 0)
            self.test_limit.setValue(train.test_limit or 0)
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
        for field in (
            self.dataset,
            self.sequence,
            self.steps,
            self.cell,
            self.hidden,
            self.layers,
            self.optimizer,
            self.lr_schedule,
            self.batch_size,
            self.epochs,
            self.seed,
            self.device,
            self.precision,
            self.train_limit,
            self.test_limit,
            self.blank_steps,
            self.reset_button,
            self.fast_button,
        ):
            field.setEnabled(editable)
        # The pixels view reads 784 steps by its name; its length is not a choice.
        self.steps.setEnabled(editable and self.sequence.currentData() != SequenceView.PIXELS)
        self.dropout.setEnabled(editable and self.layers.value() > 1)
        self._show_gate_bias()
        self.learning_rate.setEnabled(learning_rate_editable)

    @staticmethod
    def _step_items() -> list[tuple[int, str]]:
        """Every length that cuts 784 pixels into equal chunks, the tutorial's marked."""
        items = []
        for steps in STEP_CHOICES:
            pixels = IMAGE_PIXELS // steps
            if steps == IMAGE_SIDE:
                text = translate("TrainingPanel", "{0} steps × {1} pixels (tutorial)")
            elif pixels == 1:
                text = translate("TrainingPanel", "{0} steps × {1} pixel")
            else:
                text = translate("TrainingPanel", "{0} steps × {1} pixels")
            items.append((steps, text.format(steps, pixels)))
        return items

    def _on_sequence_changed(self, *_: object) -> None:
        """A view chosen starts at its own length (rows 28, pixels and shuffled 784)."""
        view = str(self.sequence.currentData())
        self._select(self.steps, IMAGE_SIDE if view == SequenceView.ROWS else IMAGE_PIXELS)
        self.steps.setEnabled(self._editable and view != SequenceView.PIXELS)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def _show_gate_bias(self) -> None:
        """The bias row for the cell: its gate's name, Keras's value while unset, off for RNN."""
        cell = str(self.cell.currentData())
        has_gate = cell in KERAS_GATE_BIAS
        default = self.forget_bias_default.isChecked()
        self.forget_bias_default.setEnabled(self._editable and has_gate)
        self.forget_bias.setEnabled(self._editable and has_gate and not default)
        if default and has_gate:
            self.forget_bias.blockSignals(True)
            self.forget_bias.setValue(KERAS_GATE_BIAS[cell])
            self.forget_bias.blockSignals(False)
        label = self._form.labelForField(self.forget_bias_row)
        text = (
            translate("TrainingPanel", "Update-gate bias")
            if cell == "gru"
            else translate("TrainingPanel", "Forget-gate bias")
        )
        if isinstance(label, QLabel) and label.text() != text:
            label.setText(text)
            self.forget_bias_row.setAccessibleName(text)
            self.forget_bias.setAccessibleName(text)

    def _on_field_changed(self, *_: object) -> None:
        self.dropout.setEnabled(self.layers.value() > 1 and self._editable)
        self._show_gate_bias()
        self.steps.setEnabled(self._editable and self.sequence.currentData() != "pixels")
        self.dropout.setToolTip(
            ""
            if self.layers.value() > 1
            else translate("TrainingPanel", "Dropout acts between layers: use 2 or more.")
        )
        try:
            self.configs()
            self.problem.setText("")
            self.problem.hide()
        except ConfigError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
        self.hint.setText(self._hint_text())
        self.hint.setVisible(bool(self.hint.text()))
        self.changed.emit()

    def _hint_text(self) -> str:
        steps = self.steps.currentData()
        blank = self.blank_steps.value()
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
        if self.cell.currentData() == "rnn":
            return translate(
                "TrainingPanel",
                "A plain RNN: watch the gradient norm, it tends to vanish or explode.",
            )
        return ""

    def _on_reset_clicked(self) -> None:
        self.reset_to_tutorial()

    def _on_fast_clicked(self) -> None:
        self.apply_preset(Preset.FAST)

    def _on_learning_rate_edited(self, value: float) -> None:
        self._on_field_changed()
        self.learning_rate_edited.emit(value)
