"""TrainingTab: the Train tab — settings, curves, confusion matrix and runs, wired to a run.

It lays out the tab's panels and composes two parts: RunDisplay shows what the RunController
reports, RunsSide keeps the stored runs (list, overlays, delete, export). The tab itself turns
what a person asks for (start, pause, resume, +1 epoch) into the controller's commands and asks
what to do when a run fails. The window around it supplies the data folder and the status bar,
and is told when a run leaves a model to use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.errors import ConfigError, LstmGuiError
from lstm_gui.gui.run_controller import RunController
from lstm_gui.gui.train.confusion_matrix_view import ConfusionMatrixView
from lstm_gui.gui.train.gradient_view import GradientView
from lstm_gui.gui.train.metrics_plot import MetricsPlot
from lstm_gui.gui.train.model_summary_view import ModelSummaryView
from lstm_gui.gui.train.panel_state import PanelState
from lstm_gui.gui.train.run_display import RunDisplay
from lstm_gui.gui.train.runs_panel import RunsPanel
from lstm_gui.gui.train.runs_side import RunsSide
from lstm_gui.gui.train.training_panel import TrainingPanel
from lstm_gui.gui.train.unsaved_model import save_unsaved_model
from lstm_gui.gui.train.wiring import connect_all
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.deferred import DeferredWidget

if TYPE_CHECKING:
    from lstm_gui.core.run.runs import StoredRun
    from lstm_gui.gui.app_state import AppState
    from lstm_gui.gui.widgets.download_dialog import DownloadDialog


class TrainingTab(QSplitter):
    """Settings and model summary | curves and progress | confusion matrix and runs."""

    status_message = Signal(str)
    model_trained = Signal(object, str)  # checkpoint Path to predict with, run name
    use_model_requested = Signal(object, str)  # a stored run's checkpoint, its name
    data_folder_chosen = Signal(object)  # Path: the person chose where the dataset is

    def __init__(
        self,
        controller: RunController,
        runs_root: Path | None = None,
        state: AppState | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._controller = controller
        # What the tabs share: an experiment running in the Claims tab is "busy" there.
        self._state = state
        self._runs_root = runs_root
        # Where datasets are read from (None: the default places); the window keeps it current.
        # A value, not a callback into the window: a reference back to the window would make
        # a cycle that Python's collector may break in a worker thread, deleting Qt objects
        # off the GUI thread.
        self.data_folder: Path | None = None
        self._build()
        self._wire()

    def _build(self) -> None:
        self.training_panel = TrainingPanel()
        self.summary = ModelSummaryView()
        summary_box = QGroupBox(self.tr("Model"))
        QVBoxLayout(summary_box).addWidget(self.summary)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        left_layout.addWidget(self.training_panel)
        left_layout.addWidget(summary_box)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(352)  # the buttons row beside a vertical scroll bar

        self.metrics = MetricsPlot()
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 4, 0, 0)
        middle_layout.addWidget(self.metrics, 1)
        middle_layout.addWidget(self.training_panel.progress_box)
        self.confusion = ConfusionMatrixView()
        self.runs_panel = RunsPanel()
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.confusion, self.tr("Confusion matrix"))
        self.side_tabs.addTab(self.runs_panel, self.tr("Runs"))
        # Behind the confusion matrix at start: built after the window's first paint.
        self._gradients_page = DeferredWidget(self._make_gradient_view)
        self.side_tabs.addTab(self._gradients_page, self.tr("Gradient through time"))

        for index, (part, stretch) in enumerate(((scroll, 0), (middle, 3), (self.side_tabs, 2))):
            self.addWidget(part)
            self.setStretchFactor(index, stretch)
        self.setSizes([362, 530, 390])
        self.setChildrenCollapsible(False)
        # Shown in the window's status bar.
        self.speed_label = QLabel()
        self.device_label = QLabel()
        self.display = RunDisplay(
            self._controller,
            self.training_panel,
            self.metrics,
            self.confusion,
            (self.speed_label, self.device_label),
            self,
        )
        parts = (self.runs_panel, self.side_tabs, self.metrics, self.training_panel)
        self.runs_side = RunsSide(
            self._controller, self._runs_root, parts, self._gradients_page, self
        )

    def _make_gradient_view(self) -> GradientView:
        view = GradientView()
        view.follow(self._controller)
        return view

    @property
    def gradients(self) -> GradientView:
        """The Gradient-through-time view (built on first use)."""
        return self._gradients_page.widget()

    @property
    def _download(self) -> DownloadDialog | None:
        """The download dialog while the dataset downloads (the display's)."""
        return self.display.download

    def _wire(self) -> None:
        panel, controller = self.training_panel, self._controller
        display, runs = self.display, self.runs_side
        connect_all(
            [
                (panel.start_requested, self._on_start_requested),
                (panel.pause_requested, self._on_pause_requested),
                (panel.resume_requested, self._on_resume_requested),
                (panel.stop_requested, self._on_stop_requested),
                (panel.extra_epoch_requested, self._on_extra_epoch_requested),
                (panel.learning_rate_changed, self._on_learning_rate_changed),
                (panel.settings_changed, self._on_settings_changed),
                (self.runs_panel.resume_requested, self._resume),
                (controller.run_failed, self._on_run_failed),
                (controller.data_missing, self._on_data_missing),
                (display.status_message, self.status_message),
                (display.model_trained, self.model_trained),
                (display.runs_changed, self.refresh_runs),
                (display.cancel_requested, self._on_stop_requested),
                (runs.status_message, self.status_message),
                (runs.use_model_requested, self.use_model_requested),
            ]
        )
        self._on_settings_changed()

    def enable(self) -> None:
        """PyTorch has loaded: summaries are computed and runs listed from now on."""
        self.summary.enable()
        self.runs_side.enable()

    def refresh_runs(self) -> None:
        """List the runs folder again (the run in progress is marked as such)."""
        self.runs_side.refresh_runs()

    def ask_export_csv(self) -> None:
        """Ask where, then export the curves as CSV."""
        self.runs_side.ask_export_csv()

    def export_curves(self, path: Path) -> None:
        """Write the shown run's curves and the ticked runs' as one CSV table (from the files)."""
        self.runs_side.export_curves(path)

    # ------------------------------------------------------------------ a person's requests

    def _on_settings_changed(self) -> None:
        configs = self.training_panel.valid_configs()
        if configs is not None:
            model, train = configs
            self.summary.set_config(model, train.sequence, train.time_steps, train.blank_steps)

    def _experiment_running(self) -> bool:
        """True, after saying so, while a Claims experiment runs (training must wait)."""
        if self._state is None or not self._state.is_busy_with("experiment"):
            return False
        message = self.tr(
            "An experiment is running in the Claims tab; train when it has ended (or stop "
            "it), so that the two do not share the processor."
        )
        dialogs.show_error(self, message)
        return True

    def _on_start_requested(self) -> None:
        if self._controller.is_training or self._experiment_running():
            return
        try:
            model, train = self.training_panel.configs()
        except ConfigError as exc:
            dialogs.show_error(self, str(exc))
            return
        from lstm_gui.core.run.session import plan_new_run

        self._controller.start(
            plan_new_run(model, train, runs_root=self._runs_root), self.data_folder
        )

    def _on_pause_requested(self) -> None:
        self._controller.pause()
        self.training_panel.set_state(PanelState.PAUSED)
        self.status_message.emit(self.tr("Paused. Press Resume to go on."))

    def _on_resume_requested(self) -> None:
        self._controller.resume_training()
        self.training_panel.set_state(PanelState.TRAINING)
        self.status_message.emit(self.tr("Training resumed."))

    def _on_stop_requested(self) -> None:
        if self._controller.is_training:
            self._controller.stop()
            self.training_panel.set_state(PanelState.STOPPING)
            self.status_message.emit(self.tr("Stopping after this batch…"))

    def _on_learning_rate_changed(self, lr: float) -> None:
        try:
            if not self._controller.set_lr(lr):
                return
        except ConfigError as exc:
            self.status_message.emit(str(exc))
            return
        self.status_message.emit(
            self.tr("Learning rate {0} from the next batch on.").format(f"{lr:g}")
        )

    def _on_extra_epoch_requested(self) -> None:
        if not self._controller.is_training and self._experiment_running():
            return
        queued = self._controller.add_epoch(self.data_folder)
        if queued:
            self.status_message.emit(
                self.tr("{0} more epoch(s) will follow when this run ends.").format(queued)
            )

    def _resume(self, run: StoredRun) -> None:
        if self._controller.is_training or run.latest is None or self._experiment_running():
            return
        try:
            self._controller.resume(
                run.latest, run.resume_epochs, self.data_folder, keep_curves=False
            )
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc))

    # ------------------------------------------------------------------ the run's events

    @Slot(str)
    def _on_run_failed(self, message: str) -> None:
        self.display.close_download()
        self.training_panel.show_finished(self.tr("Training failed."))
        self.status_message.emit(message)
        if self._controller.unsaved_model is None:
            dialogs.show_error(self, message)
            return
        # Saving failed (disk full, folder read-only or deleted): the weights are still in
        # memory, so offer to put them somewhere else before they are gone.
        question = self.tr(
            "{0}\n\nThe trained weights are still in memory. Save the model as…?"
        ).format(message)
        if dialogs.ask_yes_no(self, self.tr("Training failed"), question):
            self.save_unsaved_model()

    def save_unsaved_model(self) -> None:
        """Ask where, then save the weights a failed run could not save (asks again on error)."""
        checkpoint = self._controller.unsaved_model
        path = save_unsaved_model(self, checkpoint) if checkpoint is not None else None
        if path is not None and checkpoint is not None:
            self._controller.unsaved_model = None
            self.status_message.emit(self.tr("Model saved to {0}.").format(path))
            self.model_trained.emit(path, checkpoint.name)

    @Slot(str)
    def _on_data_missing(self, message: str) -> None:
        self.display.close_download()
        self.training_panel.show_finished(self.tr("The dataset was not found."))
        if self._controller.closing:
            return
        question = self.tr("{0}\n\nChoose the folder that holds the dataset's files?").format(
            message
        )
        if not dialogs.ask_yes_no(self, self.tr("Dataset not found"), question):
            return
        folder = dialogs.choose_folder(
            self, self.tr("Folder with the dataset's IDX files"), self.data_folder
        )
        if folder is not None:
            self.data_folder_chosen.emit(folder)
            self._controller.retry_after_run(folder)
