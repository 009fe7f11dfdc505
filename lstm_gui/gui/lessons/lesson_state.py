"""What a lesson takes from the window and gives back to it: settings, tab, view, pad, claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from lstm_gui.core.lessons.lesson import TAB_VIEWS, Lesson, LessonDrawing
from lstm_gui.gui.train.settings_form import SettingsForm

if TYPE_CHECKING:
    from lstm_gui.core.reading.inference import Predictor
    from lstm_gui.gui.main_window import MainWindow


def _tabs(window: MainWindow) -> dict[str, QWidget]:
    """The window's tabs, by the names a lesson gives them."""
    return {
        "train": window.train_tab,
        "draw": window.draw_tab,
        "claims": window.claims_tab,
        "inside": window.inside_tab,
    }


def _view_tabs(window: MainWindow, tab: str) -> QTabWidget | None:
    """The tab's own tab widget of views, in the order of TAB_VIEWS[tab] (None: it has none)."""
    owner = {"train": "side_tabs", "draw": "views", "inside": "views"}.get(tab)
    widget = _tabs(window).get(tab)
    views = getattr(widget, owner, None) if owner is not None else None
    return views if isinstance(views, QTabWidget) else None


def _current_tab_and_view(window: MainWindow) -> tuple[str, str]:
    """The tab and view shown, by the names a lesson keeps.

    A tab a lesson cannot name yet is saved as the Train tab, a view as none (the learner's
    window then keeps the view it shows).
    """
    current = window.tabs.currentIndex()
    names = [
        name for name, widget in _tabs(window).items() if window.tabs.indexOf(widget) == current
    ]
    if not names:
        return "train", ""
    tab = names[0]
    views = _view_tabs(window, tab)
    index = views.currentIndex() if views is not None else -1
    view = TAB_VIEWS[tab][index] if 0 <= index < len(TAB_VIEWS[tab]) else ""
    return tab, view


def collect_lesson(window: MainWindow, notes: str) -> Lesson:
    """The window as a lesson: its Train settings (when valid), tab, view, pad and experiment."""
    configs = window.train_tab.training_panel.settings.valid_configs()
    tab, view = _current_tab_and_view(window)
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


def settings_the_form_changes(lesson: Lesson) -> list[str]:
    """The lesson's Train settings the Train form cannot show as they are ("batch_size 8192").

    The config allows more than the form's fields offer (a spin box clamps a batch of 8192 to
    its maximum); a form of its own, not the window's, shows what the window's would make of
    them.
    """
    if lesson.model_config is None or lesson.train_config is None:
        return []
    form = SettingsForm()
    form.set_configs(lesson.model_config, lesson.train_config)
    shown = form.valid_configs()
    form.deleteLater()
    wanted = {**lesson.model_config.to_dict(), **lesson.train_config.to_dict()}
    got = {} if shown is None else {**shown[0].to_dict(), **shown[1].to_dict()}
    return [f"{name} {value}" for name, value in wanted.items() if got.get(name) != value]


def apply_lesson(window: MainWindow, lesson: Lesson, loaded: Predictor | None = None) -> bool:
    """Show a checked lesson in the window; False when its model could not be used.

    The experiment is shown first: a Claims tab that cannot show it raises before the settings
    and the drawing change. Then settings, drawing, tab and view; the model last, since a model
    the Draw tab refuses says so in a dialog and keeps the one in use. `loaded`: the lesson's
    model, loaded off the GUI thread (None: it is loaded here).
    """
    if lesson.experiment is not None:
        window.claims_tab.show_experiment(lesson.experiment)
    if lesson.model_config is not None and lesson.train_config is not None:
        window.train_tab.training_panel.settings.set_configs(
            lesson.model_config, lesson.train_config
        )
    if lesson.drawing is not None:
        window.draw_tab.pad.set_drawing(lesson.drawing.base, lesson.drawing.strokes)
    window.tabs.setCurrentWidget(_tabs(window)[lesson.tab])  # a read lesson names a known tab
    views = _view_tabs(window, lesson.tab)
    if views is not None and lesson.view:
        index = TAB_VIEWS[lesson.tab].index(lesson.view)
        if index < views.count():
            views.setCurrentIndex(index)
    if lesson.model_path is not None:
        return window.open_model(lesson.model_path, loaded)
    return True
