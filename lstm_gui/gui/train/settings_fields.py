"""The Train form's fields in three parts: what the model reads, the model, the optimisation.

Each part builds its fields, reads them into config values and shows configs in them; the
SettingsForm lays all of them out in one form (one label column) and checks them together.
Strings are translated in the TrainingPanel context, where the catalogue keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QWidget,
)

from lstm_gui.core.choices import SequenceView
from lstm_gui.core.config import (
    IMAGE_PIXELS,
    IMAGE_SIDE,
    MAX_BLANK_STEPS,
    STEP_CHOICES,
    ModelConfig,
    TrainConfig,
)
from lstm_gui.gui.train.learning_rate_spin_box import LearningRateSpinBox

MAX_HIDDEN = 1024
MAX_LAYERS = 4
# The memory gate's bias: ModelConfig's bounds, and Keras's defaults shown while it is unset.
MAX_GATE_BIAS = 20.0
KERAS_GATE_BIAS = {"lstm": 1.0, "gru": 0.0}

translate = QCoreApplication.translate
OnChange = Callable[..., None]


def combo(items: Sequence[tuple[object, str]], on_change: OnChange) -> QComboBox:
    """A choice box of (value, text) items that calls `on_change` when another is chosen."""
    box = QComboBox()
    # Long choices ("28 steps × 28 pixels (tutorial)") must not widen the
    # settings column past a 1366-pixel screen: the box shrinks, its list shows them whole.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    for value, text in items:
        box.addItem(text, value)
    box.currentIndexChanged.connect(on_change)
    return box


SpinBox = TypeVar("SpinBox", QSpinBox, QDoubleSpinBox)


def _number_box(box: SpinBox, low: Any, high: Any, step: Any, on_change: OnChange) -> SpinBox:
    """`box` over low..high by `step`, reporting only finished edits (no keyboard tracking)."""
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setKeyboardTracking(False)
    box.valueChanged.connect(on_change)
    return box


def spin(low: int, high: int, on_change: OnChange, step: int = 1) -> QSpinBox:
    """A whole-number box (thousands grouped) that reports only finished edits."""
    box = QSpinBox()
    box.setGroupSeparatorShown(True)
    return _number_box(box, low, high, step, on_change)


def decimal_spin(
    low: float, high: float, on_change: OnChange, step: float, decimals: int
) -> QDoubleSpinBox:
    """A decimal box with `decimals` places that reports only finished edits."""
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    return _number_box(box, low, high, step, on_change)


def button(text: str, on_click: OnChange | SignalInstance, tip: str = "") -> QPushButton:
    """A push button that calls (or re-emits) `on_click`, with `tip` as its tool tip."""
    pushed = QPushButton(text)
    pushed.setToolTip(tip)
    pushed.clicked.connect(on_click)
    return pushed


def select(box: QComboBox, value: object) -> None:
    """Choose the item holding `value` (the first when none does)."""
    box.setCurrentIndex(max(box.findData(value), 0))


def read(field: QComboBox | QSpinBox) -> Any:
    """A choice box's chosen value, or a number box's number."""
    return field.currentData() if isinstance(field, QComboBox) else field.value()


class FieldGroup:
    """Fields kept in attributes named as the TrainConfig values they hold.

    NAMES lists those that are read into the config as they are and locked during a run.
    """

    NAMES: tuple[str, ...] = ()

    def fields(self) -> list[QWidget]:
        """Every field named in NAMES, to lock during a run."""
        return [getattr(self, name) for name in self.NAMES]

    def values(self) -> dict[str, Any]:
        """TrainConfig's values from the fields named in NAMES."""
        return {name: read(getattr(self, name)) for name in self.NAMES}


class SequenceFields(FieldGroup):
    """The dataset, how an image becomes a sequence, the blank steps and how many digits."""

    NAMES = ("dataset", "sequence", "steps", "blank_steps", "train_limit", "test_limit")

    def __init__(self, on_change: OnChange) -> None:
        self.dataset = combo(
            [
                ("mnist", translate("TrainingPanel", "MNIST digits")),
                ("fashion-mnist", translate("TrainingPanel", "Fashion-MNIST clothes")),
                ("kmnist", translate("TrainingPanel", "Kuzushiji-MNIST (KMNIST)")),
            ],
            on_change,
        )
        self.sequence = combo(
            [
                ("rows", translate("TrainingPanel", "Rows: 28 steps × 28 pixels")),
                ("pixels", translate("TrainingPanel", "Pixels: 784 steps × 1 pixel")),
                ("permuted", translate("TrainingPanel", "Shuffled pixels: 784 steps")),
            ],
            on_change,
        )
        self.sequence.setToolTip(
            translate(
                "TrainingPanel",
                "How an image becomes a sequence. The tutorial reads one row of 28 pixels per "
                "step; reading single pixels makes the sequence 28 times longer.",
            )
        )
        self.steps = combo(step_items(), on_change)
        self.steps.setToolTip(
            translate(
                "TrainingPanel",
                "How many steps the 784 pixels are cut into, read in order: 28 steps read a row "
                "each (the tutorial), 56 half a row, 784 one pixel.",
            )
        )
        self.blank_steps = spin(0, MAX_BLANK_STEPS, on_change, 10)
        self.blank_steps.setSpecialValueText(translate("TrainingPanel", "none"))
        self.blank_steps.setToolTip(
            translate(
                "TrainingPanel",
                "The memory task: this many all-zero steps follow the image, and the answer is "
                "read after the last one, so the network must remember the digit that long. "
                "A plain RNN soon forgets; an LSTM with a high forget-gate bias remembers.",
            )
        )
        # Long item texts must not widen the settings column (it scrolls, clipped, at 1366 px).
        for box in (self.sequence, self.steps):
            box.setMinimumContentsLength(14)
        self.train_limit = spin(0, 1_000_000, on_change, 1000)
        self.train_limit.setSpecialValueText(translate("TrainingPanel", "all"))
        self.train_limit.setToolTip(
            translate("TrainingPanel", "Train on the first N digits only, for a quick run.")
        )
        self.test_limit = spin(0, 1_000_000, on_change, 1000)
        self.test_limit.setSpecialValueText(translate("TrainingPanel", "all"))

    def values(self) -> dict[str, Any]:
        """TrainConfig's values from these fields (a limit of 0 is none: all the digits)."""
        values = super().values()
        for limit in ("train_limit", "test_limit"):
            values[limit] = values[limit] or None
        return values

    def show(self, train: TrainConfig) -> None:
        """Show a TrainConfig's values (signals blocked by the form)."""
        select(self.dataset, train.dataset)
        select(self.sequence, train.sequence)
        select(self.steps, train.time_steps)
        self.blank_steps.setValue(train.blank_steps)
        self.train_limit.setValue(train.train_limit or 0)
        self.test_limit.setValue(train.test_limit or 0)

    def follow_view(self, editable: bool) -> None:
        """A view chosen starts at its own length (rows 28, pixels and shuffled 784)."""
        view = str(self.sequence.currentData())
        select(self.steps, IMAGE_SIDE if view == SequenceView.ROWS else IMAGE_PIXELS)
        self.enable_steps(editable)

    def enable_steps(self, editable: bool) -> None:
        """The pixels view reads 784 steps by its name; its length is not a choice."""
        self.steps.setEnabled(editable and self.sequence.currentData() != SequenceView.PIXELS)


def step_items() -> list[tuple[int, str]]:
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


class ModelFields:
    """The cell, its size and depth, dropout, and where its memory gate starts."""

    def __init__(self, on_change: OnChange) -> None:
        self.cell = combo(
            [("lstm", "LSTM"), ("gru", "GRU"), ("rnn", translate("TrainingPanel", "Plain RNN"))],
            on_change,
        )
        self.hidden = spin(1, MAX_HIDDEN, on_change)
        self.layers = spin(1, MAX_LAYERS, on_change)
        self.dropout = decimal_spin(0.0, 0.9, on_change, 0.1, decimals=2)
        self.forget_bias = decimal_spin(-MAX_GATE_BIAS, MAX_GATE_BIAS, on_change, 0.5, decimals=1)
        self.forget_bias_default = QCheckBox(translate("TrainingPanel", "Keras default"))
        self.forget_bias_default.setToolTip(
            translate(
                "TrainingPanel",
                "Keras's starting bias: 1 for the LSTM's forget gate, 0 for the GRU's update gate.",
            )
        )
        self.forget_bias_default.toggled.connect(on_change)
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

    def values(self) -> dict[str, Any]:
        """model_config()'s values from these fields."""
        layers = self.layers.value()
        cell = self.cell.currentData()
        return {
            "cell": cell,
            "hidden_size": self.hidden.value(),
            "num_layers": layers,
            "dropout": self.dropout.value() if layers > 1 else 0.0,
            "forget_bias": self._forget_bias(cell),
        }

    def _forget_bias(self, cell: str) -> float | None:
        """The memory gate's bias asked for; None: Keras's default, or no such gate (RNN)."""
        if cell not in KERAS_GATE_BIAS or self.forget_bias_default.isChecked():
            return None
        return self.forget_bias.value()

    def show(self, model: ModelConfig) -> None:
        """Show a ModelConfig's values (signals blocked by the form)."""
        select(self.cell, model.cell)
        self.hidden.setValue(min(model.hidden_size, MAX_HIDDEN))
        self.layers.setValue(min(model.num_layers, MAX_LAYERS))
        self.dropout.setValue(model.dropout)
        self.forget_bias_default.setChecked(model.forget_bias is None)
        if model.forget_bias is not None:
            self.forget_bias.setValue(model.forget_bias)

    def enable(self, editable: bool) -> None:
        """Open or lock the fields; dropout only with 2 layers or more, the bias per cell."""
        for field in (self.cell, self.hidden, self.layers):
            field.setEnabled(editable)
        self.dropout.setEnabled(editable and self.layers.value() > 1)
        self.dropout.setToolTip(
            ""
            if self.layers.value() > 1
            else translate("TrainingPanel", "Dropout acts between layers: use 2 or more.")
        )
        cell = str(self.cell.currentData())
        has_gate = cell in KERAS_GATE_BIAS
        default = self.forget_bias_default.isChecked()
        self.forget_bias_default.setEnabled(editable and has_gate)
        self.forget_bias.setEnabled(editable and has_gate and not default)
        if default and has_gate:
            self.forget_bias.blockSignals(True)
            self.forget_bias.setValue(KERAS_GATE_BIAS[cell])
            self.forget_bias.blockSignals(False)

    def gate_bias_label(self) -> str:
        """The bias row's label: the gate of the cell chosen."""
        if self.cell.currentData() == "gru":
            return translate("TrainingPanel", "Update-gate bias")
        return translate("TrainingPanel", "Forget-gate bias")


class OptimisationFields(FieldGroup):
    """The optimizer, learning rate and its schedule, batches, epochs, seed, device, precision."""

    # Not the learning rate: it can be changed while training.
    NAMES = ("optimizer", "lr_schedule", "batch_size", "epochs", "seed", "device", "precision")

    def __init__(self, on_change: OnChange, on_learning_rate: OnChange) -> None:
        self.optimizer = combo(
            [
                ("adam", "Adam"),
                ("sgd", translate("TrainingPanel", "SGD with momentum")),
                ("rmsprop", "RMSprop"),
            ],
            on_change,
        )
        self.lr_schedule = combo(
            [
                ("none", translate("TrainingPanel", "constant")),
                ("step", translate("TrainingPanel", "halved every quarter of the epochs")),
                ("cosine", translate("TrainingPanel", "cosine decay to zero")),
            ],
            on_change,
        )
        self.learning_rate = LearningRateSpinBox()
        self.learning_rate.setToolTip(
            translate("TrainingPanel", "Can be changed while training; used from the next batch.")
        )
        self.learning_rate.valueChanged.connect(on_learning_rate)
        self.batch_size = spin(1, 4096, on_change)
        self.epochs = spin(1, 1000, on_change)
        self.seed = spin(0, 2**31 - 1, on_change)
        self.device = combo(
            [
                ("auto", translate("TrainingPanel", "Automatic (GPU if any)")),
                ("cpu", translate("TrainingPanel", "CPU")),
                ("cuda", translate("TrainingPanel", "NVIDIA GPU (CUDA)")),
                ("mps", translate("TrainingPanel", "Apple GPU (MPS)")),
            ],
            on_change,
        )
        self.precision = combo(
            [
                ("fp32", translate("TrainingPanel", "fp32 (exact)")),
                ("bf16", translate("TrainingPanel", "bf16 (faster where the CPU has it)")),
            ],
            on_change,
        )
        self.precision.setToolTip(
            translate(
                "TrainingPanel",
                "bf16 computes the forward pass in 16-bit floats on CPUs and GPUs that have "
                "them; elsewhere the run uses fp32 and says so.",
            )
        )
        self.precision.setMinimumContentsLength(14)

    def values(self) -> dict[str, Any]:
        """TrainConfig's values from these fields and the learning rate (opened apart)."""
        return super().values() | {"lr": self.learning_rate.value()}

    def show(self, train: TrainConfig) -> None:
        """Show a TrainConfig's values (signals blocked by the form)."""
        select(self.precision, train.precision)
        select(self.optimizer, train.optimizer)
        select(self.lr_schedule, train.lr_schedule)
        select(self.device, train.device)
        self.learning_rate.blockSignals(True)
        self.learning_rate.setValue(train.lr)
        self.learning_rate.blockSignals(False)
        self.batch_size.setValue(train.batch_size)
        self.epochs.setValue(train.epochs)
        self.seed.setValue(min(train.seed, self.seed.maximum()))
