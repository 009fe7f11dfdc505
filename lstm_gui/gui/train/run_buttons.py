"""RunButtons: Start, Pause/Resume, Stop and +1 epoch, enabled as the run state allows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from lstm_gui.gui.train.panel_state import PanelState
from lstm_gui.gui.train.settings_fields import button

# The strings here are translated in the TrainingPanel context: the buttons were part of
# TrainingPanel, and the catalogue keeps their strings there.
translate = QCoreApplication.translate


class RunButtons(QWidget):
    """A row of run buttons; Pause becomes Resume while the run is paused."""

    start_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    stop_requested = Signal()
    extra_epoch_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = PanelState.IDLE
        self.start_button = button(translate("TrainingPanel", "Start"), self.start_requested)
        self.start_button.setDefault(True)
        self.pause_button = button(translate("TrainingPanel", "Pause"), self._on_pause_clicked)
        self.stop_button = button(translate("TrainingPanel", "Stop"), self.stop_requested)
        self.extra_epoch_button = button(
            translate("TrainingPanel", "+1 epoch"),
            self.extra_epoch_requested,
            translate(
                "TrainingPanel",
                "Train the last run for one more epoch (during a run: one more at its end).",
            ),
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for run_button in (
            self.start_button,
            self.pause_button,
            self.stop_button,
            self.extra_epoch_button,
        ):
            run_button.setMinimumWidth(10)
            layout.addWidget(run_button)
        # As tall as a button: spare height goes to the settings below, not around the row.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def show_state(self, state: PanelState, can_start: bool, can_extend: bool) -> None:
        """Enable what makes sense in this state; `can_start`: the settings are valid."""
        self._state = state
        self.pause_button.setText(
            translate("TrainingPanel", "Resume")
            if state == PanelState.PAUSED
            else translate("TrainingPanel", "Pause")
        )
        running = state in (PanelState.TRAINING, PanelState.PAUSED)
        self.start_button.setEnabled(state == PanelState.IDLE and can_start)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running or state == PanelState.LOADING)
        # During a run "+1 epoch" queues one more epoch; afterwards it continues the last run.
        self.extra_epoch_button.setEnabled(running or (state == PanelState.IDLE and can_extend))

    def _on_pause_clicked(self) -> None:
        if self._state == PanelState.PAUSED:
            self.resume_requested.emit()
        else:
            self.pause_requested.emit()
