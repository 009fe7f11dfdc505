"""What a lesson takes from the window and gives back to it: settings, tab, view, pad, claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget

from lstm_gui.core.lessons.lesson import TAB_VIEWS, Lesson, LessonDrawing

if TYPE_CHECKING:
    from lstm_gui.gui.main_window import MainWindow

TAB_NAMES = tuple(TAB_VIEWS)  # in the order of the window's tabs


def _view_tabs(window: MainWindow, tab: str) -> QTabWidget | None:
    """The tab's own tab widget of views, in the order of TAB_VIEWS[tab] (None: it has none)."""
    if tab == "train":
        return window.train_tab.side_tabs
    if tab == "draw":
        return window.draw_tab.views
    return None


def collect_lesson(window: MainWindow, notes: str) -> Lesson:
    """The window as a lesson: its Train settings (when valid), tab, view, pad and experiment."""
    configs = window.train_tab.training_panel.settings.valid_configs()
    tab = TAB_NAMES[max(0, window.tabs.currentIndex())]
    views = _view_tabs(window, tab)
    view = TAB_VIEWS[tab][views.currentIndex()] if views is not None else ""
    pad = window.draw_tab.pad
    drawing = None
    if not pad.is_empty():
        shown = pad.drawing()
        drawing = LessonDrawing(shown.base, shown.strokes)
    return Lesson(
        model_config=None if configs is None else configs[0],
        train_config=None if configs is None else configs[1],
        tab=tab,
        view=view,
        notes=notes,
        drawing=drawing,
        experiment=window.claims_tab.shown_experiment,
    )


def apply_lesson(window: MainWindow, lesson: Lesson) -> bool:
    """Show a checked lesson in the window; False when its model could not be used.

    Settings, drawing and experiment are shown first, then the tab and view; the model last,
    since a model the Draw tab refuses says so in a dialog and keeps the one in use.
    """
    if lesson.model_config is not None and lesson.train_config is not None:
        window.train_tab.training_panel.settings.set_configs(
            lesson.model_config, lesson.train_config
        )
    if lesson.drawing is not None:
        window.draw_tab.pad.set_drawing(lesson.drawing.base, list(lesson.drawing.strokes))
    if lesson.experiment is not None:
        window.claims_tab.show_experiment(lesson.experiment)
    window.tabs.setCurrentIndex(TAB_NAMES.index(lesson.tab))
    views = _view_tabs(window, lesson.tab)
    if views is not None and lesson.view:
        views.setCurrentIndex(TAB_VIEWS[lesson.tab].index(lesson.view))
    if lesson.model_path is not None:
        return window.open_model(lesson.model_path)
    return True
