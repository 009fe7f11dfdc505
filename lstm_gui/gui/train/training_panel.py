"""TrainingPanel: the run buttons over the settings form, and the run's progress strip.

It composes RunButtons, SettingsForm and RunProgress and keeps the run state they follow;
the names the main window and the tests use (IDLE ..., the fields, the buttons, the bars)
stay importable from here and reachable as attributes of the panel.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.run.progress import BatchProgress
from lstm_gui.gui.train.learning_rate_spin_box import LearningRateSpinBox
from lstm_gui.gui.train.panel_state import PanelState
from lstm_gui.gui.train.run_buttons import RunButtons
from lstm_gui.gui.train.run_progress import RunProgress, format_duration
from lstm_gui.gui.train.settings_form import MAX_HIDDEN, MAX_LAYERS, SettingsForm

__all__ = [
    "IDLE",
    "LOADING",
    "MAX_HIDDEN",
    "MAX_LAYERS",
    "PAUSED",
    "STOPPING",
    "TRAINING",
    "LearningRateSpinBox",
    "PanelState",
    "TrainingPanel",
    "format_duration",
]

# Run states the buttons follow, by their old module-level names.
IDLE = PanelState.IDLE
LOADING = PanelState.LOADING
TRAINING = PanelState.TRAINING
PAUSED = PanelState.PAUSED
STOPPING = PanelState.STOPPING


class TrainingPanel(QWidget):
    """Settings (the tutorial's by default), Start/Pause/Stop/+1 epoch, and progress."""

    # start_requested, pause_requested, resume_requested, stop_requested and
    # extra_epoch_requested are the buttons' own signals (see _expose_parts).
    learning_rate_changed = Signal(float)  # edited while a run trains
    settings_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = PanelState.IDLE
        self._can_extend = False
        self.buttons = RunButtons()
        self.settings = SettingsForm()
        # The progress strip is placed by the main window (under the curves), not in this
        # column, so that the settings fit a 800-pixel-high screen.
        self.progress_box = RunProgress()
        self._expose_parts()

        self.settings.changed.connect(self._on_settings_changed)
        self.settings.learning_rate_edited.connect(self._on_learning_rate_edited)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The form joins the panel first, so that Tab fills it top to bottom and then reaches
        # Start; on screen the buttons stay above it, where a glance finds them.
        layout.addWidget(self.settings)
        layout.insertWidget(0, self.buttons)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.set_state(PanelState.IDLE)

    def _expose_parts(self) -> None:
        """The parts' widgets and the buttons' signals as the panel's, where callers find them."""
        buttons, form, progress = self.buttons, self.settings, self.progress_box
        self.start_requested = buttons.start_requested
        self.pause_requested = buttons.pause_requested
        self.resume_requested = buttons.resume_requested
        self.stop_requested = buttons.stop_requested
        self.extra_epoch_requested = buttons.extra_epoch_requested
        self.start_button = buttons.start_button
        self.pause_button = buttons.pause_button
        self.stop_button = buttons.stop_button
        self.extra_epoch_button = buttons.extra_epoch_button
        self.dataset = form.dataset
        self.sequence = form.sequence
        self.steps = form.steps
        self.precision = form.precision
        self.cell = form.cell
        self.hidden = form.hidden
        self.layers = form.layers
        self.dropout = form.dropout
        self.optimizer = form.optimizer
        self.learning_rate = form.learning_rate
        self.batch_size = form.batch_size
        self.epochs = form.epochs
        self.seed = form.seed
        self.device = form.device
        self.train_limit = form.train_limit
        self.test_limit = form.test_limit
        self.hint = form.hint
        self.problem = form.problem
        self.reset_button = form.reset_button
        self.lr_schedule = form.lr_schedule
        self.fast_button = form.fast_button
        self.epoch_label = progress.epoch_label
        self.epoch_bar = progress.epoch_bar
        self.run_label = progress.run_label
        self.run_bar = progress.run_bar
        self.figures_label = progress.figures_label

    # ------------------------------------------------------------------ settings

    def configs(self) -> tuple[ModelConfig, TrainConfig]:
        """The model and training settings in the form; raises ConfigError when invalid."""
        return self.settings.configs()

    def valid_configs(self) -> tuple[ModelConfig, TrainConfig] | None:
        """The settings, or None when they are invalid (the reason is shown in the panel)."""
        return self.settings.valid_configs()

    def set_configs(self, model: ModelConfig, train: TrainConfig) -> None:
        """Show these settings in the form (the last session's, a resumed run's)."""
        self.settings.set_configs(model, train)

    def reset_to_tutorial(self) -> None:
        """The tutorial's settings: LSTM(128), Adam 0.001, batch 28, 20 epochs, all of MNIST."""
        self.settings.reset_to_tutorial()

    def set_epochs(self, epochs: int) -> None:
        """Set the epochs field (a resumed run's total)."""
        self.settings.epochs.setValue(epochs)

    def _on_settings_changed(self) -> None:
        self._update_buttons()
        self.settings_changed.emit()

    def _on_learning_rate_edited(self, value: float) -> None:
        if self._state in (PanelState.TRAINING, PanelState.PAUSED):
            self.learning_rate_changed.emit(value)

    # ------------------------------------------------------------------ run state

    @property
    def state(self) -> PanelState:
        """idle, loading, training, paused or stopping."""
        return self._state

    def set_state(self, state: PanelState | str, can_extend: bool | None = None) -> None:
        """Enable what makes sense in this run state."""
        self._state = PanelState(state)
        if can_extend is not None:
            self._can_extend = can_extend
        self.settings.set_editable(
            self._state == PanelState.IDLE,
            learning_rate_editable=self._state
            in (PanelState.IDLE, PanelState.TRAINING, PanelState.PAUSED),
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.buttons.show_state(self._state, self.settings.is_valid(), self._can_extend)

    # ------------------------------------------------------------------ progress

    def start_progress(self, epochs_done: int, epochs: int, batch_size: int) -> None:
        """A run begins (or resumes after `epochs_done` epochs)."""
        self.progress_box.start(epochs_done, epochs, batch_size)

    def show_progress(self, record: BatchProgress) -> None:
        """A progress record: bars, time left, running loss and accuracy."""
        self.progress_box.show_progress(record)

    def show_epoch(self, epoch: int, epochs: int, val_acc: float, eval_seconds: float) -> None:
        """An epoch ended: remember how long evaluation takes, show validation accuracy."""
        self.progress_box.show_epoch(epoch, epochs, val_acc, eval_seconds)

    def show_finished(self, text: str) -> None:
        """The run ended: the bars stop, the reason is shown."""
        self.progress_box.show_finished(text)
