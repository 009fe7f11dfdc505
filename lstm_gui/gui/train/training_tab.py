"""TrainingTab: the Train tab — settings, curves, confusion matrix and runs, wired to a run.

It composes the tab's panels and shows what the RunController reports; what a person asks
for (start, resume, delete, export) goes to the controller or to core. The window around it
supplies the data folder and the status bar, and is told when a run leaves a model to use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
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
from lstm_gui.core.run.progress import RunStatus
from lstm_gui.core.run.runs_cache import RunsCache
from lstm_gui.gui.run_controller import Launch, RunController
from lstm_gui.gui.train.confusion_matrix_view import ConfusionMatrixView
from lstm_gui.gui.train.gradient_view import GradientView
from lstm_gui.gui.train.metrics_plot import MetricsPlot, OverlayRun
from lstm_gui.gui.train.model_summary_view import ModelSummaryView
from lstm_gui.gui.train.panel_state import PanelState
from lstm_gui.gui.train.runs_panel import RunsPanel
from lstm_gui.gui.train.training_panel import TrainingPanel
from lstm_gui.gui.train.unsaved_model import save_unsaved_model
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.deferred import DeferredWidget
from lstm_gui.gui.widgets.download_dialog import DownloadDialog

if TYPE_CHECKING:
    from lstm_gui.core.run.progress import BatchProgress, DownloadProgress, EpochResult, RunFinished
    from lstm_gui.core.run.runs import DamagedRun, StoredRun
    from lstm_gui.gui.claims.claims_tab import ClaimsTab
    from lstm_gui.gui.training_run import DataReady, ValidationPredictions

# Progress labels and bars are refreshed at most this often (records arrive 10-20 times a
# second; each repaint costs the GUI thread time that training needs on small machines).
PROGRESS_REFRESH_MS = 250


class TrainingTab(QSplitter):
    """Settings and model summary | curves and progress | confusion matrix and runs."""

    status_message = Signal(str)
    model_trained = Signal(object, str)  # checkpoint Path to predict with, run name
    use_model_requested = Signal(object, str)  # a stored run's checkpoint, its name
    data_folder_chosen = Signal(object)  # Path: the person chose where the dataset is

    def __init__(self, controller: RunController, runs_root: Path | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._controller = controller
        self._runs_root = runs_root
        # Where datasets are read from (None: the default places); the window keeps it current.
        # A value, not a callback into the window: a reference back to the window would make
        # a cycle that Python's collector may break in a worker thread, deleting Qt objects
        # off the GUI thread.
        self.data_folder: Path | None = None
        self._listing_enabled = False  # runs are listed once PyTorch has loaded
        self._runs_cache = RunsCache()  # at every epoch's end: re-read changed runs only
        self.experiments: ClaimsTab | None = None  # set by the window: no run beside one
        self._download: DownloadDialog | None = None
        self._pending_record: BatchProgress | None = None
        self._progress_timer = QTimer(self, interval=PROGRESS_REFRESH_MS)
        self._progress_timer.timeout.connect(self._on_progress_timer)
        self._progress_timer.start()
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

    def _make_gradient_view(self) -> GradientView:
        view = GradientView()
        view.follow(self._controller)
        return view

    @property
    def gradients(self) -> GradientView:
        """The Gradient-through-time view (built on first use)."""
        return self._gradients_page.widget()

    def _wire(self) -> None:
        panel, controller, runs = self.training_panel, self._controller, self.runs_panel
        panel.start_requested.connect(self._on_start_requested)
        panel.pause_requested.connect(self._on_pause_requested)
        panel.resume_requested.connect(self._on_resume_requested)
        panel.stop_requested.connect(self._on_stop_requested)
        panel.extra_epoch_requested.connect(self._on_extra_epoch_requested)
        panel.learning_rate_changed.connect(self._on_learning_rate_changed)
        panel.settings_changed.connect(self._on_settings_changed)
        # Runs trained meanwhile from the command line appear when the list is looked at.
        self.side_tabs.currentChanged.connect(self._on_side_tab_changed)
        runs.overlay_changed.connect(self._on_overlay_changed)
        runs.use_requested.connect(self._on_use_run_requested)
        runs.resume_requested.connect(self._resume)
        runs.delete_requested.connect(self._on_delete_run_requested)
        runs.delete_damaged_requested.connect(self._on_delete_damaged_requested)
        runs.export_requested.connect(self.ask_export_csv)
        runs.refresh_requested.connect(self.refresh_runs)
        controller.launched.connect(self._on_launched)
        controller.download_progressed.connect(self._on_download_progressed)
        controller.data_ready.connect(self._on_data_ready)
        controller.progressed.connect(self._on_progressed)
        controller.predictions_ready.connect(self._on_predictions_ready)
        controller.epoch_finished.connect(self._on_epoch_finished)
        controller.run_finished.connect(self._on_run_finished)
        controller.run_failed.connect(self._on_run_failed)
        controller.data_missing.connect(self._on_data_missing)
        controller.refused.connect(self._on_refused)
        controller.ended.connect(self._on_ended)
        self._on_settings_changed()

    def enable(self) -> None:
        """PyTorch has loaded: summaries are computed and runs listed from now on."""
        self._listing_enabled = True
        self.summary.enable()
        self.refresh_runs()

    # ------------------------------------------------------------------ a person's requests

    def _on_settings_changed(self) -> None:
        configs = self.training_panel.valid_configs()
        if configs is not None:
            model, train = configs
            self.summary.set_config(model, train.sequence, train.time_steps, train.blank_steps)

    def _experiment_running(self) -> bool:
        """True, after saying so, while a Claims experiment runs (training must wait)."""
        if self.experiments is None or not self.experiments.is_running:
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

    @Slot(object)
    def _on_launched(self, launch: Launch) -> None:
        plan = launch.plan
        train = plan.train_config
        if plan.resume_from is None:
            self.metrics.clear(train.epochs)
        elif not launch.keep_curves:
            from lstm_gui.core.run.runs import load_batch_curves, read_run

            try:
                history = read_run(plan.folder).history
            except LstmGuiError:
                history = ()
            self.metrics.load_run(history, load_batch_curves(plan.folder))
        if plan.resume_from is not None:
            self.training_panel.set_configs(plan.model_config, train)
        self.training_panel.start_progress(plan.epochs_done, train.epochs, train.batch_size)
        self.training_panel.set_state(PanelState.LOADING)
        self.refresh_runs()
        self.status_message.emit(self.tr("Loading the data…"))

    @Slot(object)
    def _on_download_progressed(self, progress: DownloadProgress) -> None:
        if self._download is None:
            self._download = DownloadDialog(self)
            self._download.canceled.connect(self._on_stop_requested)
        self._download.show_progress(progress)

    def _close_download(self) -> None:
        if self._download is not None:
            self._download.canceled.disconnect(self._on_stop_requested)
            self._download.close()
            self._download.deleteLater()
            self._download = None

    @Slot(object)
    def _on_data_ready(self, ready: DataReady) -> None:
        self._close_download()
        test = ready.data.test.head(ready.test_samples)
        self.confusion.set_test_set(
            test.images.numpy(), test.labels.numpy(), ready.data.spec.classes
        )
        plan = self._controller.plan
        threads = plan.train_config.torch_threads if plan is not None else None
        self.device_label.setText(
            self.tr("Device: {0} · CPU threads: {1}").format(ready.device.upper(), threads or "—")
        )
        self.training_panel.set_state(PanelState.TRAINING)
        self.status_message.emit(
            self.tr("Training on {0} digits, validating on {1}.").format(
                f"{ready.train_samples:,}", f"{ready.test_samples:,}"
            )
        )

    @Slot(object)
    def _on_progressed(self, record: BatchProgress) -> None:
        self.metrics.append_batch(record)
        self._pending_record = record

    def _on_progress_timer(self) -> None:
        record, self._pending_record = self._pending_record, None
        if record is None:
            return
        self.training_panel.show_progress(record)
        self.speed_label.setText(self.tr("{0} samples/s").format(f"{record.samples_per_s:,.0f}"))

    @Slot(object)
    def _on_predictions_ready(self, predictions: ValidationPredictions) -> None:
        self.confusion.add_predictions(predictions.epoch, predictions.predictions)

    @Slot(object)
    def _on_epoch_finished(self, result: EpochResult) -> None:
        self._on_progress_timer()  # show the epoch's last record before its result
        self.metrics.append_epoch(result.to_dict())
        self.confusion.show_epoch(result.epoch, result.confusion)
        self.training_panel.show_epoch(
            result.epoch, result.epochs, result.val_acc, result.seconds - result.train_seconds
        )
        self.refresh_runs()
        self.status_message.emit(
            self.tr(
                "Epoch {0} of {1}: loss {2:.4f}, accuracy {3:.2f}%, validation loss {4:.4f}, "
                "validation accuracy {5:.2f}% ({6:.1f} s)."
            ).format(
                result.epoch,
                result.epochs,
                result.loss,
                100 * result.acc,
                result.val_loss,
                100 * result.val_acc,
                result.seconds,
            )
        )

    @Slot(object)
    def _on_run_finished(self, finished: RunFinished) -> None:
        self._pending_record = None
        self._close_download()
        texts = {
            RunStatus.COMPLETED: self.tr("Training completed: {0} epochs.").format(
                finished.epochs_done
            ),
            RunStatus.STOPPED: self.tr(
                "Training stopped in epoch {0}; what was trained is saved."
            ).format(finished.epochs_done + 1),
            RunStatus.DIVERGED: self.tr("Training diverged; the last good weights were kept."),
        }
        text = texts.get(finished.status, finished.message)
        self.training_panel.show_finished(text)
        self.status_message.emit(text)
        if finished.status == RunStatus.DIVERGED:
            dialogs.show_error(self, finished.message or text)
        plan = self._controller.last_run
        if plan is not None and plan.paths.latest.is_file():
            best = plan.paths.best
            self.model_trained.emit(best if best.is_file() else plan.paths.latest, plan.name)

    @Slot(str)
    def _on_run_failed(self, message: str) -> None:
        self._close_download()
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
        self._close_download()
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

    @Slot(str)
    def _on_refused(self, message: str) -> None:
        dialogs.show_error(self, message)

    @Slot(str)
    def _on_ended(self, status: str) -> None:
        self.training_panel.set_state(
            PanelState.IDLE, can_extend=self._controller.last_run is not None
        )
        self.speed_label.setText("")
        self.refresh_runs()

    # ------------------------------------------------------------------ runs

    def refresh_runs(self) -> None:
        """List the runs folder again (the run in progress is marked as such)."""
        if not self._listing_enabled:
            return
        plan = self._controller.plan
        listing = self._runs_cache.scan(self._runs_root)
        self.runs_panel.set_runs(
            listing.runs, plan.folder if plan is not None else None, listing.damaged
        )

    def _on_side_tab_changed(self, index: int) -> None:
        if self.side_tabs.widget(index) is self.runs_panel:
            self.refresh_runs()

    def _on_overlay_changed(self, runs: list[StoredRun]) -> None:
        from lstm_gui.core.run.runs import load_batch_curves

        self.metrics.set_overlays(
            [OverlayRun(run.label, run.history, load_batch_curves(run.folder)) for run in runs]
        )
        self.gradients.set_overlays(runs, [run.label for run in runs])

    def _on_use_run_requested(self, run: StoredRun) -> None:
        self.use_model_requested.emit(run.model_path, run.name)

    def _on_delete_run_requested(self, run: StoredRun) -> None:
        question = self.tr("Delete the run {0} and its checkpoints? This cannot be undone.")
        if self._delete(run.folder, question.format(run.name), damaged=False):
            self._controller.forget_run_in(run.folder)
            if self._controller.last_run is None:
                self.training_panel.set_state(self.training_panel.state, can_extend=False)
        self.refresh_runs()

    def _on_delete_damaged_requested(self, entry: DamagedRun) -> None:
        question = self.tr("Delete {0}? It is not a usable run: {1}")
        self._delete(entry.folder, question.format(entry.name, entry.reason), damaged=True)
        self.refresh_runs()

    def _delete(self, folder: Path, question: str, damaged: bool) -> bool:
        """Ask, then delete a run folder; True when it is gone."""
        if not dialogs.ask_yes_no(self, self.tr("Delete run"), question):
            return False
        from lstm_gui.core.run.runs import delete_run

        try:
            delete_run(folder, self._runs_root, damaged=damaged)
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc))
            return False
        return True

    # ------------------------------------------------------------------ export

    def ask_export_csv(self) -> None:
        """Ask where, then export the curves as CSV."""
        path = dialogs.choose_save_file(
            self, self.tr("Export curves"), self.tr("CSV files (*.csv)"), Path.home() / "curves.csv"
        )
        if path is not None:
            self.export_curves(path)

    def export_curves(self, path: Path) -> None:
        """Write the shown run's curves and the ticked runs' as one CSV table (from the files)."""
        from lstm_gui.core.run.runs import export_runs_csv

        shown = self._controller.plan or self._controller.last_run
        runs = [(shown.name, shown.folder)] if shown and shown.paths.latest.is_file() else []
        runs += [
            (run.label, run.folder)
            for run in self.runs_panel.checked_runs()
            if shown is None or run.folder != shown.folder
        ]
        try:
            export_runs_csv(path, runs)
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.status_message.emit(self.tr("Curves saved to {0}.").format(path))
