"""MainWindow: composes the panels, menus and status bar, and wires them to the training worker.

It holds no arithmetic: it forwards what a person asks for to core and to the worker, and
what the worker reports to the widgets. PyTorch is imported only after the window is shown.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget

from lstm_gui.core.config import ModelConfig, TrainConfig
from lstm_gui.core.errors import ConfigError
from lstm_gui.gui.about import show_about
from lstm_gui.gui.accessibility import KeyboardAccess
from lstm_gui.gui.claims.claims_tab import ClaimsTab
from lstm_gui.gui.draw.draw_tab import DrawTab
from lstm_gui.gui.icons import app_icon
from lstm_gui.gui.model_files import MODEL_NAME_KEY, MODEL_PATH_KEY, ModelFiles
from lstm_gui.gui.presentation import DEFAULT_ZOOM, Presentation
from lstm_gui.gui.run_controller import RunController
from lstm_gui.gui.train.code_dialog import show_code
from lstm_gui.gui.train.metrics_plot import configure_pyqtgraph
from lstm_gui.gui.train.training_tab import TrainingTab
from lstm_gui.gui.translations import LANGUAGE_KEY, LANGUAGES
from lstm_gui.gui.warm_up import TorchWarmUp
from lstm_gui.gui.widgets import dialogs
from lstm_gui.gui.widgets.deferred import DeferredWidget, build_deferred_widgets
from lstm_gui.gui.widgets.figure_export import FigureMenu
from lstm_gui.gui.widgets.threads import start_in_thread

# QSettings keys.
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
SETTINGS_KEY = "training/settings"
DATA_FOLDER_KEY = "data/folder"
LOG_LOSS_KEY = "plots/log_loss"

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class MainWindow(QMainWindow):
    """The app: a Train tab (settings, curves, confusion matrix, runs) and a Draw tab."""

    startup_finished = Signal()  # PyTorch loaded, runs listed: everything is usable
    run_started = Signal()
    run_ended = Signal(str)  # completed | stopped | diverged | failed

    def __init__(self, settings: QSettings, runs_root: Path | None = None) -> None:
        super().__init__()
        self._settings = settings
        self._runs_root = runs_root
        self._started_up = False
        self._shutting_down = False
        self._warm_up: TorchWarmUp | None = None
        self._warm_up_thread: QThread | None = None
        configure_pyqtgraph()
        # Before the widgets: they are built at the unzoomed size, then zoomed as remembered.
        self.presentation = Presentation(self, settings)
        self.setWindowTitle(self.tr("lstm-gui — watch an LSTM learn to read digits"))
        self.setWindowIcon(app_icon())
        self._build()
        self._build_menus()
        self._restore_settings()
        KeyboardAccess(self)
        self.presentation.restore()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.runs = RunController(self)
        self.train_tab = TrainingTab(self.runs, self._runs_root)
        # The Train tab's parts, by the names the menus, tests and benchmarks use.
        tab = self.train_tab
        self.training_panel, self.metrics, self.summary = (
            tab.training_panel,
            tab.metrics,
            tab.summary,
        )
        self.confusion, self.runs_panel, self.side_tabs = (
            tab.confusion,
            tab.runs_panel,
            tab.side_tabs,
        )
        self.speed_label, self.splitter = tab.speed_label, tab
        self.draw_tab = DrawTab(runs_root=self._runs_root)
        self.models = ModelFiles(self.draw_tab, self._settings, self)
        self.models.status_message.connect(self.statusBar().showMessage)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.train_tab, self.tr("Train"))
        self.tabs.addTab(self.draw_tab, self.tr("Draw"))
        tab.experiments = self.claims_tab = ClaimsTab(self._runs_root, trainer=self.runs)
        self.tabs.addTab(self.claims_tab, self.tr("Claims"))
        self.setCentralWidget(self.presentation.scrolling(self.tabs))
        self.statusBar().addPermanentWidget(tab.speed_label)
        self.statusBar().addPermanentWidget(tab.device_label)
        self.statusBar().showMessage(self.tr("Loading PyTorch…"))

        tab.status_message.connect(self.statusBar().showMessage)
        tab.model_trained.connect(self._use_model)
        tab.use_model_requested.connect(self._on_use_run_requested)
        tab.data_folder_chosen.connect(self._on_data_folder_chosen)
        self.confusion.digit_requested.connect(self._on_digit_requested)
        self.draw_tab.data_folder_chosen.connect(self._remember_data_folder)
        self.claims_tab.runs_changed.connect(tab.refresh_runs)
        self.runs.launched.connect(self._on_run_launched)
        self.runs.ended.connect(self.run_ended)
        self.runs.close_requested.connect(self.close)
        for page in self.findChildren(DeferredWidget):
            page.built.connect(self._on_page_built)

    def _action(self, text: str, slot: Any, shortcut: Shortcut = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _menu(self, title: str, actions: Sequence[QAction | None]) -> None:
        """A menu of these actions; None draws a separator."""
        menu = self.menuBar().addMenu(title)
        for action in actions:
            menu.addSeparator() if action is None else menu.addAction(action)

    def _build_menus(self) -> None:
        keys, tab, panel = QKeySequence.StandardKey, self.train_tab, self.training_panel
        self.open_action = self._action(self.tr("&Open model…"), self.models.ask_open, keys.Open)
        self.save_action = self._action(self.tr("&Save model as…"), self.models.ask_save, keys.Save)
        self.export_csv_action = self._action(
            self.tr("Export curves as &CSV…"), tab.ask_export_csv, "Ctrl+E"
        )
        self.export_png_action = self._action(
            self.tr("Export the c&urves as PNG or SVG…"),
            self.metrics.figure.ask_export,
            "Ctrl+Shift+E",
        )
        self.figure_menu = FigureMenu(self.tr("E&xport figure"), self.tabs, self)
        self.data_folder_action = self._action(
            self.tr("Choose &data folder…"), self._on_choose_data_folder
        )
        quit_action = self._action(self.tr("&Quit"), self.close, keys.Quit)
        self._menu(
            self.tr("&File"),
            [self.open_action, self.save_action, None, self.export_csv_action]
            + [self.export_png_action, self.figure_menu.menuAction(), None]
            + [self.data_folder_action, None, quit_action],
        )
        self.start_action = self._action(self.tr("&Start"), panel.start_button.click, "Ctrl+Return")
        self.pause_action = self._action(
            self.tr("&Pause or resume"), panel.pause_button.click, "Ctrl+P"
        )
        self.stop_action = self._action(self.tr("S&top"), panel.stop_button.click, "Ctrl+.")
        self.extra_epoch_action = self._action(
            self.tr("&One more epoch"), panel.extra_epoch_button.click, "Ctrl+Shift+Return"
        )
        reset_action = self._action(
            self.tr("&Reset to tutorial settings"), panel.reset_button.click, "Ctrl+Shift+R"
        )
        self.show_code_action = self._action(self.tr("Show the &code…"), self._on_show_code)
        self._menu(
            self.tr("&Training"),
            [self.start_action, self.pause_action, self.stop_action, self.extra_epoch_action]
            + [None, reset_action, self.show_code_action],
        )
        self.log_loss_action = QAction(self.tr("&Loss on a log scale"), self, checkable=True)
        self.log_loss_action.setShortcut(QKeySequence("Ctrl+L"))
        self.log_loss_action.toggled.connect(self.metrics.log_loss.setChecked)
        self.metrics.log_loss.toggled.connect(self.log_loss_action.setChecked)
        self._menu(
            self.tr("&View"),
            [
                self._action(self.tr("&Train tab"), self._on_show_train_tab, "Ctrl+1"),
                self._action(self.tr("&Draw tab"), self._on_show_draw_tab, "Ctrl+2"),
                None,
                self.log_loss_action,
                None,
                *self.presentation.actions(),
            ],
        )
        self.language_group = QActionGroup(self)
        current = str(self._settings.value(LANGUAGE_KEY, "") or "")
        self.language_actions: dict[str, QAction] = {}
        for code, name in [("", self.tr("System language")), *LANGUAGES.items()]:
            action = QAction(name, self, checkable=True, checked=code == current)
            action.setData(code)
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.language_group.triggered.connect(self._on_language_chosen)
        self._menu(self.tr("&Language"), list(self.language_actions.values()))
        about = self._action(self.tr("&About lstm-gui"), self._on_about)
        self._menu(
            self.tr("&Help"), [about, self._action(self.tr("About &Qt"), QApplication.aboutQt)]
        )

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
        self.train_tab.data_folder = self.claims_tab.data_folder = self._data_folder()
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
        self.models.save_settings()
        settings.sync()

    def _data_folder(self) -> Path | None:
        """The folder datasets are read from (None: the default places)."""
        stored = self._settings.value(DATA_FOLDER_KEY)
        return Path(str(stored)) if stored else None

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
        warm_up = TorchWarmUp()
        # Ready once the thread has ended, not when its worker says so: the worker is still
        # inside its `finished` emit then, and a test (or a quick exit) that takes "ready" as
        # the cue to tear everything down aborted the process under it.
        self._warm_up_thread = start_in_thread(
            warm_up, "WarmUpThread", self._on_warm_up_thread_finished
        )
        self._warm_up = warm_up

    @Slot()
    def _on_page_built(self) -> None:
        if self.presentation.zoom() != DEFAULT_ZOOM:  # built unzoomed, like every widget
            self.presentation.apply()

    @Slot()
    def _on_warm_up_thread_finished(self) -> None:
        if self._warm_up_thread is not None and shiboken6.isValid(self._warm_up_thread):
            self._warm_up_thread.wait()  # see _on_thread_finished
        self._warm_up = None
        self._warm_up_thread = None
        if not self._shutting_down:
            self._become_ready()

    def _tell_draw_tab_data_folder(self) -> None:
        """The draw pad reads test digits from the same folder as training."""
        self.draw_tab.set_data_dir(self._data_folder())

    def _become_ready(self) -> None:
        """PyTorch is loaded: training, saved experiments and the model in use become usable."""
        self.train_tab.enable()
        self.claims_tab.refresh_saved()
        if self._data_folder() is not None:
            self._tell_draw_tab_data_folder()
        path = self._settings.value(MODEL_PATH_KEY)
        if path and Path(str(path)).is_file():
            self.models.use(Path(str(path)), str(self._settings.value(MODEL_NAME_KEY, "")))
        self.statusBar().showMessage(self.tr("Ready. Press Start to train the tutorial's LSTM."))
        self.startup_finished.emit()

    # ------------------------------------------------------------------ training

    @property
    def is_training(self) -> bool:
        """True from Start until the worker's thread has ended."""
        return self.runs.is_training

    @Slot(object)
    def _on_run_launched(self, _launch: object) -> None:
        self.save_settings()
        self.run_started.emit()

    # ------------------------------------------------------------------ models

    @Slot(object, str)
    def _use_model(self, path: Path, name: str) -> bool:
        return self.models.use(path, name)

    @property
    def model_path(self) -> Path | None:
        """The checkpoint the draw pad predicts with (None: the bundled model)."""
        return self.models.path

    def open_model(self, path: Path) -> bool:
        """Validate a checkpoint and predict with it; a dialog explains files that fail."""
        return self.models.open(path)

    # ------------------------------------------------------------------ runs

    @Slot(object, str)
    def _on_use_run_requested(self, path: Path, name: str) -> None:
        self._use_model(path, name)
        self.statusBar().showMessage(self.tr("The draw pad now uses {0}.").format(name))
        self.tabs.setCurrentWidget(self.draw_tab)

    def export_curves(self, path: Path) -> None:
        """Write the shown run's curves and the ticked runs' as one CSV table."""
        self.train_tab.export_curves(path)

    def _on_choose_data_folder(self) -> None:
        folder = dialogs.choose_folder(
            self, self.tr("Folder with the dataset's IDX files"), self._data_folder()
        )
        if folder is not None:
            self._remember_data_folder(folder)
            self._tell_draw_tab_data_folder()

    @Slot(object)
    def _on_data_folder_chosen(self, folder: Path) -> None:
        self._remember_data_folder(folder)
        self._tell_draw_tab_data_folder()

    @Slot(object)
    def _remember_data_folder(self, folder: Path) -> None:
        """Training, the draw pad and the next start all read datasets from `folder`."""
        self._settings.setValue(DATA_FOLDER_KEY, str(folder))
        self.train_tab.data_folder = self.claims_tab.data_folder = folder
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

    def _on_show_code(self) -> None:
        show_code(self, self.training_panel.configs, self.train_tab.data_folder)

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
        stopped = self.claims_tab.shutdown(timeout_ms)  # a running experiment keeps its runs
        stopped = self.runs.shutdown(timeout_ms) and stopped
        warm_up = self._warm_up_thread
        if warm_up is not None and shiboken6.isValid(warm_up):
            stopped = warm_up.wait(timeout_ms) and stopped
        return stopped
