"""TrainingPanel: the hyperparameter form, run buttons, and epoch/run progress with ETA."""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.core.progress import TimeLeft
from lstm_gui.gui.train.training_worker import default_torch_threads, report_interval

# Run states the buttons follow.
IDLE, LOADING, TRAINING, PAUSED, STOPPING = "idle", "loading", "training", "paused", "stopping"

MAX_HIDDEN = 1024
MAX_LAYERS = 4


def format_duration(seconds: float) -> str:
    """Seconds as m:ss or h:mm:ss; an em dash when unknown."""
    if not math.isfinite(seconds) or seconds < 0:
        return "—"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class LearningRateSpinBox(QDoubleSpinBox):
    """A learning-rate field that shows 0.001, not 0.001000, and steps 1 → 2 → 5 → 10."""

    _MANTISSAS = (1.0, 2.0, 5.0)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(7)
        self.setRange(1e-6, 1.0)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        """Shortest form: 0.001, 5e-05."""
        return QLocale().toString(value, "g", 4)

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt override
        """Parse the locale's number format or Python's (1e-4)."""
        value = self._parse(text)
        return self.value() if value is None else value

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable when the text is a number in range; intermediate while typing."""
        value = self._parse(text)
        if value is not None and self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    @staticmethod
    def _parse(text: str) -> float | None:
        value, ok = QLocale().toDouble(text.strip())
        if ok:
            return value
        try:
            return float(text.strip())
        except ValueError:
            return None

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        """Step along 1, 2, 5 × 10^k."""
        ladder = sorted(
            m * 10.0**k for k in range(-6, 1) for m in self._MANTISSAS if m * 10.0**k <= 1.0
        )
        current = self.value()
        index = min(range(len(ladder)), key=lambda i: abs(math.log10(ladder[i] / current)))
        index = max(0, min(len(ladder) - 1, index + steps))
        self.setValue(ladder[index])


class TrainingPanel(QWidget):
    """Settings (the tutorial's by default), Start/Pause/Stop/+1 epoch, and progress."""

    start_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    stop_requested = Signal()
    extra_epoch_requested = Signal()
    learning_rate_changed = Signal(float)  # edited while a run trains
    settings_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = IDLE
        self._can_extend = False
        self._time_left = TimeLeft(TrainConfig().batch_size)
        self._build()
        self.reset_to_tutorial()
        self.set_state(IDLE)

    # ------------------------------------------------------------------ building

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
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
                ("mnist", self.tr("MNIST digits")),
                ("fashion-mnist", self.tr("Fashion-MNIST clothes")),
                ("kmnist", self.tr("Kuzushiji-MNIST (KMNIST)")),
            ]
        )
        self.sequence = self._combo(
            [
                ("rows", self.tr("Rows: 28 steps × 28 pixels")),
                ("pixels", self.tr("Pixels: 784 steps × 1 pixel")),
                ("permuted", self.tr("Shuffled pixels: 784 steps")),
            ]
        )
        self.sequence.setToolTip(
            self.tr(
                "How an image becomes a sequence. The tutorial reads one row of 28 pixels per "
                "step; reading single pixels makes the sequence 28 times longer."
            )
        )
        self.cell = self._combo([("lstm", "LSTM"), ("gru", "GRU"), ("rnn", self.tr("Plain RNN"))])
        self.hidden = self._spin(1, MAX_HIDDEN)
        self.layers = self._spin(1, MAX_LAYERS)
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.9)
        self.dropout.setSingleStep(0.1)
        self.dropout.setDecimals(2)
        self.dropout.setKeyboardTracking(False)
        self.dropout.valueChanged.connect(self._on_field_changed)
        self.optimizer = self._combo(
            [("adam", "Adam"), ("sgd", self.tr("SGD with momentum")), ("rmsprop", "RMSprop")]
        )
        self.learning_rate = LearningRateSpinBox()
        self.learning_rate.setToolTip(
            self.tr("Can be changed while training; used from the next batch.")
        )
        self.learning_rate.valueChanged.connect(self._on_learning_rate_edited)
        self.batch_size = self._spin(1, 4096)
        self.epochs = self._spin(1, 1000)
        self.seed = self._spin(0, 2**31 - 1)
        self.device = self._combo(
            [
                ("auto", self.tr("Automatic (GPU if there is one)")),
                ("cpu", self.tr("CPU")),
                ("cuda", self.tr("NVIDIA GPU (CUDA)")),
                ("mps", self.tr("Apple GPU (MPS)")),
            ]
        )
        self.train_limit = self._spin(0, 1_000_000, 1000)
        self.train_limit.setSpecialValueText(self.tr("all"))
        self.train_limit.setToolTip(self.tr("Train on the first N digits only, for a quick run."))
        self.test_limit = self._spin(0, 1_000_000, 1000)
        self.test_limit.setSpecialValueText(self.tr("all"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(3)
        rows = [
            (self.tr("Dataset"), self.dataset),
            (self.tr("Read images as"), self.sequence),
            (self.tr("Cell"), self.cell),
            (self.tr("Hidden units"), self.hidden),
            (self.tr("Layers"), self.layers),
            (self.tr("Dropout"), self.dropout),
            (self.tr("Optimizer"), self.optimizer),
            (self.tr("Learning rate"), self.learning_rate),
            (self.tr("Batch size"), self.batch_size),
            (self.tr("Epochs"), self.epochs),
            (self.tr("Seed"), self.seed),
            (self.tr("Device"), self.device),
            (self.tr("Training digits"), self.train_limit),
            (self.tr("Test digits"), self.test_limit),
        ]
        for text, field in rows:
            form.addRow(text, field)

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        self.hint.setStyleSheet("color: palette(mid);")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.reset_button = QPushButton(self.tr("Reset to tutorial settings"))
        self.reset_button.setToolTip(
            self.tr("LSTM(128) → Dense(10), Adam, learning rate 0.001, batch 28, 20 epochs")
        )
        self.reset_button.clicked.connect(self._on_reset_clicked)

        settings_box = QGroupBox(self.tr("Settings"))
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addLayout(form)
        settings_layout.addWidget(self.hint)
        settings_layout.addWidget(self.problem)
        settings_layout.addWidget(self.reset_button)

        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setDefault(True)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.extra_epoch_button = QPushButton(self.tr("+1 epoch"))
        self.extra_epoch_button.setToolTip(
            self.tr("Train the last run for one more epoch (during a run: one more at its end).")
        )
        self.start_button.clicked.connect(self.start_requested)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button.clicked.connect(self.stop_requested)
        self.extra_epoch_button.clicked.connect(self.extra_epoch_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (
            self.start_button,
            self.pause_button,
            self.stop_button,
            self.extra_epoch_button,
        ):
            button.setMinimumWidth(10)
            buttons.addWidget(button)

        self.epoch_label = QLabel(self.tr("Not started"))
        self.epoch_bar = QProgressBar()
        self.run_label = QLabel(self.tr("Whole run"))
        self.run_bar = QProgressBar()
        self.figures_label = QLabel(" ")
        for bar in (self.epoch_bar, self.run_bar):
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
        # The progress strip is placed by the main window (under the curves), not in this
        # column, so that the settings fit a 800-pixel-high screen.
        self.progress_box = QWidget()
        progress_layout = QGridLayout(self.progress_box)
        progress_layout.setContentsMargins(4, 2, 4, 2)
        progress_layout.setVerticalSpacing(2)
        progress_layout.addWidget(self.epoch_label, 0, 0)
        progress_layout.addWidget(self.epoch_bar, 0, 1)
        progress_layout.addWidget(self.run_label, 1, 0)
        progress_layout.addWidget(self.run_bar, 1, 1)
        progress_layout.addWidget(self.figures_label, 2, 0, 1, 2)
        progress_layout.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(settings_box)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        for field in (self.hidden, self.batch_size, self.epochs, self.seed, self.learning_rate):
            field.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)

    # ------------------------------------------------------------------ settings

    def configs(self) -> tuple[ModelConfig, TrainConfig]:
        """The model and training settings in the form; raises ConfigError when invalid."""
        batch_size = self.batch_size.value()
        train = TrainConfig(
            dataset=self.dataset.currentData(),
            sequence=self.sequence.currentData(),
            optimizer=self.optimizer.currentData(),
            lr=self.learning_rate.value(),
            batch_size=batch_size,
            epochs=self.epochs.value(),
            seed=self.seed.value(),
            device=self.device.currentData(),
            train_limit=self.train_limit.value() or None,
            test_limit=self.test_limit.value() or None,
            report_every=report_interval(batch_size),
            torch_threads=default_torch_threads(),
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
        """The settings, or None when they are invalid (the reason is shown in the panel)."""
        try:
            return self.configs()
        except ConfigError:
            return None

    def set_configs(self, model: ModelConfig, train: TrainConfig) -> None:
        """Show these settings in the form (the last session's, a resumed run's)."""
        fields = [self.dataset, self.sequence, self.cell, self.optimizer, self.device]
        for field in fields:
            field.blockSignals(True)
        try:
            self._select(self.dataset, train.dataset)
            self._select(self.sequence, train.sequence)
            self._select(self.cell, model.cell)
            self._select(self.optimizer, train.optimizer)
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

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def _on_field_changed(self, *_: object) -> None:
        self.dropout.setEnabled(self.layers.value() > 1 and self._state == IDLE)
        self.dropout.setToolTip(
            ""
            if self.layers.value() > 1
            else self.tr("Dropout acts between layers: use 2 or more.")
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
        self._update_buttons()
        self.settings_changed.emit()

    def _hint_text(self) -> str:
        if self.sequence.currentData() != "rows":
            return self.tr(
                "784 steps per image: an epoch takes about 28 times longer, and plain RNNs "
                "barely learn — the tutorial's point about long sequences."
            )
        if self.cell.currentData() == "rnn":
            return self.tr("A plain RNN: watch the gradient norm, it tends to vanish or explode.")
        return ""

    def _on_reset_clicked(self) -> None:
        self.reset_to_tutorial()

    def _on_learning_rate_edited(self, value: float) -> None:
        self._on_field_changed()
        if self._state in (TRAINING, PAUSED):
            self.learning_rate_changed.emit(value)

    # ------------------------------------------------------------------ run state

    @property
    def state(self) -> str:
        """idle, loading, training, paused or stopping."""
        return self._state

    def set_state(self, state: str, can_extend: bool | None = None) -> None:
        """Enable what makes sense in this run state."""
        self._state = state
        if can_extend is not None:
            self._can_extend = can_extend
        editable = state == IDLE
        for field in (
            self.dataset,
            self.sequence,
            self.cell,
            self.hidden,
            self.layers,
            self.optimizer,
            self.batch_size,
            self.epochs,
            self.seed,
            self.device,
            self.train_limit,
            self.test_limit,
            self.reset_button,
        ):
            field.setEnabled(editable)
        self.dropout.setEnabled(editable and self.layers.value() > 1)
        self.learning_rate.setEnabled(state in (IDLE, TRAINING, PAUSED))
        self.pause_button.setText(self.tr("Resume") if state == PAUSED else self.tr("Pause"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        state = self._state
        valid = not self.problem.text()
        self.start_button.setEnabled(state == IDLE and valid)
        self.pause_button.setEnabled(state in (TRAINING, PAUSED))
        self.stop_button.setEnabled(state in (LOADING, TRAINING, PAUSED))
        # During a run "+1 epoch" queues one more epoch; afterwards it continues the last run.
        self.extra_epoch_button.setEnabled(
            state in (TRAINING, PAUSED) or (state == IDLE and self._can_extend)
        )

    def _on_pause_clicked(self) -> None:
        if self._state == PAUSED:
            self.resume_requested.emit()
        else:
            self.pause_requested.emit()

    # ------------------------------------------------------------------ progress

    def start_progress(self, epochs_done: int, epochs: int, batch_size: int) -> None:
        """A run begins (or resumes after `epochs_done` epochs)."""
        self._time_left = TimeLeft(batch_size)
        self._epochs_done = epochs_done
        self._epochs = epochs
        self.epoch_bar.setValue(0)
        self.run_bar.setValue(int(1000 * epochs_done / epochs))
        self.epoch_bar.setFormat("%p%")
        self.run_bar.setFormat("%p%")
        self.epoch_label.setText(self.tr("Loading data…"))
        self.figures_label.setText(" ")

    def show_progress(
        self,
        epoch: int,
        epochs: int,
        batch: int,
        batches: int,
        samples_per_s: float,
        running_loss: float,
        running_acc: float,
    ) -> None:
        """A progress record: bars, ETA, running loss and accuracy."""
        epoch_left, run_left = self._time_left.update(epoch, epochs, batch, batches, samples_per_s)
        fraction = batch / batches
        self.epoch_bar.setValue(int(1000 * fraction))
        self.run_bar.setValue(int(1000 * (epoch - 1 + fraction) / epochs))
        self.epoch_bar.setFormat(self.tr("%p% · {0} left").format(format_duration(epoch_left)))
        self.run_bar.setFormat(self.tr("%p% · {0} left").format(format_duration(run_left)))
        self.epoch_label.setText(
            self.tr("Epoch {0} of {1} · batch {2} of {3}").format(
                epoch, epochs, f"{batch:,}", f"{batches:,}"
            )
        )
        self.figures_label.setText(
            self.tr("Loss {0:.4f} · accuracy {1:.2f}% (this epoch so far)").format(
                running_loss, 100 * running_acc
            )
        )

    def show_epoch(self, epoch: int, epochs: int, val_acc: float, eval_seconds: float) -> None:
        """An epoch ended: remember how long evaluation takes, show validation accuracy."""
        self._time_left.epoch_finished(eval_seconds)
        self.epoch_bar.setValue(1000)
        self.epoch_bar.setFormat("%p%")
        self.run_bar.setValue(int(1000 * epoch / epochs))
        self.figures_label.setText(
            self.tr("Epoch {0}: validation accuracy {1:.2f}%").format(epoch, 100 * val_acc)
        )

    def show_finished(self, text: str) -> None:
        """The run ended: the bars stop, the reason is shown."""
        self.epoch_bar.setFormat("%p%")
        self.run_bar.setFormat("%p%")
        self.epoch_label.setText(text)

    def set_epochs(self, epochs: int) -> None:
        """Set the epochs field (a resumed run's total)."""
        self.epochs.setValue(epochs)
