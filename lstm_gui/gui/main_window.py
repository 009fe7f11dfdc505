"""MainWindow: composes the panels, menus and status bar, and wires them to the training worker.

It holds no arithmetic: it forwards what a person asks for to core and to the worker, and
what the worker reports to the widgets. PyTorch is imported only after the window is shown.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lstm_gui import __version__
from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError, LstmGuiError
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.train.confusion_matrix_view import ConfusionMatrixView
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.gui.icons import app_icon
from lstm_gui.gui.train.metrics_plot import MetricsPlot, OverlayRun, configure_pyqtgraph
from lstm_gui.gui.train.model_summary_view import ModelSummaryView
from lstm_gui.gui.train.runs_panel import RunsPanel
from lstm_gui.gui.widgets.threads import start_in_thread
from lstm_gui.gui.train.training_panel import IDLE, LOADING, PAUSED, STOPPING, TRAINING, TrainingPanel
from lstm_gui.gui.train.training_worker import (
    DataReady,
    TrainingJob,
    TrainingWorker,
    ValidationPredictions,
    default_torch_threads,
    report_interval,
)
from lstm_gui.gui.translations import LANGUAGE_KEY, LANGUAGES
from lstm_gui.gui.warm_up import TorchWarmUp

if TYPE_CHECKING:
    from lstm_gui.core.data import DatasetSplits
    from lstm_gui.core.progress import BatchProgress, DownloadProgress, EpochResult, RunFinished
    from lstm_gui.core.runs import StoredRun
    from lstm_gui.core.training import TrainingControl

# Progress labels and bars are refreshed at most this often (records arrive 10-20 times a
# second; each repaint costs the GUI thread time that training needs on small machines).
PROGRESS_REFRESH_MS = 250

# QSettings keys.
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
SETTINGS_KEY = "training/settings"
DATA_FOLDER_KEY = "data/folder"
MODEL_PATH_KEY = "model/path"
MODEL_NAME_KEY = "model/name"
LOG_LOSS_KEY = "plots/log_loss"


class MainWindow(QMainWindow):
    """The app: a Train tab (settings, curves, confusion matrix, runs) and a Draw tab."""

    startup_finished = Signal()  # PyTorch loaded, runs listed: everything is usable
    run_started = Signal()
    run_ended = Signal(str)  # completed | stopped | diverged | failed

    def __init__(self, settings: QSettings, runs_root: Path | None = None) -> None:
        super().__init__()
        self._settings = settings
        self._runs_root = runs_root
        self._control: TrainingControl | None = None
        self._worker: TrainingWorker | None = None
        self._thread: QThread | None = None
        self._job: TrainingJob | None = None
        self._data: DatasetSplits | None = None
        self._last_run: tuple[Path, str] | None = None  # (latest checkpoint, name)
        self._extra_epochs = 0
        self._after_run: list[Any] = []  # what to do once the worker's thread has ended
        self._close_after_run = False
        self._download: QProgressDialog | None = None
        self._started_up = False
        self._shutting_down = False
        self._warm_up: TorchWarmUp | None = None
        self._warm_up_thread: QThread | None = None
        self._model_path: Path | None = None
        self._model_name = ""
        self._ended_status = "stopped"
        self._pending_record: BatchProgress | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(PROGRESS_REFRESH_MS)
        self._progress_timer.timeout.connect(self._on_progress_timer)
        self._progress_timer.start()
        configure_pyqtgraph()
        self.setWindowTitle(self.tr("lstm-gui — watch an LSTM learn to read digits"))
        self.setWindowIcon(app_icon())
        self._build()
        self._build_menus()
        self._restore_settings()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.training_panel = TrainingPanel()
        self.summary = ModelSummaryView()
        summary_box = QGroupBox(self.tr("Model"))
        summary_layout = QVBoxLayout(summary_box)
        summary_layout.addWidget(self.summary)
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
        scroll.setMinimumWidth(330)

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
        # Runs trained meanwhile from the command line appear when the list is looked at.
        self.side_tabs.currentChanged.connect(self._on_side_tab_changed)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([340, 540, 400])
        self.splitter.setChildrenCollapsible(False)

        self.draw_tab = DrawTab()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, self.tr("Train"))
        self.tabs.addTab(self.draw_tab, self.tr("Draw"))
        self.setCentralWidget(self.tabs)

        self.speed_label = QLabel()
        self.device_label = QLabel()
        self.statusBar().addPermanentWidget(self.speed_label)
        self.statusBar().addPermanentWidget(self.device_label)
        self.statusBar().showMessage(self.tr("Loading PyTorch…"))

        panel = self.training_panel
        panel.start_requested.connect(self._on_start_requested)
        panel.pause_requested.connect(self._on_pause_requested)
        panel.resume_requested.connect(self._on_resume_requested)
        panel.stop_requested.connect(self._on_stop_requested)
        panel.extra_epoch_requested.connect(self._on_extra_epoch_requested)
        panel.learning_rate_changed.connect(self._on_learning_rate_changed)
        panel.settings_changed.connect(self._on_settings_changed)
        self.confusion.digit_requested.connect(self._on_digit_requested)
        self.draw_tab.data_folder_chosen.connect(self._remember_data_folder)
        self.runs_panel.overlay_changed.connect(self._on_overlay_changed)
        self.runs_panel.use_requested.connect(self._on_use_run_requested)
        self.runs_panel.resume_requested.connect(self._on_resume_run_requested)
        self.runs_panel.delete_requested.connect(self._on_delete_run_requested)
        self.runs_panel.export_requested.connect(self._on_export_csv)
        self.runs_panel.refresh_requested.connect(self._on_refresh_runs)
        self._on_settings_changed()

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.open_action = self._action(
            self.tr("&Open model…"), self._on_open_model, QKeySequence.StandardKey.Open
        )
        self.save_action = self._action(
            self.tr("&Save model as…"), self._on_save_model, QKeySequence.StandardKey.Save
        )
        self.export_csv_action = self._action(
            self.tr("Export curves as &CSV…"), self._on_export_csv, "Ctrl+E"
        )
        self.export_png_action = self._action(
            self.tr("Export plots as &PNG…"), self._on_export_png, "Ctrl+Shift+E"
        )
        self.data_folder_action = self._action(
            self.tr("Choose &data folder…"), self._on_choose_data_folder
        )
        quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        for action in (self.open_action, self.save_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_csv_action)
        file_menu.addAction(self.export_png_action)
        file_menu.addSeparator()
        file_menu.addAction(self.data_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        panel = self.training_panel
        training_menu = bar.addMenu(self.tr("&Training"))
        self.start_action = self._action(self.tr("&Start"), panel.start_button.click, "Ctrl+Return")
        self.pause_action = self._action(
            self.tr("&Pause or resume"), panel.pause_button.click, "Ctrl+P"
        )
        self.stop_action = self._action(self.tr("S&top"), panel.stop_button.click, "Ctrl+.")
        self.extra_epoch_action = self._action(
            self.tr("&One more epoch"), panel.extra_epoch_button.click, "Ctrl+="
        )
        reset_action = self._action(
            self.tr("&Reset to tutorial settings"), panel.reset_button.click, "Ctrl+Shift+R"
        )
        for action in (self.start_action, self.pause_action, self.stop_action):
            training_menu.addAction(action)
        training_menu.addAction(self.extra_epoch_action)
        training_menu.addSeparator()
        training_menu.addAction(reset_action)

        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self._action(self.tr("&Train tab"), self._on_show_train_tab, "Ctrl+1"))
        view_menu.addAction(self._action(self.tr("&Draw tab"), self._on_show_draw_tab, "Ctrl+2"))
        view_menu.addSeparator()
        self.log_loss_action = QAction(self.tr("&Loss on a log scale"), self)
        self.log_loss_action.setCheckable(True)
        self.log_loss_action.setShortcut(QKeySequence("Ctrl+L"))
        self.log_loss_action.toggled.connect(self.metrics.log_loss.setChecked)
        self.metrics.log_loss.toggled.connect(self.log_loss_action.setChecked)
        view_menu.addAction(self.log_loss_action)

        language_menu = bar.addMenu(self.tr("&Language"))
        self.language_group = QActionGroup(self)
        current = str(self._settings.value(LANGUAGE_KEY, "") or "")
        choices = [("", self.tr("System language"))] + list(LANGUAGES.items())
        self.language_actions: dict[str, QAction] = {}
        for code, name in choices:
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            self.language_group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        self.language_group.triggered.connect(self._on_language_chosen)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About lstm-gui"), self._on_about))
        help_menu.addAction(self._action(self.tr("About &Qt"), QApplication.aboutQt))

    # ------------------------------------------------------------------ settings

    def _restore_settings(self) -> None:
        settings = self._settings
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value(SPLITTER_KEY)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        stored = settings.value(SETTINGS_KEY)
        if stored:
            try:
                values = json.loads(str(stored))
                model = ModelConfig.from_dict(values["model"])
                train = TrainConfig.from_dict(values["train"])
            except (ValueError, KeyError, TypeError, ConfigError):
                pass  # settings of another version: keep the tutorial's
            else:
                self.training_panel.set_configs(model, train)
        log_loss = settings.value(LOG_LOSS_KEY, False)
        self.metrics.log_loss.setChecked(log_loss in (True, "true"))

    def save_settings(self) -> None:
        """Keep layout, settings and the model in use for the next start."""
        settings = self._settings
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        configs = self.training_panel.valid_configs()
        if configs is not None:
            model, train = configs
            settings.setValue(
                SETTINGS_KEY, json.dumps({"model": model.to_dict(), "train": train.to_dict()})
            )
        settings.setValue(LOG_LOSS_KEY, self.metrics.log_loss.isChecked())
        if self._model_path is not None:
            settings.setValue(MODEL_PATH_KEY, str(self._model_path))
            settings.setValue(MODEL_NAME_KEY, self._model_name)
        settings.sync()

    def _data_folder(self) -> Path | None:
        stored = self._settings.value(DATA_FOLDER_KEY)
        return Path(str(stored)) if stored else None

    # ------------------------------------------------------------------ start-up

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """The first show schedules the heavy part of start-up after the first paint."""
        super().showEvent(event)
        if not self._started_up:
            self._started_up = True
            QTimer.singleShot(20, self._on_first_paint_timer)

    @Slot()
    def _on_first_paint_timer(self) -> None:
        if self._shutting_down:  # closed at once (a self-test): start no thread any more
            return
        warm_up = TorchWarmUp()
        warm_up.finished.connect(self._on_warm_up_finished)
        self._warm_up_thread = start_in_thread(warm_up, "WarmUpThread")
        self._warm_up_thread.finished.connect(self._on_warm_up_thread_finished)
        self._warm_up = warm_up

    @Slot()
    def _on_warm_up_thread_finished(self) -> None:
        if self._warm_up_thread is not None and shiboken6.isValid(self._warm_up_thread):
            self._warm_up_thread.wait()  # see _on_thread_finished
        self._warm_up = None
        self._warm_up_thread = None

    def _tell_draw_tab_data_folder(self) -> None:
        """The draw pad reads test digits from the same folder as training."""
        self.draw_tab.set_data_dir(self._data_folder())

    @Slot()
    def _on_warm_up_finished(self) -> None:
        self.summary.enable()
        if self._data_folder() is not None:
            self._tell_draw_tab_data_folder()
        self._refresh_runs()
        path = self._settings.value(MODEL_PATH_KEY)
        if path and Path(str(path)).is_file():
            self._use_model(Path(str(path)), str(self._settings.value(MODEL_NAME_KEY, "")))
        self.statusBar().showMessage(self.tr("Ready. Press Start to train the tutorial's LSTM."))
        self.startup_finished.emit()

    # ------------------------------------------------------------------ training

    @property
    def is_training(self) -> bool:
        """True from Start until the worker's thread has ended."""
        return self._thread is not None

    def _on_settings_changed(self) -> None:
        configs = self.training_panel.valid_configs()
        if configs is not None:
            model, train = configs
            self.summary.set_config(model, train.sequence)

    def _on_start_requested(self) -> None:
        if self.is_training:
            return
        try:
            model, train = self.training_panel.configs()
        except ConfigError as exc:
            dialogs.show_error(self, str(exc))
            return
        from lstm_gui.core.runs import new_run_paths, run_name

        job = TrainingJob(
            model_config=model,
            train_config=train,
            run_name=run_name(model, train),
            paths=new_run_paths(model, train, self._runs_root),
            data_dir=self._data_folder(),
        )
        self.save_settings()
        self.metrics.clear(train.epochs)
        self._launch(job, epochs_done=0)

    def _launch(self, job: TrainingJob, epochs_done: int) -> None:
        """Start a worker thread for `job` (a new run, or one resumed after `epochs_done`)."""
        from lstm_gui.core.training import TrainingControl

        if self._data is not None and self._data.spec.name == job.train_config.dataset:
            job = replace(job, data=self._data)
        self._job = job
        self._control = TrainingControl()
        worker = TrainingWorker(job, self._control)
        worker.download_progressed.connect(self._on_download_progressed)
        worker.data_ready.connect(self._on_data_ready)
        worker.progressed.connect(self._on_progressed)
        worker.predictions_ready.connect(self._on_predictions_ready)
        worker.epoch_finished.connect(self._on_epoch_finished)
        worker.finished.connect(self._on_run_finished)
        worker.failed.connect(self._on_run_failed)
        worker.data_missing.connect(self._on_data_missing)
        self._worker = worker
        self._thread = start_in_thread(worker, "TrainingThread")
        self._thread.finished.connect(self._on_thread_finished)
        train = job.train_config
        self.training_panel.start_progress(epochs_done, train.epochs, train.batch_size)
        self.training_panel.set_state(LOADING)
        self._refresh_runs()
        self.statusBar().showMessage(self.tr("Loading the data…"))
        self.run_started.emit()

    @Slot(object)
    def _on_download_progressed(self, progress: DownloadProgress) -> None:
        if self._download is None:
            self._download = QProgressDialog(self)
            self._download.setWindowTitle(self.tr("Downloading the dataset"))
            self._download.setWindowModality(Qt.WindowModality.WindowModal)
            self._download.setMinimumDuration(0)
            self._download.canceled.connect(self._on_stop_requested)
        megabytes = progress.done / 1e6
        self._download.setLabelText(
            self.tr("Downloading {0}: {1} MB").format(progress.filename, f"{megabytes:.1f}")
        )
        self._download.setMaximum(max(progress.total, 1) if progress.total else 0)
        self._download.setValue(min(progress.done, progress.total) if progress.total else 0)

    def _close_download(self) -> None:
        if self._download is not None:
            self._download.canceled.disconnect(self._on_stop_requested)
            self._download.close()
            self._download.deleteLater()
            self._download = None

    @Slot(object)
    def _on_data_ready(self, ready: DataReady) -> None:
        self._close_download()
        self._data = ready.data
        test = ready.data.test.head(ready.test_samples)
        self.confusion.set_test_set(
            test.images.numpy(), test.labels.numpy(), ready.data.spec.classes
        )
        threads = self._job.train_config.torch_threads if self._job is not None else None
        self.device_label.setText(
            self.tr("Device: {0} · CPU threads: {1}").format(ready.device.upper(), threads or "—")
        )
        self.training_panel.set_state(TRAINING)
        self.statusBar().showMessage(
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
        self.training_panel.show_progress(
            record.epoch,
            record.epochs,
            record.batch,
            record.batches,
            record.samples_per_s,
            record.running_loss,
            record.running_acc,
        )
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
        self._save_batch_curves()
        self._refresh_runs()
        self.statusBar().showMessage(
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

    def _save_batch_curves(self) -> None:
        if self._job is None or self._job.paths is None:
            return
        folder = self._job.paths.latest.parent
        if not folder.is_dir():
            return
        from lstm_gui.core.runs import save_batch_curves

        try:
            save_batch_curves(folder, self.metrics.batch_columns())
        except LstmGuiError as exc:
            self.statusBar().showMessage(str(exc))

    @Slot(object)
    def _on_run_finished(self, finished: RunFinished) -> None:
        self._pending_record = None
        self._close_download()
        self._save_batch_curves()
        job = self._job
        texts = {
            "completed": self.tr("Training completed: {0} epochs.").format(finished.epochs_done),
            "stopped": self.tr("Training stopped in epoch {0}; what was trained is saved.").format(
                finished.epochs_done + 1
            ),
            "diverged": self.tr("Training diverged; the last good weights were kept."),
        }
        text = texts.get(finished.status, finished.message)
        self.training_panel.show_finished(text)
        self.statusBar().showMessage(text)
        if finished.status == "diverged":
            dialogs.show_error(self, finished.message or text)
        if job is not None and job.paths is not None and job.paths.latest.is_file():
            self._last_run = (job.paths.latest, job.run_name)
            model_path = job.paths.best if job.paths.best.is_file() else job.paths.latest
            self._use_model(model_path, job.run_name)
            more = self._extra_epochs
            if more and finished.status == "completed" and not self._close_after_run:
                self._after_run.append(lambda: self._continue_last_run(more))
        self._extra_epochs = 0
        self._ended_status = finished.status

    @Slot(str)
    def _on_run_failed(self, message: str) -> None:
        self._close_download()
        self._save_batch_curves()
        self.training_panel.show_finished(self.tr("Training failed."))
        self.statusBar().showMessage(message)
        self._ended_status = "failed"
        dialogs.show_error(self, message)

    @Slot(str)
    def _on_data_missing(self, message: str) -> None:
        self._close_download()
        self.training_panel.show_finished(self.tr("The dataset was not found."))
        self._ended_status = "failed"
        question = self.tr("{0}\n\nChoose the folder that holds the dataset's files?").format(
            message
        )
        job = self._job
        if not self._close_after_run and dialogs.ask_yes_no(
            self, self.tr("Dataset not found"), question
        ):
            folder = dialogs.choose_folder(
                self, self.tr("Folder with the dataset's IDX files"), self._data_folder()
            )
            if folder is not None and job is not None:
                self._settings.setValue(DATA_FOLDER_KEY, str(folder))
                self._tell_draw_tab_data_folder()
                self._after_run.append(lambda: self._launch(replace(job, data_dir=folder), 0))

    @Slot()
    def _on_thread_finished(self) -> None:
        """The worker's thread has ended: forget it, then do what was waiting for it."""
        if self._thread is not None and shiboken6.isValid(self._thread):
            # `finished` arrives while the thread may still be deleting the worker
            # (deleteLater); dropping our reference before that ends would delete it twice.
            self._thread.wait()
        self._worker = None
        self._thread = None
        self._control = None
        self.training_panel.set_state(IDLE, can_extend=self._last_run is not None)
        self.speed_label.setText("")
        self._refresh_runs()
        self.run_ended.emit(self._ended_status)
        pending, self._after_run = self._after_run, []
        if self._close_after_run:
            self.close()
            return
        for action in pending:
            action()

    def _on_pause_requested(self) -> None:
        if self._control is not None:
            self._control.pause()
            self.training_panel.set_state(PAUSED)
            self.statusBar().showMessage(self.tr("Paused. Press Resume to go on."))

    def _on_resume_requested(self) -> None:
        if self._control is not None:
            self._control.resume()
            self.training_panel.set_state(TRAINING)
            self.statusBar().showMessage(self.tr("Training resumed."))

    def _on_stop_requested(self) -> None:
        if self._control is not None:
            self._control.stop()
            self.training_panel.set_state(STOPPING)
            self.statusBar().showMessage(self.tr("Stopping after this batch…"))

    def _on_learning_rate_changed(self, lr: float) -> None:
        if self._control is None:
            return
        try:
            self._control.set_lr(lr)
        except ConfigError as exc:
            self.statusBar().showMessage(str(exc))
            return
        self.statusBar().showMessage(
            self.tr("Learning rate {0} from the next batch on.").format(f"{lr:g}")
        )

    def _on_extra_epoch_requested(self) -> None:
        if self.is_training:
            self._extra_epochs += 1
            self.statusBar().showMessage(
                self.tr("{0} more epoch(s) will follow when this run ends.").format(
                    self._extra_epochs
                )
            )
        elif self._last_run is not None:
            self._continue_last_run(1)

    def _continue_last_run(self, extra: int) -> None:
        """Train the last run of this session for `extra` more epochs, keeping its curves."""
        if self._last_run is None:
            return
        from lstm_gui.core.runs import read_run

        latest, _ = self._last_run
        try:
            run = read_run(latest.parent)
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc))
            return
        self._resume(run, run.epochs_done + extra, keep_curves=True)

    def _resume(self, run: StoredRun, epochs: int, keep_curves: bool = False) -> None:
        """Continue a stored run up to `epochs` in all."""
        if self.is_training or run.latest is None:
            return
        train = replace(
            run.train_config,
            epochs=epochs,
            report_every=report_interval(run.train_config.batch_size),
            torch_threads=default_torch_threads(),
        )
        self.training_panel.set_configs(run.model_config, train)
        if not keep_curves:
            from lstm_gui.core.runs import load_batch_curves

            batches = load_batch_curves(run.folder)
            if batches is not None:
                # A run stopped mid-epoch restarts that epoch: drop its partial curve.
                keep = batches["epoch"] <= run.epochs_done
                batches = {name: column[keep] for name, column in batches.items()}
            self.metrics.load_run(run.history, batches)
        job = TrainingJob(
            model_config=run.model_config,
            train_config=train,
            run_name=run.name,
            paths=run.paths,
            resume_from=run.latest,
            data_dir=self._data_folder(),
        )
        self._launch(job, epochs_done=run.epochs_done)

    # ------------------------------------------------------------------ models

    def _use_model(self, path: Path, name: str) -> bool:
        """Predict with this checkpoint in the draw pad; remember it for the next start.

        A checkpoint the pad refuses (it says why) is not remembered: the model in use stays.
        """
        if not self.draw_tab.set_model(path, name):
            return False
        self._model_path = path
        self._model_name = name
        self._settings.setValue(MODEL_PATH_KEY, str(path))
        self._settings.setValue(MODEL_NAME_KEY, name)
        return True

    @property
    def model_path(self) -> Path | None:
        """The checkpoint the draw pad predicts with (None: the bundled model)."""
        return self._model_path

    def _on_open_model(self) -> None:
        path = dialogs.choose_open_file(
            self,
            self.tr("Open a model"),
            self.tr("lstm-gui checkpoints (*.safetensors)"),
            self._model_path,
        )
        if path is not None:
            self.open_model(path)

    def open_model(self, path: Path) -> bool:
        """Validate a checkpoint and predict with it; a dialog explains files that fail."""
        from lstm_gui.core.checkpoint import load_checkpoint

        try:
            checkpoint = load_checkpoint(path)
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc), self.tr("Cannot open this model"))
            return False
        name = checkpoint.name or path.stem
        if not self._use_model(path, name):
            return False
        accuracy = checkpoint.val_acc
        if accuracy is None:
            text = self.tr("Opened {0}.").format(name)
        else:
            text = self.tr("Opened {0}: validation accuracy {1:.2f}%.").format(name, 100 * accuracy)
        self.statusBar().showMessage(text)
        return True

    def _on_save_model(self) -> None:
        if self._model_path is None:
            dialogs.show_info(self, self.tr("Train a model or open one first."))
            return
        target = dialogs.choose_save_file(
            self,
            self.tr("Save the model"),
            self.tr("lstm-gui checkpoints (*.safetensors)"),
            Path.home() / f"{self._model_name or 'model'}.safetensors".replace(" ", "-"),
        )
        if target is None:
            return
        if target.suffix != ".safetensors":
            target = target.with_name(target.name + ".safetensors")
        try:
            shutil.copyfile(self._model_path, target)
        except OSError as exc:
            dialogs.show_error(
                self, self.tr("Cannot save {0}: {1}.").format(target, exc.strerror or exc)
            )
            return
        self.statusBar().showMessage(self.tr("Saved the model as {0}.").format(target))

    # ------------------------------------------------------------------ runs

    def _refresh_runs(self) -> None:
        if not self._started_up:
            return
        from lstm_gui.core.runs import list_runs

        active = None
        if self.is_training and self._job is not None and self._job.paths is not None:
            active = self._job.paths.latest.parent
        self.runs_panel.set_runs(list_runs(self._runs_root), active)

    def _on_refresh_runs(self) -> None:
        self._refresh_runs()

    def _on_side_tab_changed(self, index: int) -> None:
        if self.side_tabs.widget(index) is self.runs_panel:
            self._refresh_runs()

    def _overlay_name(self, run: StoredRun) -> str:
        started = run.started
        return f"{run.name} {started:%m-%d %H:%M}" if started else run.name

    def _on_overlay_changed(self, runs: list[StoredRun]) -> None:
        from lstm_gui.core.runs import load_batch_curves

        self.metrics.set_overlays(
            [
                OverlayRun(self._overlay_name(run), run.history, load_batch_curves(run.folder))
                for run in runs
            ]
        )

    def _on_use_run_requested(self, run: StoredRun) -> None:
        self._use_model(run.model_path, run.name)
        self.statusBar().showMessage(self.tr("The draw pad now uses {0}.").format(run.name))
        self.tabs.setCurrentWidget(self.draw_tab)

    def _on_resume_run_requested(self, run: StoredRun) -> None:
        self._resume(run, run.resume_epochs)

    def _on_delete_run_requested(self, run: StoredRun) -> None:
        question = self.tr("Delete the run {0} and its checkpoints? This cannot be undone.").format(
            run.name
        )
        if not dialogs.ask_yes_no(self, self.tr("Delete run"), question):
            return
        from lstm_gui.core.runs import delete_run

        try:
            delete_run(run.folder, self._runs_root if self._runs_root else None)
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc))
        if self._last_run is not None and self._last_run[0].parent == run.folder:
            self._last_run = None
            self.training_panel.set_state(self.training_panel.state, can_extend=False)
        self._refresh_runs()

    def _on_export_csv(self) -> None:
        path = dialogs.choose_save_file(
            self, self.tr("Export curves"), self.tr("CSV files (*.csv)"), Path.home() / "curves.csv"
        )
        if path is not None:
            self.export_curves(path)

    def export_curves(self, path: Path) -> None:
        """Write the current run's curves and the ticked runs' as one CSV table."""
        from lstm_gui.core.runs import RunCurves, load_batch_curves, write_curves_csv

        curves = []
        if self.metrics.history or len(self.metrics.batch_columns()["epoch"]):
            name = self._job.run_name if self._job is not None else self.tr("current run")
            curves.append(RunCurves(name, self.metrics.history, self.metrics.batch_columns()))
        for run in self.runs_panel.checked_runs():
            curves.append(
                RunCurves(self._overlay_name(run), run.history, load_batch_curves(run.folder))
            )
        try:
            write_curves_csv(path, curves)
        except LstmGuiError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.statusBar().showMessage(self.tr("Curves saved to {0}.").format(path))

    def _on_export_png(self) -> None:
        path = dialogs.choose_save_file(
            self, self.tr("Export plots"), self.tr("PNG images (*.png)"), Path.home() / "curves.png"
        )
        if path is None:
            return
        if self.metrics.export_png(path):
            self.statusBar().showMessage(self.tr("Plots saved to {0}.").format(path))
        else:
            dialogs.show_error(self, self.tr("Cannot write {0}.").format(path))

    def _on_choose_data_folder(self) -> None:
        folder = dialogs.choose_folder(
            self, self.tr("Folder with the dataset's IDX files"), self._data_folder()
        )
        if folder is not None:
            self._remember_data_folder(folder)
            self._tell_draw_tab_data_folder()

    @Slot(object)
    def _remember_data_folder(self, folder: Path) -> None:
        """Training, the draw pad and the next start all read datasets from `folder`."""
        self._settings.setValue(DATA_FOLDER_KEY, str(folder))
        self._data = None  # read the new folder at the next start
        self.statusBar().showMessage(self.tr("Datasets will be read from {0}.").format(folder))

    # ------------------------------------------------------------------ other actions

    def _on_digit_requested(self, image: Any, label: int) -> None:
        self.draw_tab.show_digit(image, label)
        self.tabs.setCurrentWidget(self.draw_tab)

    def _on_show_train_tab(self) -> None:
        self.tabs.setCurrentIndex(0)

    def _on_show_draw_tab(self) -> None:
        self.tabs.setCurrentWidget(self.draw_tab)

    def _on_language_chosen(self, action: QAction) -> None:
        self._settings.setValue(LANGUAGE_KEY, action.data())
        dialogs.show_info(
            self,
            self.tr("The language changes the next time you start lstm-gui.")
            + "\n"
            + "下次启动 lstm-gui 时切换语言。",
        )

    def _on_about(self) -> None:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        torch_version = self.tr("not loaded yet")
        device = "—"
        if "torch" in sys.modules:
            import torch

            from lstm_gui.core.training import select_device

            torch_version = torch.__version__
            device = str(select_device("auto")).upper()
        html = self.tr(
            "<h3>lstm-gui {version}</h3>"
            "<p>Watch an LSTM learn to read handwritten digits row by row, then draw your own.</p>"
            "<p>Licence: MIT.</p>"
            "<p>MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, "
            "used under the Creative Commons Attribution-Share Alike 3.0 licence "
            "(CC BY-SA 3.0).</p>"
            "<p>Qt {qt} · PySide6 {pyside} · PyTorch {torch} · device: {device}</p>"
        ).format(
            version=__version__,
            qt=qVersion(),
            pyside=pyside_version,
            torch=torch_version,
            device=device,
        )
        dialogs.show_about(self, self.tr("About lstm-gui"), html)

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """While training: ask, stop the run (it is saved), close once the thread has ended."""
        if self.is_training:
            if not self._close_after_run:
                question = self.tr(
                    "A model is training. Stop training and quit? What was trained so far is kept."
                )
                if not dialogs.ask_yes_no(self, self.tr("Quit lstm-gui"), question):
                    event.ignore()
                    return
                self._close_after_run = True
                self._on_stop_requested()
            event.ignore()
            return
        self.save_settings()
        # Background work ends with the window, and work still scheduled never starts.
        self.shutdown()
        event.accept()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop any run and wait for the threads (for application exit); True when none runs."""
        self._shutting_down = True
        if self._control is not None:
            self._control.stop()
        self.draw_tab.shutdown()  # its background work (the rows-needed curve) stops too
        # Safe: the workers' terminal signals call thread.quit() directly, not via this thread.
        threads = [
            thread
            for thread in (self._thread, self._warm_up_thread)
            if thread is not None and shiboken6.isValid(thread)
        ]
        return all(thread.wait(timeout_ms) for thread in threads)
