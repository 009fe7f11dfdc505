"""MainWindow: composes the tabs, menus and status bar, and wires them to the shared AppState.

It holds no arithmetic: it forwards what a person asks for to core and to the tabs, and
what the runs report to the status bar. PyTorch is imported only after the window is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from lstm_gui.gui.about import show_about
from lstm_gui.gui.accessibility import KeyboardAccess
from lstm_gui.gui.app_state import AppState
from lstm_gui.gui.claims.claims_tab import ClaimsTab
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.gui.icons import app_icon
from lstm_gui.gui.inside.inside_tab import InsideTab
from lstm_gui.gui.lessons.lesson_files import LessonFiles
from lstm_gui.gui.menus import WindowMenus
from lstm_gui.gui.model_files import MODEL_NAME_KEY, MODEL_PATH_KEY, ModelFiles
from lstm_gui.gui.presentation import DEFAULT_ZOOM, Presentation
from lstm_gui.gui.run_controller import RunController
from lstm_gui.gui.train.code_dialog import show_code
from lstm_gui.gui.train.metrics_plot import configure_pyqtgraph
from lstm_gui.gui.train.training_tab import TrainingTab
from lstm_gui.gui.translations import LANGUAGE_KEY
from lstm_gui.gui.warm_up import warm_up_task
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.background_task import BackgroundTask
from lstm_gui.gui.widgets.deferred import DeferredWidget, build_deferred_widgets
from lstm_gui.gui.window_settings import (
    restore_window,
    save_window,
    store_data_folder,
    stored_data_folder,
)

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor
    from lstm_gui.gui.run_controller import Launch
    from lstm_gui.gui.training_run import DataReady


class MainWindow(QMainWindow):
    """The app: a Train tab (settings, curves, confusion matrix, runs), a Draw and a Claims tab."""

    startup_finished = Signal()  # PyTorch loaded, runs listed: everything is usable
    run_started = Signal()
    run_ended = Signal(str)  # completed | stopped | diverged | failed

    def __init__(self, settings: QSettings, runs_root: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.state = AppState(runs_root, self)
        self._started_up = False
        self._shutting_down = False
        self._warm_up: BackgroundTask | None = None
        configure_pyqtgraph()
        # Before the widgets: they are built at the unzoomed size, then zoomed as remembered.
        self.presentation = Presentation(self, settings)
        self.setWindowTitle(self.tr("lstm-gui — watch an LSTM learn to read digits"))
        self.setWindowIcon(app_icon())
        self._build()
        self.lessons = LessonFiles(self)  # before the menus, which hold its actions
        self.lessons.status_message.connect(self.statusBar().showMessage)
        self.menus = WindowMenus(self)
        restore_window(self, settings)
        self.state.set_data_dir(stored_data_folder(settings))
        KeyboardAccess(self)
        self.presentation.restore()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        state = self.state
        self.runs = RunController(self)
        self.train_tab = tab = TrainingTab(self.runs, state.runs_dir, state=state)
        self.draw_tab = DrawTab(state)
        self.models = ModelFiles(self.draw_tab, self.settings, self)
        self.claims_tab = ClaimsTab(state.runs_dir, trainer=self.runs, state=state)
        self.inside_tab = InsideTab(state)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(tab, self.tr("Train"))
        self.tabs.addTab(self.draw_tab, self.tr("Draw"))
        self.tabs.addTab(self.claims_tab, self.tr("Claims"))
        self.tabs.addTab(self.inside_tab, self.tr("Inside"))
        self.setCentralWidget(self.presentation.scrolling(self.tabs))
        # A notice (bf16 fell back to fp32) stays in view while the run goes on; status
        # messages from the Train tab replace each other every epoch.
        self.notice_label = QLabel()
        self.statusBar().addPermanentWidget(self.notice_label)
        self.statusBar().addPermanentWidget(tab.speed_label)
        self.statusBar().addPermanentWidget(tab.device_label)
        self.statusBar().showMessage(self.tr("Loading PyTorch…"))

        state.data_dir_changed.connect(self._on_data_dir_changed)
        state.notice.connect(self._on_notice)
        self.models.status_message.connect(self.statusBar().showMessage)
        tab.status_message.connect(self.statusBar().showMessage)
        tab.model_trained.connect(self._use_model)
        tab.use_model_requested.connect(self._on_use_run_requested)
        tab.data_folder_chosen.connect(self._on_data_folder_chosen)
        tab.confusion.digit_requested.connect(self._on_digit_requested)
        self.draw_tab.data_folder_chosen.connect(self._on_data_folder_chosen)
        self.draw_tab.prediction_updated.connect(self._on_drawing_read)
        self.claims_tab.runs_changed.connect(tab.refresh_runs)
        self.runs.launched.connect(self._on_run_launched)
        self.runs.data_ready.connect(self._on_run_data_ready)
        self.runs.ended.connect(self._on_run_ended)
        self.runs.close_requested.connect(self.close)
        for page in self.findChildren(DeferredWidget):
            page.built.connect(self._on_page_built)

    # ------------------------------------------------------------------ settings

    def save_settings(self) -> None:
        """Keep layout, settings and the model in use for the next start."""
        save_window(self, self.settings)
        self.models.save_settings()
        self.settings.sync()

    @Slot(object)
    def _on_data_dir_changed(self, folder: Path | None) -> None:
        """The one place the data folder reaches the tabs that keep a copy, and the settings."""
        store_data_folder(self.settings, folder)
        self.train_tab.data_folder = folder

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setToolTip(text)

    # ------------------------------------------------------------------ start-up

    def showEvent(self, event: QShowEvent) -> None:
        """The first show schedules the heavy part of start-up after the first paint."""
        super().showEvent(event)
        if not self._started_up:
            self._started_up = True
            self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window's first paint starts PyTorch's import in a thread, once painted."""
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            # A fixed delay after show (20 ms) came before the first paint once the window
            # grew: importing torch beside the first layout and paint took the GIL from them
            # and delayed the window by about half a second. With self as context: a window
            # deleted before the call cancels it.
            QTimer.singleShot(0, self, self._on_first_paint)
        return False

    @Slot()
    def _on_first_paint(self) -> None:
        if self._shutting_down:  # closed at once (a self-test): start no thread any more
            return
        # The views behind other tabs, left out of the first paint (a third of the time it
        # took to build the window), before PyTorch's import takes the GIL for a while.
        build_deferred_widgets(self)
        # Ready on the task's `finished`, which comes once the thread has ended, not when
        # the work returns: a test (or a quick exit) that takes "ready" as the cue to tear
        # everything down aborted the process under a thread still inside its last emit.
        self._warm_up = warm_up_task(self)
        self._warm_up.finished.connect(self._on_warm_up_finished)
        self._warm_up.start()

    @Slot()
    def _on_page_built(self) -> None:
        if self.presentation.zoom() != DEFAULT_ZOOM:  # built unzoomed, like every widget
            self.presentation.apply()

    @Slot()
    def _on_warm_up_finished(self) -> None:
        self._warm_up = None
        if not self._shutting_down:
            self._become_ready()

    def _become_ready(self) -> None:
        """PyTorch is loaded: training, saved experiments and the model in use become usable."""
        self.train_tab.enable()
        self.claims_tab.refresh_saved()
        path = self.settings.value(MODEL_PATH_KEY)
        if path and Path(str(path)).is_file():
            self._use_model(Path(str(path)), str(self.settings.value(MODEL_NAME_KEY, "")))
        self.statusBar().showMessage(self.tr("Ready. Press Start to train the tutorial's LSTM."))
        self.startup_finished.emit()

    # ------------------------------------------------------------------ training

    @property
    def is_training(self) -> bool:
        """True from Start until the worker's thread has ended."""
        return self.runs.is_training

    @Slot(object)
    def _on_run_launched(self, launch: Launch) -> None:
        self.notice_label.clear()  # a notice belongs to the run it was about
        self.state.set_busy("training", True)
        self.save_settings()
        self.run_started.emit()

    @Slot(object)
    def _on_run_data_ready(self, ready: DataReady) -> None:
        """The device is chosen: the precision really used, and a notice when it differs."""
        self.state.set_precision(ready.precision, ready.notice)

    @Slot(str)
    def _on_run_ended(self, how: str) -> None:
        self.state.set_busy("training", False)
        self.run_ended.emit(how)

    # ------------------------------------------------------------------ models

    @Slot(object, str)
    def _use_model(self, path: Path, name: str) -> bool:
        return self.models.use(path, name)  # the Draw tab tells the state when it is used

    @property
    def model_path(self) -> Path | None:
        """The checkpoint the draw pad predicts with (None: the bundled model)."""
        return self.state.model_path

    def open_model(self, path: Path, loaded: Predictor | None = None) -> bool:
        """Validate a checkpoint and predict with it; a dialog explains files that fail.

        `loaded`: the checkpoint at `path` already loaded, off the GUI thread.
        """
        return self.models.open(path, loaded)

    def _on_open_model(self) -> None:
        self.models.ask_open()

    @Slot(object, str)
    def _on_use_run_requested(self, path: Path, name: str) -> None:
        self._use_model(path, name)
        self.statusBar().showMessage(self.tr("The draw pad now uses {0}.").format(name))
        self.tabs.setCurrentWidget(self.draw_tab)

    # ------------------------------------------------------------------ data folder

    def _on_choose_data_folder(self) -> None:
        title = self.tr("Folder with the dataset's IDX files")
        folder = dialogs.choose_folder(self, title, self.state.data_dir)
        if folder is not None:
            self._on_data_folder_chosen(folder)

    @Slot(object)
    def _on_data_folder_chosen(self, folder: Path) -> None:
        """Training, the draw pad, experiments and the next start all read from `folder`."""
        self.state.set_data_dir(folder)
        self.statusBar().showMessage(self.tr("Datasets will be read from {0}.").format(folder))

    # ------------------------------------------------------------------ other actions

    def _on_digit_requested(self, image: Any, label: int) -> None:
        self.draw_tab.show_digit(image, label)
        self.tabs.setCurrentWidget(self.draw_tab)

    @Slot(object)
    def _on_drawing_read(self, scan: Any) -> None:
        """The pad's digit, as the network reads it, reaches the Inside tab's views."""
        self.inside_tab.set_drawn_image(None if scan is None else scan.image)

    def _on_show_train_tab(self) -> None:
        self.tabs.setCurrentIndex(0)

    def _on_show_draw_tab(self) -> None:
        self.tabs.setCurrentWidget(self.draw_tab)

    def _on_language_chosen(self, action: QAction) -> None:
        self.settings.setValue(LANGUAGE_KEY, action.data())
        dialogs.show_info(
            self,
            self.tr("The language changes the next time you start lstm-gui.")
            + "\n"
            + "下次启动 lstm-gui 时切换语言。",
        )

    def _on_show_code(self) -> None:
        show_code(self, self.train_tab.training_panel.configs, self.state.data_dir)

    def _on_about(self) -> None:
        show_about(self)

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        """While training: ask, stop the run (it is saved), close once the thread has ended."""
        if self.runs.is_training:
            if not self.runs.closing:
                question = self.tr(
                    "A model is training. Stop training and quit? What was trained so far is kept."
                )
                if not dialogs.ask_yes_no(self, self.tr("Quit lstm-gui"), question):
                    event.ignore()
                    return
                self.runs.close_after_run()
            event.ignore()
            return
        self.save_settings()
        # Background work ends with the window, and work still scheduled never starts.
        self.shutdown()
        event.accept()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop any run and wait for the threads (for application exit); True when none runs."""
        self._shutting_down = True
        self.draw_tab.shutdown()  # its background work (the rows-needed curve) stops too
        self.inside_tab.shutdown()  # states, the unit atlas, an accuracy under intervention
        stopped = self.claims_tab.shutdown(timeout_ms)  # a running experiment keeps its runs
        stopped = self.runs.shutdown(timeout_ms) and stopped
        if self._warm_up is not None:
            stopped = self._warm_up.wait(timeout_ms) and stopped
        stopped = self.lessons.wait(timeout_ms) and stopped
        return stopped
