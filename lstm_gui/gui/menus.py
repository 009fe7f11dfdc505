"""The main window's menu bar: File, Training, View, Language and Help, and their actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication

from lstm_gui.gui.translations import LANGUAGE_KEY, LANGUAGES
from lstm_gui.gui.widgets.figure_export import FigureMenu

if TYPE_CHECKING:
    from lstm_gui.gui.main_window import MainWindow

# The strings keep the window's translation context, where the catalogue has them.
translate = QCoreApplication.translate

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class WindowMenus(QObject):
    """Builds the menus of `window`; the actions tests and shortcuts use are attributes here."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._build_file()
        self._build_training()
        self._build_view()
        self._build_language()
        about = self._action(translate("MainWindow", "&About lstm-gui"), window._on_about)
        about_qt = self._action(translate("MainWindow", "About &Qt"), QApplication.aboutQt)
        self._menu(translate("MainWindow", "&Help"), [about, about_qt])

    @property
    def _window(self) -> MainWindow:
        """The window (its Qt parent; a reference of our own would keep it alive in a cycle)."""
        return self.parent()  # type: ignore[return-value]

    def _action(self, text: str, slot: Callable[..., Any], shortcut: Shortcut = None) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _menu(self, title: str, actions: Sequence[QAction | None]) -> None:
        """A menu of these actions; None draws a separator."""
        menu = self._window.menuBar().addMenu(title)
        for action in actions:
            menu.addSeparator() if action is None else menu.addAction(action)

    def _build_file(self) -> None:
        window, keys, tab = self._window, QKeySequence.StandardKey, self._window.train_tab
        self.open_action = self._action(
            translate("MainWindow", "&Open model…"), window._on_open_model, keys.Open
        )
        self.save_action = self._action(
            translate("MainWindow", "&Save model as…"), window.models.ask_save, keys.Save
        )
        self.export_csv_action = self._action(
            translate("MainWindow", "Export curves as &CSV…"), tab.ask_export_csv, "Ctrl+E"
        )
        self.export_png_action = self._action(
            translate("MainWindow", "Export the c&urves as PNG or SVG…"),
            tab.metrics.figure.ask_export,
            "Ctrl+Shift+E",
        )
        self.figure_menu = FigureMenu(
            translate("MainWindow", "E&xport figure"), window.tabs, window
        )
        self.open_lesson_action = self._action(
            translate("MainWindow", "Open &lesson…"), window.lessons.ask_open, "Ctrl+Shift+O"
        )
        self.save_lesson_action = self._action(
            translate("MainWindow", "Save lesso&n…"), window.lessons.ask_save, "Ctrl+Shift+S"
        )
        self.data_folder_action = self._action(
            translate("MainWindow", "Choose &data folder…"), window._on_choose_data_folder
        )
        quit_action = self._action(translate("MainWindow", "&Quit"), window.close, keys.Quit)
        self._menu(
            translate("MainWindow", "&File"),
            [self.open_action, self.save_action, None, self.open_lesson_action]
            + [self.save_lesson_action, None, self.export_csv_action]
            + [self.export_png_action, self.figure_menu.menuAction(), None]
            + [self.data_folder_action, None, quit_action],
        )

    def _build_training(self) -> None:
        window, panel = self._window, self._window.train_tab.training_panel
        self.start_action = self._action(
            translate("MainWindow", "&Start"), panel.start_button.click, "Ctrl+Return"
        )
        self.pause_action = self._action(
            translate("MainWindow", "&Pause or resume"), panel.pause_button.click, "Ctrl+P"
        )
        self.stop_action = self._action(
            translate("MainWindow", "S&top"), panel.stop_button.click, "Ctrl+."
        )
        self.extra_epoch_action = self._action(
            translate("MainWindow", "&One more epoch"),
            panel.extra_epoch_button.click,
            "Ctrl+Shift+Return",
        )
        reset_action = self._action(
            translate("MainWindow", "&Reset to tutorial settings"),
            panel.reset_button.click,
            "Ctrl+Shift+R",
        )
        self.show_code_action = self._action(
            translate("MainWindow", "Show the &code…"), window._on_show_code
        )
        self._menu(
            translate("MainWindow", "&Training"),
            [self.start_action, self.pause_action, self.stop_action, self.extra_epoch_action]
            + [None, reset_action, self.show_code_action],
        )

    def _build_view(self) -> None:
        window, metrics = self._window, self._window.train_tab.metrics
        self.log_loss_action = QAction(
            translate("MainWindow", "&Loss on a log scale"), window, checkable=True
        )
        self.log_loss_action.setShortcut(QKeySequence("Ctrl+L"))
        self.log_loss_action.toggled.connect(metrics.log_loss.setChecked)
        metrics.log_loss.toggled.connect(self.log_loss_action.setChecked)
        self._menu(
            translate("MainWindow", "&View"),
            [
                self._action(
                    translate("MainWindow", "&Train tab"), window._on_show_train_tab, "Ctrl+1"
                ),
                self._action(
                    translate("MainWindow", "&Draw tab"), window._on_show_draw_tab, "Ctrl+2"
                ),
                None,
                self.log_loss_action,
                window.lessons.notes_dock.toggleViewAction(),
                None,
                *window.presentation.actions(),
            ],
        )

    def _build_language(self) -> None:
        window = self._window
        self.language_group = QActionGroup(window)
        current = str(window.settings.value(LANGUAGE_KEY, "") or "")
        self.language_actions: dict[str, QAction] = {}
        for code, name in [("", translate("MainWindow", "System language")), *LANGUAGES.items()]:
            action = QAction(name, window, checkable=True, checked=code == current)
            action.setData(code)
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.language_group.triggered.connect(window._on_language_chosen)
        self._menu(translate("MainWindow", "&Language"), list(self.language_actions.values()))
