"""Presentation mode: zoom fonts, plot text and curve pens for a projector, and full screen.

One place applies a zoom: the application font's point size, widgets that set a font size of
their own, and every pyqtgraph axis, label, text and curve in the window. It is applied once
per change of the zoom (`zoom_changed`); while zoomed, what appears later follows from
signals, not a timer: a plot scene's `changed` (a curve added or restyled) zooms that scene,
and a widget polished or given a font inside the window is zoomed itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QScrollArea,
    QWidget,
)

# isort: split
# pyqtgraph uses the Qt binding that is already imported: PySide6, above.
import pyqtgraph as pg
import shiboken6

from lstm_gui.gui.zoom_items import ItemZoom
from lstm_gui.gui.zoom_items import mark_sizes_itself as mark_sizes_itself  # where widgets look

ZOOM_KEY = "view/zoom"  # QSettings key: the zoom in percent
ZOOM_STEPS = (80, 90, 100, 110, 125, 150, 175, 200)
DEFAULT_ZOOM = 100
# Set on a plot's scene once its `changed` signal is followed.
FOLLOWED = "lstm_gui_zoom_follows"
# The application's unzoomed font size is kept on the application, so that a second window
# (tests, a restart of the window) starts from it and not from a zoomed font.
BASE_FONT_PROPERTY = "lstm_gui_base_point_size"
# While zoomed, a widget that is polished (new) or given a font is zoomed in its turn.
_WIDGET_EVENTS = frozenset({QEvent.Type.Polish, QEvent.Type.FontChange})


def nearest_step(percent: int) -> int:
    """The zoom step closest to `percent` (a stored value of another version, say)."""
    return min(ZOOM_STEPS, key=lambda step: abs(step - percent))


def stored_zoom(settings: QSettings) -> int:
    """The zoom remembered in `settings` (100 when none or unreadable)."""
    try:
        percent = int(str(settings.value(ZOOM_KEY, DEFAULT_ZOOM)))
    except ValueError:
        return DEFAULT_ZOOM
    return nearest_step(percent)


class Presentation(QObject):
    """The View menu's zoom and full-screen actions, and the one place a zoom is applied."""

    zoom_changed = Signal(int)  # percent

    def __init__(self, window: QWidget, settings: QSettings) -> None:
        """Create it before the window's widgets, so that they are built at the unzoomed size."""
        super().__init__(window)
        self._settings = settings
        self._zoom = DEFAULT_ZOOM
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        base = app.property(BASE_FONT_PROPERTY)
        if base is None:
            base = QApplication.font().pointSizeF()
            app.setProperty(BASE_FONT_PROPERTY, base)
        self._base_point_size = float(base)
        self._items = ItemZoom(self._base_point_size)
        self._set_app_font(self._base_point_size)
        # Scenes and widgets that changed while zoomed, zoomed together once control returns
        # to the event loop (a run redraws its curves many times between two of its events).
        self._pending: list[QObject] = []
        self._build_actions()
        # The tick follows the window, whichever way it left full screen (the desktop's keys).
        window.installEventFilter(self)

    def _build_actions(self) -> None:
        # Fixed keys rather than the platform's standard ones, which add others on some
        # desktops (Ctrl+Shift+F on KDE) that other actions may want.
        self.zoom_in_action = QAction(self.tr("Zoom &in"), self)
        # Ctrl+= too: many keyboards type "+" with Shift, and Ctrl+= is the same key.
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_in_action.triggered.connect(self._on_zoom_in)
        self.zoom_out_action = QAction(self.tr("Zoom &out"), self)
        self.zoom_out_action.setShortcut(QKeySequence("Ctrl+-"))
        self.zoom_out_action.triggered.connect(self._on_zoom_out)
        self.reset_zoom_action = QAction(self.tr("&Reset zoom"), self)
        self.reset_zoom_action.setShortcut(QKeySequence("Ctrl+0"))
        self.reset_zoom_action.triggered.connect(self._on_reset_zoom)
        self.full_screen_action = QAction(self.tr("&Full screen"), self, checkable=True)
        self.full_screen_action.setShortcut(QKeySequence("F11"))
        self.full_screen_action.triggered.connect(self._on_full_screen_triggered)
        for action in self.actions():
            if action is not None:
                # The window's menus are hidden in full screen on some desktops: keys still work.
                self._window.addAction(action)

    @property
    def _window(self) -> QWidget:
        """The window (its Qt parent; a reference of our own would keep it alive in a cycle)."""
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    def actions(self) -> list[QAction | None]:
        """The View menu's part: zoom in, out, reset; a separator; full screen."""
        return [
            self.zoom_in_action,
            self.zoom_out_action,
            self.reset_zoom_action,
            None,
            self.full_screen_action,
        ]

    def scrolling(self, content: QWidget) -> QScrollArea:
        """`content` in a scroll area: zoomed on a small screen, the window scrolls, not clips."""
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the focus is always inside it
        return scroll

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> int:
        """The zoom in percent (100: as designed)."""
        return self._zoom

    def restore(self) -> None:
        """Apply the remembered zoom; call once the window's widgets exist."""
        self.set_zoom(stored_zoom(self._settings))

    def set_zoom(self, percent: int) -> None:
        """Zoom to the step nearest `percent`, remember it, and apply it everywhere."""
        self._zoom = nearest_step(percent)
        self._settings.setValue(ZOOM_KEY, self._zoom)
        self.zoom_in_action.setEnabled(self._zoom < ZOOM_STEPS[-1])
        self.zoom_out_action.setEnabled(self._zoom > ZOOM_STEPS[0])
        self.apply()
        app = QApplication.instance()
        assert app is not None
        if self._zoom == DEFAULT_ZOOM:
            app.removeEventFilter(self)
        else:
            app.installEventFilter(self)  # widgets polished later (see eventFilter)
        self.zoom_changed.emit(self._zoom)

    def apply(self) -> None:
        """Size the fonts, plot text and pens of the window for the current zoom."""
        factor = self._zoom / 100.0
        self._set_app_font(self._base_point_size * factor)
        self._apply_to_widgets(factor)
        for view in self._window.findChildren(pg.GraphicsView):
            self._follow_view(view, factor)

    def _follow_view(self, view: pg.GraphicsView, factor: float) -> None:
        """Zoom the view's plot and hear of the curves and labels added to it later."""
        scene = view.scene()
        if scene is None:
            return
        self._items.scene(scene, factor)
        if factor != 1.0 and not scene.property(FOLLOWED):  # unzoomed, nothing to follow
            scene.setProperty(FOLLOWED, True)
            scene.changed.connect(self._on_scene_changed)

    def _set_app_font(self, point_size: float) -> None:
        font = QApplication.font()
        if abs(font.pointSizeF() - point_size) > 0.01:
            font.setPointSizeF(point_size)
            QApplication.setFont(font)

    def _apply_to_widgets(self, factor: float) -> None:
        """Fonts and explicit minimum sizes of widgets follow the zoom too."""
        for widget in self._window.findChildren(QWidget):
            self._items.widget(widget, factor)

    # ------------------------------------------------------------------ slots

    def _on_zoom_in(self) -> None:
        larger = [step for step in ZOOM_STEPS if step > self._zoom]
        if larger:
            self.set_zoom(larger[0])

    def _on_zoom_out(self) -> None:
        smaller = [step for step in ZOOM_STEPS if step < self._zoom]
        if smaller:
            self.set_zoom(smaller[-1])

    def _on_reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_ZOOM)

    def _on_full_screen_triggered(self, checked: bool) -> None:
        state = self._window.windowState()
        if checked:
            self._window.setWindowState(state | Qt.WindowState.WindowFullScreen)
        else:
            self._window.setWindowState(state & ~Qt.WindowState.WindowFullScreen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.WindowStateChange and watched is self._window:
            self.full_screen_action.setChecked(self._window.isFullScreen())
        elif kind in _WIDGET_EVENTS and isinstance(watched, QWidget):
            # Only while zoomed (the filter is on the application then): a widget built or
            # restyled since the zoom was applied, inside this window.
            if self._window.isAncestorOf(watched):
                self._queue(watched)
        return False

    def _queue(self, item: QObject) -> None:
        """Zoom `item` (a widget or a plot's scene) once control returns to the event loop."""
        if item in self._pending:
            return
        self._pending.append(item)
        if len(self._pending) == 1:
            QTimer.singleShot(0, self, self._on_pending)

    @Slot()
    def _on_scene_changed(self) -> None:
        scene = self.sender()
        if self._zoom != DEFAULT_ZOOM and scene is not None:
            self._queue(scene)

    @Slot()
    def _on_pending(self) -> None:
        items, self._pending = self._pending, []
        factor = self._zoom / 100.0
        for item in items:
            if not shiboken6.isValid(item):
                continue
            if not isinstance(item, QWidget):
                self._items.scene(item, factor)
                continue
            # Just polished with the zoomed application font: no style sheet to set again
            # (setting it polishes again, and a sheet with a font size never settles).
            self._items.widget(item, factor, repolish=False)
            if isinstance(item, pg.GraphicsView):
                self._follow_view(item, factor)
