"""SettingsForm: the hyperparameter form of the training panel, checked as it is edited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
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
            (translate("TrainingPanel", "Cell"), self.cell),
            (translate("TrainingPanel", "Hidden units"), self.hidden),
            (translate("TrainingPanel", "Layers"), self.layers),
            (translate("TrainingPanel", "Dropout"), self.dropout),
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
        for field in (self.hidden, self.batch_size, self.epochs, self.seed, self.learning_rate):
            field.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)

    # ------------------------------------------------------------------ settings

    def configs(self) -> tuple[ModelConfig, TrainConfig]:
        """The model and training settings in the form; raises ConfigError when invalid."""
        batch_size = self.batch_size.value()
        train = TrainConfig(
            dataset=self.dataset.currentData(),
            sequence=self.sequence.currentData(),
            steps=self.steps.currentData(),
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
        model = train.model_config(
            cell=self.cell.currentData(),
            hidden_size=self.hidden.value(),
            num_layers=layers,
            dropout=self.dropout.value() if layers > 1 else 0.0,
        )
        return model, train

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
        fields = [self.dataset, self.sequence, self.steps, self.cell, self.optimizer]
        fields += [self.device, self.precision, self.lr_schedule]
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
            self.reset_button,
            self.fast_button,
        ):
            field.setEnabled(editable)
        # The pixels view reads 784 steps by its name; its length is not a choice.
        self.steps.setEnabled(editable and self.sequence.currentData() != SequenceView.PIXELS)
        self.dropout.setEnabled(editable and self.layers.value() > 1)
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

    def _on_field_changed(self, *_: object) -> None:
        self.dropout.setEnabled(self.layers.value() > 1 and self._editable)
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
